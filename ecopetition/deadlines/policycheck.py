"""What a deadline policy means, in words, and whether its stop events can ever happen after it starts.

A clock nobody can stop is worse than none: it turns red on every case and blames whoever holds it. So an
edited policy is refused when none of its stop events can follow any of its start events in the lifecycle
(the transition table), and every policy can say in one sentence what starts and stops it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ecopetition.cases import audit, transitions
from ecopetition.cases.models import FINAL_STATES, State
from ecopetition.core import formats, registry

# Events recorded outside the transition table, with the states a case may be in when they happen.
# Everything else outside the table (urging, documents...) can happen in any open state.
SIDE_EVENT_STATES: dict[str, frozenset[str]] = {
    "register": frozenset(),  # only ever the first event: it never follows a start
    "site_visit": frozenset({State.IN_PROGRESS}),
    "survey": frozenset({State.IN_PROGRESS, State.REPORTED, State.REVIEWED}),
}
OPEN = frozenset(set(State) - FINAL_STATES)


def known_events() -> set[str]:
    return set(transitions.BY_ACTION) | set(registry.EVENT_LABELS) | set(SIDE_EVENT_STATES) | {"document"}


def event_label(action: str) -> str:
    """An event's name in words (cases.audit.event_label); a code no app knows stays as written here, where
    an administrator checks a policy's events."""
    return audit.event_label(action) if action in known_events() else action


def _states_after(event: str) -> set[str]:
    """The states a case can be in right after `event`."""
    t = transitions.BY_ACTION.get(event)
    if t is not None:
        return {t.target} if t.target else set(t.sources)
    if event == "register":
        return {State.REGISTERED}
    return set(SIDE_EVENT_STATES.get(event, OPEN))


def _reachable(states: set[str]) -> set[str]:
    seen, todo = set(states), list(states)
    while todo:
        s = todo.pop()
        for t in transitions.TABLE:
            if s in t.sources and t.target and t.target not in seen:
                seen.add(t.target)
                todo.append(t.target)
    return seen


def _possible_in(event: str, states: set[str]) -> bool:
    t = transitions.BY_ACTION.get(event)
    if t is not None:
        return bool(t.sources & states)
    return bool(SIDE_EVENT_STATES.get(event, OPEN) & states)


def problems(start_events: list[str], stop_events: list[str]) -> dict[str, str]:
    """Field -> reason, for start or stop events that are unknown or can never stop the clock."""
    errors: dict[str, str] = {}
    known = known_events()
    for field, names in (("start_events", start_events), ("stop_events", stop_events)):
        unknown = sorted(set(names) - known)
        if unknown:
            errors[field] = _("Unknown event: %(names)s.") % {"names": ", ".join(unknown)}
    if errors or not start_events or not stop_events:
        return errors
    for start in start_events:
        after = _reachable(_states_after(start))
        if not any(_possible_in(stop, after) for stop in stop_events):
            errors["stop_events"] = _(
                "None of the stop events (%(stops)s) can happen after “%(start)s”: the clock could never stop."
            ) % {"stops": formats.words(event_label(s) for s in stop_events), "start": event_label(start)}
            break
    return errors


def meaning(policy) -> str:
    """One sentence: what starts the clock, how long it runs, and what stops it."""
    starts = formats.words(event_label(e) for e in policy.start_list)
    stops = formats.words(event_label(e) for e in policy.stop_list)
    if policy.from_receipt:
        starts = _("the time of receipt (counted when %(events)s)") % {"events": starts}
    span = _("%(amount)s %(unit)s") % {"amount": policy.amount, "unit": policy.get_unit_display()}
    return _("Runs from %(start)s for %(span)s; stops at: %(stop)s.") % {"start": starts, "span": span,
                                                                          "stop": stops}
