"""Triage data: editable keyword and routing rules, map boundaries, the repeat index, and what triage said per case.

Rules are data an administrator edits in the admin; the repeat index is a
narrow table of 64-bit keys (person, reported party, map cell, text band)
so that finding earlier cases like a new one is a handful of indexed lookups.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopetition.cases.models import Complaint
from ecopetition.org.models import DepartmentType, Unit


class KeywordRule(models.Model):
    """A transparent rule: any of these words in the text pushes the suggestion towards `target`."""

    class Kind(models.TextChoices):
        OUT_OF_SCOPE = "out_of_scope", _("Not an eco-environment matter (target: legal route code)")
        IN_SCOPE = "in_scope", _("Eco-environment matter")
        CATEGORY = "category", _("Pollution category (target: category code)")
        SECTOR = "sector", _("Sector (target: sector code)")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    target = models.CharField(_("target code"), max_length=30, blank=True)
    keywords = models.TextField(_("keywords"), help_text=_("Words or phrases separated by spaces, commas or new lines."))
    weight = models.FloatField(_("weight"), default=0.6, help_text=_("0 to 1: how strongly a match moves the suggestion."))
    active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("keyword rule")
        verbose_name_plural = _("keyword rules")
        ordering = ["kind", "target", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.target}"

    def words(self) -> list[str]:
        import re

        return [w for w in re.split(r"[\s,，、;；|]+", self.keywords or "") if w]


class RoutingRule(models.Model):
    """(division, category, sector, keywords) → responsible unit. The first matching rule (by order) wins."""

    class Target(models.TextChoices):
        DEPARTMENT = "department", _("Functional department of the area's government")
        TOWN = "town", _("Town/street government")
        UNIT = "unit", _("A named unit")

    order = models.PositiveIntegerField(_("order"), default=100)
    name = models.CharField(_("name"), max_length=100)
    division_prefix = models.CharField(
        _("division code prefix"), max_length=12, blank=True, help_text=_("Empty: any division. '3209': Yancheng.")
    )
    category = models.CharField(_("pollution category"), max_length=30, blank=True, help_text=_("Empty: any."))
    sector = models.CharField(_("sector"), max_length=30, blank=True, help_text=_("Empty: any."))
    keywords = models.TextField(_("keywords"), blank=True, help_text=_("Empty: any text; else any of these words."))
    target = models.CharField(_("routes to"), max_length=20, choices=Target.choices, default=Target.DEPARTMENT)
    department_type = models.CharField(
        _("department type"), max_length=20, choices=DepartmentType.choices, blank=True, default=""
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    def words(self) -> list[str]:
        import re

        return [w for w in re.split(r"[\s,，、;；|]+", self.keywords or "") if w]


class Boundary(models.Model):
    """One division's outline (GeoJSON geometry, lon/lat) for map point → division."""

    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), help_text=_("1 province, 2 city, 3 county"))
    geometry = models.JSONField()
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class RepeatKey(models.Model):
    """One lookup key of a case in the repeat index (a person, a party, a map cell or a text band)."""

    key = models.BigIntegerField()
    kind = models.PositiveSmallIntegerField()
    complaint_id = models.BigIntegerField()
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["key", "at"], name="triage_repeatkey_key_at")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key} → {self.complaint_id}"


class IndexState(models.Model):
    """How far the nightly backfill has indexed the register (highest complaint id seen)."""

    name = models.CharField(max_length=40, unique=True)
    last_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_id}"


class CaseTriage(models.Model):
    """What triage suggested for a case at intake, which rule chose the unit, and whether the clerk differed."""

    complaint = models.OneToOneField(Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="triage")
    suggestion = models.JSONField(default=dict)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rule = models.ForeignKey(RoutingRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rule_label = models.CharField(verbose_name=_("rule"), max_length=200, blank=True)
    corrected = models.BooleanField(verbose_name=_("corrected"), default=False, db_index=True)
    at = models.DateTimeField(verbose_name=_("at"))

    class Meta:
        verbose_name = _("triage record")
        verbose_name_plural = _("triage records")

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.rule_label}"


class Correction(models.Model):
    """A clerk chose something other than the suggestion; retraining learns from it."""

    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="triage_corrections")
    field = models.CharField(verbose_name=_("field"), max_length=30,
                             choices=[("categories", _("categories")), ("sector", _("sector"))])
    suggested = models.JSONField(verbose_name=_("suggested"), null=True)
    chosen = models.JSONField(verbose_name=_("chosen"), null=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(verbose_name=_("at"))

    class Meta:
        verbose_name = _("triage correction")
        verbose_name_plural = _("triage corrections")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.field}"


class PlantedRepeat(models.Model):
    """Ground truth written by `ecopetition generate`: this generated case repeats that one."""

    repeat_id = models.BigIntegerField(db_index=True)
    original_id = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"{self.repeat_id} repeats {self.original_id}"
