"""Every rate the command centre shows, defined once: a numerator and a denominator of rollup measures and
one sentence that says what they count.

The dashboard's tiles and unit table, the report (PDF and Excel), the API and the assessment's rates sheet
all read `value()` / `compute()` from here, and every number links to the cases behind it through
`cases_behind()`, which reads the same per-case facts (`CaseFact`) the rollups were summed from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import MEASURES, CaseFact


def percent(num: int, den: int) -> float | None:
    """A percentage to one decimal; None (shown as —) when nothing is in the denominator."""
    return round(100.0 * num / den, 1) if den else None


@dataclass(frozen=True)
class Rate:
    key: str
    name: object        # lazy translation, e.g. 按时交办率
    definition: object  # one sentence, shown once under the figure
    num: tuple[str, ...]  # measures summed for the numerator (each case counts in at most one)
    den: tuple[str, ...]  # ... and for the denominator

    def counts(self, totals: dict) -> tuple[int, int]:
        return (sum(int(totals.get(m) or 0) for m in self.num), sum(int(totals.get(m) or 0) for m in self.den))

    def value(self, totals: dict) -> float | None:
        return percent(*self.counts(totals))

    def measures(self, part: str) -> tuple[str, ...]:
        return self.num if part == "num" else self.den


RATES: dict[str, Rate] = {r.key: r for r in (
    Rate("accepted_in_time", _("Accepted in time"),
         _("Intake decisions (accept, not accept, refer or merge) made within 3 days of receipt, "
           "among all intake decisions made."),
         ("decided_in_time",), ("decided",)),
    Rate("assign_on_time", _("Assigned on time"),
         _("Cases whose assignment clock (from receipt to assignment, referral, merger or refusal) stopped "
           "within 3 working days for letters and visits or 2 for phone and web, among all cases whose "
           "assignment clock stopped."),
         ("assign_on_time",), ("assign_due",)),
    Rate("replied_in_limit", _("Answered in time"),
         _("Cases answered within 60 days of acceptance, among all cases answered."),
         ("replied_in_limit",), ("replied",)),
    Rate("closed_in_limit", _("Closed in time"),
         _("Cases closed within 60 days of acceptance, among all cases closed."),
         ("closed_in_limit",), ("closed",)),
    Rate("participation", _("Rating rate"),
         _("Answered cases whose complainant gave a rating, among all cases answered."),
         ("satisfied", "basic", "unsatisfied"), ("replied",)),
    Rate("satisfaction", _("Satisfaction rate"),
         _("Ratings of satisfied or basically satisfied, among all ratings given."),
         ("satisfied", "basic"), ("satisfied", "basic", "unsatisfied")),
    Rate("repeat_resolved", _("Repeat complaints resolved"),
         _("Repeat complaints closed, among all repeat complaints."),
         ("repeat_closed",), ("repeat",)),
    Rate("accepted", _("Acceptance rate"),
         _("Complaints accepted, among all complaints received."),
         ("accepted",), ("n",)),
    Rate("not_accepted", _("Refusal rate"),
         _("Complaints not accepted at intake, among all complaints received."),
         ("not_accepted",), ("n",)),
    Rate("referred", _("Referral rate"),
         _("Complaints referred to another authority at intake, among all complaints received."),
         ("referred",), ("n",)),
    Rate("closed", _("Closing rate"),
         _("Cases closed, among all cases accepted."),
         ("closed",), ("accepted",)),
    Rate("replied", _("Answer rate"),
         _("Cases answered, among all cases accepted."),
         ("replied",), ("accepted",)),
    Rate("called_back", _("Callback rate"),
         _("Answered cases called back, among all cases answered."),
         ("called_back",), ("replied",)),
    Rate("repeat", _("Repeat rate"),
         _("Repeat complaints (same person or same matter again), among all complaints received."),
         ("repeat",), ("n",)),
    Rate("escalated", _("Escalation rate"),
         _("Complaints taken to a higher level over a lower one, among all complaints received."),
         ("escalated",), ("n",)),
    Rate("founded", _("Founded rate"),
         _("Findings of founded or partly founded, among all findings."),
         ("founded", "partly"), ("founded", "partly", "unfounded")),
)}

# The rates the tiles show first (the ones petition systems are scored by), in this order.
HEADLINE = ("accepted_in_time", "assign_on_time", "replied_in_limit", "closed_in_limit", "participation",
            "satisfaction", "repeat_resolved")


def compute(totals: dict) -> dict[str, float | None]:
    """Every rate's value for one set of measure totals (an area's, a unit's, a month's)."""
    return {k: r.value(totals) for k, r in RATES.items()}


def figures(totals: dict, keys=None) -> list[dict]:
    """Rates with their name, definition and counts: what the report and the API hand out."""
    out = []
    for k in keys or RATES:
        r = RATES[k]
        num, den = r.counts(totals)
        out.append({"key": k, "name": str(r.name), "definition": str(r.definition), "numerator": num,
                    "denominator": den, "value": percent(num, den)})
    return out


# --- the cases behind a number --------------------------------------------------------

def facts_q(measures: tuple[str, ...]) -> Q:
    """Facts of cases that count in any of these measures (a case's fact keeps only its non-zero measures)."""
    q = Q()
    for m in measures:
        if m not in MEASURES:
            raise ValueError(m)
        q |= Q(measures__has_key=m)
    return q


def cases_behind(qs: QuerySet, unit_ids: list[int], first: dt.date, last: dt.date,
                 measures: tuple[str, ...]) -> QuerySet:
    """The cases of `qs` counted in `measures` for these responsible units, received in months first..last."""
    facts = CaseFact.objects.filter(unit_id__in=unit_ids, month__gte=first, month__lte=last).filter(facts_q(measures))
    return qs.filter(pk__in=facts.values("complaint_id"))


def clock_cases_behind(qs: QuerySet, unit_ids: list[int], first: dt.date, last: dt.date, key: str,
                       on_time: bool) -> QuerySet:
    """The cases behind one row of the per-clock table: a finished clock of this key (on time only if asked)."""
    from . import rollups

    if rollups._clock_model() is None:
        return qs.none()
    clocks = rollups._finished_clocks().filter(key=key)
    if on_time:
        clocks = clocks.filter(stopped_at__lte=F("due_at"))
    facts = CaseFact.objects.filter(unit_id__in=unit_ids, month__gte=first, month__lte=last)
    return qs.filter(pk__in=facts.values("complaint_id")).filter(pk__in=clocks.values("complaint_id"))


# Counts shown as numbers (tiles, tables): what the cases behind them have in common.
COUNTS: dict[str, object] = {
    "n": _("Complaints"),
    "accepted": _("Accepted"),
    "closed": _("Closed"),
    "not_accepted": _("Not accepted"),
    "referred": _("Referred"),
    "repeat": _("Repeat"),
    "escalated": _("Escalated"),
    "repeat_escalated": _("Repeated escalated"),
    "collective": _("Collective"),
    "media": _("Media attention"),
    "supervised": _("Supervised by a superior"),
    "unfounded": _("Unfounded"),
    "rectify": _("Ordered to rectify"),
    "filed": _("Cases filed"),
    "police": _("Referred to police"),
    "interviewed": _("Officials interviewed"),
    "accountable": _("Held accountable"),
    "daily_fine": _("Daily consecutive fines"),
    "sealed": _("Sealed or seized"),
    "limited": _("Production limited or stopped"),
    "closed_down": _("Ordered to cease business or close"),
    "detained": _("Referred for administrative detention"),
}
