"""Administration of the calendar, the working hours and the deadline policies. Clocks, notices, urgings,
supervision orders, instructions and ownerships are written by actions, each with its audit event: the
admin only shows them (no add, change or delete, not for a superuser either)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ecopetition.cases.admin import CaseTextAdmin
from ecopetition.core.admin import ReadOnlyAdminMixin

from .models import (
    CalendarEntry,
    CalendarYear,
    CaseClock,
    ClockNotice,
    DeadlinePolicy,
    Instruction,
    Ownership,
    SupervisionOrder,
    Urging,
    WorkingHours,
    check_entries,
)


class EntryFormSet(forms.BaseInlineFormSet):
    """Checks the year's entries together: overlaps between rows edited in one submission are caught too."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            rows.append((data.get("kind"), data.get("start"), data.get("end"), data.get("name", "")))
        year = self.instance.year
        if year:
            problems = check_entries(year, rows)
            if problems:
                raise ValidationError(problems)


class EntryInline(admin.TabularInline):
    model = CalendarEntry
    formset = EntryFormSet
    extra = 3


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "loaded_at")
    inlines = [EntryInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        from django.db import transaction

        from .clocks import recompute_provisional

        transaction.on_commit(recompute_provisional)


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    list_display = ("start", "end")

    def has_add_permission(self, request):
        return not WorkingHours.objects.exists()


def named_key_filter(name_field: str):
    """A list filter over `key` that offers each key by its name (a clock's label, a policy's name), not its code."""

    class NamedKeyFilter(admin.SimpleListFilter):
        title = _("clock")
        parameter_name = "key"

        def lookups(self, request, model_admin):
            named = dict(model_admin.get_queryset(request).order_by().values_list("key", name_field).distinct())
            return sorted(named.items(), key=lambda kv: str(kv[1]))

        def queryset(self, request, queryset):
            return queryset.filter(key=self.value()) if self.value() else queryset

    return NamedKeyFilter


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "priority", "amount", "unit", "channels", "require_flags", "start_events",
                    "stop_events", "active")
    list_filter = (named_key_filter("name"), "unit", "active")


@admin.register(CaseClock)
class CaseClockAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("complaint", "key", "started_at", "due_at", "level", "provisional", "stopped_at")
    list_filter = (named_key_filter("label"), "level", "provisional")


@admin.register(ClockNotice)
class ClockNoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("clock", "level", "sent_at", "recipients")


class CaseRecordAdmin(CaseTextAdmin):
    list_display = ("__str__", "complaint")


for model, masked in ((SupervisionOrder, ("requirements", "response")), (Instruction, ("text",)), (Ownership, ()),
                      (Urging, ("text",))):
    admin.site.register(model, type(f"{model.__name__}Admin", (CaseRecordAdmin,), {"masked_fields": masked}))
