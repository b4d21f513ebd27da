"""Scoring sheets in the admin: items, weights, formula and period are data an administrator edits."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from ecopetition.core.exceptions import DomainError

from .models import ScoringSheet


class ScoringSheetForm(forms.ModelForm):
    class Meta:
        model = ScoringSheet
        fields = ("name", "formula", "items", "period", "active")

    def clean(self):
        from . import assessment, queries  # imported when a sheet is saved: the admin loads at start-up

        data = super().clean()
        problems = assessment.validate_items(data.get("items"), data.get("formula") or "deduct")
        if problems:
            self.add_error("items", " ".join(problems))
        if data.get("period"):
            try:
                queries.parse_period(data["period"])
            except DomainError as exc:
                self.add_error("period", exc.message)
        return data


@admin.register(ScoringSheet)
class ScoringSheetAdmin(admin.ModelAdmin):
    form = ScoringSheetForm
    list_display = ("name", "formula", "period", "active", "created_at")
    list_filter = ("active", "formula")
