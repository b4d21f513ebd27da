"""Repeat detection (重复访) and escalation (越级访): the key index, the search, and the flagging action.

Each case puts a few 64-bit keys in `RepeatKey`: its complainants' phone, ID
number and name+address, its reported party's normalised name and credit
code, its ~200 m map cell, and MinHash band keys of its text's character
shingles. Finding earlier cases like a new one is one indexed `key IN (...)`
query within the time window, then exact scoring of a few dozen candidates:
same person, same party, distance, text similarity, each with its reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Value

from ecopetition.cases import audit
from ecopetition.cases.models import Complainant, Complaint
from ecopetition.cases.privacy import identity_for, person_match_scope

from .matching import gate, judge, rare_terms
from .matter import Side, compare, landmarks_of, name_grams, name_stems, place_keys, side_of
from .models import RepeatKey
from .parties import normalize_party, parties_in_text
from .reading import prime, topic
from .text import (  # noqa: F401
    SHINGLE,
    common_shingles,
    content_chars,
    jaccard,
    normalize,
    shingles,
    stored_shingles,
    text_similarity,
)

PHONE, ID_NUMBER, NAME_ADDRESS, PARTY, CREDIT, CELL, BAND, ADDRESS, PLACE_KIND, NAME, TRADE, TERM = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
UNIT = 13  # the registering unit and the kind of pollution the scope model reads
LANDMARK = 14  # the registering unit, a landmark or short place (镇医院, 村东头, 老桥) and the kind of pollution
PERSON_KINDS = (PHONE, ID_NUMBER, NAME_ADDRESS)
KIND_NAMES = {PHONE: "phone", ID_NUMBER: "id_number", NAME_ADDRESS: "name_address", PARTY: "party",
              CREDIT: "credit_code", CELL: "place", BAND: "text", ADDRESS: "address", PLACE_KIND: "matter",
              NAME: "name", TRADE: "matter", TERM: "text", UNIT: "matter", LANDMARK: "place"}

WINDOW_DAYS = int(getattr(settings, "TRIAGE_REPEAT_WINDOW_DAYS", 180))
RADIUS_M = float(getattr(settings, "TRIAGE_REPEAT_RADIUS_M", 200))
THRESHOLD = float(getattr(settings, "TRIAGE_REPEAT_THRESHOLD", 0.7))
CELL_LAT = 0.002  # about 222 m
CELL_LON = 0.0025  # about 230 m at 30°N
NUM_PERM, BANDS, ROWS = 32, 8, 4
MIN_TEXT = 12  # shorter texts get no band keys: "谢谢" is not a matter
MAX_ROWS = 3000  # cap on index rows one search reads
MAX_CANDIDATES = 40  # cases scored exactly per search
TRADE_ROWS = 400  # index rows one search reads for the same trade and pollution in a county
UNIT_ROWS = 80  # the latest index rows one search reads per kind of pollution of the same registering unit
UNIT_CANDIDATES = 8  # of the scored cases, at most this many reached only by wording, rare words, trade or unit
# A case reached only as the same unit's case of the same kind flags a repeat when the pair model is this sure
# (chosen on the development sets 1-6 in a crowd: at 0.8 and below the crowd's false flags grew faster than recall).
UNIT_P = 0.9
# Weak keys: a case they alone reached shares no party, person, named place or address with the new one.
WEAK_KINDS = frozenset({UNIT, LANDMARK, TRADE, BAND, TERM})

# Weights of each kind of evidence; a pair's score is 1 - Π(1 - weight).
W_PHONE, W_ID, W_NAME_ADDRESS, W_CREDIT, W_PARTY, W_ADDRESS = 0.9, 0.95, 0.8, 0.85, 0.5, 0.35
TEXT_WEIGHT = 0.85
TEXT_ONLY_CAP = 0.6


def _key(kind: int, value: str) -> int:
    digest = hashlib.blake2b(f"{kind}|{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


_perm = None
def band_keys(sh: set[str]) -> list[int]:
    """MinHash band keys of the text's telling shingles (stock phrases left out)."""
    global _perm
    sh = sh - common_shingles()
    if len(sh) < MIN_TEXT - SHINGLE + 1:
        return []
    from datasketch import MinHash

    if _perm is None:
        seed = MinHash(num_perm=NUM_PERM, seed=20261123)
        _perm = (seed.permutations, seed.scheme)
    m = MinHash(num_perm=NUM_PERM, hashfunc=zlib.crc32, permutations=_perm[0], scheme=_perm[1])
    m.update_batch([s.encode() for s in sh])
    hv = m.hashvalues
    return [_key(BAND, f"{b}:" + ",".join(str(int(v)) for v in hv[b * ROWS:(b + 1) * ROWS])) for b in range(BANDS)]


def topic_kinds(text: str) -> list[str]:
    """The kinds of pollution the scope model reads in a text (its categories at p >= 0.5, at most two, else its
    likeliest above 0.3): a smell and smoke are one kind here ("air"), soil is solid waste."""
    cats, _ = topic(text)
    ranked = sorted(cats.items(), key=lambda kv: (-kv[1], kv[0]))
    out = [c for c, p in ranked if p >= 0.5][:2] or [c for c, p in ranked[:1] if p >= 0.3]
    merged = {"odour": "air", "soil": "solid_waste"}
    return sorted({merged.get(c, c) for c in out if c != "other"})


def cell_of(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_LAT), math.floor(lon / CELL_LON)


def cells_around(lat: float, lon: float, radius_m: float) -> list[tuple[int, int]]:
    dy = math.ceil(radius_m / (CELL_LAT * 111_000)) or 1
    dx = math.ceil(radius_m / (CELL_LON * 111_000 * max(0.2, math.cos(math.radians(lat))))) or 1
    cy, cx = cell_of(lat, lon)
    return [(cy + i, cx + j) for i in range(-dy, dy + 1) for j in range(-dx, dx + 1)]


def distance_m(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class Probe:
    """What we know of a (new or stored) case for repeat search."""

    text: str = ""
    phones: list[str] = field(default_factory=list)
    id_numbers: list[str] = field(default_factory=list)
    names_addresses: list[tuple[str, str]] = field(default_factory=list)
    party: str = ""
    credit_code: str = ""
    lat: float | None = None
    lon: float | None = None
    address: str = ""
    # A stored case's text and address as a reader without the identity sees them (`probe_for`: masked with the
    # case's own complainants): its name, rare-word and text-band keys are taken from them, so that no such key
    # stands for a complainant's name written in the text.
    shown: str | None = None
    shown_address: str = ""
    # The registering unit (its id): a case is also stored under its unit and each kind of pollution the scope
    # model reads (`unit_keys`), so that the unit's recent cases of that kind are candidates however they are told.
    unit: str = ""
    _sh: set[str] | None = None
    _side: object = None
    _shown_side: object = None
    _memo: dict = field(default_factory=dict)  # keys worked out once for the search and the index

    @property
    def shingles(self) -> set[str]:
        if self._sh is None:
            self._sh = shingles(self.text)
        return self._sh

    def person_keys(self) -> list[tuple[int, int]]:
        out = []
        for p in self.phones:
            digits = re.sub(r"\D", "", p or "")
            if len(digits) >= 7:
                out.append((_key(PHONE, digits[-11:]), PHONE))
        for n in self.id_numbers:
            if n:
                out.append((_key(ID_NUMBER, n.upper()), ID_NUMBER))
        for name, address in self.names_addresses:
            name, address = content_chars(normalize(name)), content_chars(normalize(address))
            if len(name) >= 2 and len(address) >= 4:
                out.append((_key(NAME_ADDRESS, f"{name}@{address}"), NAME_ADDRESS))
        return out

    def party_keys(self) -> list[tuple[int, int]]:
        out = []
        names = [normalize_party(self.party)] + parties_in_text(self.text)
        for name in dict.fromkeys(n for n in names if n):
            out.append((_key(PARTY, name), PARTY))
        if self.credit_code:
            out.append((_key(CREDIT, self.credit_code.upper()), CREDIT))
        address = content_chars(normalize(self.address))
        if len(address) >= 6 and self.side.addr:  # not an address that names only a county
            out.append((_key(ADDRESS, address), ADDRESS))
        # The same named place (road, village, estate) and the same kind of pollution or business: how a
        # neighbour's complaint about the same matter, in other words and without the party's name, is found.
        side = self.side
        for place in place_keys(side)[:3]:
            for what in sorted(side.kinds | side.types)[:6]:
                out.append((_key(PLACE_KIND, f"{place}|{what}"), PLACE_KIND))
        # The kind of business and of pollution in the county the address names (anywhere, when it names none):
        # how "我们村那个鸭棚" finds the duck farm's earlier case when neither names the farm or the village.
        county = "/".join(min(side.area)) if side.area else ""
        for trade in sorted(side.types)[:3]:
            for what in sorted(side.kinds)[:3]:
                out.append((_key(TRADE, f"{county}|{trade}|{what}"), TRADE))
        return out

    @property
    def side(self):
        if self._side is None:
            self._side = Side(text=self.text, address=self.address, party=self.party)
        return self._side

    @property
    def shown_side(self):
        if self.shown is None:
            return self.side
        if self._shown_side is None:
            self._shown_side = Side(text=self.shown, address=self.shown_address, party=self.party)
        return self._shown_side

    def _shown_as_written(self) -> bool:
        return self.shown is None or (self.shown == self.text and self.shown_address == self.address)

    def _bands(self, shown: bool) -> list[int]:
        """Band keys of the text (`shown`: as shown masked), worked out once per probe."""
        key = "bands" if not shown or self._shown_as_written() else "shown bands"
        if key not in self._memo:
            self._memo[key] = band_keys(self.shingles if key == "bands" else shingles(self.shown))
        return self._memo[key]

    def _terms(self, shown: bool) -> list[str]:
        key = "terms" if not shown or self._shown_as_written() else "shown terms"
        if key not in self._memo:
            self._memo[key] = rare_terms(self.text if key == "terms" else self.shown, self.party)
        return self._memo[key]

    def _common_keys(self) -> list[tuple[int, int]]:
        if "common" not in self._memo:
            self._memo["common"] = self.person_keys() + self.party_keys() + self.unit_keys()
        return list(self._memo["common"])

    def unit_keys(self) -> list[tuple[int, int]]:
        """The registering unit with each kind of pollution of the text (none without a unit or a kind)."""
        if not self.unit or not self.text:
            return []
        kinds = topic_kinds(self.text)
        out = [(_key(UNIT, f"{self.unit}|{kind}"), UNIT) for kind in kinds]
        for place in landmarks_of(self.text, self.address):
            out += [(_key(LANDMARK, f"{self.unit}|{place}|{kind}"), LANDMARK) for kind in kinds]
        return out

    def index_keys(self) -> list[tuple[int, int]]:
        """The keys this case is stored under."""
        out = self._common_keys()
        if self.lat is not None and self.lon is not None:
            cy, cx = cell_of(self.lat, self.lon)
            out.append((_key(CELL, f"{cy}:{cx}"), CELL))
        out += [(k, BAND) for k in self._bands(shown=True)]
        out += [(_key(NAME, n), NAME) for n in sorted(name_stems(self.shown_side))]
        out += [(_key(TERM, t), TERM) for t in self._terms(shown=True)]
        return out

    def search_keys(self, radius_m: float) -> list[tuple[int, int]]:
        out = self._common_keys()
        if self.lat is not None and self.lon is not None:
            out += [(_key(CELL, f"{cy}:{cx}"), CELL) for cy, cx in cells_around(self.lat, self.lon, radius_m)]
        out += [(k, BAND) for k in self._bands(shown=False)]
        out += [(_key(NAME, g), NAME) for g in sorted(name_grams(self.side))]
        out += [(_key(TERM, t), TERM) for t in self._terms(shown=False)]
        return out


def probe_for(case: Complaint, people: list[Complainant] | None = None) -> Probe:
    from ecopetition.cases.masking import mask_text, with_case

    people = list(case.complainants.all()) if people is None else people
    masks = with_case(people, case.reported_party_name, case.address)
    return Probe(
        text=case.content, phones=[p.phone for p in people if p.phone],
        id_numbers=[p.id_number for p in people if p.id_number],
        names_addresses=[(p.name, p.address) for p in people if p.name and p.address],
        party=case.reported_party_name, credit_code=case.reported_party_credit_code, lat=case.lat, lon=case.lon,
        address=case.address, shown=mask_text(case.content, masks), shown_address=mask_text(case.address, masks),
        unit=str(case.unit_id or ""),
    )


def probe_as_seen_by(user, case: Complaint) -> Probe:
    """The probe of a stored case as `user` may match it (the case page's panel): with the complainants'
    phones, ID numbers and names and the text as written only where `user` may see the identity; otherwise
    none of them and the text and address as shown masked. Matched against the reader's own cases, the
    person keys of a case they see masked would tell whose phone it is."""
    identity = identity_for(user, case)
    if identity.unmasked:
        return probe_for(case)
    return Probe(text=identity.text(case.content), party=case.reported_party_name,
                 credit_code=case.reported_party_credit_code, lat=case.lat, lon=case.lon,
                 address=identity.text(case.address), unit=str(case.unit_id or ""))


def index_case(case: Complaint, people: list[Complainant] | None = None, probe: Probe | None = None) -> int:
    """Store `case` under its keys (`probe`: its `probe_for`, when the caller made it already)."""
    return index_many([(case, probe or probe_for(case, people))])


def index_many(cases: list[tuple[Complaint, Probe]]) -> int:
    """Store each case under its probe's keys, all in one statement."""
    rows = [RepeatKey(key=k, kind=kind, complaint_id=case.pk, at=case.received_at)
            for case, probe in cases for k, kind in dict(probe.index_keys()).items()]
    RepeatKey.objects.bulk_create(rows)
    return len(rows)


@dataclass
class Match:
    id: int
    number: str
    score: float
    reasons: list[dict]
    received_at: dt.datetime
    unit_id: int
    state: str

    def as_dict(self) -> dict:
        return {"number": self.number, "id": self.id, "score": round(self.score, 3), "reasons": self.reasons,
                "received_at": self.received_at.isoformat(), "state": self.state}


def _index_rows(groups: list[tuple], since: dt.datetime, until: dt.datetime) -> list[tuple[int, int]]:
    """(key, complaint id) of index rows under each group's keys within [since, until], at most the group's cap
    of them: for one group, `RepeatKey.objects.filter(key__in=keys, at__gte=since, at__lte=until)
    .values_list("key", "complaint_id")[:cap]`, all groups in one statement (UNION ALL of capped selects) and
    written out, because building the queries through the ORM cost more than running them. A group given a third
    element true reads its latest rows (`order_by("-at")`)."""
    groups = [(g[0], g[1], len(g) > 2 and g[2]) for g in groups if g[0]]
    if not groups:
        return []
    q = connection.ops.quote_name
    at = RepeatKey._meta.get_field("at")
    lo, hi = at.get_db_prep_value(since, connection), at.get_db_prep_value(until, connection)
    parts, params = [], []
    array = connection.vendor == "postgresql"  # one array parameter instead of one per key
    for keys, cap, latest in groups:
        among = "= ANY(%s)" if array else f"IN ({', '.join(['%s'] * len(keys))})"
        parts.append(f"SELECT * FROM (SELECT {q('key')}, {q('complaint_id')} FROM {q(RepeatKey._meta.db_table)} "  # noqa: S608
                     f"WHERE ({q('at')} >= %s AND {q('at')} <= %s AND {q('key')} {among}) "
                     f"{'ORDER BY ' + q('at') + ' DESC ' if latest else ''}LIMIT {int(cap)}) AS g{len(parts)}")
        params += [lo, hi, list(keys)] if array else [lo, hi, *keys]
    with connection.cursor() as cur:
        cur.execute(" UNION ALL ".join(parts), params)
        return [tuple(row) for row in cur.fetchall()]


class PendingIndex:
    """The keys of cases registered but not yet in `RepeatKey` (the worker's batch: its cases are searched before
    any of them is indexed), read beside the stored index so that a case repeating one a moment older in the
    same batch is still found."""

    def __init__(self):
        self.rows: dict[int, list[tuple[int, dt.datetime]]] = {}

    def add(self, case_id: int, at: dt.datetime, probe: Probe) -> None:
        for key in dict(probe.index_keys()):
            self.rows.setdefault(key, []).append((case_id, at))

    def lookup(self, keys: list[int], since: dt.datetime, until: dt.datetime) -> list[tuple[int, int]]:
        return [(key, cid) for key in keys for cid, at in self.rows.get(key, ()) if since <= at <= until]


def find_similar(
    probe: Probe, *, at: dt.datetime, exclude_id: int | None = None, window_days: int = WINDOW_DAYS,
    radius_m: float = RADIUS_M, limit: int = 10, visible=None, min_score: float = 0.3, person_scope=None,
    pending: PendingIndex | None = None,
) -> list[Match]:
    """Earlier cases like `probe` within the window before `at` (and a day after, for late-registered mail).

    `visible`: the only cases that may be found. `person_scope` (`privacy.person_match_scope`): where given,
    the cases a person key may match and whose text is scored as written; any other case is found only by
    party, place and address, with its text scored as shown masked (a match on a guessed phone, or on a
    guess written into the text, would say who complained). `pending`: keys of cases not stored in the index
    yet, read as if they were."""
    keys = probe.search_keys(radius_m)
    if not keys:
        return []
    kind_of = dict(keys)
    since = at - dt.timedelta(days=window_days)
    until = at + dt.timedelta(days=1)
    # Strong keys (person, party, place, address) first, then text bands: a crowded band must not push
    # the same person's earlier case out of the capped result.
    # A place and kind of matter (a town's smoke) or a map cell can be crowded: read them apart from the person,
    # party and address keys, so that they never push the same party's earlier case out of the capped rows.
    strong = [k for k, kind in kind_of.items() if kind not in (BAND, PLACE_KIND, CELL, NAME, TRADE, TERM, UNIT, LANDMARK)]
    wide = [k for k, kind in kind_of.items() if kind in (PLACE_KIND, CELL)]
    bands = [k for k, kind in kind_of.items() if kind == BAND]
    # A business's or place's name met in the text's words (天成, 幸福里): read apart, as many as a band.
    names = [k for k, kind in kind_of.items() if kind in (NAME, TERM)]
    # The same trade and pollution in one county: crowded, so read last and least.
    trades = [k for k, kind in kind_of.items() if kind in (TRADE, LANDMARK)]
    groups = [(strong, MAX_ROWS), (wide, MAX_ROWS), (bands, MAX_ROWS // 2), (names, MAX_ROWS // 2),
              (trades, TRADE_ROWS)]
    # The same unit's latest cases of each kind of pollution: each kind read apart, the newest first.
    groups += [([k], UNIT_ROWS, True) for k, kind in kind_of.items() if kind == UNIT]
    rows = _index_rows(groups, since, until)
    if pending is not None:
        for group, *_cap in groups:
            rows += pending.lookup(group, since, until)
        rows = list(dict.fromkeys(rows))  # a case both stored and pending counts once
    hits: dict[int, dict[int, int]] = {}
    for key, cid in rows:
        if cid == exclude_id:
            continue
        kinds = hits.setdefault(cid, {})
        kind = kind_of.get(key, 0)
        kinds[kind] = kinds.get(kind, 0) + 1
    if not hits:
        return []
    if person_scope is not None:
        # A person key counts only for a case in the scope: asked only of the cases a person key reached (few).
        by_person = [cid for cid, kinds in hits.items() if any(k in kinds for k in PERSON_KINDS)]
        if by_person:
            inside = set(person_scope.filter(pk__in=by_person).values_list("pk", flat=True))
            for cid in by_person:
                if cid not in inside:
                    for kind in PERSON_KINDS:
                        hits[cid].pop(kind, None)
            hits = {cid: kinds for cid, kinds in hits.items() if kinds}
            if not hits:
                return []

    def prelim(kinds: dict[int, int]) -> float:
        s = sum(3 for k in kinds if k in (PHONE, ID_NUMBER, NAME_ADDRESS, CREDIT))
        return (s + kinds.get(PARTY, 0) * 1.5 + kinds.get(PLACE_KIND, 0) + kinds.get(CELL, 0) + kinds.get(ADDRESS, 0)
                + kinds.get(BAND, 0) * 0.5 + kinds.get(NAME, 0) * 0.75 + kinds.get(TERM, 0) * 0.25 + kinds.get(TRADE, 0) * 0.25
                + kinds.get(UNIT, 0) * 0.25 + kinds.get(LANDMARK, 0))

    # The newest first among equals (ids grow with registration).
    ranked = sorted(hits, key=lambda c: (-prelim(hits[c]), -c))
    # A case reached only by wording, rare words, trade or as the unit's case of the same kind is scored by the pair
    # model, and flagged only when the model is sure and they met as the unit's cases of one kind (see
    # `score_candidate`): a few of them are scored, the rest of the budget goes to cases a party, person, place,
    # address or name brought.
    weak_only = {c for c in ranked if not set(hits[c]) - WEAK_KINDS}
    best = [c for c in ranked if c not in weak_only][:MAX_CANDIDATES] + [c for c in ranked if c in weak_only][:UNIT_CANDIDATES]
    qs = Complaint.objects.filter(pk__in=best)
    if visible is not None:
        qs = qs.filter(pk__in=visible.filter(pk__in=best).values("pk"))
    # Whether each candidate is in the person scope, in the same statement.
    qs = qs.annotate(inside=Exists(person_scope.filter(pk=OuterRef("pk"))) if person_scope is not None
                     else Value(True))
    cands = qs.values_list("pk", "number", "content", "lat", "lon", "received_at", "unit_id", "state", "address",
                           "reported_party_name", "search_masked", "inside")
    read = []
    for pk, number, content, lat, lon, received_at, unit_id, state, address, party, masked, inside in cands:
        if not inside:  # its title, content and address only as a reader without the identity sees them
            content, address = masked, ""
        side = side_of(content, address, party)
        rule = compare(probe.side, side)
        read.append((pk, number, content, address, party, lat, lon, received_at, unit_id, state, rule,
                     gate(probe.side, side, rule)))
    # The scope model's reading of the candidates the gate lets through, in one batch (`matching.features`).
    prime([probe.text] + [r[2] for r in read if r[11]])
    out = []
    for pk, number, content, address, party, lat, lon, received_at, unit_id, state, rule, opened in read:
        score, reasons = score_candidate(probe, hits[pk], content, address, party, lat, lon, radius_m=radius_m,
                                         rule=rule, opened=opened)
        if reasons and score >= min_score:
            out.append(Match(pk, number, score, reasons, received_at, unit_id, state))
    out.sort(key=lambda m: (-m.score, -m.received_at.timestamp()))
    return out[:limit]


def shared_kinds(probe: Probe, earlier: Probe, radius_m: float = RADIUS_M) -> dict[int, int]:
    """The index keys an earlier case (stored as `earlier`) shares with a search for `probe`, counted by kind:
    what `find_similar` reads from the index for one candidate."""
    stored = dict(earlier.index_keys())
    kinds: dict[int, int] = {}
    for key, kind in dict(probe.search_keys(radius_m)).items():
        if key in stored:
            kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def score_candidate(probe: Probe, kinds: dict[int, int], content: str, address: str, party: str,
                    lat: float | None, lon: float | None, *, radius_m: float = RADIUS_M, rule: dict | None = None,
                    opened: bool | None = None) -> tuple[float, list[dict]]:
    """One earlier case's score against `probe` and its reasons, from the index keys they share (`kinds`) and
    what the case says: the one scoring rule of the repeat search and of its quality figures. `rule`, `opened`:
    the pair rule's and the gate's answers when the caller has them (`matching.judge`)."""
    reasons, keep = [], 1.0
    same = judge(probe.side, side_of(content, address, party), rule=rule, opened=opened)
    # Found only as the same trade and pollution in the county, or by wording or rare words, with no party, owner
    # or place named by both: one of many such businesses. Shown as similar for the clerk to judge; a repeat only
    # when the two are the same unit's cases of one kind and the pair model is sure (`UNIT_P`).
    sig = same["signals"]
    weak_reach = not set(kinds) - WEAK_KINDS
    weak = weak_reach and not (sig["party"] or sig["fine_place"] or sig["same_addr"])
    if weak_reach and UNIT in kinds:
        # The unit's case of the same kind, with no party, person, named place or address key in common: the rule's
        # party and place signals then come from looser readings (a name's two characters, an address's house
        # number), so the model alone decides, and only when sure.
        weak = not (same["same"] and (same.get("p") or 0.0) >= UNIT_P)
    if same["same"]:
        # Same party, or same place and same kind of matter: a repeat whoever sent it, however worded.
        reasons.append({"reason": "matter", "score": same["score"], "why": same["why"]})
        keep *= 1 - same["score"]
        kinds = {k: v for k, v in kinds.items() if k not in (PLACE_KIND, TRADE)}
    for kind, weight in ((PHONE, W_PHONE), (ID_NUMBER, W_ID), (NAME_ADDRESS, W_NAME_ADDRESS),
                         (CREDIT, W_CREDIT), (PARTY, W_PARTY), (ADDRESS, W_ADDRESS)):
        if kind in (ADDRESS, PARTY) and same["different"]:
            continue  # the same address, another kind of business or pollution: a different matter
        if kind in kinds:
            reasons.append({"reason": KIND_NAMES[kind], "score": weight})
            keep *= 1 - weight
    if CELL in kinds and lat is not None and probe.lat is not None:
        d = distance_m(probe.lat, probe.lon, lat, lon)
        if d <= radius_m:
            w = 0.55 - 0.25 * d / radius_m
            reasons.append({"reason": "place", "score": round(w, 3), "distance_m": round(d)})
            keep *= 1 - w
    mine = probe.shingles
    sim = text_similarity(mine, stored_shingles(content)) if mine else 0.0
    if sim >= 0.25:
        # Text alone rarely proves the same matter (two people can word the same problem alike):
        # only a near-identical text crosses the threshold without a person, party or place.
        w = min(0.95, TEXT_WEIGHT * sim)
        reasons.append({"reason": "text", "score": round(w, 3)})
        keep *= 1 - w
    score = 1 - keep
    if weak or (len(reasons) == 1 and reasons[0]["reason"] == "text"):
        # Wording alone, with no person, party, place or address in common, is shown as similar for the
        # clerk to judge but never flags a repeat by itself: people word the same nuisance alike.
        score = min(score, TEXT_ONLY_CAP)
    return score, reasons


def is_escalation(case: Complaint, earlier: list[Complaint]) -> bool:
    """Lodged at a higher level about a matter a lower level (below this unit) handled or is handling."""
    for other in earlier:
        for unit in (other.unit, other.lead_unit):
            if unit is not None and unit.level > case.unit.level and unit.path.startswith(case.unit.path):
                return True
    return False


def do_flag_repeat(case_id: int, matches: list[Match], *, actor=None, via: str = "triage") -> Complaint | None:
    """Flag a case as a repeat of earlier ones (and escalated where it is), link them, record one event.

    Idempotent: cases already linked are not linked again, and nothing new means no event.
    """
    if not matches:
        return None
    with transaction.atomic():
        case = Complaint.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case_id)
        linked = set(case.related.values_list("pk", flat=True))
        new = [m for m in matches if m.id not in linked and m.id != case.pk]
        if not new:
            return case
        earlier = list(Complaint.objects.filter(pk__in=[m.id for m in new]).select_related("unit", "lead_unit"))
        escalated = is_escalation(case, earlier)
        case.is_repeat = True
        case.is_escalated = case.is_escalated or escalated
        Complaint.objects.filter(pk=case.pk).update(is_repeat=True, is_escalated=case.is_escalated)
        case.related.add(*[m.id for m in new])
        audit.append(
            case, actor=actor, via=via, action="flag_repeat", from_state=case.state, to_state=case.state,
            note="", data={"related": [{"number": m.number, "score": round(m.score, 3),
                                        "reasons": [r["reason"] for r in m.reasons]} for m in new],
                           "escalated": escalated},
        )
    return case


def repeat_matches(case: Complaint, *, threshold: float = THRESHOLD, probe: Probe | None = None,
                   pending: PendingIndex | None = None) -> tuple[list[Match], list[Match]]:
    """The cases like `case` and, of them, those strong enough to flag it as a repeat (reads only). `probe`: the
    case's `probe_for` when made already; `pending`: see `find_similar`."""
    # The flag is seen by the registering clerk (and everyone who reads the case): a person key links only
    # cases whose identities that unit's clerks may see, or a guessed phone would be confirmed by a link.
    probe = probe or probe_for(case)
    matches = find_similar(probe, at=case.received_at, exclude_id=case.pk,
                           person_scope=person_match_scope(unit=case.unit), pending=pending)
    strong = [m for m in matches if m.score >= threshold and m.received_at <= case.received_at + dt.timedelta(days=1)]
    return matches, strong


def detect_and_flag(case: Complaint, *, threshold: float = THRESHOLD, via: str = "triage") -> list[Match]:
    matches, strong = repeat_matches(case, threshold=threshold)
    if strong:
        do_flag_repeat(case.pk, strong, via=via)
    return matches


_last_at: list = [None, None]


def _adapt_at(at):
    # Rows of one case share their time: adapt it once.
    if _last_at[0] is not at:
        _last_at[0], _last_at[1] = at, connection.ops.adapt_datetimefield_value(at)
    return _last_at[1]


def raw_insert(rows: list[tuple[int, int, int, dt.datetime]]) -> None:
    """Fast path for bulk loading (generate, backfill): (key, kind, complaint_id, at) tuples."""
    if not rows:
        return
    q = connection.ops.quote_name
    table = q(RepeatKey._meta.db_table)
    cols = ", ".join(q(c) for c in ("key", "kind", "complaint_id", "at"))
    with connection.cursor() as cur:
        cur.executemany(
            f"INSERT INTO {table} ({cols}) VALUES (%s, %s, %s, %s)",  # noqa: S608
            [(k, kind, cid, _adapt_at(at)) for k, kind, cid, at in rows],
        )
