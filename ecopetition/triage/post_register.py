"""Triage's work on one registered case, after its register transaction has committed: flag repeats and
keep what triage suggested next to what the clerk chose. Called by hooks.py (right after the commit, or
case by case from the outbox in "worker" mode) and by the huey task in tasks.py (TRIAGE_ASYNC); it
imports neither of them.
"""

from __future__ import annotations

import logging

from django.db import transaction

from ecopetition.cases.models import Complainant, Complaint
from ecopetition.core import clock

from . import repeats

log = logging.getLogger("ecopetition.triage.hooks")  # the logger's name from before this was split out


def think(case_id: int) -> tuple[Complaint, list, tuple]:
    """What triage works out for a registered case (reads only): the case, the cases strong enough to flag it
    as a repeat, and the suggestion (`suggest`)."""
    thought = think_many([case_id])
    if case_id not in thought:
        raise Complaint.DoesNotExist(f"no complaint {case_id}")
    return thought[case_id]


def think_many(case_ids) -> dict[int, tuple[Complaint, list, tuple]]:
    """`think` for a batch of cases (the outbox's prepare step), their texts classified together; cases that
    no longer exist are left out."""
    from . import engine

    cases = list(Complaint.objects.select_related("unit", "sector", "created_by").prefetch_related("complainants")
                 .filter(pk__in=list(case_ids)))  # the complainants: the repeat search's person keys
    found = engine.classify_many(case.content for case in cases)
    out = {}
    for case, cls in zip(cases, found, strict=True):
        _matches, strong = repeats.repeat_matches(case)
        out[case.pk] = (case, strong, suggest(case, cls))
    return out


def after_register(case_id: int, *, index: bool = False, thought: tuple | None = None) -> None:
    try:
        # Reading and thinking first (`think`, or what the outbox's prepare step worked out already), outside
        # any transaction: on SQLite a transaction holds the database's one write lock from its start, and the
        # models (and their first loading) would hold it for seconds while a citizen's submission waits for
        # it. Then the writes, together: a failure rolls back only triage's.
        case, strong, computed = thought or think(case_id)
        with transaction.atomic():
            if index:
                repeats.index_case(case, list(Complainant.objects.filter(complaint=case)))
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
    chosen_cats = sorted(case.categories.values_list("code", flat=True))
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
    from .models import CaseTriage, Correction

    suggestion, routed, corrections = computed or suggest(case)
    now = clock.now()
    with transaction.atomic():
        CaseTriage.objects.update_or_create(complaint=case, defaults={
            "suggestion": suggestion, "unit": routed.unit if routed else None,
            "rule": routed.rule if routed else None, "rule_label": routed.rule_label if routed else "",
            "corrected": bool(corrections), "at": now,
        })
        Correction.objects.bulk_create([
            Correction(complaint=case, field=f, suggested=s, chosen=c, by=case.created_by, at=now)
            for f, s, c in corrections
        ])
