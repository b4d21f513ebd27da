"""Oversight and emergencies: refused attempts, re-check tasks and responsibility records, and the
emergency linkage data (duty roster, contacts per division, keywords, alerts and acknowledgements).

Nothing here changes a case's handling except through `recheck.do_decide_recheck` (an overturned
finding reopens the case, with an audited event). Inspectors only ever read, mark and export.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ecopetition.cases.models import Complaint
from ecopetition.notify.models import Channel
from ecopetition.org.models import Unit

# --- inspectors ---------------------------------------------------------------------

# The actions after whose commit an emergency is alerted (declared) or suggested to staff (a look-alike registered):
# `emergency.on_event_committed`.
EMERGENCY_ACTIONS = ("register", "emergency_declared")


class RefusedAttempt(models.Model):
    """A discipline inspector tried to change something; it was refused and is kept here."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), db_index=True)
    method = models.CharField(verbose_name=_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    view_name = models.CharField(max_length=120, blank=True)
    complaint = models.ForeignKey(Complaint, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    via = models.CharField(verbose_name=_("via"), max_length=10, default="web")  # web or api

    class Meta:
        verbose_name = _("refused attempt")
        verbose_name_plural = _("refused attempts")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.method} {self.path}"


# --- re-check of "unfounded" findings (逐件核查) and responsibility (倒查责任) ---------------


class RecheckStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONFIRMED = "confirmed", _("Confirmed (finding upheld)")
    OVERTURNED = "overturned", _("Overturned (case reopened)")


class RecheckTask(models.Model):
    """The unit above the lead unit re-checks a case its lead unit reported unfounded."""

    class Source(models.TextChoices):
        REPEAT = "repeat", _("Same matter complained about again")
        MANUAL = "manual", _("Picked by a supervisor")

    number = models.CharField(_("number"), max_length=40, unique=True)
    complaint = models.ForeignKey(Complaint, verbose_name=_("case"), on_delete=models.PROTECT,
                                  related_name="rechecks")
    trigger = models.ForeignKey(Complaint, verbose_name=_("later complaint"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    reported_unit = models.ForeignKey(Unit, verbose_name=_("unit that reported it unfounded"),
                                      on_delete=models.PROTECT, related_name="+")
    recheck_unit = models.ForeignKey(Unit, verbose_name=_("re-checking unit"), on_delete=models.PROTECT,
                                     related_name="rechecks")
    reason = models.TextField(_("why re-check"), blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    opened_at = models.DateTimeField(_("opened at"))
    due_at = models.DateTimeField(_("due at"))
    due_provisional = models.BooleanField(default=False)
    status = models.CharField(_("status"), max_length=12, choices=RecheckStatus.choices,
                              default=RecheckStatus.OPEN, db_index=True)
    findings = models.TextField(_("findings"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("re-check task")
        verbose_name_plural = _("re-check tasks")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["complaint"], condition=Q(status="open"), name="one_open_recheck"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def clock_key(self) -> str:
        return f"recheck:{self.number}"


class ResponsibilityRecord(models.Model):
    """倒查责任: an overturned "unfounded" finding, held against the unit and the people who reported it."""

    recheck = models.OneToOneField(RecheckTask, on_delete=models.PROTECT, related_name="responsibility")
    complaint = models.ForeignKey(Complaint, verbose_name=_("source case"), on_delete=models.PROTECT,
                                  related_name="responsibility_records")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="responsibility_records")
    people = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), blank=True,
                                    related_name="+")
    people_labels = models.CharField(verbose_name=_("people"), max_length=500, blank=True)
    reason = models.TextField(_("reason"))
    points = models.DecimalField(_("points deducted"), max_digits=6, decimal_places=2, default=5)
    at = models.DateTimeField(_("recorded at"), db_index=True)

    class Meta:
        verbose_name = _("responsibility record")
        verbose_name_plural = _("responsibility records")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.complaint}"


# --- emergencies -----------------------------------------------------------------------


class EmergencyKeyword(models.Model):
    """A term whose presence in a complaint suggests a possible environmental emergency (editable data)."""

    term = models.CharField(_("term"), max_length=40, unique=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("emergency keyword")
        verbose_name_plural = _("emergency keywords")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


class DutyRoster(models.Model):
    """The leader on duty (值班领导) for a unit on a given day."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("leader on duty"),
                               on_delete=models.PROTECT, related_name="+")
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("duty roster entry")
        verbose_name_plural = _("duty roster")
        ordering = ["-date", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["unit", "date"], name="one_duty_leader_per_day")]

    def __str__(self) -> str:
        return f"{self.date} {self.unit}: {self.leader}"


class DepartmentKind(models.TextChoices):
    POLICE = "police", _("Police")
    EMERGENCY = "emergency", _("Emergency management")
    HEALTH = "health", _("Health")
    WATER = "water", _("Water supply / water resources")
    OTHER = "other", _("Other")


class EmergencyContact(models.Model):
    """A department alerted at once when an emergency is reported in its division (联动部门)."""

    division_code = models.CharField(_("division code"), max_length=12, db_index=True,
                                     help_text=_("6-digit county/city code (or a 9/12-digit town code)."))
    kind = models.CharField(_("department kind"), max_length=20, choices=DepartmentKind.choices)
    name = models.CharField(_("department"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("emergency contact")
        verbose_name_plural = _("emergency contacts")
        ordering = ["division_code", "kind", "name"]

    def __str__(self) -> str:
        return f"{self.division_code} {self.name}"


class EmergencyAlert(models.Model):
    """The alert raised for one emergency case; handled when someone in charge says the response is under way."""

    complaint = models.OneToOneField(Complaint, verbose_name=_("complaint"), on_delete=models.PROTECT, related_name="emergency_alert")
    raised_at = models.DateTimeField(_("raised at"))
    division_code = models.CharField(verbose_name=_("division code"), max_length=12, blank=True)
    no_contacts = models.BooleanField(_("no linked department configured"), default=False)
    no_duty_leader = models.BooleanField(_("no duty leader on the roster"), default=False)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True, db_index=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    handled_note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("emergency alert")
        verbose_name_plural = _("emergency alerts")
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} @ {self.raised_at:%Y-%m-%d %H:%M}"


def _token() -> str:
    return secrets.token_urlsafe(24)


class AlertRecipient(models.Model):
    """Who was alerted, how, and when they acknowledged."""

    class Kind(models.TextChoices):
        DUTY_LEADER = "leader", _("Leader on duty")
        CONTACT = "contact", _("Linked department")

    alert = models.ForeignKey(EmergencyAlert, on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    contact = models.ForeignKey(EmergencyContact, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(max_length=150)
    channels = models.CharField(max_length=50, blank=True)  # "inbox,sms,email"
    token = models.CharField(max_length=64, unique=True, default=_token)
    notified_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    ack_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def channel_names(self) -> str:
        """How the alert went out, in words ("站内信、短信")."""
        from ecopetition.core.formats import words

        names = dict(Channel.choices)
        return words(names.get(c, c) for c in self.channels.split(",") if c)
