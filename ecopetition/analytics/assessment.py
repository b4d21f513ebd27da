"""Assessment (考核评估): units scored by a scoring sheet kept as data, with the cases behind every point lost.

A unit starts at 100. A rate item of weight w over a denominator of d cases
costs w/d points for each case in the denominator that fails it (so w x (1 - rate)
in all); a deduction item costs its points for each flagged case. A unit's score
is 100 minus the sum of its cases' deductions, so the drill-down always adds up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecopetition.cases import scope as jurisdiction
from ecopetition.cases.models import CLOSED_STATES, Complaint, Event, Satisfaction, State
from ecopetition.core import clock
from ecopetition.core.exceptions import ValidationError
from ecopetition.org.models import Unit

from .models import ScoringSheet, default_sheet_items
from .queries import Period
from .rollups import STATUTORY_DAYS, SUPERVISION_ACTIONS

INTAKE_DAYS = 3
MAX_CASES = 200_000
QUALITY_ACTIONS = ("rework", "overturn", "reopen")


@dataclass
class CaseRow:
    pk: int
    number: str
    state: str
    received_at: dt.datetime
    accepted_at: dt.datetime | None
    closed_at: dt.datetime | None
    replied_at: dt.datetime | None
    reported_at: dt.datetime | None
    satisfaction: str
    is_escalated: bool
    is_repeat: bool
    reworked: bool = False
    supervised: bool = False


# criterion(case, now) -> None (not in the denominator), True (passes) or False (fails)
def _entered(c: CaseRow, now) -> bool | None:
    if c.state == State.REGISTERED:
        return now <= c.received_at + dt.timedelta(days=INTAKE_DAYS)
    return True


def _closed_in_limit(c: CaseRow, now) -> bool | None:
    if c.accepted_at is None:
        return None
    limit = c.accepted_at + dt.timedelta(days=STATUTORY_DAYS)
    if c.state in CLOSED_STATES and c.closed_at:
        return c.closed_at <= limit
    return None if now <= limit else False


def _replied(c: CaseRow, now) -> bool | None:
    if c.accepted_at is None:
        return None
    if c.state in CLOSED_STATES or now > c.accepted_at + dt.timedelta(days=STATUTORY_DAYS):
        return c.replied_at is not None
    return None


def _quality(c: CaseRow, now) -> bool | None:
    return None if c.reported_at is None else not c.reworked


def _satisfaction(c: CaseRow, now) -> bool | None:
    return None if not c.satisfaction else c.satisfaction != Satisfaction.UNSATISFIED


def _unsupervised(c: CaseRow, now) -> bool | None:
    return not c.supervised


CRITERIA: dict[str, tuple[Callable, object]] = {
    "accepted_or_decided": (_entered, gettext_lazy("still waiting for an intake decision after 3 days")),
    "closed_in_limit": (_closed_in_limit, gettext_lazy("not closed within 60 days of acceptance")),
    "replied": (_replied, gettext_lazy("complainant not answered")),
    "quality": (_quality, gettext_lazy("sent back for rework, overturned or reopened")),
    "satisfaction": (_satisfaction, gettext_lazy("complainant unsatisfied")),
    "unsupervised": (_unsupervised, gettext_lazy("a superior had to supervise")),
}
FLAGS: dict[str, Callable[[CaseRow], bool]] = {
    "escalated_only": lambda c: c.is_escalated and not c.is_repeat,
    "repeat_escalated": lambda c: c.is_escalated and c.is_repeat,
    "escalated": lambda c: c.is_escalated,
    "repeat": lambda c: c.is_repeat,
}


def validate_items(items) -> list[str]:
    problems = []
    if not isinstance(items, list) or not items:
        return [_("A scoring sheet needs a list of items.")]
    for i, it in enumerate(items):
        kind = it.get("kind") if isinstance(it, dict) else None
        if kind == "rate" and it.get("measure") in CRITERIA and float(it.get("weight", -1)) >= 0:
            continue
        if kind == "deduction" and it.get("flag") in FLAGS and float(it.get("points", -1)) >= 0:
            continue
        problems.append(_("Item %(i)d is not a valid rate or deduction.") % {"i": i + 1})
    return problems


def active_sheet() -> ScoringSheet:
    sheet = ScoringSheet.objects.filter(active=True).order_by("-created_at", "-id").first()
    return sheet or ScoringSheet(name=_("Default scoring sheet"), items=default_sheet_items())


Q2 = Decimal("0.01")


@dataclass
class Deduction:
    item: str
    label: str
    points: Decimal
    cases: list[tuple[str, Decimal, str]] = field(default_factory=list)  # (number, points, reason)


@dataclass
class UnitScore:
    unit: Unit
    n: int
    score: Decimal
    deductions: list[Deduction]
    rank: int = 0


def _rows(area_ids: list[int], period: Period) -> list[CaseRow]:
    start, end = period.bounds()
    qs = Complaint.objects.filter(received_at__gte=start, received_at__lt=end).filter(
        Q(lead_unit_id__in=area_ids) | Q(lead_unit__isnull=True, unit_id__in=area_ids))
    if qs.count() > MAX_CASES:
        raise ValidationError(_("Too many cases for one assessment; choose a shorter period or a smaller area."),
                              field="period")
    rows = {}
    for r in qs.values("pk", "number", "state", "received_at", "accepted_at", "closed_at", "replied_at",
                       "reported_at", "satisfaction", "is_escalated", "is_repeat", "lead_unit_id", "unit_id"):
        owner = r.pop("lead_unit_id") or r.pop("unit_id")
        r.pop("unit_id", None)
        rows[r["pk"]] = (owner, CaseRow(**r))
    ids = list(rows)
    for cid, action in Event.objects.filter(
            complaint_id__in=ids, action__in=QUALITY_ACTIONS + SUPERVISION_ACTIONS).values_list("complaint_id", "action"):
        if action in QUALITY_ACTIONS:
            rows[cid][1].reworked = True
        else:
            rows[cid][1].supervised = True
    return list(rows.values())


def score_cases(cases: list[CaseRow], items: list[dict], now) -> tuple[Decimal, list[Deduction]]:
    deductions = []
    for it in items:
        label = str(_(it.get("label", it.get("key", ""))))
        d = Deduction(it.get("key", ""), label, Decimal(0))
        if it["kind"] == "rate":
            fn, reason = CRITERIA[it["measure"]]
            verdicts = [(c, fn(c, now)) for c in cases]
            den = [c for c, v in verdicts if v is not None]
            failing = [c for c, v in verdicts if v is False]
            if den and failing:
                each = Decimal(str(it["weight"])) / len(den)
                for c in failing:
                    d.cases.append((c.number, each, str(reason)))
        else:
            pts = Decimal(str(it["points"]))
            for c in cases:
                if FLAGS[it["flag"]](c):
                    d.cases.append((c.number, pts, label))
        d.points = sum((p for _n, p, _r in d.cases), Decimal(0))
        deductions.append(d)
    total = sum((d.points for d in deductions), Decimal(0))
    return (Decimal(100) - total).quantize(Q2, ROUND_HALF_UP), deductions


def score_units(area: Unit, period: Period, sheet: ScoringSheet | None = None) -> list[UnitScore]:
    """Rank the units directly below the area (the area itself when it has none)."""
    sheet = sheet or active_sheet()
    problems = validate_items(sheet.items)
    if problems:
        raise ValidationError(" ".join(problems), field="items")
    units = list(Unit.objects.filter(parent=area, active=True).order_by("path")) or [area]
    all_ids = list(jurisdiction.subtree(area).values_list("pk", "path"))
    owner_of = {}
    for uid, path in all_ids:
        owner_of[uid] = next((u for u in units if path.startswith(u.path)), None)
    by_unit: dict[int, list[CaseRow]] = {u.pk: [] for u in units}
    for owner, row in _rows([uid for uid, _p in all_ids], period):
        u = owner_of.get(owner)
        if u is not None:
            by_unit[u.pk].append(row)
    now = clock.now()
    out = []
    for u in units:
        score, deds = score_cases(by_unit[u.pk], sheet.items, now)
        out.append(UnitScore(u, len(by_unit[u.pk]), score, deds))
    out.sort(key=lambda r: (-r.score, r.unit.path))
    for i, r in enumerate(out):
        r.rank = i + 1 if i == 0 or r.score != out[i - 1].score else out[i - 1].rank
    return out
