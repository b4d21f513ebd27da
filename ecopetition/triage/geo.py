"""Where a complaint is: address text → division code (jionlp, checked against cpca), map point → division (boundaries).

jionlp prints a banner when imported and loads ~200 MB of place names on its
first parse, so it is imported lazily, once per process, with its output
swallowed. Codes come from jionlp's own dictionary (county level) and are
checked against cpca's adcodes; a town found by name is mapped to a town unit
of the register when one exists (neither package carries town codes).
The registering unit's division is the prior: an answer in another province
is never taken silently, its confidence drops and the answer says why.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import math
import threading
import time

from .text import meaningful_length, normalize

log = logging.getLogger(__name__)
_lock = threading.Lock()
_jio = None
_dict = None


def _jionlp():
    global _jio, _dict
    if _jio is None:
        with _lock:
            if _jio is None:
                sink = io.StringIO()
                with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                    import jionlp
                    from jionlp.dictionary.dictionary_loader import china_location_loader
                    from jionlp.gadget import location_parser

                    _dict = china_location_loader(detail=True)
                    # The parser reads the same dictionary (only reads it): hand it this one rather than have it
                    # read the file again (1.2 s of every start).
                    location_parser.china_location_loader = lambda detail=False: (
                        _dict if detail else china_location_loader(detail=detail))
                    try:
                        jionlp.parse_location("江苏省盐城市亭湖区", town_village=True)  # load its dictionary now
                    finally:
                        location_parser.china_location_loader = china_location_loader
                    _compile_gazetteer(jionlp.parse_location)
                _jio = jionlp
    return _jio


class _Entries:
    """jionlp's parser seen with only some of its entries (the rest of it unchanged)."""

    def __init__(self, parser, entries: list):
        self.administrative_map_list = entries
        self._parser = parser

    def __getattr__(self, name):
        return getattr(self._parser, name)


def _compile_gazetteer(parser) -> None:
    """Make jionlp's candidate search cheap, with the same answers. Its `get_candidates` tests every name of
    every one of its ~5,000 entries against the text (8 ms an address, most of a triage); an entry counts only
    when one of its names occurs in the text, so the search is run on those entries alone, in their order,
    found through an index of all the names (the text's substrings of the names' lengths looked up)."""
    original = type(parser).get_candidates

    def build(entries: list) -> tuple:
        by_name: dict[str, list[int]] = {}
        for i, entry in enumerate(entries):
            for pair in entry[1:4]:
                for name in pair:
                    if name is not None:
                        by_name.setdefault(name, []).append(i)
        return entries, by_name, sorted({len(n) for n in by_name})

    index = [build(parser.administrative_map_list)]  # replaced whole, so a thread never reads half of one

    def get_candidates(location_text):
        if index[0][0] is not parser.administrative_map_list:  # jionlp rebuilds its list when it prepares again
            index[0] = build(parser.administrative_map_list)
        entries, by_name, lengths = index[0]
        hit: set[int] = set()
        n = len(location_text)
        for i in range(n):
            for size in lengths:
                if i + size > n:
                    break
                found = by_name.get(location_text[i:i + size])
                if found is not None:
                    hit.update(found)
        return original(_Entries(parser, [entries[i] for i in sorted(hit)]), location_text)

    parser.get_candidates = get_candidates


def location_tree() -> dict:
    _jionlp()
    return _dict


_prefixes: frozenset[str] | None = None


def place_prefixes() -> frozenset[str]:
    """Province, city and county names, full and short (江苏省, 江苏, 盐城市, 盐城...), to strip from party names."""
    global _prefixes
    if _prefixes is None:
        names: set[str] = set()

        def add(name: str, node) -> None:
            names.add(name)
            if isinstance(node, dict) and isinstance(node.get("_alias"), str):
                names.add(node["_alias"])
            short = name.rstrip("省市县区")
            if len(short) >= 2:
                names.add(short)

        for pname, prov in location_tree().items():
            add(pname, prov)
            for cname, city in prov.items():
                if cname.startswith("_") or not isinstance(city, dict):
                    continue
                add(cname, city)
                for kname, county in city.items():
                    if not kname.startswith("_") and isinstance(county, dict):
                        add(kname, county)
        _prefixes = frozenset(n for n in names if 2 <= len(n) <= 5)
    return _prefixes


_paths: dict[str, frozenset[tuple[str, ...]]] | None = None


def admin_paths() -> dict[str, frozenset[tuple[str, ...]]]:
    """Each province, city and county name (full, short, alias) → the (province, city, county) paths it may name,
    cut at its own level: 东台市 → {(江苏省, 盐城市, 东台市)}, 盐城 → {(江苏省, 盐城市)}. Two addresses whose paths
    never meet (亭湖区 vs 东台市) are in different places whatever their street names."""
    global _paths
    if _paths is None:
        out: dict[str, set[tuple[str, ...]]] = {}

        def add(name: str, node, path: tuple[str, ...]) -> None:
            names = {name, name.rstrip("省市县区")}
            if isinstance(node, dict) and isinstance(node.get("_alias"), str):
                names.add(node["_alias"])
            for n in names:
                if 2 <= len(n) <= 5:
                    out.setdefault(n, set()).add(path)

        for pname, prov in location_tree().items():
            add(pname, prov, (pname,))
            for cname, city in prov.items():
                if cname.startswith("_") or not isinstance(city, dict):
                    continue
                add(cname, city, (pname, cname))
                for kname, county in city.items():
                    if not kname.startswith("_") and isinstance(county, dict):
                        add(kname, county, (pname, cname, kname))
        _paths = {k: frozenset(v) for k, v in out.items()}
    return _paths


def _code_of(province: str | None, city: str | None, county: str | None) -> tuple[str, int]:
    """(6-digit code, level reached: 0 none, 1 province, 2 city, 3 county) from jionlp's dictionary."""
    tree = location_tree()
    if not province or province not in tree:
        return "", 0
    node = tree[province]
    code, level = node.get("_admin_code", ""), 1
    if city and city in node:
        node = node[city]
        code, level = node.get("_admin_code", code), 2
        if county and county in node:
            code, level = node[county].get("_admin_code", code), 3
    elif county:
        # Municipalities and county-level cities directly under a province.
        for key, sub in node.items():
            if not key.startswith("_") and isinstance(sub, dict) and county in sub:
                code, level = sub[county].get("_admin_code", code), 3
                break
    return code or "", level


def _county_in(prefix: str, county: str) -> str:
    """The code of a county named `county` inside the area `prefix` (e.g. the registering unit's province)."""
    tree = location_tree()
    for prov in tree.values():
        if not isinstance(prov, dict) or not str(prov.get("_admin_code", "")).startswith(prefix[:2]):
            continue
        for city_name, city in prov.items():
            if city_name.startswith("_") or not isinstance(city, dict):
                continue
            for name, node in city.items():
                if name.startswith("_") or not isinstance(node, dict):
                    continue
                short = {name, *(node.get("_alias") or [])} if isinstance(node.get("_alias"), list) else {name}
                code = str(node.get("_admin_code", ""))
                if county in short and code.startswith(prefix):
                    return code
    return ""


def _cpca_code(text: str) -> str:
    try:
        import cpca

        df = cpca.transform([text])
        code = df.iloc[0]["adcode"]
        return "" if code is None or (isinstance(code, float) and math.isnan(code)) else str(code)
    except Exception:  # a parser failure must never break triage
        log.exception("cpca failed")
        return ""


def _town_unit(code: str, town: str | None) -> str:
    """A town unit of the register below county `code` whose name starts with the town's name."""
    if not town or len(code) != 6:
        return ""
    from .rules import town_units  # read once for all addresses, cached like the rules

    short = town.rstrip("镇乡街道")
    for name, division_code in town_units().get(code, []):
        if name.startswith(short) or short and short in name:
            return division_code
    return ""


CACHE_SIZE = 20000
_stats = {"hits": 0, "calls": 0}


def parse_address(address: str, *, prior: str = "") -> dict:
    """Division of an address: {code, name, level, confidence, town, notes}. `prior`: the registering unit's code.

    Answers are cached per process (addresses recur: the same villages, estates and roads).
    """
    text = normalize(address)[:300]
    _stats["calls"] += 1
    before = _parse_cached.cache_info().hits
    out = _parse_cached(text, prior)
    _stats["hits"] += _parse_cached.cache_info().hits - before
    return {**out, "notes": list(out["notes"])}


def cache_stats() -> dict:
    return dict(_stats)


@functools.lru_cache(maxsize=CACHE_SIZE)
def _parse_cached(text: str, prior: str) -> dict:
    out = {"code": "", "name": "", "level": 0, "confidence": 0.0, "town": "", "notes": [], "source": "address"}
    if meaningful_length(text) < 2:
        out["notes"].append("no address given")
        return out
    jio = _jionlp()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            loc = jio.parse_location(text, town_village=True)
    except Exception:
        log.exception("jionlp could not parse %r", text[:50])
        loc = {}
    province, city, county, town = (loc.get(k) for k in ("province", "city", "county", "town"))
    code, level = _code_of(province, city, county)
    named_in_text = any(x and (x in text or x.rstrip("省市区县") in text) for x in (province, city))
    if not code and county:
        # A district name alone (朝阳区 exists in several cities): prefer the registering unit's province.
        home = _county_in(prior[:2], county) if prior else ""
        anywhere = home or _county_in("", county)
        if anywhere:
            out["notes"].append(f"only the district {county} is named" + ("" if home else ": it may be elsewhere"))
            names = [county, town] if town else [county]
            out.update(code=anywhere, name="".join(x for x in names if x), level=3,
                       confidence=0.5 if home else 0.2, town=town or "")
            return out
    if not code:
        out["notes"].append("the address names no place the dictionaries know")
        return out
    confidence = {1: 0.35, 2: 0.6, 3: 0.8}[level]
    if level == 3 and town:
        confidence = 0.9
    # Check against cpca: the two dictionaries disagree now and then (renamed districts, new areas).
    suspicious = level < 3 or (prior and code[:2] != prior[:2])
    cp = _cpca_code(text) if suspicious else ""
    if cp and cp[:len(code.rstrip('0')) or 2] != code[:len(code.rstrip('0')) or 2] and cp[:4] != code[:4]:
        out["notes"].append(f"cpca reads {cp}, jionlp {code}")
        confidence -= 0.2
    if prior and code[:2] != prior[:2]:
        # Another province than the registering unit's: try the same county name at home first.
        home = _county_in(prior[:2], county) if county and not named_in_text else ""
        if home:
            out["notes"].append(f"{county} taken in the registering unit's province ({home}), not {code}")
            code, confidence = home, min(confidence, 0.6)
        else:
            out["notes"].append("the address points to another province than the registering unit's: check it")
            confidence = min(confidence, 0.3)
    elif prior and level >= 2 and code[:4] != prior[:4] and len(prior) >= 4 and not prior.endswith("0000"):
        out["notes"].append("another city than the registering unit's")
        confidence = min(confidence, 0.6)
    town_code = _town_unit(code, town)
    names = []
    for x in (province, city, county, town):
        if x and x not in names:
            names.append(x)
    out.update(code=town_code or code, name="".join(names), level=4 if town_code else level,
               confidence=round(max(confidence, 0.05), 2), town=town or "")
    return out


# --- map point → division ----------------------------------------------------

_boundaries: tuple[float, list] | None = None


def _rings(geometry: dict):
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    polys = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    for poly in polys:
        if poly:
            yield poly[0], poly[1:]


def _inside(lon: float, lat: float, ring) -> bool:
    hit = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / ((yj - yi) or 1e-12) + xi:
            hit = not hit
        j = i
    return hit


def _loaded() -> list:
    global _boundaries
    now = time.monotonic()
    if _boundaries is None or now - _boundaries[0] > 300:
        from .models import Boundary

        rows = list(Boundary.objects.order_by("-level").values_list(
            "code", "name", "level", "geometry", "min_lon", "min_lat", "max_lon", "max_lat"))
        _boundaries = (now, rows)
    return _boundaries[1]


def forget_boundaries() -> None:
    global _boundaries
    _boundaries = None


def point_division(lat: float | None, lon: float | None) -> dict | None:
    """The most detailed loaded division containing the point, or None."""
    if lat is None or lon is None:
        return None
    for code, name, level, geometry, x0, y0, x1, y1 in _loaded():
        if not (x0 <= lon <= x1 and y0 <= lat <= y1):
            continue
        for outer, holes in _rings(geometry):
            if _inside(lon, lat, outer) and not any(_inside(lon, lat, h) for h in holes):
                return {"code": code, "name": name, "level": level, "confidence": 0.95 if level >= 3 else 0.7,
                        "source": "map", "notes": [], "town": ""}
    return None


def load_geojson(path, *, source: str = "") -> int:
    """Load (or replace) the divisions of one DataV-style GeoJSON FeatureCollection. Returns features loaded."""
    import json

    from .models import Boundary

    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    n = 0
    levels = {"province": 1, "city": 2, "district": 3, "county": 3, "street": 4}
    for feat in data.get("features", []):
        props = feat.get("properties") or {}
        code = str(props.get("adcode") or "")
        geom = feat.get("geometry") or {}
        if not code.isdigit() or len(code) not in (6, 9, 12) or not props.get("name") or code == "100000":
            continue
        xs, ys = [], []
        for outer, _holes in _rings(geom):
            xs += [p[0] for p in outer]
            ys += [p[1] for p in outer]
        if not xs:
            continue
        Boundary.objects.update_or_create(code=code, defaults={
            "name": props["name"], "level": levels.get(props.get("level"), 3), "geometry": geom,
            "min_lon": min(xs), "min_lat": min(ys), "max_lon": max(xs), "max_lat": max(ys),
            "source": source or str(path)[-200:],
        })
        n += 1
    forget_boundaries()
    return n
