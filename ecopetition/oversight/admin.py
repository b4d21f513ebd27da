from django.contrib import admin

from ecopetition.cases.admin import CaseTextAdmin
from ecopetition.core.admin import ReadOnlyAdminMixin

from .models import (
    AlertRecipient,
    DutyRoster,
    EmergencyAlert,
    EmergencyContact,
    EmergencyKeyword,
    RecheckTask,
    RefusedAttempt,
    ResponsibilityRecord,
)


@admin.register(DutyRoster)
class DutyRosterAdmin(admin.ModelAdmin):
    list_display = ("date", "unit", "leader", "phone")
    list_filter = ("unit",)
    date_hierarchy = "date"
    autocomplete_fields = ()


@admin.register(EmergencyContact)
class EmergencyContactAdmin(admin.ModelAdmin):
    list_display = ("division_code", "kind", "name", "phone", "email", "active")
    list_filter = ("kind", "active")
    search_fields = ("division_code", "name")


@admin.register(EmergencyKeyword)
class EmergencyKeywordAdmin(admin.ModelAdmin):
    list_display = ("term", "active")
    list_editable = ("active",)


class ReadOnly(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Records written by actions only; the admin shows them."""


class RecipientInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AlertRecipient
    extra = 0
    exclude = ("token",)


@admin.register(EmergencyAlert)
class EmergencyAlertAdmin(ReadOnly):
    list_display = ("complaint", "raised_at", "division_code", "no_contacts", "handled_at")
    inlines = [RecipientInline]


@admin.register(RefusedAttempt)
class RefusedAttemptAdmin(ReadOnly):
    list_display = ("at", "user", "method", "path", "via")


@admin.register(RecheckTask)
class RecheckTaskAdmin(CaseTextAdmin):
    masked_fields = ("reason", "findings")
    list_display = ("number", "complaint", "reported_unit", "recheck_unit", "status", "due_at")
    list_filter = ("status",)


@admin.register(ResponsibilityRecord)
class ResponsibilityRecordAdmin(CaseTextAdmin):
    masked_fields = ("reason",)
    list_display = ("at", "unit", "complaint", "people_labels", "points")
