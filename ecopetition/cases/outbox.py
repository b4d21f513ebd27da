"""Work that follows an action, done in the request ("inline") or by the worker ("worker").

Every action appends events (audit.append) and, once committed, announces
itself (audit.announce_on_commit). Other domains react: statistics move their
rollup cells, triage looks for repeats and records a suggestion, webhooks and
notices are queued. Inline, that work happens in the request, as it always did.
With `settings.OUTBOX_MODE = "worker"`, the request only writes one small
`OutboxItem` per event and per announcement, in its own transaction; `drain()`
(run by the worker in a loop) takes the items in order, in batches, with
`SKIP LOCKED` so several drainers never take the same item, does the work and
deletes the items in one transaction. So:

- nothing is lost: an item exists exactly when its action committed;
- nothing is done twice: the work and the deletion commit together, so a worker
  killed half-way leaves the batch for the next one;
- one failing item does not hold the rest: a failed batch is retried item by
  item, and an item that keeps failing is parked (`parked=True`) for an
  administrator (`ecopetition outbox`), after MAX_ATTEMPTS.

Batch consumers: `register(name, fn)`; `fn(items)` gets the batch's EVENT items
(`complaint_id`, `event_id`, `action`) and must be idempotent per case
(recomputing a case's state, not adding to it), since a failed batch is redone.
A consumer whose work is mostly thinking (triage's models) also registers
`prepare(items)` (as may a receiver of announcements, `register_prepare`): it
runs on the batch about to be taken (all its items), before the transaction
opens, reads only, and keeps what it worked out for `fn` (which works it out
itself where nothing was kept). On SQLite a transaction holds the database's one
write lock from its start, so what is thought inside it makes every request that
writes (a citizen's submission) wait; there the batches are also small.
ANNOUNCE items send `audit.event_committed` to its receivers, each in a savepoint.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction

from .event_signals import event_committed
from .models import OutboxItem

log = logging.getLogger("ecopetition.outbox")

MAX_ATTEMPTS = 5
BATCH = 200
SQLITE_BATCH = 10  # a batch's writes hold SQLite's write lock: a request waits for at most one small batch

Consumer = Callable[[list[OutboxItem]], None]
_consumers: dict[str, Consumer] = {}
_preparers: dict[str, Consumer] = {}


def deferred() -> bool:
    """True when follow-up work is left to the worker instead of done in the request."""
    return getattr(settings, "OUTBOX_MODE", "inline") == "worker"


def register(name: str, fn: Consumer, prepare: Consumer | None = None) -> None:
    """Add a batch consumer of EVENT items (called only by `drain`, i.e. in "worker" mode), and the read-only
    work it may do on a batch before the batch's transaction opens (`prepare`)."""
    _consumers[name] = fn
    if prepare is not None:
        register_prepare(name, prepare)


def register_prepare(name: str, prepare: Consumer) -> None:
    """Add read-only work on the next batch's items (EVENT and ANNOUNCE: `kind`, `action`, `complaint_id`),
    done before its transaction opens, for a consumer or for a receiver of the batch's announcements."""
    _preparers[name] = prepare


def _prepare(limit: int) -> None:
    """Let the consumers think about the next batch before it is taken (outside any transaction). Another
    drainer may take some of it first: what was worked out for those is then not used."""
    if not _preparers:
        return
    batch = list(OutboxItem.objects.filter(parked=False).order_by("pk")[:limit])
    if not batch:
        return
    for name, fn in _preparers.items():
        try:
            fn(batch)
        except Exception:  # the consumer works it out itself inside the transaction
            log.warning("outbox: preparing for %s failed", name, exc_info=True)


_batch = threading.local()  # .memo: what receivers read once per batch (`per_batch`); None outside a batch


def per_batch(name: str, read: Callable[[], object]) -> object:
    """`read()`, once per batch while this thread's drainer does one (a value every item of the batch reads alike,
    such as the active webhook subscriptions); outside a batch (inline mode, a request) every call reads."""
    memo = getattr(_batch, "memo", None)
    if memo is None:
        return read()
    if name not in memo:
        memo[name] = read()
    return memo[name]


def put_event(event) -> None:
    OutboxItem.objects.create(kind=OutboxItem.Kind.EVENT, complaint_id=event.complaint_id, event_id=event.pk,
                              action=event.action)


def put_announcement(case_id: int, action: str) -> None:
    OutboxItem.objects.create(kind=OutboxItem.Kind.ANNOUNCE, complaint_id=case_id, action=action)


def _process(items: list[OutboxItem]) -> None:
    _batch.memo = {}
    try:
        _process_batch(items)
    finally:
        _batch.memo = None


def _process_batch(items: list[OutboxItem]) -> None:
    events = [i for i in items if i.kind == OutboxItem.Kind.EVENT]
    if events:
        for fn in _consumers.values():
            fn(events)
    for item in items:
        if item.kind == OutboxItem.Kind.ANNOUNCE:
            event_committed.send_each_atomic(sender=_complaint_model(), case_id=item.complaint_id,
                                             action=item.action)


def _complaint_model():
    from .models import Complaint

    return Complaint


def _todo():
    return OutboxItem.objects.filter(parked=False).order_by("pk").select_for_update(skip_locked=True)


def drain(limit: int | None = None) -> int:
    """Do up to `limit` waiting items (`BATCH`; `SQLITE_BATCH` on SQLite); returns how many were taken (0:
    nothing waits)."""
    if limit is None:
        limit = SQLITE_BATCH if connection.vendor == "sqlite" else BATCH
    _prepare(limit)
    with transaction.atomic():
        items = list(_todo()[:limit])
        if not items:
            return 0
        try:
            with transaction.atomic():
                _process(items)
        except Exception:
            log.warning("outbox batch of %d failed; retrying item by item", len(items), exc_info=True)
        else:
            OutboxItem.objects.filter(pk__in=[i.pk for i in items]).delete()
            return len(items)
    for item in items:
        _one(item.pk)
    return len(items)


def _one(pk: int) -> None:
    with transaction.atomic():
        item = _todo().filter(pk=pk).first()
        if item is None:  # done meanwhile by another drainer
            return
        try:
            with transaction.atomic():
                _process([item])
        except Exception as exc:
            item.attempts += 1
            item.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            item.parked = item.attempts >= MAX_ATTEMPTS
            item.save(update_fields=["attempts", "last_error", "parked"])
            log.exception("outbox item %s (%s) failed (attempt %d%s)", item.pk, item, item.attempts,
                          ", parked" if item.parked else "")
        else:
            item.delete()


def drain_all(*, limit: int | None = None, max_seconds: float | None = None) -> int:
    """Drain until nothing waits (or `max_seconds` passed); returns the number of items done."""
    done, start = 0, time.monotonic()
    while True:
        n = drain(limit)
        done += n
        if n == 0 or (max_seconds is not None and time.monotonic() - start > max_seconds):
            return done


def waiting() -> dict[str, int]:
    return {
        "waiting": OutboxItem.objects.filter(parked=False).count(),
        "parked": OutboxItem.objects.filter(parked=True).count(),
    }


class Drainer(threading.Thread):
    """The worker's loop: drain, and nap briefly when nothing waits.

    `guard` wraps each round (the in-process worker passes its fork guard, which also
    closes the thread's database connections at the end of the round).
    """

    def __init__(self, guard=None, idle_seconds: float = 0.2, nice: int = 10):
        super().__init__(name="outbox-drainer", daemon=True)
        self.guard = guard
        self.idle_seconds = idle_seconds
        self.stopping = threading.Event()
        self.nice = nice

    def run(self) -> None:
        # Background work yields the CPU to requests: under a burst it falls behind and catches up after.
        import os

        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), self.nice)
        except (AttributeError, OSError, PermissionError):
            pass

        from contextlib import nullcontext

        from django.db import close_old_connections

        while not self.stopping.is_set():
            try:
                if self.guard is None:
                    close_old_connections()  # a broken connection (database restarted) is replaced
                with self.guard() if self.guard else nullcontext():
                    n = drain()
            except Exception:  # the database is down or restarting: wait and go on
                log.warning("outbox drain failed; retrying shortly", exc_info=True)
                n = 0
                time.sleep(1.0)
            if n == 0:
                self.stopping.wait(self.idle_seconds)

    def stop(self) -> None:
        self.stopping.set()
