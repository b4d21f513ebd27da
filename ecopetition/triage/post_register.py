"""Triage's work on one registered case, after its register transaction has committed: flag repeats and
keep what triage suggested next to what the clerk chose. Called by hooks.py (right after the commit, or
case by case from the outbox in "worker" mode) and by the huey task in tasks.py (TRIAGE_ASYNC); it
imports neither of them.
"""

from __future__ import annotations

import logging

from django.db import transaction

from ecopetition.cases.models import Complaint
from ecopetition.core import clock

from . import repeats

log = logging.getLogger("ecopetition.triage.hooks")  # the logger's name from before this was split out


def think(case_id: int) -> tuple[Complaint, list, tuple, repeats.Probe]:
    """What triage works out for a registered case (reads only): the case, the cases strong enough to flag it
    as a repeat, the suggestion (`suggest`) and the case's repeat probe (what it is indexed under)."""
    thought = think_many([case_id])
    if case_id not in thought:
        raise Complaint.DoesNotExist(f"no complaint {case_id}")
    return thought[case_id]


def think_many(case_ids) -> dict[int, tuple[Complaint, list, tuple, repeats.Probe]]:
    """`think` for a batch of cases (the outbox's prepare step), their texts classified together; cases that
    no longer exist are left out. The batch's cases are not indexed yet: each is searched, in register order,
    among the stored ones and the batch's earlier ones (`repeats.PendingIndex`)."""
    from . import engine

    cases = list(Complaint.objects.select_related("unit", "sector", "created_by")
                 .prefetch_related("complainants", "categories")
                 .filter(pk__in=list(case_ids)).order_by("pk"))  # the complainants: the repeat search's person keys
    found = engine.classify_many(case.content for case in cases)
    out = {}
    pending = repeats.PendingIndex()
    for case, cls in zip(cases, found, strict=True):
        probe = repeats.probe_for(case)
        _matches, strong = repeats.repeat_matches(case, probe=probe, pending=pending)
        pending.add(case.pk, case.received_at, probe)
        out[case.pk] = (case, strong, suggest(case, cls), probe)
    return out


def after_register(case_id: int, *, index: bool = False, thought: tuple | None = None) -> None:
    try:
        # Reading and thinking first (`think`, or what the outbox's prepare step worked out already), outside
        # any transaction: on SQLite a transaction holds the database's one write lock from its start, and the
        # models (and their first loading) would hold it for seconds while a citizen's submission waits for
        # it. Then the writes, together: a failure rolls back only triage's.
        case, strong, computed, probe = thought or think(case_id)
        with transaction.atomic():
            if index:
                repeats.index_case(case, probe=probe)
            if strong:
                repeats.do_flag_repeat(case.pk, strong, via="triage")
            record_suggestion(case, computed)
    except Exception:  # triage must never break intake; the nightly backfill catches up
        log.exception("triage after registering case %s failed", case_id)



def suggest(case: Complaint, cls: dict | None = None) -> tuple[dict, object, list]:
    """What triage suggests for `case`, the routing rule behind it and the fields where the clerk chose
    otherwise (reads only: `record_suggestion` writes it). `cls`: its text's classification, when done already."""
    from . import engine, rules

    cls = cls if cls is not None else engine.classify(case.content)
    # Where the matter is: the map point and the address, with the registering unit's area as the prior;
    # the case's stored division code and then the unit's only when neither says anything.
    place = engine.locate(case.content, case.address, case.lat, case.lon, case.unit.division_code)
    division = place["code"] or case.division_code or case.unit.division_code
    routed = rules.route(division, cls["categories"], cls["sector"], case.content) if cls["in_scope"] else None
    chosen_cats = sorted(c.code for c in case.categories.all())  # prefetched by `think_many`
    chosen_sector = case.sector.code if case.sector else ""
    suggestion = {
        "in_scope": cls["in_scope"], "in_scope_p": cls["in_scope_p"], "route_code": cls["route_code"],
        "categories": sorted(cls["categories"]), "sector": cls["sector"], "confidence": cls["confidence"],
        "unit": routed.unit.code if routed and routed.unit else "",
        "scope": cls["scope"], "emergency": cls["emergency"], "emergency_p": cls["emergency_p"],
        "emergency_why": cls["emergency_why"], "division_code": division,
        "division_source": place.get("source") or ("case" if case.division_code else "unit"),
        "reason": routed.rule_label if routed else "",
    }
    corrections = []
    by_person = case.created_by_id is not None
    if by_person and (chosen_cats or chosen_sector):
        if chosen_cats != suggestion["categories"]:
            corrections.append(("categories", suggestion["categories"], chosen_cats))
        if chosen_sector and chosen_sector != suggestion["sector"]:
            corrections.append(("sector", suggestion["sector"], chosen_sector))
    return suggestion, routed, corrections


def record_suggestion(case: Complaint, computed: tuple[dict, object, list] | None = None) -> None:
    """Keep what triage would have suggested (`suggest`, or what it gave already), and a correction per field
    where the clerk chose otherwise."""
    record_suggestions([(case, computed or suggest(case))])


def record_suggestions(done: list[tuple[Complaint, tuple[dict, object, list]]]) -> None:
    """`record_suggestion` for several cases at once: one statement for their triage records (a case's earlier
    one replaced), one for their corrections."""
    from .models import CaseTriage, Correction

    if not done:
        return
    now = clock.now()
    with transaction.atomic():
        CaseTriage.objects.bulk_create([
            CaseTriage(complaint=case, suggestion=suggestion, unit=routed.unit if routed else None,
                       rule=routed.rule if routed else None, rule_label=routed.rule_label if routed else "",
                       corrected=bool(corrections), at=now)
            for case, (suggestion, routed, corrections) in done
        ], update_conflicts=True, unique_fields=["complaint"],
            update_fields=["suggestion", "unit", "rule", "rule_label", "corrected", "at"])
        Correction.objects.bulk_create([
            Correction(complaint=case, field=f, suggested=s, chosen=c, by=case.created_by, at=now)
            for case, (_suggestion, _routed, corrections) in done for f, s, c in corrections
        ])


def write_many(thoughts: list[tuple[Complaint, list, tuple, repeats.Probe]], *, index: bool) -> None:
    """The writes of `after_register` for a batch of cases (what `think_many` worked out), together: their index
    keys in one statement, the repeat flags case by case, their suggestions in one statement. A failure raises
    (the outbox then redoes its batch item by item, through `after_register`)."""
    with transaction.atomic():
        if index:
            repeats.index_many([(case, probe) for case, _strong, _computed, probe in thoughts])
        for case, strong, _computed, _probe in thoughts:
            if strong:
                repeats.do_flag_repeat(case.pk, strong, via="triage")
        record_suggestions([(case, computed) for case, _strong, computed, _probe in thoughts])
