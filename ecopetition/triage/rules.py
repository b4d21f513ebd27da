"""Keyword and routing rules read from the database, cached per process for a short while.

Routing: the first active rule (by order) whose division prefix, category,
sector and keywords all match chooses the unit; the answer says which rule.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ecopetition.org.models import Unit, UnitKind

from .models import KeywordRule, RoutingRule

TTL = 30.0
_cache: dict[str, tuple[float, object]] = {}


def _cached(name: str, load):
    hit = _cache.get(name)
    now = time.monotonic()
    if hit is not None and now - hit[0] < TTL:
        return hit[1]
    value = load()
    _cache[name] = (now, value)
    return value


def forget() -> None:
    _cache.clear()


def on_change(sender, **kwargs) -> None:
    forget()


def town_units() -> dict[str, list[tuple[str, str]]]:
    """Active town units by their county's code: [(name, division code)] in the tree's order."""
    def load():
        out: dict[str, list[tuple[str, str]]] = {}
        for name, code in Unit.objects.filter(kind=UnitKind.TOWN, active=True).order_by("path").values_list(
                "name", "division_code"):
            out.setdefault(code[:6], []).append((name, code))
        return out

    return _cached("towns", load)


@dataclass(frozen=True)
class KwRule:
    id: int
    kind: str
    target: str
    words: tuple[str, ...]
    weight: float


def keyword_rules() -> list[KwRule]:
    def load():
        return [KwRule(r.pk, r.kind, r.target, tuple(w.lower() for w in r.words()), max(0.0, min(1.0, r.weight)))
                for r in KeywordRule.objects.filter(active=True)]

    return _cached("kw", load)


def matches(rule_words, text: str) -> list[str]:
    return [w for w in rule_words if w in text]


def routing_rules() -> list[RoutingRule]:
    return _cached("routing", lambda: list(RoutingRule.objects.filter(active=True).select_related("unit")))


# --- units -----------------------------------------------------------------

def division_prefix(code: str) -> str:
    """320900 → 3209, 320000 → 32, 320902 → 320902, 320902001 → 320902001: what a unit's area covers."""
    code = code or ""
    if len(code) == 6:
        if code.endswith("0000"):
            return code[:2]
        if code.endswith("00"):
            return code[:4]
    if len(code) in (9, 12):
        return code.rstrip("0") if len(code.rstrip("0")) > 6 else code[:6]
    return code


@dataclass
class UnitIndex:
    governments: list[Unit]  # non-department units, most specific first
    departments: dict[tuple[int, str], Unit]  # (parent id, department type) → unit


def unit_index() -> UnitIndex:
    def load():
        units = list(Unit.objects.filter(active=True))
        gov = [u for u in units if u.kind != UnitKind.DEPARTMENT]
        gov.sort(key=lambda u: (-len(division_prefix(u.division_code)), -u.level, u.pk))
        depts = {}
        for u in units:
            if u.kind == UnitKind.DEPARTMENT and u.parent_id:
                depts.setdefault((u.parent_id, u.department_type), u)
        return UnitIndex(gov, depts)

    return _cached("units", load)


def government_for(division: str, kinds=None) -> list[Unit]:
    """Government units whose area contains `division`, most specific first."""
    if not division:
        return []
    return [u for u in unit_index().governments
            if division.startswith(division_prefix(u.division_code)) and (kinds is None or u.kind in kinds)]


@dataclass
class RouteAnswer:
    unit: Unit | None
    rule: RoutingRule | None
    note: str = ""

    @property
    def rule_label(self) -> str:
        return str(self.rule) if self.rule else ""


def _rule_matches(rule: RoutingRule, division: str, categories: list[str], sector: str, text: str) -> bool:
    if rule.division_prefix and not (division or "").startswith(rule.division_prefix):
        return False
    if rule.category and rule.category not in categories:
        return False
    if rule.sector and rule.sector != sector:
        return False
    words = rule.words()
    return not (words and not any(w in text for w in words))


def resolve(rule: RoutingRule, division: str) -> tuple[Unit | None, str]:
    if rule.target == RoutingRule.Target.UNIT:
        return rule.unit, ""
    govs = government_for(division)
    if rule.target == RoutingRule.Target.TOWN:
        towns = [u for u in govs if u.kind == UnitKind.TOWN]
        if towns:
            return towns[0], ""
        if govs:
            return govs[0], "no town unit for this division: its nearest government"
        return None, "no unit serves this division"
    idx = unit_index()
    for g in govs:
        dept = idx.departments.get((g.pk, rule.department_type))
        if dept is not None:
            return dept, ""
    return None, "no such department serves this division"


def route(division: str, categories: list[str], sector: str, text: str) -> RouteAnswer:
    text = (text or "").lower()
    for rule in routing_rules():
        if _rule_matches(rule, division, categories, sector, text):
            unit, note = resolve(rule, division)
            if unit is not None:
                return RouteAnswer(unit, rule, note)
    return RouteAnswer(None, None, "no rule matched")
