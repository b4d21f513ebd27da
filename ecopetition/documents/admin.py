from django.contrib import admin

from .models import DocumentPrefix, DocumentTemplate


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    list_display = ("kind", "title", "active", "updated_at")
    list_filter = ("kind", "active")


@admin.register(DocumentPrefix)
class DocumentPrefixAdmin(admin.ModelAdmin):
    list_display = ("unit", "kind", "prefix")
    list_filter = ("kind",)
    search_fields = ("unit__name", "unit__issuing_name", "prefix")
