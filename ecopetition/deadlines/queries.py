"""Read side of deadlines: the wall board's tiles, a case's clocks, a leader's owned cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Min, Q
from django.utils.translation import gettext as _

from ecopetition.cases import scope as jurisdiction
from ecopetition.cases.models import Complaint
from ecopetition.core import clock as sysclock
from ecopetition.org import queries as org
from ecopetition.org.models import Unit

from .models import LEVEL_CODES, CaseClock, Level, Ownership

BOARD_LIMIT = 600


def time_left(due_at: dt.datetime, now: dt.datetime) -> str:
    """Compact time left (or overdue by), e.g. "2 d 3 h", "45 min", "overdue 5 h"."""
    delta = due_at - now
    late = delta.total_seconds() < 0
    secs = int(abs(delta.total_seconds()))
    days, rest = divmod(secs, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        text = _("%(d)d d %(h)d h") % {"d": days, "h": hours}
    elif hours:
        text = _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
    else:
        text = _("%(m)d min") % {"m": minutes}
    return _("overdue %(t)s") % {"t": text} if late else text


@dataclass
class Tile:
    case: Complaint
    clock: CaseClock | None
    level: int
    time_left: str
    owner: str = ""

    @property
    def level_code(self) -> str:
        return LEVEL_CODES[self.level] if self.clock else "none"


def live_level(clk: CaseClock, now: dt.datetime) -> int:
    """The level as of now, even if the sweep has not passed yet (it runs every minute)."""
    return max(clk.level, clk.level_at(now))


def board_units(user) -> list[Unit]:
    """Units the user may filter the board by: their own and everything below."""
    tops = org.units_with_role(user)
    if getattr(user, "is_superuser", False):
        return list(Unit.objects.filter(active=True))
    return list(Unit.objects.filter(jurisdiction.under_q(tops, ""), active=True))


def _open_emergencies(user) -> list[int]:
    try:
        from ecopetition.oversight.queries import open_emergency_case_ids
    except ImportError:  # oversight not installed
        return []
    return open_emergency_case_ids(user)


def board(user, *, unit: Unit | None = None, level: str = "", limit: int = BOARD_LIMIT) -> tuple[list[Tile], dict]:
    """Open cases visible to `user` as tiles, most urgent first, and the count per colour."""
    now = sysclock.now()
    cases = Complaint.objects.visible_to(user).open().select_related("unit", "lead_unit").prefetch_related("complainants")
    if unit is not None:
        cases = cases.filter(jurisdiction.under_q(unit, "unit") | jurisdiction.under_q(unit, "lead_unit"))
    # Most pressing first: the earliest due time among running clocks, so that a red case is never
    # left out of the board behind many older, calmer ones.
    cases = cases.annotate(next_due=Min("clocks__due_at", filter=Q(clocks__stopped_at__isnull=True)))
    cases = list(cases.order_by(F("next_due").asc(nulls_last=True), "received_at")[: limit * 2])
    emergencies = set(_open_emergencies(user))
    missing = emergencies - {c.pk for c in cases}
    if missing:
        cases += list(Complaint.objects.filter(pk__in=missing).select_related("unit", "lead_unit"))
    ids = [c.pk for c in cases]
    clocks: dict[int, list[CaseClock]] = {}
    for clk in CaseClock.objects.filter(complaint_id__in=ids, stopped_at__isnull=True).select_related("policy"):
        clocks.setdefault(clk.complaint_id, []).append(clk)
    owners = dict(Ownership.objects.filter(complaint_id__in=ids, active=True)
                  .values_list("complaint_id", "leader__first_name"))
    tiles = []
    for case in cases:
        running = clocks.get(case.pk, [])
        current = None
        if running:
            current = sorted(running, key=lambda c: (-live_level(c, now), c.due_at))[0]
        lvl = live_level(current, now) if current else Level.NORMAL
        tiles.append(Tile(case, current, lvl, time_left(current.due_at, now) if current else "",
                          owners.get(case.pk, "")))
    counts = {code: 0 for code in [*LEVEL_CODES.values(), "none"]}
    for t in tiles:
        counts[t.level_code] += 1
    if level:
        tiles = [t for t in tiles if t.level_code == level]
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    tiles.sort(key=lambda t: (
        t.case.pk not in emergencies,  # possible environmental emergencies on top until handled
        -(t.level if t.clock else -1), not t.case.is_urgent, not t.case.is_starred,
        t.clock.due_at if t.clock else far,
    ))
    return tiles[:limit], counts


@dataclass
class ClockRow:
    clock: CaseClock
    level: int
    time_left: str

    @property
    def level_code(self) -> str:
        return LEVEL_CODES[self.level]


def case_clocks(case: Complaint) -> list[ClockRow]:
    now = sysclock.now()
    rows = []
    for clk in CaseClock.objects.filter(complaint=case).select_related("policy").order_by("started_at", "id"):
        if clk.stopped_at is None:
            rows.append(ClockRow(clk, live_level(clk, now), time_left(clk.due_at, now)))
        else:
            # A stopped clock shows the level it had reached when it stopped.
            rows.append(ClockRow(clk, clk.level_at(clk.stopped_at), ""))
    return rows


def owned_by(user):
    return (Ownership.objects.filter(leader=user, active=True)
            .select_related("complaint", "complaint__unit", "complaint__lead_unit").order_by("-since"))
