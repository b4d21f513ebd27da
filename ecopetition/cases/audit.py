"""The tamper-evident audit trail: appending events to hash chains and verifying them.

Each case has its own chain (events ordered by `seq`); events that belong to no
case form the system chain. An event's hash covers its content and the hash
of the event before it, so editing, removing or reordering any event breaks
every hash after it, and the chain head kept on the case row catches a cut tail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ecopetition.core import clock, registry

from . import outbox, transitions
from .event_signals import event_appended, event_committed
from .models import Complaint, Event, State, SystemChain

log = logging.getLogger("ecopetition.audit")

def announce_on_commit(case_id: int, action: str) -> None:
    """Send `event_committed` for this case and action once the current transaction commits
    (in "worker" outbox mode: leave it to the worker, through an outbox item written now)."""
    if outbox.deferred():
        outbox.put_announcement(case_id, action)
        return
    transaction.on_commit(lambda: event_committed.send(sender=Complaint, case_id=case_id, action=action))


def _plain(value: Any) -> Any:
    """JSON-safe form of values kept in event data (stable across databases)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, float):
        return repr(value)
    return value


def _canonical_time(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def compute_hash(
    *, complaint_id: int | None, seq: int, at: dt.datetime, actor_id: int | None, actor_label: str,
    action: str, from_state: str, to_state: str, note: str, data: dict, prev_hash: str,
) -> str:
    body = json.dumps(
        {
            "case": complaint_id,
            "seq": seq,
            "at": _canonical_time(at),
            "actor": actor_id,
            "actor_label": actor_label,
            "action": action,
            "from": from_state,
            "to": to_state,
            "note": note,
            "data": data,
            "prev": prev_hash,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def event_hash(event: Event) -> str:
    return compute_hash(
        complaint_id=event.complaint_id, seq=event.seq, at=event.at, actor_id=event.actor_id,
        actor_label=event.actor_label, action=event.action, from_state=event.from_state,
        to_state=event.to_state, note=event.note, data=event.data, prev_hash=event.prev_hash,
    )


# What a page calls the programs that act for nobody ("system:<via>" in the record).
SYSTEM_ACTORS = {
    "system": _("system"), "portal": _("public portal"), "triage": _("automatic triage"),
    "sweep": _("deadline sweep"), "worker": _("background worker"), "recheck": _("re-check"),
    "api": _("API"), "open311": _("Open311"), "import": _("import"), "phone": _("phone intake"),
    "web": _("console"), "reception": _("reception day"), "generate": _("generated data"),
}


EVENT_LABELS = {"register": _("Registered"), "document": _("Document issued"),
                "phone_view": _("Viewed the complainant's phone number to call"),
                "role_membership": _("Role assignment changed in the admin")}


def event_label(action: str) -> str:
    """A person's word for an audited action: the transition's label, or what the app that records it
    registered (core.registry.register_event_label). Never the code name on a page."""
    if action in transitions.BY_ACTION:
        return str(transitions.BY_ACTION[action].label)
    label = EVENT_LABELS.get(action) or registry.EVENT_LABELS.get(action)
    return str(label) if label is not None else gettext("other event")


def state_label(code: str) -> str:
    """A state's name ("" for none); an unknown code (a state since removed) reads as itself."""
    try:
        return str(State(code).label) if code else ""
    except ValueError:
        return code


def shown_actor(label: str) -> str:
    """An event's recorded actor as a page shows it: a person's full name (the recorded login name when
    there is none), a program by what it is ("系统（自动分流）"). The record itself stays as written."""
    if label.startswith("system:"):
        via = label.removeprefix("system:")
        name = SYSTEM_ACTORS.get(via) or SYSTEM_ACTORS.get(via.split("-")[0]) or SYSTEM_ACTORS["system"]
        return str(SYSTEM_ACTORS["system"]) if via == "system" else gettext("system (%(what)s)") % {"what": name}
    username, _sep, rest = label.partition(" (")
    return rest[:-1] if rest.endswith(")") and rest[:-1] else username


def actor_label(actor, via: str | None = None) -> str:
    if actor is None:
        return f"system:{via or 'system'}"
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return f"{actor.get_username()}{' (' + full + ')' if full else ''}"


def append(
    case: Complaint | None, *, actor, action: str, from_state: str = "", to_state: str = "",
    note: str = "", data: dict | None = None, via: str | None = None,
) -> Event:
    """Append one event to the case's chain (or the system chain when `case` is None).

    The caller holds the case row lock (actions select it for update), so
    `event_seq`/`last_hash` move forward one at a time. Saves the chain head.
    """
    at = clock.now()
    head: Complaint | SystemChain
    if case is None:
        head, _ = SystemChain.objects.select_for_update().get_or_create(pk=1)
    else:
        head = case
    seq = head.event_seq + 1
    payload = _plain(data or {})
    # Round-trip through JSON so the stored value hashes identically when read back.
    payload = json.loads(json.dumps(payload, ensure_ascii=False))
    prev = head.last_hash
    event = Event(
        complaint=case, seq=seq, at=at, actor=actor, actor_label=actor_label(actor, via), action=action,
        from_state=from_state, to_state=to_state, note=note, data=payload, prev_hash=prev,
    )
    event.hash = event_hash(event)
    event.save(force_insert=True)
    head.event_seq = seq
    head.last_hash = event.hash
    type(head).objects.filter(pk=head.pk).update(event_seq=seq, last_hash=event.hash)
    if case is not None and (note or action == "callback"):
        from .models import refresh_search_for_note

        refresh_search_for_note(case.pk, note, action)  # a name found in it is masked in the search columns (R16-13)
    event_appended.send(sender=Event, event=event, case=case)
    if case is not None and outbox.deferred():
        outbox.put_event(event)
    return event


@dataclass
class ChainBreak:
    event_id: int | None
    complaint_id: int | None
    seq: int | None
    reason: str

    def __str__(self) -> str:
        where = f"case {self.complaint_id}" if self.complaint_id else "system chain"
        return f"event id={self.event_id} ({where}, seq {self.seq}): {self.reason}"


def verify(queryset=None, *, progress=None) -> Iterator[ChainBreak]:
    """Walk every chain and yield each break found (first per chain)."""
    events = (queryset if queryset is not None else Event.objects.all()).order_by("complaint_id", "seq", "id")
    cases = Complaint.objects.all()
    if queryset is not None:
        # Only the heads of the chains being checked (an export checks one case, not the register).
        cases = cases.filter(pk__in=queryset.order_by().values("complaint_id"))
    heads = dict(cases.values_list("pk", "last_hash"))
    seqs = dict(cases.values_list("pk", "event_seq"))
    system = SystemChain.objects.filter(pk=1).values_list("last_hash", "event_seq").first()
    current: object = object()  # sentinel: no chain read yet
    prev_hash = ""
    expected_seq = 1
    broken = False
    seen_cases: set[int | None] = set()

    def tail_check(chain_id, last_hash, last_seq):
        if chain_id is None:
            want_hash, want_seq = system if system else ("", 0)
        else:
            want_hash, want_seq = heads.get(chain_id, ""), seqs.get(chain_id, 0)
        if (last_hash, last_seq) != (want_hash, want_seq):
            return ChainBreak(
                None, chain_id, last_seq + 1,
                f"chain ends at seq {last_seq} but its head says seq {want_seq}: events removed or added",
            )
        return None

    last_seq = 0
    for ev in events.iterator(chunk_size=2000):
        if ev.complaint_id != current:
            if seen_cases and not broken:
                brk = tail_check(current, prev_hash, last_seq)
                if brk:
                    yield brk
            current = ev.complaint_id
            seen_cases.add(current)
            prev_hash, expected_seq, broken, last_seq = "", 1, False, 0
        if progress:
            progress()
        if broken:
            continue
        if ev.seq != expected_seq:
            broken = True
            yield ChainBreak(ev.pk, ev.complaint_id, ev.seq, f"expected seq {expected_seq}: an event is missing")
            continue
        if ev.prev_hash != prev_hash:
            broken = True
            yield ChainBreak(ev.pk, ev.complaint_id, ev.seq, "link to the previous event does not match")
            continue
        if event_hash(ev) != ev.hash:
            broken = True
            yield ChainBreak(ev.pk, ev.complaint_id, ev.seq, "content does not match its hash: the event was altered")
            continue
        prev_hash, last_seq, expected_seq = ev.hash, ev.seq, ev.seq + 1
    if seen_cases and not broken:
        brk = tail_check(current, prev_hash, last_seq)
        if brk:
            yield brk
    if queryset is None:
        # Cases whose head says they have events but none were found at all.
        for pk, seq in seqs.items():
            if seq and pk not in seen_cases:
                yield ChainBreak(None, pk, 1, f"case head says {seq} events but none exist")
