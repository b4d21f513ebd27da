"""Every complaint reaches a clerk who can act: which unit files a complaint that came in by itself.

The portal, Open311, the API and imports take complaints from a whole area. Each is filed to the unit
responsible for its place (the map point, else the division code given, else the address as read), among the
units that have an active intake clerk, inside the area the channel serves. A complaint whose place cannot be
read stays at the channel's own intake unit and is marked unrouted, so the clerks there and above see it first.
A unit with no active clerk is never an intake target.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ecopetition.org import queries as org
from ecopetition.org.models import DepartmentType, Role, Unit

# How sure a reading must be before a complaint is filed on it rather than left for a clerk to place.
MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Route:
    unit: Unit
    division_code: str  # the place's code as read ("" when unread)
    reason: str  # in words, for the case page
    confidence: float
    unrouted: bool
    read: bool = True  # False: only one unit could file it, no place was read (nothing worth recording)


def coverage_prefix(code: str) -> str:
    """The leading digits every place inside a division's area shares: 320000 -> 32, 320900 -> 3209."""
    code = (code or "").strip()
    if len(code) != 6:
        return code
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def clerk_units(within: Unit | None = None) -> list[Unit]:
    """Active units with at least one active intake clerk (inside `within`, or `within` itself, when given)."""
    qs = Unit.objects.filter(active=True, memberships__role=Role.CLERK, memberships__user__is_active=True)
    units = list(qs.distinct().order_by("path"))
    return [u for u in units if within is None or u.is_within(within)]


has_active_clerk = org.has_active_clerk


def responsible_unit(code: str, candidates: list[Unit]) -> Unit | None:
    """The candidate whose area contains the place most narrowly; the eco-environment bureau first, then the
    higher unit (a county government before its town), then the earlier one."""
    best = None
    best_key = None
    for u in candidates:
        prefix = coverage_prefix(u.division_code)
        if not prefix or not code.startswith(prefix):
            continue
        key = (-len(prefix), u.department_type != DepartmentType.ECO, u.level, u.path)
        if best_key is None or key < best_key:
            best, best_key = u, key
    return best


def read_place(*, division_code: str = "", lat=None, lon=None, address: str = "", prior: str = "") -> dict:
    """The place's division: the map point first, then a code given, then the address (the costliest)."""
    from ecopetition.triage import geo

    if lat is not None and lon is not None:
        hit = geo.point_division(lat, lon)
        if hit:
            return {"code": hit["code"], "name": hit.get("name", ""), "confidence": hit["confidence"],
                    "source": "map"}
    if division_code:
        return {"code": division_code, "name": "", "confidence": 1.0, "source": "given"}
    if address and address.strip():
        parsed = geo.parse_address(address, prior=prior)
        return {"code": parsed["code"], "name": parsed["name"], "confidence": parsed["confidence"],
                "source": "address"}
    return {"code": "", "name": "", "confidence": 0.0, "source": "none"}


def route(*, fallback: Unit, division_code: str = "", lat=None, lon=None, address: str = "",
          candidates: list[Unit] | None = None) -> Route:
    """The unit that files the complaint, inside the `fallback` unit's area (the channel's own intake unit).
    `candidates`: `clerk_units(within=fallback)` when the caller already read them (an import routes every
    row with one reading)."""
    if candidates is None:
        candidates = clerk_units(within=fallback)
    if len(candidates) <= 1 and not division_code and lat is None:
        # Only one place it can go: no reading needed (and none paid for). A candidate has a clerk already.
        only = candidates[0] if candidates else intake_fallback(fallback)
        return Route(only, "", _("Filed by the channel's intake unit."), 1.0, False, read=False)
    place = read_place(division_code=division_code, lat=lat, lon=lon, address=address,
                       prior=fallback.division_code)
    code, conf = place["code"], place["confidence"]
    if not code or conf < MIN_CONFIDENCE:
        why = (_("The place could not be read: a clerk places the complaint.") if not code else
               _("The place was read with low confidence (%(name)s): a clerk checks it.") % {
                   "name": place["name"] or code})
        return Route(intake_fallback(fallback), code, why, conf, True)
    if not code.startswith(coverage_prefix(fallback.division_code)):
        return Route(intake_fallback(fallback), code,
                     _("The place (%(name)s) lies outside the area this channel serves: a clerk refers or places it.")
                     % {"name": place["name"] or code}, conf, True)
    target = responsible_unit(code, candidates)
    if target is None:
        return Route(intake_fallback(fallback), code,
                     _("No unit with an intake clerk serves %(name)s: a clerk places the complaint.")
                     % {"name": place["name"] or code}, conf, True)
    source = {"map": _("the map point"), "given": _("the division code given"),
              "address": _("the address")}[place["source"]]
    return Route(target, code, _("Filed by %(unit)s, responsible for %(name)s (read from %(source)s).") % {
        "unit": target.name, "name": place["name"] or code, "source": source}, conf, False)


def intake_fallback(unit: Unit) -> Unit:
    """`unit` when it has an active clerk; else the nearest unit above it with one; else the first below it."""
    node = unit
    while node is not None:
        if has_active_clerk(node):
            return node
        node = node.parent
    below = clerk_units(within=unit)
    return below[0] if below else unit
