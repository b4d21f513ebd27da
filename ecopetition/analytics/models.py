"""The command centre's data: rollups kept in step with the register, scoring sheets,
public disclosure batches and campaigns.

Rollups: every complaint contributes one `CaseFact` (its month, responsible unit
and that unit's ancestors, the cells it falls in and its measures). A `Rollup`
row sums the measures of all cases in one (month, area, dimension, key) cell,
where the area is a unit and everything below it: a province's figures for a
year are then a dozen rows per key, however many cases lie beneath.
`rollups.refresh(case)` moves a case's contribution when one of its events is
appended, in the same transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from ecopetition.cases.models import Complaint
from ecopetition.org.models import Unit

# The measures a rollup cell sums. Keep in step with rollups.measures_of().
MEASURES: tuple[str, ...] = (
    "n",                 # complaints
    "accepted",          # accepted at some point (not rejected/referred/merged at intake)
    "not_accepted",
    "referred",          # referred to another authority at intake (转送)
    "decided",           # an intake decision was made (accept, not accept, refer, merge)
    "decided_in_time",   # ... within 3 days of receipt
    "closed",
    "closed_in_limit",   # closed within the statutory 60 days of acceptance
    "assign_due",        # the assignment clock (deadlines, key "assign") ran to an end
    "assign_on_time",    # ... and stopped by its due time (3 or 2 working days)
    "replied",
    "replied_in_limit",  # replied within the statutory 60 days of acceptance
    "called_back",
    "satisfied",
    "basic",
    "unsatisfied",
    "founded",
    "partly",
    "unfounded",
    "repeat",
    "repeat_closed",     # repeat complaints closed (重复信访治理)
    "escalated",
    "repeat_escalated",
    "collective",
    "media",
    "supervised",        # a superior had to step in (leader instruction or starred case)
    "rectify",           # ordered to rectify (fieldwork)
    "filed",             # case filed for penalty (fieldwork)
    "fines",             # total fines, yuan (fieldwork)
    "police",            # referred to police (fieldwork)
    "interviewed",       # officials interviewed (fieldwork)
    "accountable",       # officials held accountable (fieldwork)
    "sealed",            # sealed or seized (fieldwork)
    "limited",           # production limited or stopped (fieldwork)
    "daily_fine",        # daily consecutive fines (fieldwork)
    "detained",          # referred for administrative detention (fieldwork)
    "closed_down",       # ordered to cease business or close (fieldwork)
    "clock_done",        # clocks of the "clock" dimension that stopped (deadlines)
    "clock_on_time",     # ... and stopped by their due time
)

# Dimensions a case is counted in. "all" has the single key "" (totals and trends).
DIMENSIONS: tuple[str, ...] = ("all", "channel", "category", "sector", "division", "clock")


class CaseFact(models.Model):
    """What one complaint currently contributes to the rollups."""

    complaint = models.OneToOneField(Complaint, primary_key=True, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")  # responsible unit
    areas = models.JSONField(default=list)      # the unit and its ancestors when last counted
    cells = models.JSONField(default=list)      # [[dim, key], ...]
    measures = models.JSONField(default=dict)   # {measure: value}, zeros left out
    extras = models.JSONField(default=list)     # [[dim, key, {measure: value}]]: cells with their own measures

    def __str__(self) -> str:
        return f"fact of case {self.complaint_id}"


class Rollup(models.Model):
    month = models.DateField()
    # The area: this unit and every unit below it.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    dim = models.CharField(max_length=10)
    key = models.CharField(max_length=40, blank=True)
    n = models.IntegerField(default=0)
    accepted = models.IntegerField(default=0)
    not_accepted = models.IntegerField(default=0)
    referred = models.IntegerField(default=0)
    decided = models.IntegerField(default=0)
    decided_in_time = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)
    closed_in_limit = models.IntegerField(default=0)
    assign_due = models.IntegerField(default=0)
    assign_on_time = models.IntegerField(default=0)
    replied = models.IntegerField(default=0)
    replied_in_limit = models.IntegerField(default=0)
    called_back = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    basic = models.IntegerField(default=0)
    unsatisfied = models.IntegerField(default=0)
    founded = models.IntegerField(default=0)
    partly = models.IntegerField(default=0)
    unfounded = models.IntegerField(default=0)
    repeat = models.IntegerField(default=0)
    repeat_closed = models.IntegerField(default=0)
    escalated = models.IntegerField(default=0)
    repeat_escalated = models.IntegerField(default=0)
    collective = models.IntegerField(default=0)
    media = models.IntegerField(default=0)
    supervised = models.IntegerField(default=0)
    rectify = models.IntegerField(default=0)
    filed = models.IntegerField(default=0)
    fines = models.BigIntegerField(default=0)
    police = models.IntegerField(default=0)
    interviewed = models.IntegerField(default=0)
    accountable = models.IntegerField(default=0)
    sealed = models.IntegerField(default=0)
    limited = models.IntegerField(default=0)
    daily_fine = models.IntegerField(default=0)
    detained = models.IntegerField(default=0)
    closed_down = models.IntegerField(default=0)
    clock_done = models.IntegerField(default=0)
    clock_on_time = models.IntegerField(default=0)

    class Meta:
        constraints = [
            # Area first: every read asks for one area (or its children) over a range of months.
            models.UniqueConstraint(fields=["unit", "month", "dim", "key"], name="rollup_area_cell"),
        ]
        indexes = [models.Index(fields=["unit", "dim", "month"], name="rollup_area_dim_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} area {self.unit_id} {self.dim}={self.key}: {self.n}"


def default_sheet_items() -> list[dict]:
    """The default scoring sheet (001 考核评估; 004 grid scoring). Rates score `weight x rate`.

    Labels are stored in English and translated when shown."""
    return [
        {"key": "entered", "label": gettext_noop("Every complaint entered"), "kind": "rate", "weight": 15,
         "measure": "accepted_or_decided"},
        {"key": "by_rules", "label": gettext_noop("Handled by the rules (within the statutory limit)"), "kind": "rate",
         "weight": 25, "measure": "closed_in_limit"},
        {"key": "answered", "label": gettext_noop("Complainant told and answered"), "kind": "rate", "weight": 20,
         "measure": "replied"},
        {"key": "quality", "label": gettext_noop("Quality (not sent back for rework or overturned)"), "kind": "rate",
         "weight": 15, "measure": "quality"},
        {"key": "satisfaction", "label": gettext_noop("Satisfaction rate"), "kind": "rate", "weight": 15,
         "measure": "satisfaction"},
        {"key": "supervision", "label": gettext_noop("No superior supervision needed"), "kind": "rate", "weight": 10,
         "measure": "unsupervised"},
        {"key": "escalated", "label": gettext_noop("Escalated complaint"), "kind": "deduction", "points": 2,
         "flag": "escalated_only"},
        {"key": "repeat_escalated", "label": gettext_noop("Repeated escalated complaint"), "kind": "deduction", "points": 4,
         "flag": "repeat_escalated"},
    ]


def rates_sheet_items() -> list[dict]:
    """The rates petition systems are scored by, with one district's example weights (5/10/5/10/10).
    Each `figure` is a key of `rates.RATES`, the dashboard's own definition."""
    return [
        {"key": "accepted_in_time", "kind": "figure", "figure": "accepted_in_time", "weight": 5},
        {"key": "replied_in_limit", "kind": "figure", "figure": "replied_in_limit", "weight": 10},
        {"key": "participation", "kind": "figure", "figure": "participation", "weight": 5},
        {"key": "satisfaction", "kind": "figure", "figure": "satisfaction", "weight": 10},
        {"key": "repeat_resolved", "kind": "figure", "figure": "repeat_resolved", "weight": 10},
    ]


class ScoringSheet(models.Model):
    """A scoring sheet as data: its items (rates weighted, deductions per flagged case, or weighted figures),
    its formula, and optionally the period it assesses."""

    class Formula(models.TextChoices):
        DEDUCT = "deduct", _("100 minus the points lost (not below 0)")
        WEIGHTED = "weighted", _("100 × Σ(weight × rate) ÷ Σ weight")

    name = models.CharField(_("name"), max_length=100)
    formula = models.CharField(_("formula"), max_length=10, choices=Formula.choices, default=Formula.DEDUCT)
    items = models.JSONField(_("items"), default=default_sheet_items)
    period = models.CharField(_("period assessed"), max_length=20, blank=True,
                              help_text=_("2026, 2026-Q1 or 2026-03; empty: the period chosen on the page."))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scoring sheet")
        verbose_name_plural = _("scoring sheets")

    def __str__(self) -> str:
        return self.name


class Publication(models.Model):
    """A published batch of handling results: a frozen, de-identified snapshot."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    unit = models.ForeignKey(Unit, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    items = models.JSONField(default=list)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("disclosure batch")
        verbose_name_plural = _("disclosure batches")

    def __str__(self) -> str:
        return self.title


class Campaign(models.Model):
    """A drive such as the 100-day campaign (004): phases, inventories, a plan per case, evaluation."""

    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(Unit, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    goal = models.TextField(_("goal"), blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts", "-id"]

    def __str__(self) -> str:
        return self.name


class CampaignPhase(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("name"), max_length=100)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    order = models.PositiveSmallIntegerField(default=0)
    report = models.TextField(_("phase report"), blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["order", "starts"]

    def __str__(self) -> str:
        return self.name


class InventoryItem(models.Model):
    """One line of a town's inventory: an existing case or a potential problem found before anyone complains."""

    class Kind(models.TextChoices):
        EXISTING = "existing", _("Existing case")
        POTENTIAL = "potential", _("Potential problem")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_HAND = "in_hand", _("In hand")
        DONE = "done", _("Resolved (struck off)")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items")
    town = models.ForeignKey(Unit, verbose_name=_("town"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    complaint = models.ForeignKey(Complaint, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("description"))
    plan = models.TextField(_("plan for this case"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    phase = models.ForeignKey(CampaignPhase, null=True, blank=True, on_delete=models.SET_NULL, related_name="items")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["town__path", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class NonPetition(models.Model):
    """非访: abnormal petitioning (outside the lawful channels) by a complainant of a case, recorded where the
    campaign seed (004) asks; in a campaign's dates it zeroes the grid item of the unit it is counted for.
    Place and note are free text about a person: shown through the identity rule of the case."""

    class Kind(models.TextChoices):
        BEIJING = "beijing", _("Abnormal petitioning in Beijing")
        PROVINCE = "province", _("Abnormal petitioning at the provincial capital")
        GATHERING = "gathering", _("Gathering or blocking")
        DISRUPTION = "disruption", _("Pestering or disrupting offices")
        OTHER = "other", _("Other abnormal petitioning")

    complaint = models.ForeignKey(Complaint, verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("cases.Complainant", verbose_name=_("person"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("counted for"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("non-petition behaviour record")
        verbose_name_plural = _("non-petition behaviour records")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"
