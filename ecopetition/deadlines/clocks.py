"""Clocks per case, derived from the audit events as they are appended.

`on_event_appended` runs inside the transaction of the action that appended
the event (signal `cases.audit.event_appended`), so a clock starts, stops or
is extended together with the state change that caused it, or not at all.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.db.models import Q

from ecopetition.cases.models import FINAL_STATES, Complaint, Event

from . import workcal
from .models import CaseClock, DeadlinePolicy, Level

log = logging.getLogger("ecopetition.deadlines")

# Events that end every clock on a case: nothing more is expected of anyone (stage closing ends the handling
# clocks too; only its own follow-up clock starts on it).
FINAL_ACTIONS = {"reject", "refer", "merge", "close", "uphold", "re_review_uphold", "stage_close"}


_policy_cache: tuple[float, list[DeadlinePolicy]] | None = None


def _policies() -> list[DeadlinePolicy]:
    """Active policies, cached for 30 s (edits in this process clear the cache at once)."""
    global _policy_cache
    now = time.monotonic()
    if _policy_cache is None or now - _policy_cache[0] > 30:
        _policy_cache = (now, list(DeadlinePolicy.objects.filter(active=True).order_by("key", "priority", "id")))
    return _policy_cache[1]


def invalidate_policies(**kwargs) -> None:
    global _policy_cache
    _policy_cache = None


def interesting_actions(policies: list[DeadlinePolicy]) -> set[str]:
    names = set(FINAL_ACTIONS) | {"approve_extension", "respond_supervision"}
    for p in policies:
        names.update(p.start_list)
        names.update(p.stop_list)
    return names


def policy_for(case: Complaint, key: str, policies: list[DeadlinePolicy]) -> DeadlinePolicy | None:
    for p in policies:
        if p.key == key and p.matches(case):
            return p
    return None


def thresholds(started_at: dt.datetime, due_at: dt.datetime, yellow: float, blue: float, red: float,
               urge: float | None) -> dict:
    """Warning moments as fractions of the wall-clock time between start and due."""
    span = due_at - started_at
    if span <= dt.timedelta(0):
        span = dt.timedelta(seconds=1)

    def at(f: float) -> dt.datetime:
        return started_at + span * f

    return {
        "yellow_at": at(yellow), "blue_at": at(blue), "red_at": at(red),
        "urge_at": at(urge) if urge is not None else None,
    }


def _first_pending(clock: CaseClock) -> dt.datetime | None:
    """The earliest warning point the sweep has not handled yet."""
    points = []
    order = [(Level.YELLOW, clock.yellow_at), (Level.BLUE, clock.blue_at), (Level.RED, clock.red_at),
             (Level.OVERDUE, clock.due_at)]
    for level, at in order:
        if clock.level < level:
            points.append(at)
    if clock.urge_at is not None and not clock.urged:
        points.append(clock.urge_at)
    return min(points) if points else None


def day_thresholds(started_at: dt.datetime, days: int, yellow: float, blue: float, red: float,
                   urge: float | None) -> dict:
    """Warning moments of a day-N clock at the start of a day: a fraction f of N days falls at the start of
    day 1 + round(f x N). So 1+3+5+7 urges at the start of day 3 (2/7) and Dazhou's board turns yellow on day
    5, blue on day 6 and red on day 7 (4/7, 5/7, 6/7; seed 003)."""
    cal = workcal.get()
    first = cal.local_date(started_at)

    def at(f: float) -> dt.datetime:
        return max(started_at, cal.start_of_day(first + dt.timedelta(days=round(f * days))))

    return {
        "yellow_at": at(yellow), "blue_at": at(blue), "red_at": at(red),
        "urge_at": at(urge) if urge is not None else None,
    }


def policy_thresholds(policy: DeadlinePolicy, started_at: dt.datetime, due_at: dt.datetime) -> dict:
    points = (policy.yellow, policy.blue, policy.red, policy.urge_at)
    if policy.unit == "day_n":
        return day_thresholds(started_at, policy.amount, *points)
    return thresholds(started_at, due_at, *points)


def start_clock(case: Complaint, policy: DeadlinePolicy, started_at: dt.datetime, *, extra_days: int = 0
                ) -> CaseClock:
    due = workcal.due(started_at, policy.amount, policy.unit)
    due_at = due.at
    if extra_days:
        due_at = due_at + dt.timedelta(days=extra_days)
    clock = CaseClock(
        complaint=case, key=policy.key, label=policy.name, policy=policy, started_at=started_at, due_at=due_at,
        provisional=due.provisional, extended_days=extra_days,
        **(policy_thresholds(policy, started_at, due_at) if not extra_days else
           thresholds(started_at, due_at, policy.yellow, policy.blue, policy.red, policy.urge_at)),
    )
    clock.next_check_at = _first_pending(clock)
    clock.save(force_insert=True)
    return clock


def start_custom_clock(case: Complaint, *, key: str, label: str, started_at: dt.datetime,
                       due_at: dt.datetime) -> CaseClock:
    """A clock with a deadline given by a person (a supervision order's own deadline)."""
    clock = CaseClock(complaint=case, key=key, label=label, started_at=started_at, due_at=due_at,
                      **thresholds(started_at, due_at, 0.6, 0.75, 0.9, None))
    clock.next_check_at = _first_pending(clock)
    clock.save(force_insert=True)
    return clock


def stop_clock(clock: CaseClock, at: dt.datetime, by: str) -> None:
    CaseClock.objects.filter(pk=clock.pk, stopped_at__isnull=True).update(
        stopped_at=at, stopped_by=by[:40], next_check_at=None
    )
    clock.stopped_at, clock.stopped_by, clock.next_check_at = at, by[:40], None


def extend_clock(clock: CaseClock, days: int) -> None:
    """Move the due moment later by `days` calendar days (an approved extension), re-deriving the warnings."""
    clock.due_at = clock.due_at + dt.timedelta(days=days)
    clock.extended_days += days
    p = clock.policy
    fr = (p.yellow, p.blue, p.red, p.urge_at) if p else (0.6, 0.75, 0.9, None)
    for name, value in thresholds(clock.started_at, clock.due_at, *fr).items():
        setattr(clock, name, value)
    # The level may fall back (an overdue case is given more time); notices already sent stay sent.
    from ecopetition.core import clock as sysclock

    clock.level = min(clock.level, clock.level_at(sysclock.now()))
    clock.next_check_at = _first_pending(clock)
    clock.save()


def apply_event(case: Complaint, event: Event, policies: list[DeadlinePolicy] | None = None, *,
                policy_clocks_only: bool = False, state: str | None = None) -> None:
    """Start, stop or extend the clocks the event concerns (`policy_clocks_only`: leave clocks a person set, such
    as a supervision order's, alone — a replay of old events must not stop today's order; `state`: the case's
    state right after the event, when replaying history, instead of its present state)."""
    policies = _policies() if policies is None else policies
    state = state or case.state
    action = event.action
    if action not in interesting_actions(policies):
        return
    running_qs = CaseClock.objects.select_for_update(of=("self",)).filter(complaint=case, stopped_at__isnull=True)
    if policy_clocks_only:
        running_qs = running_qs.filter(policy__isnull=False)
    # A case's first event (its registration) finds no clock running: nothing to read.
    running = {} if event.seq == 1 else {
        # Locked, so that a sweep running now and this event never overwrite each other's changes.
        c.key: c for c in running_qs.select_related("policy")
    }
    at = event.at

    if action in FINAL_ACTIONS or state in FINAL_STATES:
        for clock in running.values():
            stop_clock(clock, at, action)
        if action == "close" or state in FINAL_STATES:
            return

    if action == "approve_extension" and (event.data or {}).get("approved"):
        days = int((event.data or {}).get("days") or 0)
        for clock in running.values():
            if clock.policy_id and clock.policy and clock.policy.extendable and days > 0:
                extend_clock(clock, days)
        return

    # Stops first, so that an event that stops one clock and starts another of the same key restarts it.
    for key, clock in list(running.items()):
        if clock.policy is not None and action in clock.policy.stop_list:
            stop_clock(clock, at, action)
            running.pop(key)
        elif clock.policy is None and action in {"respond_supervision"} and key == (event.data or {}).get("clock"):
            stop_clock(clock, at, action)
            running.pop(key)

    keys = sorted({p.key for p in policies if action in p.start_list})
    for key in keys:
        policy = policy_for(case, key, policies)
        if policy is None or action not in policy.start_list:
            continue
        current = running.get(key)
        if current is not None:
            if not policy.restart:
                continue
            stop_clock(current, at, f"restart:{action}")
        started = case.received_at if policy.from_receipt else at
        start_clock(case, policy, started)


def rederive(cases, *, progress=None) -> int:
    """Derive the policy clocks of these cases again from their events, under today's policies.

    Used when the meaning of a shipped policy changes (a data migration) or an administrator asks for it. The
    levels and urgings a clock would have reached by now are set without sending their notices again; clocks a
    person set (supervision orders) are kept as they are. Returns the number of cases done.
    """
    from django.db import transaction

    from ecopetition.core import clock as sysclock

    policies = list(DeadlinePolicy.objects.filter(active=True).order_by("key", "priority", "id"))
    now = sysclock.now()
    done = 0
    for case in cases.iterator(chunk_size=500):
        with transaction.atomic():
            CaseClock.objects.filter(complaint=case, policy__isnull=False).delete()
            state = case.state
            for event in Event.objects.filter(complaint=case).order_by("seq"):
                state = event.to_state or state
                apply_event(case, event, policies, policy_clocks_only=True, state=state)
            for clk in CaseClock.objects.filter(complaint=case, policy__isnull=False):
                until = min(now, clk.stopped_at) if clk.stopped_at else now
                clk.level = clk.level_at(until)
                clk.urged = clk.urge_at is not None and clk.urge_at <= until
                clk.next_check_at = None if clk.stopped_at else _first_pending(clk)
                clk.save(update_fields=["level", "urged", "next_check_at"])
        done += 1
        if progress:
            progress(1)
    return done


def on_event_appended(sender, event: Event, case: Complaint | None, **kwargs) -> None:
    if case is None:
        return
    apply_event(case, event)


def recompute_provisional() -> int:
    """Recompute the due moments of running provisional clocks (after a calendar year was loaded)."""
    from ecopetition.core import clock as sysclock

    workcal.invalidate()
    now = sysclock.now()
    changed = 0
    for clock in CaseClock.objects.filter(stopped_at__isnull=True, provisional=True).select_related("policy"):
        p = clock.policy
        if p is None:
            continue
        due = workcal.due(clock.started_at, p.amount, p.unit)
        clock.due_at = due.at + dt.timedelta(days=clock.extended_days)
        clock.provisional = due.provisional
        for name, value in thresholds(clock.started_at, clock.due_at, p.yellow, p.blue, p.red, p.urge_at).items():
            setattr(clock, name, value)
        clock.level = min(clock.level, clock.level_at(now))
        clock.next_check_at = _first_pending(clock)
        clock.save()
        changed += 1
    return changed


def current_clock(clocks: list[CaseClock]) -> CaseClock | None:
    """The running clock that matters most now: the highest level, then the earliest due."""
    running = [c for c in clocks if c.stopped_at is None]
    if not running:
        return None
    return sorted(running, key=lambda c: (-c.level, c.due_at))[0]


def running_q() -> Q:
    return Q(stopped_at__isnull=True)
