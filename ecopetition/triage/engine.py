"""One triage answer: scope and legal route, categories, sector, division, responsible unit, similar cases.

The model's probabilities and the keyword rules are combined openly: each
suggestion says how sure it is and which words (learned n-grams or rule
keywords) led to it. Bad input (empty, emoji, huge, no place) gets an
answer with low confidence, never an exception.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field

from ecopetition.core import clock

from . import classifier, geo, repeats, rules
from . import emergency as emergency_rules
from .routes import ROUTES, route_text
from .text import normalize

CATEGORY_THRESHOLD = 0.5
# Scope bands, chosen on the held-out quarter of the written messages (never on the independent sets):
# "ours" needs p >= OURS and positive evidence of a pollution matter; below NOT_OURS the message goes its
# legal route; in between (or "ours" by the model without evidence) a clerk decides.
OURS, NOT_OURS = 0.5, 0.3
UNSURE_TEXT = "不确定——由登记员判断"

# Positive evidence of an environmental matter under the bureau's remit (pollution, its effects, its sources).
_EVIDENCE = re.compile(
    r"污染|排放|排污|偷排|直排|乱排|废气|废水|污水|臭水|黑水|噪音|噪声|吵|嘈|震|打桩|施工|臭|异味|气味|味道|刺鼻|呛|熏|油烟|"
    r"扬尘|粉尘|灰尘|烟尘|黑烟|黄烟|冒烟|浓烟|烟囱|死鱼|鱼.{0,4}死|泄漏|泄露|洩|爆炸|起火|辐射|放射|基站|固废|危废|废渣|废料|"
    r"废油|污泥|粪|焚烧|烧.{0,4}(垃圾|秸秆|塑料|电线|轮胎)|倾倒|倒.{0,4}垃圾|建筑垃圾|尾矿|采砂|挖沙|湿地|保护区|水源|"
    r"乱砍|毁林|水土流失|蓝藻|发臭|发黑|河水|水质|井水|自来水.{0,6}(味|色)|泡沫|油污|重金属|土壤|噁英|喷漆|"
    r"廢|汙|噪|氣味|臭氣|音响|广场舞|低音炮|煤灰|医疗垃圾|针头|又.{0,4}排|往.{0,6}排|偷偷.{0,2}排|死过.{0,2}鱼|"
    r"环保|环境|生态|污|黑臭|恶臭|垃圾|尘|烟|毒|渣|废|排(出|到|进|入)|流(入|进)|鸣笛|音量|分贝|轰鸣|振动|光污染|强光|电磁"
)


# Texts worked out ahead for the batch the outbox is about to take (`think_ahead`), outside its transaction; the
# next batch's replace them, so nothing outlives a change of the keyword rules by more than one batch.
_ahead: dict[str, dict] = {}


def think_ahead(texts) -> None:
    """Classify these texts now, for `classify` to answer from when the batch's consumers ask (the outbox's
    prepare step: on SQLite the consumers run inside the transaction that holds the write lock)."""
    todo = [t for t in dict.fromkeys(texts) if t]
    done = dict(zip(todo, _classify_many(todo), strict=True))
    _ahead.clear()
    _ahead.update(done)


def classify(text: str, *, model=None) -> dict:
    """Scope, route, categories and sector of a text: the model and the keyword rules together."""
    return classify_many([text], model=model)[0]


def classify_many(texts, *, model=None) -> list[dict]:
    """`classify` for several texts, with one prediction of the model for all of them (a batch costs far less
    than its texts one by one)."""
    texts = list(texts)
    known = {t: copy.deepcopy(_ahead[t]) for t in texts if model is None and t in _ahead}
    todo = [t for t in dict.fromkeys(texts) if t not in known]
    found = dict(zip(todo, _classify_many(todo, model=model), strict=True))
    out, given = [], set()
    for t in texts:
        answer = known.get(t) or found[t]
        out.append(copy.deepcopy(answer) if t in given else answer)  # a text given twice: two answers, not one
        given.add(t)
    return out


def _classify_many(texts: list[str], *, model=None) -> list[dict]:
    if not texts:
        return []
    model = model or classifier.get_model()
    return [_with_rules(text, pred) for text, pred in zip(texts, model.predict_many(texts), strict=True)]


def _with_rules(text: str, pred: dict) -> dict:
    """One text's answer from the model's prediction and the keyword rules."""
    norm = normalize(text)
    short = pred["length"] < 4
    p_in = pred["in_scope_p"]
    why_scope = [{"term": t, "source": "model"} for t in pred["scope_terms"]]
    route_votes: dict[str, float] = {}
    cat_p = {c["code"]: c["p"] for c in pred["categories"]}
    cat_terms = {c["code"]: [{"term": t, "source": "model"} for t in c["terms"]] for c in pred["categories"]}
    sector = pred.get("sector") or {"code": "", "p": 0.0, "terms": [], "alternatives": []}
    sec_p = {sector["code"]: sector["p"], **{a["code"]: a["p"] for a in sector.get("alternatives", [])}}
    sec_terms = {sector["code"]: [{"term": t, "source": "model"} for t in sector["terms"]]}
    for rule in rules.keyword_rules():
        hit = rules.matches(rule.words, norm)
        if not hit:
            continue
        w = rule.weight
        mark = [{"term": h, "source": "rule", "rule": rule.id} for h in hit[:3]]
        if rule.kind == "out_of_scope":
            p_in = p_in * (1 - w)
            route_votes[rule.target] = max(route_votes.get(rule.target, 0.0), w)
            why_scope += mark
        elif rule.kind == "in_scope":
            p_in = p_in + (1 - p_in) * w
            why_scope += mark
        elif rule.kind == "category" and rule.target:
            cat_p[rule.target] = 1 - (1 - cat_p.get(rule.target, 0.0)) * (1 - w)
            cat_terms.setdefault(rule.target, []).extend(mark)
        elif rule.kind == "sector" and rule.target:
            sec_p[rule.target] = sec_p.get(rule.target, 0.0) + w * (1 - sec_p.get(rule.target, 0.0))
            sec_terms.setdefault(rule.target, []).extend(mark)
    evidence = [m.group(0) for m in _EVIDENCE.finditer(norm[:MAX_EVIDENCE_CHARS])] if not short else []
    if short:
        scope = "unsure"  # with nothing to go on, a person decides
    elif p_in >= OURS and (evidence or p_in >= 0.9):
        scope = "ours"
    elif p_in < NOT_OURS and not (evidence and p_in >= NOT_OURS / 2):
        scope = "not_ours"
    else:
        scope = "unsure"
    if evidence:
        why_scope.insert(0, {"term": "、".join(dict.fromkeys(evidence))[:30], "source": "evidence"})
    in_scope = scope == "ours"
    route_code, route_p = "", 0.0
    if scope != "ours":  # unsure too: the likeliest route, for the clerk who decides
        model_route = pred.get("route") or {}
        votes = dict(route_votes)
        if model_route.get("code"):
            votes[model_route["code"]] = max(votes.get(model_route["code"], 0.0), model_route["p"])
        if votes:
            route_code, route_p = max(votes.items(), key=lambda kv: kv[1])
        route_code = route_code if route_code in ROUTES else "other_gov"
    cats = sorted(((c, p) for c, p in cat_p.items() if p >= CATEGORY_THRESHOLD), key=lambda cp: -cp[1])
    if in_scope and not cats and cat_p and not short:
        top = max(cat_p.items(), key=lambda cp: cp[1])
        if top[1] >= 0.25:
            cats = [top]
    sec_code, sec_conf = max(sec_p.items(), key=lambda kv: kv[1]) if sec_p else ("", 0.0)
    scope_conf = p_in if in_scope else 1 - p_in
    if scope == "unsure":
        scope_conf = min(scope_conf, 0.5)
    confidence = scope_conf * (0.15 if short else 1.0)
    if pred["length"] < 10:
        confidence *= 0.6
    emerg = emergency_rules.detect(norm, model_p=pred.get("emergency_p"), model_terms=pred.get("emergency_terms"),
                                   keywords=_emergency_keywords())
    if emerg["emergency"] and scope != "ours":
        scope, in_scope, route_code, route_p = "ours", True, "", 0.0  # a probable emergency is always looked at
    notes = ["too little text to judge"] if short else []
    if scope == "unsure":
        notes.append(UNSURE_TEXT)
    return {
        "scope": scope,
        "scope_label": SCOPE_LABELS[scope],
        **emerg,
        "in_scope": bool(in_scope),
        "in_scope_p": round(p_in, 3),
        "route_code": route_code,
        "route": route_text(route_code) if route_code else "",
        "route_p": round(route_p, 3),
        "categories": [c for c, _p in cats] if in_scope else [],
        "category_scores": [{"code": c, "p": round(p, 3), "why": cat_terms.get(c, [])[:5]}
                            for c, p in sorted(cat_p.items(), key=lambda cp: -cp[1])[:4]],
        "sector": sec_code if in_scope and not short else "",
        "sector_p": round(min(sec_conf, 1.0), 3),
        "sector_why": sec_terms.get(sec_code, [])[:5],
        "scope_why": why_scope[:6],
        "confidence": round(confidence, 3),
        "notes": notes,
    }


MAX_EVIDENCE_CHARS = 4000
SCOPE_LABELS = {"ours": "属于生态环境部门职责", "not_ours": "不属于生态环境部门职责", "unsure": UNSURE_TEXT}


def _emergency_keywords() -> list[str]:
    """The bureau's editable keyword list (oversight), read at most once a minute; one signal among several."""
    import time

    hit = _kw_cache.get("terms")
    if hit is not None and time.monotonic() - _kw_cache["at"] < 60:
        return hit
    try:
        source = emergency_rules.keyword_source  # oversight's reader, set at start-up
        terms = [normalize(t) for t in source()] if source is not None else []
    except Exception:  # no database (command line without one): the rules and the model still answer
        terms = []
    _kw_cache.update(terms=terms, at=time.monotonic())
    return terms


_kw_cache: dict = {}


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
        address=inp.address,
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
