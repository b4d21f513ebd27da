from django.contrib import admin

from ecopetition.cases.admin import CaseTextAdmin

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
class CaseArchiveAdmin(CaseTextAdmin):
    """Archive records are made by the archive action only: read here, never edited; the note (written by the
    clerk, who holds the identity) masked as for anyone without it."""

    list_display = ("number", "complaint", "retention_years", "archived_at", "archived_by")
    list_filter = ("year", "retention_years")
    search_fields = ("number", "complaint__number")
    masked_fields = ("note",)
