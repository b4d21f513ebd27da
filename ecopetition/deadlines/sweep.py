"""The periodic sweep: moves clocks between warning levels, urges the units, escalates red cases.

It reads only clocks whose `next_check_at` has come (an index range scan), so
its cost follows the clocks that change, not the open cases. Each change is a
conditional update ("still at the level I read"), so two sweeps running at
once, or a sweep re-run after a worker was killed mid-way, change each clock
once; the unique (clock, level) constraint on ClockNotice backs this up. A
notice, its inbox messages and the case's audit event commit together.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.translation import gettext as _

from ecopetition.cases import audit
from ecopetition.cases.models import OPEN_STATES, Complaint
from ecopetition.core import clock as sysclock
from ecopetition.notify.services import send_message
from ecopetition.org.models import Membership, Role, Unit

from .clocks import _first_pending
from .models import LEVEL_CODES, CaseClock, ClockNotice, Level, Ownership, Urging

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


class Recipients:
    """Who hears about a clock: resolved per unit and role once per sweep."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, str], list[int]] = {}
        self._units: dict[int, Unit] = {}

    def unit(self, pk: int) -> Unit:
        if pk not in self._units:
            self._units[pk] = Unit.objects.get(pk=pk)
        return self._units[pk]

    def nearest(self, unit_id: int | None, role: str) -> list[int]:
        """User ids holding `role` in the unit, or else in the nearest unit above it that has one."""
        if unit_id is None:
            return []
        key = (unit_id, role)
        if key not in self._cache:
            unit = self.unit(unit_id)
            chain = [int(p) for p in unit.path.strip("/").split("/") if p][::-1]
            rows = list(Membership.objects.filter(unit_id__in=chain, role=role, user__is_active=True)
                        .values_list("unit_id", "user_id"))
            found: list[int] = []
            for uid in chain:
                found = sorted({user for unit_pk, user in rows if unit_pk == uid})
                if found:
                    break
            self._cache[key] = found
        return self._cache[key]

    def responsible(self, case: Complaint, clock_key: str) -> list[int]:
        if clock_key in DISPATCH_KEYS or not case.lead_unit_id:
            return self.nearest(case.unit_id, Role.DISPATCHER)
        if clock_key in CALLBACK_KEYS:
            return self.nearest(case.unit_id, Role.CALLBACK)
        return self.nearest(case.lead_unit_id, Role.OFFICER)


def _message(case: Complaint, clock: CaseClock, level: str) -> tuple[str, str]:
    params = {"number": case.number, "clock": clock.label, "due": timezone_local(clock.due_at)}
    texts = {
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
    subject, body = texts[level]
    return subject % params, body % params


def timezone_local(at: dt.datetime) -> str:
    from django.utils import timezone

    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


def _notify(case: Complaint, clock: CaseClock, level: str, recipients: Recipients, owners: dict[int, int],
            now: dt.datetime) -> int:
    """Record the notice for (clock, level), message the people concerned, and audit it on the case."""
    users = list(recipients.responsible(case, clock.key))
    if level in ("red", "overdue"):
        users += recipients.nearest(case.unit_id, Role.SUPERVISOR)
        if case.pk in owners:
            users.append(owners[case.pk])
    users = sorted(set(users))
    ClockNotice.objects.create(clock=clock, complaint=case, level=level, sent_at=now, recipients=len(users))
    subject, body = _message(case, clock, level)
    for user_id in users:
        send_message("inbox", user_id, subject, body, case=case, kind=f"deadline_{level}",
                     dedupe_key=f"clock:{clock.pk}:{level}:{user_id}")
    if level in ("urge", "yellow"):
        Urging.objects.create(complaint=case, unit_id=case.lead_unit_id or case.unit_id, automatic=True,
                              clock_key=clock.key, text=body, at=now)
    audit.append(
        case, actor=None, via="sweep", action="urge" if level in ("urge", "yellow") else "deadline_warning",
        from_state=case.state, to_state=case.state, note=body,
        data={"clock": clock.key, "level": level, "due_at": clock.due_at, "automatic": True, "notified": len(users)},
    )
    return len(users)


def _claim_batch(now: dt.datetime, batch: int) -> list[CaseClock]:
    qs = CaseClock.objects.filter(next_check_at__lte=now).order_by("next_check_at")
    if connection.vendor == "postgresql":
        qs = qs.select_for_update(skip_locked=True, of=("self",))
    return list(qs[:batch])


def sweep(now: dt.datetime | None = None, *, batch: int = 2000, max_batches: int | None = None) -> SweepResult:
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
            ids = sorted({c.complaint_id for c in clocks})
            cases = {c.pk: c for c in Complaint.objects.select_for_update().filter(pk__in=ids)}
            owners = dict(Ownership.objects.filter(complaint_id__in=ids, active=True)
                          .values_list("complaint_id", "leader_id"))
            for clk in clocks:
                case = cases.get(clk.complaint_id)
                reason = None
                if case is None:
                    reason = "case not found"
                elif case.state not in OPEN_STATES:
                    reason = f"case {case.number} is {case.state} but its clock {clk.key} still runs"
                if reason:
                    _skip(clk, now, reason, result)
                    continue
                try:
                    with transaction.atomic():
                        _advance(clk, case, now, recipients, owners, result)
                except Exception as exc:  # one bad case must never stop the sweep
                    _skip(clk, now, f"case {clk.complaint_id} clock {clk.key}: {exc!r}", result)
        if len(clocks) < batch:
            break
    return result


def _skip(clk: CaseClock, now: dt.datetime, reason: str, result: SweepResult) -> None:
    log.warning("deadline sweep skipped a clock: %s", reason)
    result.skipped += 1
    if len(result.skipped_reasons) < 20:
        result.skipped_reasons.append(reason)
    CaseClock.objects.filter(pk=clk.pk, next_check_at=clk.next_check_at).update(next_check_at=now + SKIP_RETRY)


def _advance(clk: CaseClock, case: Complaint, now: dt.datetime, recipients: Recipients, owners: dict[int, int],
             result: SweepResult) -> None:
    old_level, old_urged, old_next = clk.level, clk.urged, clk.next_check_at
    new_level = max(old_level, clk.level_at(now))
    urge_now = clk.urge_at is not None and not clk.urged and clk.urge_at <= now and new_level < Level.RED
    clk.level = new_level
    clk.urged = old_urged or (clk.urge_at is not None and clk.urge_at <= now)
    clk.next_check_at = _first_pending(clk)
    if clk.next_check_at is not None and clk.next_check_at <= now:  # never re-read in this sweep
        clk.next_check_at = now + dt.timedelta(seconds=1)
    won = CaseClock.objects.filter(pk=clk.pk, level=old_level, urged=old_urged, next_check_at=old_next).update(
        level=clk.level, urged=clk.urged, next_check_at=clk.next_check_at
    )
    if not won:
        return  # another sweep got here first
    result.changed += 1
    levels = []
    if urge_now:
        levels.append("urge")
    if new_level > old_level:
        levels.append(LEVEL_CODES[new_level])
    for level in levels:
        result.messages += _notify(case, clk, level, recipients, owners, now)
        result.notices += 1
