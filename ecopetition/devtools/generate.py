"""`ecopetition generate`: many realistic complaints, fast, for benchmarks and demos.

Bulk path: complaints with explicit ids, complainants, one valid `register`
event each (hash-chained with `cases.audit.compute_hash`, so `audit verify`
passes), a second `flag_repeat` event for planted repeats, the categories,
and the triage repeat-index rows. A known share are planted repeats of an
earlier generated case (same person, a neighbour about the same party and
place, an anonymous message about the same place, or the same person going
to the city over the county: escalated); `PlantedRepeat` keeps the truth.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection, transaction

from ecopetition.cases.audit import compute_hash
from ecopetition.cases.models import Category, Complainant, Complaint, Event, Sector, State, search_columns
from ecopetition.core import clock
from ecopetition.org.models import Unit, UnitKind
from ecopetition.triage import repeats
from ecopetition.triage.models import PlantedRepeat
from ecopetition.triage.reading import prime

from . import textgen

GEO = Path(__file__).resolve().parent.parent / "triage" / "data" / "geo"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰德福春梅海燕俊峰浩然子轩雨欣文博思远晓东立新卫东国庆永强"
ID_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_C = "10X98765432"


def id_number(rng: random.Random, area: str) -> str:
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 55))
    body = f"{area[:6]:0<6}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return body + ID_C[sum(int(d) * w for d, w in zip(body, ID_W, strict=True)) % 11]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def phone(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randrange(0, 10**9):09d}"


def centres() -> dict[str, tuple[float, float]]:
    """Division code → (lon, lat) centre from the shipped development boundary files."""
    out = {}
    for f in GEO.glob("*_full.json"):
        for feat in json.loads(f.read_text(encoding="utf-8")).get("features", []):
            p = feat.get("properties") or {}
            if p.get("adcode") and p.get("center"):
                out[str(p["adcode"])] = tuple(p["center"])
    return out


COUNTIES = [  # (county name in textgen.PLACES, division code)
    ("亭湖区", "320902"), ("盐都区", "320903"), ("大丰区", "320904"), ("射阳县", "320924"), ("建湖县", "320925"),
    ("东台市", "320981"), ("阜宁县", "320923"), ("滨海县", "320922"), ("响水县", "320921"),
    ("通川区", "511702"), ("达川区", "511703"), ("宣汉县", "511722"), ("渠县", "511725"),
]
DEPTS = [("eco", "生态环境局", "EB"), ("urban", "城市管理局", "UM"), ("agriculture", "农业农村局", "AG"),
         ("transport", "交通运输局", "TR"), ("port", "港口局", "PT"), ("police", "公安局", "PS"),
         ("housing", "住房和城乡建设局", "HC")]


def ensure_units() -> list[Unit]:
    """County-level units to register in; creates a small tree (two cities) when the database has none."""
    counties = list(Unit.objects.filter(kind=UnitKind.COUNTY, active=True).select_related("parent"))
    if counties:
        return counties
    tree = [("320000", "江苏省", "320900", "盐城市"), ("510000", "四川省", "511700", "达州市")]
    with transaction.atomic():
        for pcode, pname, ccode, cname in tree:
            prov = Unit.objects.filter(division_code=pcode, kind=UnitKind.PROVINCE).first() or Unit.objects.create(
                code=f"G{pcode}", name=pname, kind=UnitKind.PROVINCE, division_code=pcode)
            city = Unit.objects.create(code=f"G{ccode}", name=cname, kind=UnitKind.CITY, parent=prov,
                                       division_code=ccode)
            for dtype, dname, short in DEPTS:
                Unit.objects.create(code=f"G{ccode}-{short}", name=cname + dname, kind=UnitKind.DEPARTMENT,
                                    department_type=dtype, parent=city, division_code=ccode)
            for name, code in COUNTIES:
                if code[:4] != ccode[:4]:
                    continue
                county = Unit.objects.create(code=f"G{code}", name=name, kind=UnitKind.COUNTY, parent=city,
                                             division_code=code)
                for dtype, dname, short in DEPTS[:2]:
                    Unit.objects.create(code=f"G{code}-{short}", name=name + dname, kind=UnitKind.DEPARTMENT,
                                        department_type=dtype, parent=county, division_code=code)
    return list(Unit.objects.filter(kind=UnitKind.COUNTY, active=True).select_related("parent"))


def raw_insert(model, rows: list[dict]) -> None:
    """INSERT plain dicts with executemany: Django's bulk_create costs ~0.5 ms a row in model and field overhead.

    Missing columns take the field's default; datetimes and JSON are adapted for the database in use.
    """
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.attname not in rows[0])]
    defaults = {f.attname: f.get_default() for f in fields}
    ops = connection.ops
    adapt = []
    for f in fields:
        kind = f.get_internal_type()
        if kind == "DateTimeField":
            adapt.append(ops.adapt_datetimefield_value)
        elif kind == "JSONField":
            adapt.append(lambda v, f=f: f.get_db_prep_save(v, connection))
        else:
            adapt.append(None)
    q = ops.quote_name
    sql = (f"INSERT INTO {q(model._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    values = []
    for row in rows:
        values.append(tuple(
            (a(row.get(f.attname, defaults[f.attname])) if a else row.get(f.attname, defaults[f.attname]))
            for f, a in zip(fields, adapt, strict=True)
        ))
    with connection.cursor() as cur:
        cur.executemany(sql, values)


@dataclass
class Made:
    """What a planted repeat needs to know of its original."""

    id: int
    unit: Unit
    county: str
    town: str
    spot: str
    scenario: int
    core: int
    party: str
    phone: str
    id_number: str
    name: str
    address: str
    lat: float | None
    lon: float | None
    at: dt.datetime
    place: str = ""


class Generator:
    def __init__(self, *, seed: int = 1, repeat_share: float = 0.1, days: int = 365, out=None):
        self.rng = random.Random(seed)
        self.repeat_share = repeat_share
        self.days = days
        self.out = out or sys.stderr
        self.units = ensure_units()
        self.centre = centres()
        self.cats = dict(Category.objects.values_list("code", "pk"))
        self.sectors = dict(Sector.objects.values_list("code", "pk"))
        self.pool: list[Made] = []
        self.now = clock.now()
        self.in_scenarios = textgen.SCENARIOS
        self.truth: list[tuple[int, int]] = []

    def _county_of(self, unit: Unit) -> str:
        for name, code in COUNTIES:
            if unit.division_code == code:
                return name
        return unit.name if unit.name in textgen.PLACES else self.rng.choice(list(textgen.PLACES))

    def _point(self, unit: Unit) -> tuple[float, float]:
        lon, lat = self.centre.get(unit.division_code) or self.centre.get(unit.division_code[:4] + "00") or (
            120.16, 33.35)
        r = 0.12 * math.sqrt(self.rng.random())
        a = self.rng.random() * 2 * math.pi
        return round(lat + r * math.sin(a), 6), round(lon + r * math.cos(a) * 1.2, 6)

    def _party(self, kind: str, town: str) -> str:
        if not kind:
            return ""
        trade, suffixes = self.rng.choice(textgen.TRADES[kind])
        p = textgen.PREFIX
        return f"{town[:2]}{self.rng.choice(p)}{self.rng.choice(p)}{trade}{self.rng.choice(suffixes)}"

    def fresh(self) -> dict:
        rng = self.rng
        unit = rng.choice(self.units)
        county = self._county_of(unit)
        towns, spots = textgen.PLACES.get(county, textgen.PLACES["亭湖区"])
        town, spot = rng.choice(towns), rng.choice(spots + textgen.SPOTS)
        at = self.now - dt.timedelta(seconds=rng.randrange(0, self.days * 86400))
        lat, lon = self._point(unit) if rng.random() < 0.7 else (None, None)
        person = None
        if rng.random() < 0.8:
            person = {"name": person_name(rng), "phone": phone(rng),
                      "id_number": id_number(rng, unit.division_code) if rng.random() < 0.3 else "",
                      "address": f"{county}{town}{rng.choice(textgen.ESTATES)}{rng.randrange(1, 40)}栋{rng.randrange(101, 2600)}室"}
        if rng.random() < 0.82:
            si = rng.randrange(len(self.in_scenarios))
            sc = self.in_scenarios[si]
            ci = rng.randrange(len(sc.cores))
            party = self._party(sc.party, town) if sc.party and rng.random() < 0.85 else ""
            place = textgen.place_phrase(rng, county, town, spot)
            text, _ = textgen.in_scope_text(rng, sc, ci, county=county, town=town, spot=spot, party=party,
                                            place=place)
            cats, sector = list(sc.categories), sc.sector
        else:
            si, ci, party, place = -1, 0, "", ""
            key, route, cores = rng.choice(textgen.OUT_OF_SCOPE)
            text = textgen.out_scope_text(rng, cores, rng.randrange(len(cores)), textgen.OUT_PARTY_KIND.get(key, ""))
            cats, sector = [], ""
        return {"unit": unit, "county": county, "town": town, "spot": spot, "at": at, "lat": lat, "lon": lon,
                "person": person, "text": text, "party": party, "cats": cats, "sector": sector, "scenario": si,
                "core": ci, "address": f"{county}{town}{spot}", "repeat_of": None, "escalated": False, "place": place}

    def repeat(self, orig: Made) -> dict:
        rng = self.rng
        kind = rng.random()
        at = min(orig.at + dt.timedelta(seconds=rng.randrange(3600, 150 * 86400)), self.now)
        unit, escalated = orig.unit, False
        person = None
        party = orig.party
        if kind < 0.35 or kind >= 0.85:  # the same person again (and, last share, at the city: escalated)
            if orig.phone or orig.id_number:
                person = {"name": orig.name, "phone": orig.phone, "id_number": orig.id_number, "address": orig.address}
            if kind >= 0.85 and orig.unit.parent is not None and orig.unit.parent.kind != UnitKind.DEPARTMENT:
                unit, escalated = orig.unit.parent, True
        elif kind < 0.65:  # a neighbour about the same party and place
            person = {"name": person_name(rng), "phone": phone(rng), "id_number": "", "address": ""}
        else:  # anonymous, same place, the party unnamed
            party = ""
        jitter = 0.0008 if kind < 0.65 else 0.0006
        lat = lon = None
        if orig.lat is not None:
            lat = round(orig.lat + rng.uniform(-jitter, jitter), 6)
            lon = round(orig.lon + rng.uniform(-jitter, jitter), 6)
        if orig.scenario >= 0:
            sc = self.in_scenarios[orig.scenario]
            # People name the same place the same way; the rest of the message is new.
            text, _ = textgen.in_scope_text(rng, sc, orig.core, county=orig.county, town=orig.town, spot=orig.spot,
                                            party=party or orig.party, place=orig.place)
            cats, sector = list(sc.categories), sc.sector
        else:
            return self.fresh()
        return {"unit": unit, "county": orig.county, "town": orig.town, "spot": orig.spot, "at": at, "lat": lat,
                "lon": lon, "person": person, "text": text, "party": party, "cats": cats, "sector": sector,
                "scenario": orig.scenario, "core": orig.core, "address": f"{orig.county}{orig.town}{orig.spot}",
                "repeat_of": orig.id, "escalated": escalated, "place": orig.place}

    def lines(self, count: int):
        """`count` JSON objects for `ecopetition triage` (the complaint as a clerk would type it in, nothing
        stored): texts, addresses, map points, parties and phones as the generated complaints have them."""
        for i in range(count):
            r = self.fresh()
            p = r["person"] or {}
            addr = r["address"] if self.rng.random() < 0.85 else ""
            yield {"id": i + 1, "text": r["text"], "address": addr, "lat": r["lat"], "lon": r["lon"],
                   "reported_party_name": r["party"], "phone": p.get("phone", ""),
                   "id_number": p.get("id_number", ""), "division_code": r["unit"].division_code}

    def run(self, count: int, batch: int = 5000) -> dict:
        start = time.monotonic()
        next_id = (Complaint.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        made = 0
        planted = 0
        if connection.vendor == "sqlite":
            with connection.cursor() as cur:
                cur.execute("PRAGMA cache_size=-262144")  # 256 MB of pages: the repeat index grows by random keys
        while made < count:
            n = min(batch, count - made)
            rows = []
            for _ in range(n):
                if self.pool and self.rng.random() < self.repeat_share:
                    rows.append(self.repeat(self.rng.choice(self.pool)))
                else:
                    rows.append(self.fresh())
            planted += sum(1 for r in rows if r["repeat_of"])
            self._write(rows, next_id)
            next_id += n
            made += n
            rate = made / max(1e-6, time.monotonic() - start)
            bar = "#" * int(30 * made / count)
            self.out.write(f"\r[{bar:<30}] {made}/{count} ({rate:,.0f}/s)")
            self.out.flush()
        self.out.write("\n")
        with connection.cursor() as cur:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Complaint]):
                cur.execute(sql)
        return {"complaints": made, "planted_repeats": planted, "seconds": round(time.monotonic() - start, 1)}

    def _write(self, rows: list[dict], first_id: int) -> None:
        complaints, people, events, m2m, keys, truth, related = [], [], [], [], [], [], []
        through = Complaint.categories.through
        rel = Complaint.related.through
        prime([r["text"] for r in rows])  # the scope model's kinds of the chunk's texts (unit keys), in one batch
        for i, r in enumerate(rows):
            cid = first_id + i
            unit = r["unit"]
            day = clock.localdate(r["at"])
            number = f"{unit.code}-{day:%Y%m%d}-G{cid:07d}"
            data = {"number": number, "channel": "phone" if r["person"] else "web", "unit": unit.code,
                    "received_at": r["at"].astimezone(dt.UTC).isoformat(), "categories": sorted(r["cats"]),
                    "complainants": 1 if r["person"] else 0, "head_count": 1, "generated": True}
            h1 = compute_hash(complaint_id=cid, seq=1, at=r["at"], actor_id=None, actor_label="system:generate",
                              action="register", from_state="", to_state=State.REGISTERED, note="", data=data,
                              prev_hash="")
            events.append(dict(complaint_id=cid, seq=1, at=r["at"], actor_id=None, actor_label="system:generate",
                               action="register", from_state="", to_state=State.REGISTERED, note="", data=data,
                               prev_hash="", hash=h1))
            head_seq, head_hash = 1, h1
            if r["repeat_of"]:
                flag = {"related": [{"number": "", "id": r["repeat_of"]}], "escalated": r["escalated"],
                        "generated": True}
                at2 = r["at"] + dt.timedelta(seconds=1)
                h2 = compute_hash(complaint_id=cid, seq=2, at=at2, actor_id=None, actor_label="system:generate",
                                  action="flag_repeat", from_state=State.REGISTERED, to_state=State.REGISTERED,
                                  note="", data=flag, prev_hash=h1)
                events.append(dict(complaint_id=cid, seq=2, at=at2, actor_id=None, actor_label="system:generate",
                                   action="flag_repeat", from_state=State.REGISTERED, to_state=State.REGISTERED,
                                   note="", data=flag, prev_hash=h1, hash=h2))
                head_seq, head_hash = 2, h2
                truth.append(dict(repeat_id=cid, original_id=r["repeat_of"]))
                related += [dict(from_complaint_id=cid, to_complaint_id=r["repeat_of"]),
                            dict(from_complaint_id=r["repeat_of"], to_complaint_id=cid)]
            complaints.append(dict(
                id=cid, number=number, channel=data["channel"], received_at=r["at"], state=State.REGISTERED,
                unit_id=unit.pk, title=r["text"][:60], content=r["text"], is_anonymous=r["person"] is None,
                reported_party_name=r["party"], address=r["address"], division_code=unit.division_code,
                **search_columns({"number": number, "title": r["text"][:60], "content": r["text"],
                                  "address": r["address"], "reported_party_name": r["party"]},
                                 [r["person"]] if r["person"] else []),
                lat=r["lat"], lon=r["lon"], sector_id=self.sectors.get(r["sector"]),
                is_repeat=bool(r["repeat_of"]), is_escalated=r["escalated"], event_seq=head_seq, last_hash=head_hash,
            ))
            m2m += [dict(complaint_id=cid, category_id=self.cats[c]) for c in r["cats"] if c in self.cats]
            p = r["person"]
            if p:
                people.append(dict(complaint_id=cid, name=p["name"], phone=p["phone"],
                                   id_number=p["id_number"], address=p["address"]))
            probe = repeats.Probe(
                text=r["text"], phones=[p["phone"]] if p and p["phone"] else [],
                id_numbers=[p["id_number"]] if p and p["id_number"] else [],
                names_addresses=[(p["name"], p["address"])] if p and p["address"] else [],
                party=r["party"], lat=r["lat"], lon=r["lon"], address=r["address"], unit=str(unit.pk))
            keys += [(k, kind, cid, r["at"]) for k, kind in dict(probe.index_keys()).items()]
            if r["scenario"] >= 0:
                self.pool.append(Made(cid, unit if not r["escalated"] else r["unit"], r["county"], r["town"],
                                      r["spot"], r["scenario"], r["core"], r["party"], p["phone"] if p else "",
                                      p["id_number"] if p else "", p["name"] if p else "", p["address"] if p else "",
                                      r["lat"], r["lon"], r["at"], r["place"]))
        if len(self.pool) > 20000:
            self.pool = self.pool[-20000:]
        now = clock.now()
        for c in complaints:
            c["created_at"] = c["updated_at"] = now
        with transaction.atomic():
            raw_insert(Complaint, complaints)
            raw_insert(Complainant, people)
            raw_insert(Event, events)
            raw_insert(through, m2m)
            raw_insert(rel, related)
            raw_insert(PlantedRepeat, truth)
            repeats.raw_insert(keys)
