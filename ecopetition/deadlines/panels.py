"""Case-page panels: every clock on the case, and its supervision (orders, instructions, owner, urging)."""

from __future__ import annotations

from ecopetition.cases import scope as jurisdiction
from ecopetition.cases.models import OPEN_STATES
from ecopetition.org import queries as org
from ecopetition.org.models import Role

from . import actions, queries
from .models import ClockNotice, Duty, Ownership


def clock_panel(request, case):
    rows = queries.case_clocks(case)
    if not rows:
        return None
    return {"rows": rows}


def supervision_panel(request, case):
    user = request.user
    orders = list(case.supervision_orders.select_related("unit", "issued_by"))
    instructions = list(case.instructions.select_related("leader"))
    owner = Ownership.objects.filter(complaint=case, active=True).select_related("leader").first()
    urgings = list(case.urgings.select_related("by")[:10])
    notices = list(ClockNotice.objects.filter(complaint=case).select_related("clock").order_by("-sent_at", "-id")[:20])
    is_open = case.state in OPEN_STATES
    can_supervise = is_open and actions.may_supervise(user, case)
    is_leader = is_open and actions.may_supervise(user, case, (Role.LEADER,))
    answerable = [o for o in orders if not o.responded_at and any(
        org.holds_role_at(user, r, o.unit) for r in (Role.OFFICER, Role.LEADER, Role.DISPATCHER))]
    if not (orders or instructions or owner or urgings or notices or can_supervise or answerable or case.is_starred):
        return None
    return {
        "case": case, "orders": orders, "instructions": instructions, "owner": owner, "urgings": urgings, "notices": notices,
        "can_supervise": can_supervise, "is_leader": is_leader, "answerable": answerable,
        "leaders": actions.leaders_over(case) if is_leader else [],
        "units": _order_units(case) if can_supervise else [],
        "duties": owner.duty_rows() if owner else [],
        "is_owner": owner is not None and owner.leader_id == user.pk,
        "duty_choices": Duty.choices,
    }


def _order_units(case):

    return list(jurisdiction.subtree(case.unit, active=True).order_by("path")[:200])
