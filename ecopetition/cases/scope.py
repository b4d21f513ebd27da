"""The one jurisdiction rule: where a role reaches, as an SQL filter and as a Python check.

Every question "may this person act on / see this case or unit" is answered here, from one
definition, in two forms that are derived from it and cannot drift apart:
`relates()` (Python, for one object in hand) and `relation_q()` (a `Q`, for lists). Nothing else in
the code base writes `path__startswith` (a test reads the source tree for it).

A *relation* links the unit where a user holds a role (the member unit) to a unit of a case:
- "at":    the same unit;
- "over":  the same unit or a unit below it (the member unit is at or above);
- "above": a unit strictly below the member unit, or the member unit itself when it has no parent
  (nobody stands above the top unit, so it reviews its own work).

A *scope* of the transition table names the case's unit the relation is taken on:
- "home":       the registering unit, "over";
- "lead":       the lead unit, "at";
- "above_lead": the lead unit (the registering unit while there is none), "above".

`restrict(user, transition, cases)` is the `Q` of the cases on which `user` may perform the transition as
far as jurisdiction goes (the table adds states and roles); `in_scope()` is its Python twin.

The case models and the transition table use this rule, so it imports neither: it reads cases through
their relations (`case.events`, `case.assignments`) and through the managers its callers hand in.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q

from ecopetition.org import queries as org
from ecopetition.org.models import Role

AT, OVER, ABOVE = "at", "over", "above"

# scope -> (case field of the unit, relation, field used while that one is empty)
SCOPES: dict[str, tuple[str, str, str | None]] = {
    "home": ("unit", OVER, None),
    "lead": ("lead_unit", AT, None),
    "above_lead": ("lead_unit", ABOVE, "unit"),
    # The unit whose supervisor decided the last review (复查) is read from the case's history, not a column:
    # the SQL form applies the same Python relation to the (few) candidate cases.
    "above_reviewer": ("", ABOVE, None),
}


def reviewing_unit(case):
    """The unit whose supervisor decided the case's last review (复查), or the lead unit's parent for a decision
    recorded before the unit was kept."""
    from ecopetition.org.models import Unit

    data = (case.events.filter(action__in=("uphold", "overturn")).order_by("-seq")
            .values_list("data", flat=True).first()) or {}
    unit = Unit.objects.filter(pk=data.get("unit_id")).first() if data.get("unit_id") else None
    if unit is None:
        lead = case.lead_unit or case.unit
        unit = lead.parent or lead
    return unit


# --- the relation, twice -------------------------------------------------------------


def relates(member_unit, unit, relation: str = OVER) -> bool:
    """Python form: does `member_unit` stand in `relation` to `unit`?"""
    if member_unit is None or unit is None:
        return False
    if relation == AT:
        return unit.pk == member_unit.pk
    over = unit.path.startswith(member_unit.path)
    if relation == OVER:
        return over
    if relation == ABOVE:
        return over and (unit.pk != member_unit.pk or unit.parent_id is None)
    raise ValueError(f"unknown relation {relation}")


def _f(field: str, name: str) -> str:
    return f"{field}__{name}" if field else name


def relation_q(member_unit, field: str = "unit", relation: str = OVER) -> Q:
    """SQL form of `relates(member_unit, <the unit at field>, relation)`; field "" is a Unit itself."""
    at = Q(**{_f(field, "pk"): member_unit.pk})
    if relation == AT:
        return at
    over = Q(**{_f(field, "path__startswith"): member_unit.path})
    if relation == OVER:
        return over
    if relation == ABOVE:
        return (over & ~at) | (at & Q(**{_f(field, "parent__isnull"): True}))
    raise ValueError(f"unknown relation {relation}")


# --- unit subtrees (lists of units, areas, dashboards) ------------------------------


def top_paths(units: Iterable) -> list:
    """`units` without those already covered by another unit of the list (the highest ones)."""
    out: list = []
    for u in sorted({u.pk: u for u in units}.values(), key=lambda u: len(u.path)):
        if not any(relates(t, u) for t in out):
            out.append(u)
    return out


def under_q(units, field: str = "unit") -> Q:
    """Rows whose unit at `field` is one of `units` or below one of them (an empty list matches nothing)."""
    if not isinstance(units, (list, tuple, set)):
        units = [units]
    q = Q(pk__in=[])
    for u in top_paths(units):
        q |= relation_q(u, field, OVER)
    return q


def is_under(unit, units) -> bool:
    """Python twin of `under_q`: `unit` is one of `units` or below one."""
    if not isinstance(units, (list, tuple, set)):
        units = [units]
    return any(relates(u, unit) for u in units)


def subtree(unit, **filters):
    """The units at or below `unit`."""
    from ecopetition.org.models import Unit

    return Unit.objects.filter(relation_q(unit, "", OVER), **filters)


def holds(user, role: str, unit, relation: str = OVER) -> bool:
    """The user holds `role` in a unit standing in `relation` to `unit`."""
    return any(m.role == role and relates(m.unit, unit, relation) for m in org.memberships(user))


def reach_q(user, roles=None, field: str = "unit") -> Q:
    """Rows whose unit at `field` lies in the subtree of a unit where `user` holds one of `roles` (any role when
    None); nothing for an anonymous or inactive user; everything for a superuser."""
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return Q()
    return under_q(org.units_with_role(user, roles), field)


# --- cases ------------------------------------------------------------------------------


def _case_unit(case, scope: str):
    field, _relation, fallback = SCOPES[scope]
    if scope == "above_reviewer":
        return reviewing_unit(case)
    unit = getattr(case, field)
    if unit is None and fallback:
        unit = getattr(case, fallback)
    return unit


def in_scope(user, role: str, case, scope: str) -> bool:
    """Python form: the user holds `role` somewhere `scope` reaches `case`."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope}")
    return holds(user, role, _case_unit(case, scope), SCOPES[scope][1])


def scope_q(member_unit, scope: str, prefix: str = "") -> Q:
    """SQL form of `in_scope` for one membership's unit (`prefix` walks from another model to the case)."""
    field, relation, fallback = SCOPES[scope]
    q = relation_q(member_unit, prefix + field, relation)
    if fallback:
        q = (Q(**{prefix + field + "__isnull": False}) & q) | (
            Q(**{prefix + field + "__isnull": True}) & relation_q(member_unit, prefix + fallback, relation))
    return q


def restrict(user, transition, cases) -> Q:
    """The cases on which `user` may perform `transition` as far as jurisdiction goes (netbox's
    `restrict(user, action)`): the union, over the user's memberships in a role of the transition,
    of its scope for that role. The Python check `transitions.check()` asks `in_scope` the same.
    `cases` is `Complaint.objects` (handed in: the models use this rule, so it does not import them)."""
    q = Q(pk__in=[])
    for m in org.memberships(user):
        if m.role not in transition.roles:
            continue
        scope = transition.scope_for(m.role)
        if SCOPES[scope][0]:
            q |= scope_q(m.unit, scope)
        else:  # a unit read from history: the Python relation over the cases in the transition's states
            candidates = cases.filter(state__in=transition.sources).select_related("unit", "lead_unit")
            q |= Q(pk__in=[c.pk for c in candidates if relates(m.unit, _case_unit(c, scope), SCOPES[scope][1])])
    return q


def visible_q(user, assignments) -> Q:
    """The read door (`Complaint.objects.visible_to`): cases registered in, or actively assigned to, a
    unit at or below one of the user's units, whatever the role. Never a sibling's. `assignments` is
    `Assignment.objects` (handed in by the manager: the models use this rule, so it does not import them)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    units = org.units_with_role(user)
    if not units:
        return Q(pk__in=[])
    assigned = assignments.filter(complaint=OuterRef("pk"), active=True).filter(under_q(units, "unit"))
    return under_q(units, "unit") | Q(Exists(assigned))


def units_q(user) -> Q:
    """The units whose cases `user` may read (the unit side of `visible_q`): at or below one of the user's
    units; every unit for a superuser. For pickers and filters by unit."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    return under_q(org.units_with_role(user), "")


def can_see(user, case) -> bool:
    """Python twin of `visible_q` for one case in hand."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    units = org.units_with_role(user)
    if not units:
        return False
    if is_under(case.unit, units):
        return True
    return any(is_under(a.unit, units) for a in case.assignments.filter(active=True).select_related("unit"))


def identity_q(user, grants) -> Q:
    """The cases whose complainants `user` may see unmasked (`privacy.can_see_identity` is the Python
    twin): registered at or below a unit where the user is an intake clerk, or covered by the user's
    `IdentityGrant` (`grants`: its manager, handed in so that this module reads no model). Searches by a
    person, and the free-text search as written, run only inside it."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    granted = Q(pk__in=grants.filter(user=user).values("complaint_id"))
    return granted | under_q(org.units_with_role(user, Role.CLERK), "unit")


def identity_anywhere(user, grants) -> bool:
    """False when `identity_q(user, grants)` can match no case at all (no clerk's role, no grant): a search may
    then leave out what it would match only inside it."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(org.units_with_role(user, Role.CLERK)) or grants.filter(user=user).exists()
