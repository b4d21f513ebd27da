"""The periodic sweep: moves clocks between warning levels, urges the units, escalates red cases.

Cost follows the clocks that change, not the open cases: it reads only the
clocks whose `next_check_at` has come (a range scan of a partial index) and
writes them back set-wise, a batch per transaction.

Idempotent and safe with two workers at once: a batch is claimed exclusively
(PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite: the write transaction is taken
up front, so batches run one after another), every write of a batch commits
together, and the unique (clock, level) constraint on ClockNotice and the
unique dedupe key of each inbox message back this up. A worker killed mid-way
loses its uncommitted batch, which the next sweep does again.

Audit: each batch that sends notices appends one event to the system chain
(`deadline_sweep`) listing every (case, clock, level) it sent, so automatic
urging is in the tamper-evident trail without one hash-chain write per case;
the ClockNotice rows (level "urge" and "yellow" are the automatic urgings,
"red" and "overdue" the escalations) are shown on the case page.
Manual urging and supervision are case events (see actions.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.translation import gettext as _

from ecopetition.cases import audit
from ecopetition.cases.models import OPEN_STATES, Assignment, Complaint
from ecopetition.core import clock as sysclock
from ecopetition.core.formats import when
from ecopetition.notify.models import Notification
from ecopetition.org.models import Membership, Role, Unit

from .clocks import _first_pending
from .models import LEVEL_CODES, CaseClock, ClockNotice, Level, Ownership

log = logging.getLogger("ecopetition.deadlines")

SKIP_RETRY = dt.timedelta(hours=1)  # a clock skipped for an unexpected state is looked at again after this
# Clocks the home unit's dispatchers answer for (the case is not with a handling unit yet).
DISPATCH_KEYS = {"assign", "handover_distribute"}
CALLBACK_KEYS = {"callback"}


@dataclass
class SweepResult:
    examined: int = 0
    changed: int = 0
    notices: int = 0
    messages: int = 0
    skipped: int = 0
    skipped_reasons: list[str] = field(default_factory=list)


@dataclass
class CaseInfo:
    pk: int
    number: str
    state: str
    unit_id: int
    lead_unit_id: int | None


class Recipients:
    """Who hears about a clock: resolved per unit and role once per sweep."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, str], list[int]] = {}
        self._paths: dict[int, str] = {}

    def nearest(self, unit_id: int | None, role: str) -> list[int]:
        """User ids holding `role` in the unit, or else in the nearest unit above it that has one."""
        if unit_id is None:
            return []
        key = (unit_id, role)
        if key not in self._cache:
            if unit_id not in self._paths:
                self._paths[unit_id] = Unit.objects.values_list("path", flat=True).get(pk=unit_id)
            chain = [int(p) for p in self._paths[unit_id].strip("/").split("/") if p][::-1]
            rows = list(Membership.objects.filter(unit_id__in=chain, role=role, user__is_active=True)
                        .values_list("unit_id", "user_id"))
            found: list[int] = []
            for uid in chain:
                found = sorted({user for unit_pk, user in rows if unit_pk == uid})
                if found:
                    break
            self._cache[key] = found
        return self._cache[key]

    def responsible(self, case: CaseInfo, clock_key: str, assisting: list[int] = ()) -> list[int]:
        if clock_key in DISPATCH_KEYS or not case.lead_unit_id:
            return self.nearest(case.unit_id, Role.DISPATCHER)
        if clock_key in CALLBACK_KEYS:
            return self.nearest(case.unit_id, Role.CALLBACK)
        users = list(self.nearest(case.lead_unit_id, Role.OFFICER))
        for unit_id in assisting:  # the task force (专班): assisting units hear it too
            users += self.nearest(unit_id, Role.OFFICER)
        return users

    def for_level(self, case: CaseInfo, clock_key: str, level: str, owner: int | None,
                  assisting: list[int] = ()) -> list[int]:
        users = list(self.responsible(case, clock_key, assisting))
        if level in ("red", "overdue"):
            users += self.nearest(case.unit_id, Role.SUPERVISOR)
            if owner:
                users.append(owner)
        return sorted(set(users))


def local(at: dt.datetime) -> str:
    return when(at)


def message_templates() -> dict[str, tuple[str, str]]:
    """Subject and body per level, translated once (the sweep formats thousands of them)."""
    return {
        "urge": (_("Urging: %(number)s"),
                 _("Case %(number)s: “%(clock)s” is due %(due)s. Please speed up the handling.")),
        "yellow": (_("Yellow warning: %(number)s"),
                   _("Case %(number)s: “%(clock)s” turned yellow; it is due %(due)s.")),
        "blue": (_("Blue warning: %(number)s"),
                 _("Case %(number)s: “%(clock)s” turned blue; it is due %(due)s.")),
        "red": (_("Red warning: %(number)s"),
                _("Case %(number)s: “%(clock)s” turned red; it is due %(due)s. Escalated to the supervisor.")),
        "overdue": (_("Overdue: %(number)s"),
                    _("Case %(number)s: “%(clock)s” is overdue since %(due)s. Escalated to the supervisor.")),
    }


def message(number: str, clock_label: str, due_at: dt.datetime, level: str,
            templates: dict[str, tuple[str, str]] | None = None) -> tuple[str, str]:
    subject, body = (templates or message_templates())[level]
    params = {"number": number, "clock": clock_label, "due": local(due_at)}
    return subject % params, body % params


def _claim_batch(now: dt.datetime, batch: int) -> list[CaseClock]:
    qs = CaseClock.objects.filter(next_check_at__lte=now).order_by("next_check_at", "id")
    if connection.vendor == "postgresql":
        qs = qs.select_for_update(skip_locked=True, of=("self",))
    return list(qs[:batch])


def sweep(now: dt.datetime | None = None, *, batch: int = 5000, max_batches: int | None = None) -> SweepResult:
    """Bring every clock whose next check has come up to date. Safe to run twice at once."""
    now = now or sysclock.now()
    result = SweepResult()
    recipients = Recipients()
    batches = 0
    while max_batches is None or batches < max_batches:
        batches += 1
        with transaction.atomic():
            clocks = _claim_batch(now, batch)
            if not clocks:
                break
            result.examined += len(clocks)
            try:
                with transaction.atomic():
                    _process(clocks, now, recipients, result)
            except Exception:
                # Something in the batch broke a set-wise write: redo it clock by clock so that one bad
                # case is skipped (and logged) instead of stopping the sweep.
                log.exception("deadline sweep: batch failed, retrying clock by clock")
                clocks = list(CaseClock.objects.filter(pk__in=[c.pk for c in clocks]).order_by("id"))
                for clk in clocks:
                    try:
                        with transaction.atomic():
                            _process([clk], now, recipients, result)
                    except Exception as exc:
                        _skip_now(clk, now, f"case {clk.complaint_id} clock {clk.key}: {exc!r}", result)
        if len(clocks) < batch:
            break
    return result


def _note_skip(reason: str, result: SweepResult) -> None:
    log.warning("deadline sweep skipped a clock: %s", reason)
    result.skipped += 1
    if len(result.skipped_reasons) < 20:
        result.skipped_reasons.append(reason)


def _skip_now(clk: CaseClock, now: dt.datetime, reason: str, result: SweepResult) -> None:
    _note_skip(reason, result)
    CaseClock.objects.filter(pk=clk.pk, next_check_at=clk.next_check_at).update(next_check_at=now + SKIP_RETRY)


def _process(clocks: list[CaseClock], now: dt.datetime, recipients: Recipients, result: SweepResult) -> None:
    ids = {c.complaint_id for c in clocks}
    cases = {
        pk: CaseInfo(pk, number, state, unit_id, lead)
        for pk, number, state, unit_id, lead in Complaint.objects.filter(pk__in=ids).values_list(
            "pk", "number", "state", "unit_id", "lead_unit_id")
    }
    owners = dict(Ownership.objects.filter(complaint_id__in=ids, active=True).values_list("complaint_id", "leader_id"))
    assisting: dict[int, list[int]] = {}
    for cid, unit_id in Assignment.objects.filter(complaint_id__in=ids, active=True, is_lead=False).values_list(
            "complaint_id", "unit_id"):
        assisting.setdefault(cid, []).append(unit_id)
    updates: list[tuple] = []
    notices: list[tuple] = []
    inbox: list[tuple] = []
    trail: list[list] = []
    templates = message_templates()
    prep_dt = CaseClock._meta.get_field("next_check_at").get_db_prep_save
    now_db = prep_dt(now, connection)
    changed = 0
    for clk in clocks:
        case = cases.get(clk.complaint_id)
        reason = None
        if case is None:
            reason = f"case {clk.complaint_id} not found"
        elif case.state not in OPEN_STATES:
            reason = f"case {case.number} is {case.state} but its clock {clk.key} still runs"
        if reason:
            _note_skip(reason, result)
            updates.append((clk.level, clk.urged, now + SKIP_RETRY, clk.pk))
            continue
        old_level = clk.level
        new_level = max(old_level, clk.level_at(now))
        urge_now = clk.urge_at is not None and not clk.urged and clk.urge_at <= now and new_level < Level.RED
        clk.level = new_level
        clk.urged = clk.urged or (clk.urge_at is not None and clk.urge_at <= now)
        nxt = _first_pending(clk)
        if nxt is not None and nxt <= now:  # cannot happen with consistent times; never re-read in this sweep
            nxt = now + dt.timedelta(seconds=1)
        updates.append((clk.level, clk.urged, nxt, clk.pk))
        changed += 1
        levels = (["urge"] if urge_now else []) + ([LEVEL_CODES[new_level]] if new_level > old_level else [])
        for level in levels:
            users = recipients.for_level(case, clk.key, level, owners.get(case.pk), assisting.get(case.pk, []))
            subject, body = message(case.number, clk.label, clk.due_at, level, templates)
            notices.append((clk.pk, case.pk, level, now_db, len(users)))
            inbox.extend(
                (uid, case.pk, f"deadline_{level}", subject[:200], body, now_db, f"clock:{clk.pk}:{level}:{uid}")
                for uid in users
            )
            trail.append([case.pk, case.number, clk.key, level, len(users)])
    _write(updates, notices, inbox, prep_dt)
    if trail:
        audit.append(None, actor=None, via="sweep", action="deadline_sweep",
                     note=f"{len(trail)} notices", data={"at": now, "notices": trail})
    result.changed += changed
    result.notices += len(notices)
    result.messages += len(inbox)


def _write(updates: list[tuple], notices: list[tuple], inbox: list[tuple], prep_dt) -> None:
    """Write a batch back in a few statements.

    Plain parameterised SQL (names from model meta, values as parameters): on
    PostgreSQL one multi-row statement per chunk, on SQLite executemany (which
    runs in-process and is as fast); the ORM's per-object paths cost several
    times more at ten thousand rows a sweep. Conflicts on the unique
    (clock, level) and dedupe keys are ignored: that notice was already sent.
    """
    qn = connection.ops.quote_name
    clock_t, notice_t, inbox_t = (qn(m._meta.db_table) for m in (CaseClock, ClockNotice, Notification))
    rows = [(lvl, urged, prep_dt(nxt, connection), pk) for lvl, urged, nxt, pk in updates]
    notice_sql = (f"INSERT INTO {notice_t} (clock_id, complaint_id, level, sent_at, recipients) "  # noqa: S608
                  "VALUES {values} ON CONFLICT DO NOTHING")
    inbox_sql = (f"INSERT INTO {inbox_t} (user_id, complaint_id, kind, subject, text, created_at, dedupe_key) "  # noqa: S608
                 "VALUES {values} ON CONFLICT DO NOTHING")
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            for chunk in _chunks(rows, 1000):
                values = ", ".join(["(%s::smallint, %s::boolean, %s::timestamptz, %s::bigint)"] * len(chunk))
                cur.execute(
                    f"UPDATE {clock_t} AS c SET level = v.level, urged = v.urged, next_check_at = v.nxt "  # noqa: S608
                    f"FROM (VALUES {values}) AS v(level, urged, nxt, id) WHERE c.id = v.id",
                    [x for row in chunk for x in row],
                )
            for sql, data, width in ((notice_sql, notices, 5), (inbox_sql, inbox, 7)):
                for chunk in _chunks(data, 1000):
                    marks = "(" + ", ".join(["%s"] * width) + ")"
                    cur.execute(sql.format(values=", ".join([marks] * len(chunk))), [x for row in chunk for x in row])
            return
        if rows:
            cur.executemany(
                f"UPDATE {clock_t} SET level = %s, urged = %s, next_check_at = %s WHERE id = %s", rows,  # noqa: S608
            )
        if notices:
            cur.executemany(notice_sql.format(values="(%s, %s, %s, %s, %s)"), notices)
        if inbox:
            cur.executemany(inbox_sql.format(values="(%s, %s, %s, %s, %s, %s, %s)"), inbox)


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]
