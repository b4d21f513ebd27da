"""The nightly backfill: index cases the intake hook missed (imports, bulk loads, failures), then look for
repeats among recently received cases. Safe to run again: indexing skips indexed cases, flagging is idempotent."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch

from ecopetition.cases.models import Complainant, Complaint
from ecopetition.core import clock
from ecopetition.core.progress import counter

from . import repeats
from .models import IndexState, RepeatKey

BATCH = 2000


def backfill(*, days: int = 2, progress: bool = False, reindex: bool = False) -> dict:
    """Index what is not indexed, then flag repeats among the last `days`; `progress` draws a bar (a command)."""
    state, _ = IndexState.objects.get_or_create(name="repeat-index")
    if reindex:
        # After the key scheme changed (e.g. data/common_shingles.txt): rebuild the whole index.
        RepeatKey.objects.all().delete()
        state.last_id = 0
        state.save()
    indexed = flagged = seen = 0
    people = Prefetch("complainants", queryset=Complainant.objects.order_by("order", "id"))
    tick = counter("indexing", Complaint.objects.filter(pk__gt=state.last_id).count(), unit="case") if progress \
        else (lambda done: None)
    while True:
        cases = list(Complaint.objects.filter(pk__gt=state.last_id).order_by("pk").prefetch_related(people)[:BATCH])
        if not cases:
            break
        keyed = {}
        for c in cases:
            keyed[c.pk] = dict(repeats.probe_for(c, list(c.complainants.all())).index_keys())
        all_keys = {k for ks in keyed.values() for k in ks}
        have = set(RepeatKey.objects.filter(complaint_id__in=list(keyed), key__in=list(all_keys))
                   .values_list("complaint_id", flat=True).distinct()) if all_keys else set()
        rows = [(k, kind, c.pk, c.received_at) for c in cases if c.pk not in have
                for k, kind in keyed[c.pk].items()]
        repeats.raw_insert(rows)
        indexed += sum(1 for c in cases if c.pk not in have and keyed[c.pk])
        seen += len(cases)
        state.last_id = cases[-1].pk
        state.updated_at = clock.now()
        state.save()
        tick(seen)
    since = clock.now() - dt.timedelta(days=days)
    recent = Complaint.objects.filter(received_at__gte=since).select_related("unit").prefetch_related(people)
    for case in recent.iterator(chunk_size=500):
        before = case.is_repeat
        matches = repeats.detect_and_flag(case, via="triage-backfill")
        if not before and any(m.score >= repeats.THRESHOLD for m in matches):
            flagged += 1
    if progress:
        tick.close()
    return {"seen": seen, "indexed": indexed, "newly_flagged": flagged}
