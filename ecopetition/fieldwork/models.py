"""Field work: site visits, measures taken, and rectifications verified before a case may close.

The case row keeps the latest finding (cases.Complaint.finding); what was done
on site and what the reported party must put right lives here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopetition.cases.models import Complaint, Event, State

# The survey after a site visit (现场查处后回访) happens while the case is worked on, up to the reply.
SURVEY_STATES = frozenset({State.IN_PROGRESS, State.REPORTED, State.REVIEWED})

# The actions after which staff get an inbox notice (`notices.notify_staff`).
STAFF_NOTICE_ACTIONS = ("callback", "request_review", "rework", "reopen", "overturn")


class SiteVisit(models.Model):
    """An officer arrived on site (现场查处): time and, when the phone gave one, a GPS point."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="site_visits")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("arrived at"))
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    accuracy_m = models.FloatField(_("accuracy (m)"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    event = models.OneToOneField(Event, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} @ {self.at:%Y-%m-%d %H:%M}"


class MeasureKind(models.TextChoices):
    RECTIFY = "rectify", _("Ordered to rectify")
    FINE = "fine", _("Case filed and fined")
    SEAL = "seal", _("Sealed or seized")
    LIMIT = "limit", _("Production limited or stopped")
    POLICE = "police", _("Referred to police")
    INTERVIEW = "interview", _("Officials interviewed")
    ACCOUNTABLE = "accountable", _("Held accountable")
    # Named by seed 004 (the new Environmental Protection Law's tools): 按日连续处罚, 移送行政拘留, 责令停业、关闭.
    DAILY_FINE = "daily_fine", _("Daily consecutive fines")
    DETENTION = "detention", _("Referred for administrative detention")
    CLOSE_DOWN = "close_down", _("Ordered to cease business or close")


class Measure(models.Model):
    """One measure taken against the reported party, recorded with the report."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField(_("measure"), max_length=20, choices=MeasureKind.choices)
    detail = models.TextField(_("detail"), blank=True)
    fine_amount = models.DecimalField(_("fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    # Daily consecutive fines: the amount per day and the number of days; fine_amount holds their product.
    daily_amount = models.DecimalField(_("fine per day (yuan)"), max_digits=14, decimal_places=2, null=True,
                                       blank=True)
    penalty_days = models.PositiveIntegerField(_("days fined"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    # The report event this measure went up with.
    event = models.ForeignKey(Event, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def amount_text(self) -> str:
        """The money side of the measure as a person reads it ("" when there is none)."""
        if self.penalty_days and self.daily_amount is not None and self.fine_amount is not None:
            return _("%(daily)s yuan a day for %(days)d days, %(total)s yuan in all") % {
                "daily": f"{self.daily_amount:,.2f}", "days": self.penalty_days, "total": f"{self.fine_amount:,.2f}"}
        if self.fine_amount is not None:
            return _("%(amount)s yuan") % {"amount": f"{self.fine_amount:,.2f}"}
        return ""


class Rectification(models.Model):
    """Something the reported party must put right by a date; verified before the case may close."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        VERIFIED = "verified", _("Verified")

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="rectifications")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="rectifications")
    description = models.TextField(_("what must be put right"))
    deadline = models.DateField(_("rectification deadline"), db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verification_note = models.TextField(_("verification note"), blank=True)
    failed_checks = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} · {self.deadline}"  # not the description: it may name the complainant

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
