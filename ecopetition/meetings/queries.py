"""Read side: which meetings and typical problems a person sees, the automatic agenda, and the monthly
analysis (综合研判) a typical problem is picked from.

Visibility is the jurisdiction rule (`cases.scope.reach_q`): a meeting is seen by the people of its
convening unit and the units above it, and by those of an attending unit (or above it); a typical problem
by those of its area and of the responsible department. Never by a sibling.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ecopetition.analytics import queries as analytics
from ecopetition.analytics import warnings as early
from ecopetition.cases import privacy
from ecopetition.cases import scope as jurisdiction
from ecopetition.cases.models import OPEN_STATES, Complaint
from ecopetition.core import clock
from ecopetition.deadlines.models import CaseClock
from ecopetition.oversight.models import RecheckStatus, RecheckTask

from .models import Decision, Meeting, TypicalProblem

# Why a case is on the agenda: each is a flag or a record that already exists elsewhere.
REASONS = {
    "overdue": _("overdue clock"),
    "starred": _("starred"),
    "repeat": _("repeat"),
    "escalated": _("escalated"),
    "collective": _("collective visit"),
    "media": _("media attention"),
    "recheck_overturned": _("re-check overturned"),
    "added": _("added by hand"),
}
FLAGS = (("starred", "is_starred"), ("repeat", "is_repeat"), ("escalated", "is_escalated"),
         ("collective", "is_collective"), ("media", "media_attention"))
AGENDA_LIMIT = 30  # a weekly meeting handles a few dozen cases; more are added by hand


def meetings_for(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return Meeting.objects.none()
    q = jurisdiction.reach_q(user, None, "unit") | jurisdiction.reach_q(user, None, "attending")
    return Meeting.objects.filter(pk__in=Meeting.objects.filter(q).values("pk"))


def problems_for(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return TypicalProblem.objects.none()
    return TypicalProblem.objects.filter(jurisdiction.reach_q(user, None, "unit")
                                         | jurisdiction.reach_q(user, None, "department"))


area_cases = analytics.cases_under  # cases registered in the area or led by a unit of it


def agenda_candidates(user, area, now: dt.datetime | None = None) -> list[tuple[Complaint, list[str]]]:
    """The open cases of `area` that `user` may see and that need a meeting, each with its reasons, the most
    reasons first (then the oldest)."""
    now = now or clock.now()
    base = area_cases(area).filter(pk__in=Complaint.objects.visible_to(user).values("pk"), state__in=OPEN_STATES)
    overdue = set(CaseClock.objects.filter(complaint__in=base, stopped_at__isnull=True, due_at__lte=now)
                  .values_list("complaint_id", flat=True))
    overturned = set(RecheckTask.objects.filter(complaint__in=base, status=RecheckStatus.OVERTURNED)
                     .values_list("complaint_id", flat=True))
    flagged = Q(pk__in=overdue | overturned)
    for _code, name in FLAGS:
        flagged |= Q(**{name: True})
    out = []
    for case in base.filter(flagged).select_related("unit", "lead_unit").order_by("received_at", "pk")[:500]:
        reasons = ["overdue"] if case.pk in overdue else []
        reasons += [code for code, name in FLAGS if getattr(case, name)]
        if case.pk in overturned:
            reasons.append("recheck_overturned")
        out.append((case, reasons))
    out.sort(key=lambda pair: -len(pair[1]))
    return out[:AGENDA_LIMIT]


def reason_labels(codes) -> list[str]:
    return [str(REASONS.get(c, c)) for c in codes]


# The rule of the whole register, "a person reads only the cases they may open", holds in a meeting too: its
# agenda goes to every role of each attending unit, and holds cases of units some of them cannot open (a
# sibling county's, the convening unit's own). Such a line says only that there is a case they may not open.
HIDDEN_CASE = _("(a case you may not open)")


def _openable(user, case_ids) -> set[int]:
    return set(Complaint.objects.visible_to(user).filter(pk__in=set(case_ids)).values_list("pk", flat=True))


def agenda_rows(meeting: Meeting, user) -> list[dict]:
    """The agenda as `user` may read it: for each case they may open (`Complaint.objects.visible_to`), its
    number, masked title (`privacy.masked_title`), units and reasons, minutes and decisions masked for the
    complainants of every case on the agenda now like any free text that travels (a minute may name another
    item's complainant); for any other case, a line that says only that (`hidden`, `HIDDEN_CASE`)."""
    items = list(meeting.items.select_related("complaint", "complaint__unit", "complaint__lead_unit")
                 .prefetch_related("complaint__complainants", "decisions__order", "decisions__unit"))
    openable = _openable(user, [item.complaint_id for item in items])
    # THE people of each case (`privacy.case_masks`: its complainants and the names found in its texts, R16-12)
    masks = privacy.case_masks_for([item.complaint for item in items])
    everyone = [p for people in masks.values() for p in people]
    rows = []
    for i, item in enumerate(items, 1):
        case = item.complaint
        if case.pk not in openable:
            rows.append({"seq": i, "item": item, "case": None, "hidden": True, "title": HIDDEN_CASE,
                         "reasons": [], "minutes": "", "decisions": []})
            continue
        people = masks[case.pk]
        rows.append({
            "seq": i, "item": item, "case": case, "hidden": False, "title": privacy.masked_title(case, people),
            "reasons": reason_labels(item.reasons),
            "minutes": privacy.mask_text(item.minutes, everyone + privacy.people_about(item.minutes)),
            "decisions": [decision_row(d, everyone) for d in item.decisions.all()],
        })
    return rows


def shown_others(meeting: Meeting) -> str:
    """The meeting's other attendees as every attendee sees them: masked when shown, against the cases on
    the agenda now (and any case the text names), so a case added after the meeting was convened masks a
    complainant who attends."""
    return privacy.masked_about_cases(meeting.others, list(meeting.items.values_list("complaint_id", flat=True)))


# A typical problem names no case, yet is written from the area's recent cases (`analytics.written_from_people`).
PROBLEM_LOOKBACK_MONTHS = analytics.WRITTEN_FROM_LOOKBACK_MONTHS
PROBLEM_TEXTS = ("title", "analysis", "requirements", "response", "close_note")


def problem_people(p: TypicalProblem) -> list:
    """Whom a typical problem must be masked against: the complainants of its typical case, of the cases
    its texts name, and of the area's cases it was written from, whoever reads it."""
    named = "\n".join(getattr(p, f) or "" for f in PROBLEM_TEXTS)
    return analytics.written_from_people(p.unit, p.month, named, [p.typical_case_id])


def shown_problem(p: TypicalProblem, people=None) -> dict[str, str]:
    """The problem's texts as every reader sees them (`problem_people`), masked when shown."""
    people = problem_people(p) if people is None else people
    return {f: privacy.mask_text(getattr(p, f) or "", people) for f in PROBLEM_TEXTS}


def shown_problem_titles(problems) -> dict[int, str]:
    """{pk: title as shown} for a list of problems, the people read once per area and month."""
    cache: dict = {}
    out = {}
    for p in problems:
        key = (p.unit_id, p.month, p.typical_case_id)
        if key not in cache:
            cache[key] = problem_people(p)
        out[p.pk] = privacy.mask_text(p.title, cache[key] + privacy.people_about(p.title))
    return out


def decision_row(d: Decision, people=None) -> dict:
    people = privacy.case_masks(d.complaint) if people is None else people
    return {"d": d, "text": privacy.mask_text(d.text, people), "done": d.is_done, "finished_at": d.finished_at,
            "overdue": (not d.is_done and d.due_at is not None and d.due_at < clock.now())}


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (Meeting.objects.filter(unit=meeting.unit)
            .filter(Q(held_on__lt=meeting.held_on) | Q(held_on=meeting.held_on, pk__lt=meeting.pk))
            .order_by("-held_on", "-pk").first())


def carried_over(meeting: Meeting, user) -> tuple[Meeting | None, list[dict]]:
    """What the previous meeting of the same unit decided, and whether each was carried out; a decision on a
    case `user` may not open says only that (as in `agenda_rows`)."""
    prev = previous_meeting(meeting)
    if prev is None:
        return None, []
    ds = list(prev.decisions.select_related("order", "unit", "complaint").prefetch_related("complaint__complainants"))
    openable = _openable(user, [d.complaint_id for d in ds])
    privacy.case_masks_for([d.complaint for d in ds if d.complaint_id in openable])  # read at once, kept on each case
    return prev, [decision_row(d) | {"number": d.complaint.number, "title": privacy.masked_title(d.complaint),
                                     "hidden": False}
                  if d.complaint_id in openable else
                  {"d": None, "hidden": True, "number": "", "title": HIDDEN_CASE, "text": "", "done": d.is_done,
                   "overdue": False}
                  for d in ds]


# --- the monthly analysis (综合研判) -------------------------------------------------------

DEFINITIONS = {
    "n": _("Complaints received in the month whose responsible unit lies in the area (the command centre's count)."),
    "growth": _("This month's count minus the previous month's."),
    "repeats": _("Present in each of the last three months."),
    "parties": _("Reported parties named in at least 3 complaints in the 90 days up to the month's end "
                 "(the early warning's rule)."),
}


@dataclass
class Line:
    dimension: str
    key: str
    label: str
    n: int
    prev: int
    before: int
    numbers: list[str] = field(default_factory=list)
    cases: str = ""  # the case list behind `n` (analytics.drill), when the key can be filtered on

    @property
    def growth(self) -> int:
        return self.n - self.prev

    @property
    def repeats(self) -> bool:
        return self.n > 0 and self.prev > 0 and self.before > 0


def _behind(area, month: dt.date, dim: str, key: str) -> str:
    """The case list narrowed to exactly the cases one line of the analysis counts (its month, its key);
    none for a line of cases without a sector or a place (nothing to filter on)."""
    from django.urls import reverse

    from ecopetition.analytics import drill

    if not key:
        return ""
    return reverse("cases:list") + "?" + drill.link(area, analytics.Period(month, month), measure="n", **{dim: key})


def analysis(area, month: dt.date) -> dict:
    """Recurring problems of `area` in `month` by place, sector and category, against the two months
    before (figures from the command centre's `stats`), and the reported parties that recur."""
    month = month.replace(day=1)
    months = [analytics.add_months(month, -i) for i in range(3)]
    figures = [analytics.stats(area, analytics.Period(m, m)) for m in months]
    names = analytics.labels()
    names["division"] = analytics.division_names()
    dims = {}
    for dim in ("division", "sector", "category"):
        keys = set().union(*(f["by"].get(dim, {}).keys() for f in figures))
        lines = []
        for key in keys:
            counts = [int(f["by"].get(dim, {}).get(key, {}).get("n", 0)) for f in figures]
            if not counts[0] and not counts[1]:
                continue
            label = names[dim].get(key if dim != "division" else key[:6]) or names[dim].get(key) or key or "—"
            if not key:
                label = str(_("not given"))
            lines.append(Line(dim, key, label, *counts, cases=_behind(area, month, dim, key)))
        lines.sort(key=lambda ln: (-ln.growth, -ln.n, ln.label))
        dims[dim] = lines
    end = dt.datetime.combine(analytics.add_months(month, 1), dt.time(), analytics.rollups.tz())
    parties = [Line("party", party, party, len(nums), 0, 0, nums)
               for party, nums in early.recurring_parties(area, end)]
    total = [int(f["totals"].get("n", 0)) for f in figures]
    return {"month": month, "prev_month": months[1], "dims": dims, "parties": parties, "total": total[0],
            "total_prev": total[1], "definitions": DEFINITIONS}
