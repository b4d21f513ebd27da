from django.contrib import admin

from .models import CaseArchive, DocumentPrefix, DocumentTemplate, RetentionPeriod


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    list_display = ("kind", "title", "active", "updated_at")
    list_filter = ("kind", "active")


@admin.register(DocumentPrefix)
class DocumentPrefixAdmin(admin.ModelAdmin):
    list_display = ("unit", "kind", "prefix")
    list_filter = ("kind",)
    search_fields = ("unit__name", "unit__issuing_name", "prefix")


@admin.register(RetentionPeriod)
class RetentionPeriodAdmin(admin.ModelAdmin):
    """保管期限 per document kind (empty years: permanent); the row without a kind is the case file."""

    list_display = ("kind", "years")
    list_editable = ("years",)
    list_display_links = ("kind",)


@admin.register(CaseArchive)
class CaseArchiveAdmin(admin.ModelAdmin):
    """Archive records are made by the archive action only: read here, never edited."""

    list_display = ("number", "complaint", "retention_years", "archived_at", "archived_by")
    list_filter = ("year", "retention_years")
    search_fields = ("number", "complaint__number")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
