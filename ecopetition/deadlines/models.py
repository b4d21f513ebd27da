"""Deadlines: the working calendar, deadline policies, the clocks running on each case, and supervision.

The calendar and the policies are data an administrator edits; clocks are
derived from a case's audit events (see `clocks.py`) and swept by `sweep.py`.
Urging, supervision orders, instructions and ownership are changed only through
`actions.py`, each with an audited event on the case.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ecopetition.cases.models import Channel, Complaint
from ecopetition.org.models import Unit

# --- the working calendar ----------------------------------------------------------


class CalendarYear(models.Model):
    """A year whose official holidays and adjusted working days are loaded.

    Dates in a year without a row here are computed Monday to Friday and every
    deadline that touches them is marked provisional.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=200, blank=True,
                              help_text=_("E.g. the State Council notice the entries were taken from."))
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    def clean(self) -> None:
        if not 1990 <= (self.year or 0) <= 2100:
            raise ValidationError({"year": _("Give a year between 1990 and 2100.")})


class EntryKind(models.TextChoices):
    HOLIDAY = "holiday", _("Holiday (no work)")
    WORKDAY = "workday", _("Adjusted working day")


def check_entries(year: int, entries: list[tuple[str, dt.date, dt.date, str]]) -> list[str]:
    """Problems in one year's list of (kind, start, end, name); empty when the list is consistent.

    A list contradicts itself when two entries overlap (a day cannot be both a
    holiday and a working day, nor listed twice), an entry leaves its year, or
    an adjusted working day is not a Saturday or Sunday (weekdays already are
    working days, so such an entry would mean nothing or hide a typo).
    """
    problems: list[str] = []
    spans = []
    for kind, start, end, name in entries:
        if start is None or end is None:
            continue
        label = f"{name or kind} {start:%Y-%m-%d}–{end:%Y-%m-%d}"
        if end < start:
            problems.append(str(_("%(entry)s ends before it starts.") % {"entry": label}))
            continue
        if start.year != year or end.year != year:
            problems.append(str(_("%(entry)s is outside the year %(year)d.") % {"entry": label, "year": year}))
        if kind == EntryKind.WORKDAY:
            day = start
            while day <= end:
                if day.weekday() < 5:
                    problems.append(str(
                        _("%(entry)s: %(day)s is a weekday, not an adjusted working day.")
                        % {"entry": label, "day": day.isoformat()}
                    ))
                    break
                day += dt.timedelta(days=1)
        spans.append((start, end, label))
    spans.sort()
    for (_s1, e1, l1), (s2, _e2, l2) in zip(spans, spans[1:], strict=False):
        if s2 <= e1:
            problems.append(str(_("%(a)s overlaps %(b)s.") % {"a": l1, "b": l2}))
    return problems


class CalendarEntry(models.Model):
    """A run of holidays, or of adjusted working days (a Saturday or Sunday worked), in a loaded year."""

    year = models.ForeignKey(CalendarYear, verbose_name=_("year"), on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    name = models.CharField(_("name"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("calendar entry")
        verbose_name_plural = _("calendar entries")
        ordering = ["start"]
        indexes = [models.Index(fields=["start", "end"], name="calendar_entry_span")]

    def __str__(self) -> str:
        return f"{self.name} {self.start}–{self.end}"

    def clean(self) -> None:
        if self.start is None or self.end is None or not self.year_id:
            return
        others = [
            (e.kind, e.start, e.end, e.name)
            for e in CalendarEntry.objects.filter(year_id=self.year_id).exclude(pk=self.pk)
        ]
        mine = (self.kind, self.start, self.end, self.name)
        before = set(check_entries(self.year.year, others))
        problems = [p for p in check_entries(self.year.year, [*others, mine]) if p not in before]
        if problems:
            raise ValidationError(problems)


class WorkingHours(models.Model):
    """Office hours (one row): a working-day deadline ends at `end` on its last day."""

    start = models.TimeField(_("office opens"), default=dt.time(8, 30))
    end = models.TimeField(_("office closes"), default=dt.time(17, 30))

    class Meta:
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"

    def clean(self) -> None:
        if self.start is not None and self.end is not None and self.start >= self.end:
            raise ValidationError(_("The office must close after it opens."))


# --- policies ---------------------------------------------------------------------


class DurationUnit(models.TextChoices):
    WORKDAYS = "workdays", _("working days")
    DAYS = "days", _("calendar days")
    HOURS = "hours", _("hours")
    DAY_N = "day_n", _("days, the starting day being day 1 (weekends count)")


class Level(models.IntegerChoices):
    NORMAL = 0, _("Normal")
    YELLOW = 1, _("Yellow")
    BLUE = 2, _("Blue")
    RED = 3, _("Red")
    OVERDUE = 4, _("Overdue")


LEVEL_CODES = {0: "normal", 1: "yellow", 2: "blue", 3: "red", 4: "overdue"}


class DeadlinePolicy(models.Model):
    """One time limit: which cases it applies to, what starts and stops it, and when it warns.

    For each clock `key` (assign, site, callback, statutory...) the active policy
    with the lowest `priority` number that matches a case's channel and flags
    is the one that runs on that case.
    """

    key = models.SlugField(_("clock"), max_length=40,
                           help_text=_("Policies with the same clock replace each other; the first match wins."))
    name = models.CharField(_("name"), max_length=100)
    priority = models.PositiveSmallIntegerField(_("priority"), default=100,
                                                help_text=_("Lower numbers are tried first."))
    active = models.BooleanField(_("active"), default=True)
    channels = models.CharField(_("channels"), max_length=200, blank=True,
                                help_text=_("Comma-separated channel codes; empty: every channel."))
    require_flags = models.CharField(_("required flags"), max_length=200, blank=True,
                                     help_text=_("Comma-separated case flags that must all be set, e.g. is_urgent."))
    amount = models.PositiveIntegerField(_("duration"))
    unit = models.CharField(_("unit"), max_length=10, choices=DurationUnit.choices, default=DurationUnit.WORKDAYS)
    start_events = models.CharField(_("started by"), max_length=200,
                                    help_text=_("Comma-separated event names, e.g. register, accept, assign."))
    from_receipt = models.BooleanField(_("count from receipt"), default=False,
                                       help_text=_("Start at the case's time of receipt rather than the event's time."))
    stop_events = models.CharField(_("stopped by"), max_length=200,
                                   help_text=_("Comma-separated event names, e.g. sign_for, site_visit."))
    restart = models.BooleanField(_("restart on a new start event"), default=True)
    extendable = models.BooleanField(_("extended by an approved extension"), default=False)
    yellow = models.FloatField(_("yellow at"), default=0.6, help_text=_("Fraction of the allowed time."))
    blue = models.FloatField(_("blue at"), default=0.75)
    red = models.FloatField(_("red at"), default=0.9)
    urge_at = models.FloatField(_("automatic urging at"), null=True, blank=True,
                                help_text=_("Fraction of the allowed time; empty: urge when yellow."))

    class Meta:
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")
        ordering = ["key", "priority", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="policy_positive_duration"),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def split(text: str) -> list[str]:
        return [p.strip() for p in (text or "").split(",") if p.strip()]

    @property
    def channel_list(self) -> list[str]:
        return self.split(self.channels)

    @property
    def flag_list(self) -> list[str]:
        return self.split(self.require_flags)

    @property
    def start_list(self) -> list[str]:
        return self.split(self.start_events)

    @property
    def stop_list(self) -> list[str]:
        return self.split(self.stop_events)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.amount is None or self.amount <= 0:
            errors["amount"] = _("A time limit must be longer than zero.")
        unknown = set(self.channel_list) - set(Channel.values)
        if unknown:
            errors["channels"] = _("Unknown channel: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
        flags = set(self.flag_list) - set(CASE_FLAGS)
        if flags:
            errors["require_flags"] = _("Unknown flag: %(flags)s.") % {"flags": ", ".join(sorted(flags))}
        if not self.start_list:
            errors["start_events"] = _("Name at least one event that starts the clock.")
        if not self.stop_list:
            errors["stop_events"] = _("Name at least one event that stops the clock.")
        if set(self.start_list) & set(self.stop_list):
            errors["stop_events"] = _("An event cannot both start and stop the same clock.")
        points = [self.yellow, self.blue, self.red]
        if any(p is None for p in points) or not 0 < self.yellow <= self.blue <= self.red <= 1:
            errors["red"] = _("Warning points must satisfy 0 < yellow ≤ blue ≤ red ≤ 1.")
        if "stop_events" not in errors and "start_events" not in errors:
            from .policycheck import problems

            errors.update(problems(self.start_list, self.stop_list))
        if self.urge_at is not None and not 0 < self.urge_at <= 1:
            errors["urge_at"] = _("Urging must come between the start and the deadline (a fraction above 0, at most 1).")
        if errors:
            raise ValidationError(errors)

    @property
    def meaning(self) -> str:
        """What starts and stops the clock, in one sentence (shown under the clock wherever it appears)."""
        from .policycheck import meaning

        return meaning(self)

    def matches(self, case: Complaint) -> bool:
        if not self.active:
            return False
        chans = self.channel_list
        if chans and case.channel not in chans:
            return False
        return all(getattr(case, flag, False) for flag in self.flag_list)


CASE_FLAGS = ("is_urgent", "is_starred", "has_leader_instruction", "is_escalated", "is_repeat",
              "is_collective", "media_attention", "is_emergency")


# --- clocks -------------------------------------------------------------------------


class CaseClock(models.Model):
    """One time limit running (or run) on one case, with its warning times precomputed.

    `next_check_at` is the next moment the sweep must look at this clock (the
    next warning point), or null once the clock stopped or went overdue: the
    sweep reads only rows whose moment has come, through an index.
    """

    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="clocks")
    key = models.CharField(_("clock"), max_length=60)
    label = models.CharField(_("name"), max_length=120)
    # No index: policies are few and rarely deleted, and each index on this table is paid again on every
    # level change the sweep writes (next_check_at changes, so PostgreSQL cannot update in place).
    policy = models.ForeignKey(DeadlinePolicy, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               db_index=False)
    started_at = models.DateTimeField(_("started at"))
    due_at = models.DateTimeField(_("due at"))
    yellow_at = models.DateTimeField()
    blue_at = models.DateTimeField()
    red_at = models.DateTimeField()
    urge_at = models.DateTimeField(null=True, blank=True)
    provisional = models.BooleanField(_("provisional"), default=False)
    extended_days = models.PositiveSmallIntegerField(default=0)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.NORMAL)
    urged = models.BooleanField(default=False)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    stopped_by = models.CharField(max_length=40, blank=True)
    next_check_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("case clock")
        verbose_name_plural = _("case clocks")
        ordering = ["due_at"]
        indexes = [
            models.Index(fields=["next_check_at"], name="clock_next_check",
                         condition=Q(next_check_at__isnull=False)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "key"], condition=Q(stopped_at__isnull=True),
                                    name="one_running_clock_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}:{self.key}"

    @property
    def running(self) -> bool:
        return self.stopped_at is None

    @property
    def level_code(self) -> str:
        return LEVEL_CODES[self.level]

    @property
    def stopped_by_label(self) -> str:
        """The event that stopped the clock, in words ("restart:assign" reads as the event that restarted it)."""
        from .policycheck import event_label

        by = self.stopped_by or ""
        if by.startswith("restart:"):
            return _("restarted by %(event)s") % {"event": event_label(by.split(":", 1)[1])}
        return event_label(by) if by else ""

    def level_at(self, at: dt.datetime) -> int:
        if at >= self.due_at:
            return Level.OVERDUE
        if at >= self.red_at:
            return Level.RED
        if at >= self.blue_at:
            return Level.BLUE
        if at >= self.yellow_at:
            return Level.YELLOW
        return Level.NORMAL

    def next_point_after(self, at: dt.datetime) -> dt.datetime | None:
        """The next warning (or urging) moment strictly after `at`; None once overdue."""
        points = [self.yellow_at, self.blue_at, self.red_at, self.due_at]
        if self.urge_at is not None and not self.urged:
            points.append(self.urge_at)
        later = [p for p in points if p > at]
        return min(later) if later else None


class ClockNotice(models.Model):
    """The one notice sent for a (clock, level): the unique constraint makes sweeps idempotent."""

    clock = models.ForeignKey(CaseClock, verbose_name=_("clock"), on_delete=models.CASCADE, related_name="notices",
                              db_index=False)  # the unique (clock, level) index serves lookups by clock
    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="+")
    level = models.CharField(verbose_name=_("level"), max_length=10)  # yellow, blue, red, overdue, urge
    sent_at = models.DateTimeField(verbose_name=_("sent at"))
    recipients = models.PositiveIntegerField(verbose_name=_("recipients"), default=0)

    class Meta:
        verbose_name = _("deadline notice")
        verbose_name_plural = _("deadline notices")
        constraints = [models.UniqueConstraint(fields=["clock", "level"], name="one_notice_per_clock_level")]

    def __str__(self) -> str:
        return f"{self.clock_id}:{self.level}"


# --- supervision ------------------------------------------------------------------------


class Urging(models.Model):
    """催办: an urging notice to the unit handling a case, by hand or by the sweep."""

    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="urgings")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+")
    automatic = models.BooleanField(default=False)
    clock_key = models.CharField(max_length=60, blank=True)
    text = models.TextField(_("text"))
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("urging")
        verbose_name_plural = _("urgings")

    def __str__(self) -> str:
        return f"{self.complaint_id} @ {self.at:%Y-%m-%d %H:%M}"  # not the text: it may name the complainant


class SupervisionOrder(models.Model):
    """督办单: a numbered order from a supervisor to a unit, with its own deadline and the unit's response."""

    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="supervision_orders")
    number = models.CharField(_("number"), max_length=40, unique=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("unit supervised"), on_delete=models.PROTECT, related_name="+")
    requirements = models.TextField(_("requirements"))
    issued_at = models.DateTimeField(_("issued at"))
    due_at = models.DateTimeField(_("due at"))
    special = models.BooleanField(_("special supervision"), default=False)
    response = models.TextField(_("response"), blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("supervision order")
        verbose_name_plural = _("supervision orders")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def clock_key(self) -> str:
        return f"order:{self.number}"


class Instruction(models.Model):
    """领导批示: a leader's written instruction attached to a case."""

    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="instructions")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("instruction"))
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")

    def __str__(self) -> str:
        return f"{self.complaint_id} @ {self.at:%Y-%m-%d %H:%M}"  # not the text: it may name the complainant


class Duty(models.TextChoices):
    """The five duties of a leader who owns a case (五包)."""

    SUPERVISE = "supervise", _("Supervise")
    MEDIATE = "mediate", _("Mediate")
    REPLY = "reply", _("Reply")
    CALLBACK = "callback", _("Call back")
    CLOSE = "close", _("Close")


class Ownership(models.Model):
    """包案: a leader owns a case and answers for its five duties until released."""

    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="ownerships")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_cases")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    since = models.DateTimeField()
    until = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)
    duties_done = models.JSONField(default=dict, blank=True)  # duty -> ISO time it was done

    class Meta:
        verbose_name = _("case ownership")
        verbose_name_plural = _("case ownerships")
        constraints = [
            models.UniqueConstraint(fields=["complaint"], condition=Q(active=True), name="one_active_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} · {self.leader_id}"

    def duty_rows(self) -> list[tuple[str, str, str | None]]:
        return [(d.value, d.label, self.duties_done.get(d.value)) for d in Duty]
