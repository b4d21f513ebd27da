"""Triage at intake: index a new case for repeat search inside its register transaction, then (after commit)
flag repeats and keep what triage suggested next to what the clerk chose.

Inside the transaction only one bulk insert is added; the search, the
classifier and the flagging run after commit so registration stays cheap and
a triage failure can never undo a registration. With the outbox in "worker" mode
all of it (index included) runs in the worker, case by case in register order.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from ecopetition.cases import outbox
from ecopetition.cases.models import Complainant, Complaint
from ecopetition.core import clock

from . import repeats

log = logging.getLogger(__name__)


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


def after_register(case_id: int, *, index: bool = False) -> None:
    try:
        with transaction.atomic():  # a failure rolls back only triage's own writes
            case = Complaint.objects.select_related("unit", "sector", "created_by").get(pk=case_id)
            if index:
                repeats.index_case(case, list(Complainant.objects.filter(complaint=case)))
            repeats.detect_and_flag(case)
            record_suggestion(case)
    except Exception:  # triage must never break intake; the nightly backfill catches up
        log.exception("triage after registering case %s failed", case_id)


def consume(items) -> None:
    """Outbox consumer ("worker" mode): index, look for repeats and suggest, case by case in order."""
    how = mode()
    if how == "off":
        return
    for item in items:
        if item.action != "register" or not item.complaint_id:
            continue
        if how == "index":
            case = Complaint.objects.filter(pk=item.complaint_id).first()
            if case is not None:
                repeats.index_case(case, list(Complainant.objects.filter(complaint=case)))
        else:
            after_register(item.complaint_id, index=True)


def record_suggestion(case: Complaint) -> None:
    """Keep what triage would have suggested, and a correction per field where the clerk chose otherwise."""
    from . import engine, rules
    from .models import CaseTriage, Correction

    cls = engine.classify(case.content)
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
    now = clock.now()
    corrections = []
    by_person = case.created_by_id is not None
    if by_person and (chosen_cats or chosen_sector):
        if chosen_cats != suggestion["categories"]:
            corrections.append(("categories", suggestion["categories"], chosen_cats))
        if chosen_sector and chosen_sector != suggestion["sector"]:
            corrections.append(("sector", suggestion["sector"], chosen_sector))
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
