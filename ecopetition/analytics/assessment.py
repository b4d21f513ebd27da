"""Assessment (考核评估): units scored by a scoring sheet kept as data, with the cases behind every point.

Two formulas, named on the sheet and shown on the page:
- "deduct" (the 001 sheet with the 004 grid deductions): a unit starts at 100. A rate item of weight w over a
  denominator of d cases costs w/d points for each case in the denominator that fails it (so w x (1 - rate)
  in all); a deduction item costs its points for each flagged case. Score = max(0, 100 - points lost), so
  the drill-down adds up until the floor.
- "weighted" (the rates petition systems are scored by): score = 100 x sum(w x rate) / sum(w) over the
  items, each rate defined once in `rates.RATES` (the dashboard's own numbers); an item with nothing in its
  denominator is left out of both sums.
Scores lie in 0..100; a unit with no complaints in the period is not assessed (no score, no rank).
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

from . import queries, rates
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
    escalated_before: bool = False  # an earlier complaint of the same matter (a linked case) was escalated too


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
# 004: "越级信访1件扣2分，越级重复访扣4分": an escalated complaint is a repeated escalation only when the same
# matter was already escalated before (a linked earlier case that is escalated), not merely because it repeats.
FLAGS: dict[str, Callable[[CaseRow], bool]] = {
    "escalated_only": lambda c: c.is_escalated and not c.escalated_before,
    "repeat_escalated": lambda c: c.is_escalated and c.escalated_before,
    "escalated": lambda c: c.is_escalated,
    "repeat": lambda c: c.is_repeat,
}


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return -1.0


def validate_items(items, formula: str = "deduct") -> list[str]:
    problems = []
    if not isinstance(items, list) or not items:
        return [_("A scoring sheet needs a list of items.")]
    for i, it in enumerate(items):
        kind = it.get("kind") if isinstance(it, dict) else None
        if formula == "weighted":
            if kind == "figure" and it.get("figure") in rates.RATES and _number(it.get("weight")) > 0:
                continue
            problems.append(_("Item %(i)d: a weighted sheet takes figures (a rate key and a weight above 0).")
                            % {"i": i + 1})
            continue
        if kind == "rate" and it.get("measure") in CRITERIA and _number(it.get("weight")) >= 0:
            continue
        if kind == "deduction" and it.get("flag") in FLAGS and _number(it.get("points")) >= 0:
            continue
        problems.append(_("Item %(i)d is not a valid rate or deduction.") % {"i": i + 1})
    return problems


def sheets() -> list[ScoringSheet]:
    """The active sheets, the oldest (the shipped 001 sheet) first; the shipped default when an administrator switched them all off."""
    found = list(ScoringSheet.objects.filter(active=True).order_by("created_at", "id"))
    return found or [ScoringSheet(name=_("Default scoring sheet"), items=default_sheet_items())]


def active_sheet(pk=None) -> ScoringSheet:
    found = sheets()
    return next((s for s in found if pk not in (None, "") and str(s.pk) == str(pk)), found[0])


Q2 = Decimal("0.01")


@dataclass
class Deduction:
    item: str
    label: str
    points: Decimal
    cases: list[tuple[str, Decimal, str]] = field(default_factory=list)  # (number, points, reason)


@dataclass
class FigureItem:
    key: str
    label: str
    definition: str
    weight: Decimal
    numerator: int
    denominator: int
    value: float | None  # percent
    points: Decimal | None  # weight x rate; None when left out (nothing to count)


@dataclass
class UnitScore:
    unit: Unit
    n: int
    score: Decimal | None  # None: not assessed (no complaints)
    deductions: list[Deduction]
    rank: int | None = None
    figures: list[FigureItem] = field(default_factory=list)
    refusal: float | None = None   # 不予受理率, the dashboard's definition
    referral: float | None = None  # 转送率
    refusal_counts: tuple[int, int] = (0, 0)
    referral_counts: tuple[int, int] = (0, 0)
    rechecks: dict = field(default_factory=dict)  # re-checks of cases it reported unfounded: status -> count
    lost: Decimal = Decimal(0)

    @property
    def assessed(self) -> bool:
        return self.score is not None


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
    escalated = [cid for cid, (_o, c) in rows.items() if c.is_escalated]
    if escalated:
        through = Complaint.related.through
        for cid, other_at in through.objects.filter(
                from_complaint_id__in=escalated, to_complaint__is_escalated=True).values_list(
                "from_complaint_id", "to_complaint__received_at"):
            if other_at < rows[cid][1].received_at:
                rows[cid][1].escalated_before = True
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
    return max(Decimal(0), Decimal(100) - total).quantize(Q2, ROUND_HALF_UP), deductions


def score_figures(totals: dict, items: list[dict]) -> tuple[Decimal | None, list[FigureItem]]:
    """The weighted formula: 100 x sum(w x rate) / sum(w), over the items that have a denominator."""
    out, got, weights = [], Decimal(0), Decimal(0)
    for it in items:
        r = rates.RATES[it["figure"]]
        num, den = r.counts(totals)
        w = Decimal(str(it["weight"]))
        value = rates.percent(num, den)
        pts = None
        if den:
            pts = (w * Decimal(num) / Decimal(den)).quantize(Q2, ROUND_HALF_UP)
            got += w * Decimal(num) / Decimal(den)
            weights += w
        out.append(FigureItem(r.key, str(_(it.get("label") or str(r.name))), str(r.definition), w, num, den, value,
                              pts))
    if not weights:
        return None, out
    return (Decimal(100) * got / weights).quantize(Q2, ROUND_HALF_UP), out


def recheck_outcomes(units: list[Unit], period: Period) -> dict[int, dict]:
    """Per unit, the re-checks (oversight) of cases it reported unfounded, opened in the period: status -> count."""
    from django.apps import apps

    if not apps.is_installed("ecopetition.oversight"):
        return {}
    Recheck = apps.get_model("oversight", "RecheckTask")
    start, end = period.bounds()
    names = dict(Recheck._meta.get_field("status").choices)
    out: dict[int, dict] = {u.pk: {} for u in units}
    rows = Recheck.objects.filter(opened_at__gte=start, opened_at__lt=end).values_list(
        "reported_unit__path", "status")
    for path, status in rows:
        owner = next((u for u in units if path.startswith(u.path)), None)
        if owner is not None:
            label = str(names.get(status, status))
            out[owner.pk][label] = out[owner.pk].get(label, 0) + 1
    return out


def describe(sheet: ScoringSheet) -> list[dict]:
    """Each item of a sheet as a person reads it: its label and its rule."""
    out = []
    for it in sheet.items:
        if it.get("kind") == "figure":
            r = rates.RATES[it["figure"]]
            out.append({"label": str(_(it.get("label") or str(r.name))),
                        "rule": _("weight %(w)s · %(definition)s") % {"w": it["weight"], "definition": r.definition}})
        elif it.get("kind") == "rate":
            out.append({"label": str(_(it.get("label", ""))),
                        "rule": _("up to %(w)s points, lost in proportion to the cases that fail") % {"w": it["weight"]}})
        else:
            out.append({"label": str(_(it.get("label", ""))), "rule": _("−%(p)s per case") % {"p": it["points"]}})
    return out


def score_units(area: Unit, period: Period, sheet: ScoringSheet | None = None) -> list[UnitScore]:
    """Score the units directly below the area (the area itself when it has none): the assessed ones ranked by
    score, then those with no complaints (not assessed, no rank)."""
    sheet = sheet or active_sheet()
    formula = getattr(sheet, "formula", "deduct") or "deduct"
    problems = validate_items(sheet.items, formula)
    if problems:
        raise ValidationError(" ".join(problems), field="items")
    units = list(Unit.objects.filter(parent=area, active=True).order_by("path")) or [area]
    stats = queries.stats(area, period)
    totals_of = {u.pk: (stats["totals"] if u.pk == area.pk else stats["by_unit"].get(u.pk, {})) for u in units}
    by_unit: dict[int, list[CaseRow]] = {u.pk: [] for u in units}
    if formula == "deduct":
        all_ids = list(jurisdiction.subtree(area).values_list("pk", "path"))
        owner_of = {uid: next((u for u in units if path.startswith(u.path)), None) for uid, path in all_ids}
        for owner, row in _rows([uid for uid, _p in all_ids], period):
            u = owner_of.get(owner)
            if u is not None:
                by_unit[u.pk].append(row)
    rechecks = recheck_outcomes(units, period)
    now = clock.now()
    out = []
    for u in units:
        t = totals_of[u.pk]
        n = int(t.get("n") or 0)
        r = UnitScore(u, n, None, [], rechecks=rechecks.get(u.pk, {}))
        r.refusal_counts = rates.RATES["not_accepted"].counts(t)
        r.referral_counts = rates.RATES["referred"].counts(t)
        r.refusal, r.referral = rates.percent(*r.refusal_counts), rates.percent(*r.referral_counts)
        if n:
            if formula == "weighted":
                r.score, r.figures = score_figures(t, sheet.items)
            else:
                r.score, r.deductions = score_cases(by_unit[u.pk], sheet.items, now)
                r.lost = sum((d.points for d in r.deductions), Decimal(0))
        out.append(r)
    ranked = sorted((r for r in out if r.assessed), key=lambda r: (-r.score, r.unit.path))
    for i, r in enumerate(ranked):
        r.rank = i + 1 if i == 0 or r.score != ranked[i - 1].score else ranked[i - 1].rank
    return ranked + [r for r in out if not r.assessed]


# --- per person (000: rewards and penalties by person) ---------------------------------

OFFICER_FIGURES = ("replied_in_limit", "closed_in_limit", "participation", "satisfaction")


@dataclass
class OfficerRow:
    user: object
    cases: int
    totals: dict
    figures: list[dict]


def officers_of(unit: Unit):
    """The handling officers of the unit (the people its per-officer figures are about)."""
    from django.contrib.auth import get_user_model

    from ecopetition.org.models import Membership, Role

    return get_user_model().objects.filter(
        pk__in=Membership.objects.filter(unit=unit, role=Role.OFFICER).values("user_id")).order_by("username")


def signed_for(officers, period: Period):
    """The sign-for events that make an officer's cases: cases received in the period that they signed for."""
    start, end = period.bounds()
    return Event.objects.filter(action="sign_for", actor__in=officers,
                                complaint__received_at__gte=start, complaint__received_at__lt=end)


def officer_cases(qs, unit: Unit, officer_id: int, period: Period, measures: tuple[str, ...] = ()):
    """The cases of `qs` behind one officer's figure on the per-officer page (all their cases, or those counted
    in `measures`); None when the person is not a handling officer of the unit."""
    from .models import CaseFact

    officer = officers_of(unit).filter(pk=officer_id).first()
    if officer is None:
        return None
    qs = qs.filter(pk__in=signed_for([officer], period).values("complaint_id"))
    if measures:
        qs = qs.filter(pk__in=CaseFact.objects.filter(rates.facts_q(measures)).values("complaint_id"))
    return qs


def officer_figures(unit: Unit, period: Period) -> list[OfficerRow]:
    """For each handling officer of the unit: the cases received in the period that they signed for, and the
    rates of those cases by the dashboard's definitions (sums of the same per-case facts)."""
    from .models import CaseFact

    officers = list(officers_of(unit))
    signed = signed_for(officers, period)
    cases_of: dict[int, set[int]] = {o.pk: set() for o in officers}
    for actor_id, cid in signed.values_list("actor_id", "complaint_id"):
        cases_of[actor_id].add(cid)
    facts = dict(CaseFact.objects.filter(complaint_id__in={c for s in cases_of.values() for c in s})
                 .values_list("complaint_id", "measures"))
    out = []
    for o in officers:
        totals: dict[str, int] = {}
        for cid in cases_of[o.pk]:
            for m, v in (facts.get(cid) or {}).items():
                totals[m] = totals.get(m, 0) + int(v)
        out.append(OfficerRow(o, len(cases_of[o.pk]), totals, rates.figures(totals, OFFICER_FIGURES)))
    return out
