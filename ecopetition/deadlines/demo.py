"""Demo data for deadlines: supervision orders, instructions, owners, stars and urging on a handful of cases.

`ecopetition demo` calls `extend(stdout)` after loading its cases. Supervision
orders are issued back in time (with `clock.frozen`) so that, at the real
now, their clocks stand at every colour; the sweep then runs once so levels,
notices and inbox messages are in place and the wall board shows all colours.
"""

from __future__ import annotations

import datetime as dt

from ecopetition.cases.models import Complaint
from ecopetition.core import clock
from ecopetition.core.exceptions import DomainError
from ecopetition.org.models import Membership, Role

from . import actions, queries
from .models import LEVEL_CODES, CaseClock, Level
from .sweep import sweep

# Where "now" falls in a five-day supervision order, per colour wanted.
TARGETS = [(Level.NORMAL, 0.3), (Level.YELLOW, 0.65), (Level.BLUE, 0.8), (Level.RED, 0.95), (Level.OVERDUE, 1.2)]
SPAN = dt.timedelta(days=5)


def _holder_over(case: Complaint, role: str):
    ids = [int(p) for p in case.unit.path.strip("/").split("/") if p]
    m = (Membership.objects.filter(unit_id__in=ids, role=role, user__is_active=True)
         .select_related("user", "unit").order_by("-unit__level", "id").first())
    return m.user if m else None


def _current_level(case: Complaint, now: dt.datetime) -> int:
    levels = [queries.live_level(c, now) for c in CaseClock.objects.filter(complaint=case, stopped_at__isnull=True)]
    return max(levels, default=-1)


def extend(stdout, per_colour: int = 2) -> dict:
    now = clock.now()
    cases = list(Complaint.objects.open().select_related("unit", "lead_unit").order_by("-received_at")[:400])
    used: set[int] = set()
    made = {"orders": 0, "instructions": 0, "owners": 0, "stars": 0, "urgings": 0}
    by_level = {c.pk: _current_level(c, now) for c in cases}

    for level, fraction in TARGETS:
        done = 0
        for case in cases:
            if done >= per_colour:
                break
            if case.pk in used or by_level[case.pk] > level:
                continue
            sup = _holder_over(case, Role.SUPERVISOR) or _holder_over(case, Role.LEADER)
            if sup is None:
                continue
            issued = now - SPAN * fraction
            try:
                with clock.frozen(issued):
                    actions.do_issue_supervision_order(
                        case, actor=sup, unit=case.lead_unit or case.unit, due_at=issued + SPAN,
                        requirements="请于五日内查明情况、落实整改并书面报告办理结果。",
                        special=level >= Level.RED,
                    )
            except DomainError:
                continue
            used.add(case.pk)
            made["orders"] += 1
            done += 1

    extras = [c for c in cases if c.pk in used][:6] + [c for c in cases if c.pk not in used][:4]
    for i, case in enumerate(extras):
        leader = _holder_over(case, Role.LEADER)
        sup = _holder_over(case, Role.SUPERVISOR)
        try:
            if leader and i % 2 == 0:
                actions.do_instruct(case, actor=leader, text="高度重视，依法依规尽快查处，及时回应群众关切。")
                made["instructions"] += 1
                actions.do_assign_owner(case, actor=leader, leader=leader)
                actions.do_mark_duty(case, actor=leader, duty="supervise", note="已现场督导")
                made["owners"] += 1
            if (sup or leader) and i % 3 == 0 and not case.is_starred:
                actions.do_star(case, actor=sup or leader, reason="群众反映强烈的重点件")
                made["stars"] += 1
            if sup and i % 3 == 1:
                actions.do_urge(case, actor=sup, text="请加快办理进度，按时限报送办理结果。")
                made["urgings"] += 1
        except DomainError:
            continue

    result = sweep(now)
    counts = {code: 0 for code in LEVEL_CODES.values()}
    for case in cases:
        lvl = _current_level(case, now)
        if lvl >= 0:
            counts[LEVEL_CODES[lvl]] += 1
    stdout.write(
        f"deadlines: {made['orders']} supervision orders, {made['instructions']} instructions, "
        f"{made['owners']} owners, {made['stars']} starred, {made['urgings']} urgings; "
        f"sweep sent {result.notices} notices; board colours: "
        + ", ".join(f"{k} {v}" for k, v in counts.items())
    )
    return {"made": made, "counts": counts}
