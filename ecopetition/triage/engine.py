"""One triage answer: scope and legal route, categories, sector, division, responsible unit, similar cases.

The model's probabilities and the keyword rules are combined openly: each
suggestion says how sure it is and which words (learned n-grams or rule
keywords) led to it. Bad input (empty, emoji, huge, no place) gets an
answer with low confidence, never an exception.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ecopetition.core import clock

from . import classifier, geo, repeats, rules
from .reading import UNSURE_TEXT, classify, classify_many, think_ahead  # noqa: F401 (what a text says: read there)
from .text import normalize


@dataclass
class TriageInput:
    text: str = ""
    address: str = ""
    lat: float | None = None
    lon: float | None = None
    reported_party_name: str = ""
    reported_party_credit_code: str = ""
    phone: str = ""
    id_number: str = ""
    name: str = ""
    complainant_address: str = ""
    division_hint: str = ""  # the registering unit's division: the prior for the address
    at: dt.datetime | None = None
    exclude_id: int | None = None
    extra_phones: list[str] = field(default_factory=list)


def _float(v):
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if f == f and abs(f) <= 180 else None


def locate(text: str, address: str, lat: float | None, lon: float | None, hint: str = "") -> dict:
    """The division of a complaint: map point, address (the registering unit's division as prior), else the text."""
    division = None
    if lat is not None and lon is not None:
        division = geo.point_division(lat, lon)
    addr = geo.parse_address(address or "", prior=hint) if address else None
    if addr is None or not addr["code"]:
        # People often put the place in the text itself.
        from_text = geo.parse_address(text[:200], prior=hint) if text else None
        if from_text and from_text["code"]:
            from_text["confidence"] = round(from_text["confidence"] * 0.7, 2)
            from_text["source"] = "text"
            addr = from_text
    if division is None or (addr and addr["code"] and len(addr["code"]) > len(division["code"])
                            and addr["code"].startswith(division["code"].rstrip("0")[:4])):
        division = addr if addr and addr["code"] else division
    if division is None:
        division = {"code": "", "name": "", "confidence": 0.0, "source": "", "notes": ["no place found"]}
    return division


def triage(inp: TriageInput, *, visible=None, similar_limit: int = 8) -> dict:
    """The full answer the clerk's form, the API and the command line give."""
    return triage_many([inp], visible=visible, similar_limit=similar_limit)[0]


def triage_many(inputs: list[TriageInput], *, visible=None, similar_limit: int = 8) -> list[dict]:
    """`triage` for several complaints (the command line's chunks): their texts classified together."""
    found = classify_many(inp.text for inp in inputs)
    return [_triage(inp, cls, visible=visible, similar_limit=similar_limit)
            for inp, cls in zip(inputs, found, strict=True)]


def _triage(inp: TriageInput, cls: dict, *, visible, similar_limit: int) -> dict:
    lat, lon = _float(inp.lat), _float(inp.lon)
    if lat is not None and not -90 <= lat <= 90:
        lat = None
    division = locate(inp.text, inp.address, lat, lon, inp.division_hint)
    div_code = division["code"] or ""
    routed = rules.route(div_code or inp.division_hint, cls["categories"], cls["sector"], normalize(inp.text)) \
        if cls["in_scope"] else rules.RouteAnswer(None, None, "not an eco-environment matter")
    probe = repeats.Probe(
        text=inp.text, phones=[p for p in [inp.phone, *inp.extra_phones] if p],
        id_numbers=[inp.id_number] if inp.id_number else [],
        names_addresses=[(inp.name, inp.complainant_address)] if inp.name and inp.complainant_address else [],
        party=inp.reported_party_name, credit_code=inp.reported_party_credit_code, lat=lat, lon=lon,
        address=inp.address, unit=str(routed.unit.pk) if routed.unit else "",
    )
    similar = repeats.find_similar(probe, at=inp.at or clock.now(), exclude_id=inp.exclude_id,
                                   visible=visible, limit=similar_limit)
    unit = routed.unit
    return {
        **cls,
        "division_code": div_code,
        "division_name": division.get("name", ""),
        "division_confidence": division.get("confidence", 0.0),
        "division_source": division.get("source", ""),
        "division_notes": division.get("notes", []),
        "unit": unit.code if unit else "",
        "unit_id": unit.pk if unit else None,
        "unit_name": unit.name if unit else "",
        "rule": routed.rule_label,
        "rule_id": routed.rule.pk if routed.rule else None,
        "rule_note": routed.note,
        "similar": [m.as_dict() for m in similar],
        "reported_party": inp.reported_party_name or next(iter(repeats.parties_in_text(inp.text, raw=True)), ""),
        "reported_party_given": bool(inp.reported_party_name),
        "is_repeat": any(m.score >= repeats.THRESHOLD for m in similar),
    }


def public_answer(result: dict) -> dict:
    """The JSON the API and the command line print (no internal ids)."""
    keep = ("scope", "scope_label", "emergency", "emergency_p", "emergency_why", "in_scope", "in_scope_p", "route_code", "route", "categories", "category_scores", "sector", "sector_p",
            "sector_why", "scope_why", "confidence", "notes", "division_code", "division_name",
            "division_confidence", "division_source", "division_notes", "unit", "unit_name", "rule", "is_repeat",
            "reported_party")
    out = {k: result.get(k) for k in keep}
    out["similar"] = [{k: v for k, v in s.items() if k != "id"} for s in result.get("similar", [])]
    return out


def evaluate(model: classifier.TriageModel, rows: list[dict]) -> dict:
    """In-scope accuracy, route accuracy, sector accuracy, category micro-F1 on labelled rows."""
    n = ok = route_n = route_ok = sec_n = sec_ok = tp = fp = fn = 0
    for r in rows:
        res = classify(r["text"], model=model)
        n += 1
        ok += res["in_scope"] == bool(r["in_scope"])
        if not r["in_scope"]:
            route_n += 1
            route_ok += res["route_code"] == r.get("route")
        else:
            sec_n += 1
            sec_ok += (res["sector"] or "") == r.get("sector")
            got = set(res["categories"])
            want = set(r.get("categories") or [])
            tp += len(got & want)
            fp += len(got - want)
            fn += len(want - got)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"rows": n, "in_scope_accuracy": ok / n if n else 0.0,
            "route_accuracy": route_ok / route_n if route_n else 0.0,
            "sector_accuracy": sec_ok / sec_n if sec_n else 0.0, "category_f1": f1}
