from django.contrib import admin

from . import rules
from .models import Boundary, CaseTriage, Correction, KeywordRule, RoutingRule


@admin.register(KeywordRule)
class KeywordRuleAdmin(admin.ModelAdmin):
    list_display = ("kind", "target", "keywords", "weight", "active")
    list_filter = ("kind", "active")
    list_editable = ("weight", "active")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        rules.forget()


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("order", "name", "division_prefix", "category", "sector", "target", "department_type", "unit",
                    "active")
    list_editable = ("active",)
    ordering = ("order", "id")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        rules.forget()


@admin.register(Boundary)
class BoundaryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "source")
    exclude = ("geometry",)
    readonly_fields = ("min_lon", "min_lat", "max_lon", "max_lat")


@admin.register(CaseTriage)
class CaseTriageAdmin(admin.ModelAdmin):
    list_display = ("complaint", "unit", "rule_label", "corrected", "at")
    list_filter = ("corrected",)
    raw_id_fields = ("complaint",)


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ("complaint", "field", "suggested", "chosen", "by", "at")
    list_filter = ("field",)
    raw_id_fields = ("complaint",)
