"""Triage at intake: index a new case for repeat search inside its register transaction, then (after commit)
flag repeats and keep what triage suggested next to what the clerk chose.

Inside the transaction only one bulk insert is added; the search, the
classifier and the flagging run after commit so registration stays cheap and
a triage failure can never undo a registration. With the outbox in "worker" mode
all of it (index included) runs in the worker, case by case in register order. The after-commit work
itself is in post_register.py, which the huey task in tasks.py calls too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from ecopetition.cases import outbox
from ecopetition.cases.models import Complainant, Complaint

from . import repeats
from .post_register import after_register, think_many, write_many


def mode() -> str:
    """TRIAGE_ON_REGISTER: True/"full" (index, then search and record after commit), "index" (index only;
    the nightly backfill flags repeats), False (nothing; the backfill indexes too)."""
    value = getattr(settings, "TRIAGE_ON_REGISTER", True)
    if value is True:
        return "full"
    return value if value in ("full", "index") else "off"


def on_event_appended(sender, event, case, **kwargs):
    if event.action != "register" or case is None or outbox.deferred():
        return
    how = mode()
    if how == "off":
        return
    people = list(Complainant.objects.filter(complaint=case))
    repeats.index_case(case, people)
    if how == "full":
        case_id = case.pk
        transaction.on_commit(lambda: schedule(case_id))


def schedule(case_id: int) -> None:
    """Right after the commit; with TRIAGE_ASYNC (and a huey worker running) in the worker instead."""
    if getattr(settings, "TRIAGE_ASYNC", False) and getattr(settings, "HUEY", None) is not None:
        from .tasks import triage_after_register

        triage_after_register(case_id)
    else:
        after_register(case_id)


# What `prepare` worked out for the batch about to be taken, by case; `consume` uses it (one drainer thread per
# process, so one batch at a time).
_thought: dict[int, tuple] = {}


def prepare(items) -> None:
    """Outbox preparer ("worker" mode): look for repeats and work out the suggestion of each registered case of
    the next batch before the batch's transaction opens (`outbox.register`)."""
    _thought.clear()
    if mode() != "full":
        return
    ids = dict.fromkeys(item.complaint_id for item in items
                        if item.kind == item.Kind.EVENT and item.action == "register" and item.complaint_id)
    _thought.update(think_many(ids))


def consume(items) -> None:
    """Outbox consumer ("worker" mode): index, look for repeats and suggest, in register order; what `prepare`
    worked out is written for the whole batch at once, a case it did not see (another drainer's) on its own."""
    how = mode()
    if how == "off":
        return
    ids = [item.complaint_id for item in items if item.action == "register" and item.complaint_id]
    if how == "index":
        for case in Complaint.objects.filter(pk__in=ids).order_by("pk"):
            repeats.index_case(case, list(Complainant.objects.filter(complaint=case)))
        return
    thought = [_thought.pop(case_id, None) for case_id in ids]
    write_many([t for t in thought if t is not None], index=True)
    for case_id, t in zip(ids, thought, strict=True):
        if t is None:
            after_register(case_id, index=True)
