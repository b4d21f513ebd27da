"""Rollups kept in step with the register, and the plain recount they are checked against.

A complaint counts in the month it was received (China time) and for its
responsible unit: the lead unit once assigned, else the registering unit. The
lead unit is always inside the registering unit's subtree, so an area (a unit
and everything below it) counts exactly the cases its people see through
`visible_to`, except cases where the area only assists (they stay with the lead).

`refresh(case)` runs inside the transaction of every action (hooked on
`event_appended`), so a rollup never commits without the event that moved it;
with the outbox in "worker" mode, `refresh_many` brings a whole batch of cases up
to date in the worker instead, a moment after their actions committed.
`recount()` computes the same cells by plain GROUP BY on the register: the
`analytics check` command and the bench compare the two.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr, TruncMonth
from django.db.models.lookups import LessThanOrEqual

from ecopetition.cases import outbox
from ecopetition.cases.models import CLOSED_STATES, Complaint, Event, Finding, Satisfaction, State

from .models import MEASURES, CaseFact, Rollup

STATUTORY_DAYS = 60  # 信访工作条例 art. 32: 60 days from acceptance
INTAKE_DAYS = 3  # an intake decision (accept, not accept, refer, merge) within 3 days of receipt
INTAKE_ACTIONS = ("accept", "reject", "refer", "merge")
ASSIGN_CLOCK = "assign"  # the deadlines module's assignment clock (3 working days for letters/visits, 2 for phone/web)
# Events by which a superior stepped in (instruction, supervision order, urging by hand).
SUPERVISION_ACTIONS = ("instruct", "supervise", "special_supervise")

Cell = tuple[str, str]  # (dimension, key)
CellKey = tuple[dt.date, int, str, str]  # (month, area unit id, dimension, key)


def areas_from_path(path: str) -> list[int]:
    """The unit and all its ancestors, from its materialised path "/1/4/9/"."""
    return [int(p) for p in path.strip("/").split("/") if p]


def unit_areas() -> dict[int, list[int]]:
    from ecopetition.org.models import Unit

    return {pk: areas_from_path(path) for pk, path in Unit.objects.values_list("pk", "path")}


def tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def month_of(at: dt.datetime) -> dt.date:
    local = at.astimezone(tz())
    return dt.date(local.year, local.month, 1)


# --- one case -----------------------------------------------------------------

def fact_of(row: dict, categories: Iterable[str], supervised: bool = False, outcomes: dict | None = None,
            clocks: Iterable = ()):
    """(month, unit_id, cells, measures) of one complaint given as a dict of its columns.

    `row["decided_at"]` is the first intake decision's time (else `accepted_at` counts); `clocks` are the
    case's finished-clock cells (`clock_extras`), from which the assignment measures are read, so the
    按时交办率 tile and the per-clock table count the same clock.
    Pure: the live hook, the rebuild and the bench generator all call it.
    """
    received = row["received_at"]
    unit_id = row["lead_unit_id"] or row["unit_id"]
    division = (row["division_code"] or "")[:6]
    cells: list[Cell] = [("all", ""), ("channel", row["channel"]), ("sector", row["sector_code"] or ""),
                         ("division", division)]
    cells += [("category", c) for c in sorted(set(categories))]
    state = row["state"]
    accepted_at, closed_at = row["accepted_at"], row["closed_at"]
    decided_at = row.get("decided_at") or accepted_at
    replied_at = row["replied_at"]
    assign = next((own for dim, key, own in clocks if dim == "clock" and key == ASSIGN_CLOCK), {})
    m = {
        "n": 1,
        "accepted": accepted_at is not None,
        "not_accepted": state == State.NOT_ACCEPTED,
        "referred": state == State.REFERRED,
        "decided": decided_at is not None,
        "decided_in_time": bool(decided_at and decided_at <= received + dt.timedelta(days=INTAKE_DAYS)),
        "closed": state in CLOSED_STATES,
        "closed_in_limit": bool(
            state in CLOSED_STATES and closed_at and accepted_at
            and closed_at <= accepted_at + dt.timedelta(days=STATUTORY_DAYS)
        ),
        "assign_due": bool(assign.get("clock_done")),
        "assign_on_time": bool(assign.get("clock_on_time")),
        "replied": replied_at is not None,
        "replied_in_limit": bool(
            replied_at and accepted_at and replied_at <= accepted_at + dt.timedelta(days=STATUTORY_DAYS)),
        "called_back": row["called_back_at"] is not None,
        "satisfied": row["satisfaction"] == Satisfaction.SATISFIED,
        "basic": row["satisfaction"] == Satisfaction.BASIC,
        "unsatisfied": row["satisfaction"] == Satisfaction.UNSATISFIED,
        "founded": row["finding"] == Finding.FOUNDED,
        "partly": row["finding"] == Finding.PARTLY,
        "unfounded": row["finding"] == Finding.UNFOUNDED,
        "repeat": row["is_repeat"],
        "repeat_closed": bool(row["is_repeat"] and state in CLOSED_STATES),
        "escalated": row["is_escalated"],
        "repeat_escalated": row["is_repeat"] and row["is_escalated"],
        "collective": row["is_collective"],
        "media": row["media_attention"],
        "supervised": bool(supervised or row["has_leader_instruction"]),
    }
    for k, v in (outcomes or {}).items():
        m[k] = v
    measures = {k: int(v) for k, v in m.items() if v}
    return month_of(received), unit_id, cells, measures


FACT_COLUMNS = (
    "id", "received_at", "unit_id", "lead_unit_id", "division_code", "channel", "state", "accepted_at",
    "closed_at", "assigned_at", "replied_at", "called_back_at", "satisfaction", "finding", "is_repeat",
    "is_escalated", "is_collective", "media_attention", "has_leader_instruction",
)


def _row(case: Complaint) -> dict:
    row = {c: getattr(case, c) for c in FACT_COLUMNS}
    row["sector_code"] = case.sector.code if case.sector_id else ""
    return row


# Field-work measures (fieldwork.Measure.kind) behind the outcome figures; each counts once per case.
OUTCOME_KINDS = {"rectify": "rectify", "filed": "fine", "police": "police", "interviewed": "interview",
                 "accountable": "accountable", "sealed": "seal", "limited": "limit", "daily_fine": "daily_fine",
                 "detained": "detention", "closed_down": "close_down"}


def _measure_model():
    if not apps.is_installed("ecopetition.fieldwork"):
        return None
    try:
        return apps.get_model("fieldwork", "Measure")
    except LookupError:
        return None


def outcomes_for(case_ids: Iterable[int]) -> dict[int, dict]:
    """Enforcement outcomes per case ({measure: value}) from the measures field work recorded."""
    Measure = _measure_model()
    ids = list(case_ids)
    if Measure is None or not ids:
        return {}
    kind_to_measure = {v: k for k, v in OUTCOME_KINDS.items()}
    out: dict[int, dict] = defaultdict(dict)
    for cid, kind, fine in Measure.objects.filter(complaint_id__in=ids).values_list(
            "complaint_id", "kind", "fine_amount"):
        if kind in kind_to_measure:
            out[cid][kind_to_measure[kind]] = 1
        if fine:
            out[cid]["fines"] = out[cid].get("fines", 0) + int(fine)
    return dict(out)


def decided_times(case_ids: Iterable[int]) -> dict[int, dt.datetime]:
    """The time of each case's first intake decision (accept, not accept, refer, merge)."""
    ids = list(case_ids)
    if not ids:
        return {}
    return {r["complaint_id"]: r["first"] for r in Event.objects.filter(
        complaint_id__in=ids, action__in=INTAKE_ACTIONS).values("complaint_id").annotate(first=Min("at")).order_by()}


def _clock_model():
    if not apps.is_installed("ecopetition.deadlines"):
        return None
    try:
        return apps.get_model("deadlines", "CaseClock")
    except LookupError:
        return None


def _finished_clocks():
    """Clocks that ran to an end (a restart is not an end): on time when stopped by their due time."""
    CaseClock = _clock_model()
    return CaseClock.objects.filter(stopped_at__isnull=False).exclude(stopped_by__startswith="restart:")


def clock_extras(case_ids: Iterable[int]) -> dict[int, list]:
    """Per case, one ("clock", key, {clock_done, clock_on_time}) cell per clock key that finished."""
    ids = list(case_ids)
    if _clock_model() is None or not ids:
        return {}
    per: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for cid, key, stopped, due in _finished_clocks().filter(complaint_id__in=ids).values_list(
            "complaint_id", "key", "stopped_at", "due_at"):
        cell = per[cid][key]
        cell[0] += 1
        cell[1] += 1 if stopped <= due else 0
    return {cid: [["clock", k, {m: v for m, v in (("clock_done", d), ("clock_on_time", o)) if v}]
                  for k, (d, o) in sorted(keys.items())] for cid, keys in per.items()}


READ_SLICE = 200


def _apply(deltas: dict[CellKey, dict[str, int]]) -> None:
    """Add the deltas to their cells: one locking read (in a fixed order, so two transactions never
    wait on each other crosswise), one UPDATE per distinct delta, and an INSERT per cell not there yet."""
    groups: dict[tuple, list[CellKey]] = defaultdict(list)
    for cell_key, d in deltas.items():
        nz = tuple(sorted((k, v) for k, v in d.items() if v))
        if nz:
            groups[nz].append(cell_key)
    # In the order the rows are locked in (unit, month, dimension, key), so that the slices below lock in one
    # order across every transaction.
    keys = sorted((k for ks in groups.values() for k in ks), key=lambda k: (k[1], k[0], k[2], k[3]))
    if not keys:
        return
    existing = {}
    # The cells are read a slice of keys at a time: one OR over every key of a large batch is deeper than
    # SQLite's expression limit (1,000).
    for start in range(0, len(keys), READ_SLICE):
        q = Q()
        for month, unit_id, dim, key in keys[start:start + READ_SLICE]:
            q |= Q(month=month, unit_id=unit_id, dim=dim, key=key)
        existing.update({
            (r[1], r[2], r[3], r[4]): r[0]
            for r in Rollup.objects.select_for_update().filter(q).order_by("unit_id", "month", "dim", "key")
            .values_list("pk", "month", "unit_id", "dim", "key")
        })
    for delta, cell_keys in groups.items():
        pks = [existing[k] for k in cell_keys if k in existing]
        if pks:
            Rollup.objects.filter(pk__in=pks).update(**{k: F(k) + v for k, v in delta})
        for month, unit_id, dim, key in (k for k in cell_keys if k not in existing):
            try:
                with transaction.atomic():
                    Rollup.objects.create(month=month, unit_id=unit_id, dim=dim, key=key, **dict(delta))
            except IntegrityError:  # created meanwhile by another transaction
                Rollup.objects.filter(month=month, unit_id=unit_id, dim=dim, key=key).update(
                    **{k: F(k) + v for k, v in delta})


def _delta(old: tuple | None, new: tuple | None) -> dict[CellKey, dict[str, int]]:
    out: dict[CellKey, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for fact, sign in ((old, -1), (new, 1)):
        if fact is None:
            continue
        month, _unit_id, cells, measures, areas, extras = fact
        for area in areas:
            for dim, key in cells:
                for k, v in measures.items():
                    out[(month, area, dim, key)][k] += sign * v
            for dim, key, own in extras:
                for k, v in own.items():
                    out[(month, area, dim, key)][k] += sign * v
    return out


def refresh(case: Complaint) -> None:
    """Move this case's contribution to what it is now. Call inside the case's transaction."""
    refresh_many([case.pk], rows={case.pk: _row(case)})


def refresh_many(case_ids: Iterable[int], rows: dict[int, dict] | None = None) -> int:
    """Move each case's contribution to what it is now, with one set of reads and one `_apply`
    for all of them (the outbox worker passes a whole batch). Idempotent: a case whose stored
    fact already matches moves nothing. Returns the number of cases whose fact changed."""
    from ecopetition.org.models import Unit

    ids = sorted(set(case_ids))
    if not ids:
        return 0
    if rows is None:
        # Two workers may hold items of the same case: lock the cases (in one order) so the second
        # reads the fact the first stored, and moves nothing twice.
        list(Complaint.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
        rows = {r["id"]: r for r in Complaint.objects.filter(pk__in=ids)
                .annotate(sector_code=Coalesce("sector__code", Value(""))).values(*FACT_COLUMNS, "sector_code")}
    ids = [i for i in ids if i in rows]
    cats: dict[int, list[str]] = defaultdict(list)
    for cid, code in Complaint.categories.through.objects.filter(complaint_id__in=ids).values_list(
            "complaint_id", "category__code"):
        cats[cid].append(code)
    supervised = set(Event.objects.filter(complaint_id__in=ids, action__in=SUPERVISION_ACTIONS)
                     .values_list("complaint_id", flat=True).distinct())
    outcomes = outcomes_for(ids)
    extras = clock_extras(ids)
    decided = decided_times(ids)
    facts = {cid: fact_of({**rows[cid], "decided_at": decided.get(cid)}, cats[cid], cid in supervised,
                          outcomes.get(cid), extras.get(cid, ())) for cid in ids}
    paths = dict(Unit.objects.filter(pk__in={f[1] for f in facts.values()}).values_list("pk", "path"))
    stored = {f.pk: f for f in CaseFact.objects.filter(pk__in=ids)}
    deltas: dict[CellKey, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    changed: list[CaseFact] = []
    for cid in ids:
        month, unit_id, cells, measures = facts[cid]
        new = (month, unit_id, [tuple(c) for c in cells], measures, areas_from_path(paths[unit_id]),
               extras.get(cid, []))
        old = None
        if cid in stored:
            f = stored[cid]
            old = (f.month, f.unit_id, [tuple(c) for c in f.cells], f.measures, f.areas, f.extras)
            if old == new:
                continue
        for key, d in _delta(old, new).items():
            for k, v in d.items():
                deltas[key][k] += v
        changed.append(CaseFact(complaint_id=cid, month=month, unit_id=unit_id, cells=cells, measures=measures,
                                areas=new[4], extras=new[5]))
    if not changed:
        return 0
    _apply(deltas)
    CaseFact.objects.bulk_create(
        changed, update_conflicts=True, unique_fields=["complaint"],
        update_fields=["month", "unit", "cells", "measures", "areas", "extras"],
    )
    return len(changed)


_held = threading.local()


@contextmanager
def held() -> Iterator[None]:
    """Inside the block, the cases whose events arrive are noted instead of refreshed, and each is refreshed
    once when the block ends (one `refresh_many`, which reads the cells in slices). A case's fact depends only on what the case is when
    it is refreshed, so the cells end exactly as refreshing after every event leaves them; a bulk load (the
    demo: a dozen events per case) saves refreshing each case a dozen times. Registered as a bulk-load hold."""
    if getattr(_held, "ids", None) is not None:  # nested: the outer block refreshes
        yield
        return
    _held.ids = set()
    try:
        yield
        ids = sorted(_held.ids)
    finally:
        _held.ids = None
    with transaction.atomic():
        refresh_many(ids)


def on_event_appended(sender, event, case, **kwargs) -> None:
    if case is not None and not outbox.deferred():
        ids = getattr(_held, "ids", None)
        if ids is not None:
            ids.add(case.pk)
        else:
            refresh(case)


def consume(items) -> None:
    """Outbox consumer ("worker" mode): bring the facts of every case in the batch up to date."""
    refresh_many({i.complaint_id for i in items if i.complaint_id})


# --- all cases ------------------------------------------------------------------

def iter_facts(queryset=None, chunk: int = 5000) -> Iterator[tuple[int, tuple, list]]:
    """(case id, fact, clock cells) for every complaint, read in chunks."""
    qs = (queryset if queryset is not None else Complaint.objects.all()).order_by("pk")
    last = 0
    through = Complaint.categories.through
    while True:
        rows = list(
            qs.filter(pk__gt=last).annotate(sector_code=F("sector__code"))
            .values(*FACT_COLUMNS, "sector_code")[:chunk]
        )
        if not rows:
            return
        ids = [r["id"] for r in rows]
        cats: dict[int, list[str]] = defaultdict(list)
        for cid, code in through.objects.filter(complaint_id__in=ids).values_list("complaint_id", "category__code"):
            cats[cid].append(code)
        sup = set(Event.objects.filter(complaint_id__in=ids, action__in=SUPERVISION_ACTIONS)
                  .values_list("complaint_id", flat=True))
        outs = outcomes_for(ids)
        clocks = clock_extras(ids)
        decided = decided_times(ids)
        for r in rows:
            yield r["id"], fact_of({**r, "decided_at": decided.get(r["id"])}, cats.get(r["id"], ()), r["id"] in sup,
                                   outs.get(r["id"]), clocks.get(r["id"], ())), clocks.get(r["id"], [])
        last = ids[-1]


def add_fact(out: dict, fact: tuple, areas: list[int], extras: list = ()) -> None:
    month, _unit_id, cells, measures = fact
    for area in areas:
        for dim, key in cells:
            cell = out[(month, area, dim, key)]
            for k, v in measures.items():
                cell[k] += v
        for dim, key, own in extras:
            cell = out[(month, area, dim, key)]
            for k, v in own.items():
                cell[k] += v


def rebuild(progress=None) -> int:
    """Recompute every fact and cell from the register. Returns the number of cases."""
    n = 0
    with transaction.atomic():
        Rollup.objects.all().delete()
        CaseFact.objects.all().delete()
        totals: dict[CellKey, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        areas_of = unit_areas()
        batch: list[CaseFact] = []
        for pk, fact, extras in iter_facts():
            month, unit_id, cells, measures = fact
            areas = areas_of[unit_id]
            batch.append(CaseFact(complaint_id=pk, month=month, unit_id=unit_id, cells=cells, measures=measures,
                                  areas=areas, extras=extras))
            add_fact(totals, fact, areas, extras)
            n += 1
            if len(batch) >= 5000:
                CaseFact.objects.bulk_create(batch)
                batch = []
                if progress:
                    progress(n)
        CaseFact.objects.bulk_create(batch)
        write_cells(totals)
    return n


def write_cells(totals: dict[CellKey, dict[str, int]], batch_size: int = 5000) -> None:
    """Insert cells into an empty rollup table (rebuild, bench) with plain multi-row INSERTs."""
    from django.db import connection

    cols = ["month", "unit_id", "dim", "key", *MEASURES]
    table = Rollup._meta.db_table
    qn = connection.ops.quote_name
    # Names come from the model; the values are parameters.
    sql = f"INSERT INTO {table} ({', '.join(qn(c) for c in cols)}) VALUES ({', '.join(['%s'] * len(cols))})"  # noqa: S608
    rows = [(m, u, d, k, *(v.get(x, 0) for x in MEASURES)) for (m, u, d, k), v in totals.items()]
    with connection.cursor() as cur:
        for i in range(0, len(rows), batch_size):
            cur.executemany(sql, rows[i:i + batch_size])


# --- the plain recount (GROUP BY on the register) --------------------------------

def _when(q: Q):
    return Sum(Case(When(q, then=Value(1)), default=Value(0), output_field=IntegerField()))


def measure_aggregates() -> dict:
    """Conditional sums over the complaint table, one per measure (the naive way)."""
    supervised = Exists(Event.objects.filter(complaint=OuterRef("pk"), action__in=SUPERVISION_ACTIONS))
    first_decision = Subquery(Event.objects.filter(complaint=OuterRef("pk"), action__in=INTAKE_ACTIONS)
                              .order_by("at").values("at")[:1])
    decided_at = Coalesce(first_decision, F("accepted_at"))
    aggs = {
        "n": Count("pk"),
        "accepted": _when(Q(accepted_at__isnull=False)),
        "not_accepted": _when(Q(state=State.NOT_ACCEPTED)),
        "referred": _when(Q(state=State.REFERRED)),
        "decided": Sum(Case(When(Q(accepted_at__isnull=False) | Q(Exists(first_decision)), then=Value(1)),
                            default=Value(0), output_field=IntegerField())),
        "decided_in_time": Sum(Case(When(LessThanOrEqual(decided_at, F("received_at") + dt.timedelta(days=INTAKE_DAYS)),
                                         then=Value(1)), default=Value(0), output_field=IntegerField())),
        "closed": _when(Q(state__in=CLOSED_STATES)),
        "closed_in_limit": _when(Q(state__in=CLOSED_STATES, closed_at__isnull=False, accepted_at__isnull=False,
                                   closed_at__lte=F("accepted_at") + dt.timedelta(days=STATUTORY_DAYS))),
        "replied": _when(Q(replied_at__isnull=False)),
        "replied_in_limit": _when(Q(replied_at__isnull=False, accepted_at__isnull=False,
                                    replied_at__lte=F("accepted_at") + dt.timedelta(days=STATUTORY_DAYS))),
        "called_back": _when(Q(called_back_at__isnull=False)),
        "satisfied": _when(Q(satisfaction=Satisfaction.SATISFIED)),
        "basic": _when(Q(satisfaction=Satisfaction.BASIC)),
        "unsatisfied": _when(Q(satisfaction=Satisfaction.UNSATISFIED)),
        "founded": _when(Q(finding=Finding.FOUNDED)),
        "partly": _when(Q(finding=Finding.PARTLY)),
        "unfounded": _when(Q(finding=Finding.UNFOUNDED)),
        "repeat": _when(Q(is_repeat=True)),
        "repeat_closed": _when(Q(is_repeat=True, state__in=CLOSED_STATES)),
        "escalated": _when(Q(is_escalated=True)),
        "repeat_escalated": _when(Q(is_repeat=True, is_escalated=True)),
        "collective": _when(Q(is_collective=True)),
        "media": _when(Q(media_attention=True)),
        "supervised": _when(Q(has_leader_instruction=True) | Q(supervised)),
    }
    if _clock_model() is not None:
        assign = _finished_clocks().filter(complaint=OuterRef("pk"), key=ASSIGN_CLOCK)
        aggs["assign_due"] = _when(Q(Exists(assign)))
        aggs["assign_on_time"] = _when(Q(Exists(assign.filter(stopped_at__lte=F("due_at")))))
    Measure = _measure_model()
    if Measure is not None:
        for name, kind in OUTCOME_KINDS.items():
            aggs[name] = _when(Q(Exists(Measure.objects.filter(complaint=OuterRef("pk"), kind=kind))))
        fines = (Measure.objects.filter(complaint=OuterRef("pk"), fine_amount__isnull=False)
                 .values("complaint").annotate(t=Sum("fine_amount")).values("t"))
        aggs["fines"] = Sum(Coalesce(Subquery(fines), Value(0), output_field=DecimalField()))
    return aggs


def dim_key_expr(dim: str):
    return {
        "all": Value(""),
        "channel": F("channel"),
        "sector": Coalesce(F("sector__code"), Value("")),
        "division": Substr("division_code", 1, 6),
        "category": F("categories__code"),
    }[dim]


def recount(queryset=None, dims: Iterable[str] = ("all", "channel", "category", "sector", "division")) -> dict[CellKey, dict[str, int]]:
    """Every rollup cell, recounted by GROUP BY on the complaint table."""
    cases = queryset if queryset is not None else Complaint.objects.all()
    base = cases.annotate(r_month=TruncMonth("received_at", tzinfo=tz()), r_unit=Coalesce("lead_unit_id", "unit_id"))
    out: dict[CellKey, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    areas_of = unit_areas()
    for dim in dims:
        qs = base
        if dim == "category":
            qs = qs.filter(categories__isnull=False)
        rows = (qs.annotate(r_key=dim_key_expr(dim)).values("r_month", "r_unit", "r_key")
                .annotate(**measure_aggregates()).order_by())
        for r in rows:
            month = r["r_month"]
            month = month.date() if isinstance(month, dt.datetime) else month
            for area in areas_of[r["r_unit"]]:
                cell = out[(month, area, dim, r["r_key"] or "")]
                for m in MEASURES:
                    if r.get(m):
                        cell[m] += int(r[m])
    for (month, unit_id, key), vals in clock_groups(cases).items():
        for area in areas_of[unit_id]:
            cell = out[(month, area, "clock", key)]
            for m, v in vals.items():
                cell[m] += v
    return {k: {m: v for m, v in cell.items() if v} for k, v in out.items() if (cell := dict(v))}


def clock_groups(cases) -> dict[tuple, dict[str, int]]:
    """Finished clocks of these cases by (month received, responsible unit, clock key), by GROUP BY."""
    if _clock_model() is None:
        return {}
    rows = (_finished_clocks().filter(complaint__in=cases.values("pk"))
            .annotate(r_month=TruncMonth("complaint__received_at", tzinfo=tz()),
                      r_unit=Coalesce("complaint__lead_unit_id", "complaint__unit_id"))
            .values("r_month", "r_unit", "key")
            .annotate(clock_done=Count("pk"), clock_on_time=_when(Q(stopped_at__lte=F("due_at")))).order_by())
    out = {}
    for r in rows:
        month = r["r_month"].date() if isinstance(r["r_month"], dt.datetime) else r["r_month"]
        out[(month, r["r_unit"], r["key"])] = {"clock_done": r["clock_done"], "clock_on_time": r["clock_on_time"] or 0}
    return out


def stored_cells() -> dict[CellKey, dict[str, int]]:
    out = {}
    for r in Rollup.objects.values("month", "unit_id", "dim", "key", *MEASURES):
        measures = {m: r[m] for m in MEASURES if r[m]}
        if measures:
            out[(r["month"], r["unit_id"], r["dim"], r["key"])] = measures
    return out


def compare(stored: dict, counted: dict) -> list[str]:
    """Human-readable differences between two cell maps (empty when they agree)."""
    problems = []
    for key in sorted(set(stored) | set(counted), key=str):
        a, b = stored.get(key, {}), counted.get(key, {})
        if a != b:
            diff = {m: (a.get(m, 0), b.get(m, 0)) for m in MEASURES if a.get(m, 0) != b.get(m, 0)}
            problems.append(f"{key[0]:%Y-%m} unit={key[1]} {key[2]}={key[3]!r}: rollup vs recount {diff}")
    return problems
