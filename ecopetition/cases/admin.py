"""Reference data only: complaints change through the console's actions, never in the admin."""

from django.contrib import admin

from .models import Category, Sector


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order", "active"]
    list_editable = ["order", "active"]
