"""Who holds which role where: the questions every permission check asks."""

from __future__ import annotations

from collections.abc import Iterable

from .models import ApiToken, Membership, Role, TokenScope, Unit


def bearer_token(request) -> ApiToken | None:
    """The active JSON API token (scope `api`) of the request's `Authorization: Bearer` header, with its
    user, read once per request: the inspector guard and the API's authentication both ask. An Open311
    key is no bearer token: None for it, as for an unknown one."""
    try:
        return request._ecopetition_bearer
    except AttributeError:
        pass
    row = None
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        row = ApiToken.find(header[7:], TokenScope.API)
    request._ecopetition_bearer = row
    return row


def memberships(user) -> list[Membership]:
    """The user's role assignments, read once per user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_ecopetition_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user, unit__active=True).select_related("unit"))
        user._ecopetition_memberships = cached
    return cached


def roles_of(user) -> set[str]:
    return {m.role for m in memberships(user)}


def units_with_role(user, roles: Iterable[str] | str | None = None) -> list[Unit]:
    """Units in which the user holds one of `roles` (any role when None)."""
    if isinstance(roles, str):
        roles = {roles}
    wanted = None if roles is None else set(roles)
    seen: dict[int, Unit] = {}
    for m in memberships(user):
        if wanted is None or m.role in wanted:
            seen.setdefault(m.unit_id, m.unit)
    return list(seen.values())


def holds_role_over(user, role: str, unit: Unit | None) -> bool:
    """True when the user holds `role` in `unit` or in a unit above it."""
    if unit is None:
        return False
    return any(m.role == role and unit.path.startswith(m.unit.path) for m in memberships(user))


def holds_role_at(user, role: str, unit: Unit | None) -> bool:
    """True when the user holds `role` in exactly `unit`."""
    return unit is not None and any(m.role == role and m.unit_id == unit.pk for m in memberships(user))


def is_admin(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or Role.ADMIN in roles_of(user)


def forget(user) -> None:
    """Drop the cached memberships (after they change)."""
    if hasattr(user, "_ecopetition_memberships"):
        del user._ecopetition_memberships


def has_active_clerk(unit: Unit) -> bool:
    """An active intake clerk works in this (active) unit: only such a unit may be an intake target."""
    return Membership.objects.filter(unit=unit, role=Role.CLERK, user__is_active=True, unit__active=True).exists()


def division_name(code: str) -> str:
    """The place a division code (行政区划代码) stands for, named by the unit that covers it most closely
    (a town's, else its county's); "" when no unit does. Pages show this name, never the bare code."""
    code = (code or "").strip()
    if not code.isdigit():
        return ""
    prefixes = [code[:n] for n in (12, 9, 6) if len(code) >= n]
    found = dict(Unit.objects.filter(division_code__in=prefixes).exclude(kind="department")
                 .values_list("division_code", "name"))
    return next((found[p] for p in prefixes if p in found), "")
