"""Oversight over HTTP at /api/v1/oversight: the inspector's reads, export and mark; re-checks; emergencies.

The same functions as the console; reads start from `Complaint.objects.visible_to(user)`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from ecopetition.cases import privacy
from ecopetition.cases.dispatch import visible_case
from ecopetition.cases.models import Complaint
from ecopetition.core.exceptions import DomainError

from . import emergency, inspection, queries, recheck
from .models import AlertRecipient, EmergencyAlert, RecheckTask

PREFIX = "/oversight"
router = Router(tags=["oversight"])


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _error(exc: DomainError) -> Status:
    return Status(exc.status, {"code": exc.code, "message": str(exc.message), "field": getattr(exc, "field", None)})


def _not_found(what: str) -> Status:
    return Status(404, {"code": "not_found", "message": f"No {what} visible to you.", "field": None})


def _case(request, number: str) -> Complaint | None:
    return visible_case(request.user, number)


# --- inspector -----------------------------------------------------------------------------


class CaseRow(Schema):
    number: str
    state: str
    title: str
    unit: str
    lead_unit: str | None
    received_at: dt.datetime
    is_emergency: bool


class CaseFilter(Schema):
    state: str | None = None
    q: str | None = Field(None, max_length=200)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)  # larger would overflow the database's offset


@router.get("/cases", response={200: list[CaseRow], **ERRORS}, summary="Cases in the inspector's jurisdiction")
def list_cases(request, f: Query[CaseFilter]):
    try:
        inspection.require_reader(request.user)
    except DomainError as exc:
        return _error(exc)
    qs = Complaint.objects.visible_to(request.user).select_related("unit", "lead_unit").prefetch_related("complainants")
    if f.state:
        qs = qs.filter(state=f.state)
    if f.q:
        qs = qs.search(f.q, request.user)
    return [
        {"number": c.number, "state": c.state, "title": privacy.masked_title(c), "unit": c.unit.name,
         "lead_unit": c.lead_unit.name if c.lead_unit else None, "received_at": c.received_at,
         "is_emergency": c.is_emergency}
        for c in qs.order_by("-received_at", "-id")[f.offset:f.offset + f.limit]
    ]


@router.get("/cases/{number}/history", response={200: dict[str, Any], **ERRORS},
            summary="Full history of a case with its audit chain verified")
def case_history(request, number: str):
    try:
        inspection.require_reader(request.user)
    except DomainError as exc:
        return _error(exc)
    case = _case(request, number)
    if case is None:
        return _not_found(f"complaint {number}")
    return inspection.history(case, request.user)


class MissedOut(Schema):
    case: str
    clock: str
    due_at: dt.datetime
    stopped_at: dt.datetime | None
    late_by_minutes: int
    held_by_unit: str
    held_by_person: str
    not_signed_for: bool


@router.get("/missed", response={200: list[MissedOut], **ERRORS}, summary="Missed deadlines and who held the case")
def missed(request):
    try:
        inspection.require_reader(request.user)
    except DomainError as exc:
        return _error(exc)
    return [
        {"case": m.case.number, "clock": m.label, "due_at": m.due_at, "stopped_at": m.stopped_at,
         "late_by_minutes": int(m.late_by.total_seconds() // 60), "held_by_unit": m.unit, "held_by_person": m.person,
         "not_signed_for": m.unsigned}
        for m in inspection.missed_deadlines(Complaint.objects.visible_to(request.user))
    ]


class MarkIn(Schema):
    reason: str = Field(..., max_length=5000)
    concerning: str = Field("", max_length=300)


class EventOut(Schema):
    seq: int
    action: str
    at: dt.datetime
    hash: str | None = None  # only for readers with the identity grant: it chains over notes as written (R10-9)


@router.post("/cases/{number}/accountability", response={201: EventOut, **ERRORS},
             summary="Mark a case for accountability follow-up (inspectors)")
def mark(request, number: str, payload: MarkIn):
    case = _case(request, number)
    if case is None:
        return _not_found(f"complaint {number}")
    try:
        e = inspection.do_mark_accountability(case, actor=request.user, reason=payload.reason,
                                              concerning=payload.concerning)
    except DomainError as exc:
        return _error(exc)
    shown = e.hash if privacy.can_see_identity(request.user, case) else None
    return Status(201, {"seq": e.seq, "action": e.action, "at": e.at, "hash": shown})


# --- re-checks -----------------------------------------------------------------------------------


class RecheckOut(Schema):
    id: int
    number: str
    case: str
    status: str
    source: str
    reported_unit: str
    recheck_unit: str
    opened_at: dt.datetime
    due_at: dt.datetime
    findings: str
    responsibility_points: str | None = None


def _task(t: RecheckTask, user) -> dict:
    resp = getattr(t, "responsibility", None) if t.status == "overturned" else None
    return {"id": t.pk, "number": t.number, "case": t.complaint.number, "status": t.status, "source": t.source,
            "reported_unit": t.reported_unit.name, "recheck_unit": t.recheck_unit.name, "opened_at": t.opened_at,
            "due_at": t.due_at, "findings": privacy.mask_for(user, t.complaint, t.findings), "responsibility_points": str(resp.points) if resp else None}


@router.get("/rechecks", response={200: list[RecheckOut]}, summary="Re-check tasks of your units")
def list_rechecks(request, status: str | None = None):
    qs = queries.rechecks_for(request.user).select_related("complaint", "reported_unit", "recheck_unit")
    if status:
        qs = qs.filter(status=status)
    return [_task(t, request.user) for t in qs.order_by("due_at")[:200]]


class OpenIn(Schema):
    case: str = Field(..., max_length=40)
    reason: str = Field(..., max_length=5000)


@router.post("/rechecks", response={201: RecheckOut, **ERRORS}, summary="Open a re-check of an unfounded finding")
def open_recheck(request, payload: OpenIn):
    case = _case(request, payload.case)
    if case is None:
        return _not_found(f"complaint {payload.case}")
    try:
        t = recheck.do_open_recheck(case, actor=request.user, reason=payload.reason)
    except DomainError as exc:
        return _error(exc)
    return Status(201, _task(RecheckTask.objects.select_related("complaint", "reported_unit", "recheck_unit")
                             .get(pk=t.pk), request.user))


class DecideIn(Schema):
    decision: Literal["confirm", "overturn"]
    findings: str = Field(..., max_length=20000)


@router.post("/rechecks/{task_id}/decision", response={200: RecheckOut, **ERRORS}, summary="Confirm or overturn")
def decide(request, task_id: int, payload: DecideIn):
    t = RecheckTask.objects.select_related("complaint").filter(pk=task_id).first()
    if t is None or _case(request, t.complaint.number) is None:
        return _not_found("re-check")
    try:
        recheck.do_decide_recheck(t, actor=request.user, overturn=payload.decision == "overturn",
                                  findings=payload.findings)
    except DomainError as exc:
        return _error(exc)
    return _task(RecheckTask.objects.select_related("complaint", "reported_unit", "recheck_unit").get(pk=t.pk),
                 request.user)


# --- emergencies -----------------------------------------------------------------------------------


class SuggestOut(Schema):
    suggested: bool
    terms: list[str]


@router.get("/emergency/suggest", response={200: SuggestOut}, summary="Does a text read like an emergency?")
def suggest(request, text: str = Query("", max_length=50000)):
    hit, terms = emergency.suggest(text)
    return {"suggested": hit, "terms": terms}


class RecipientOut(Schema):
    id: int
    kind: str
    who: str
    channels: str
    acknowledged_at: dt.datetime | None


class AlertOut(Schema):
    case: str
    raised_at: dt.datetime
    handled_at: dt.datetime | None
    no_contacts: bool
    recipients: list[RecipientOut]


def _alert(a: EmergencyAlert) -> dict:
    return {"case": a.complaint.number, "raised_at": a.raised_at, "handled_at": a.handled_at,
            "no_contacts": a.no_contacts,
            "recipients": [{"id": r.pk, "kind": r.kind, "who": r.label, "channels": r.channels,
                            "acknowledged_at": r.acknowledged_at} for r in a.recipients.all()]}


@router.get("/emergencies", response={200: list[AlertOut]}, summary="Emergency alerts you can see, open first")
def list_emergencies(request):
    visible = Complaint.objects.visible_to(request.user).values("pk")
    qs = (EmergencyAlert.objects.filter(complaint_id__in=visible).select_related("complaint")
          .prefetch_related("recipients").order_by("handled_at", "-raised_at")[:200])
    return [_alert(a) for a in qs]


class NoteIn(Schema):
    note: str = Field("", max_length=2000)


@router.post("/emergencies/recipients/{recipient_id}/ack", response={200: RecipientOut, **ERRORS},
             summary="Acknowledge an alert (yours, or record a department's)")
def acknowledge(request, recipient_id: int, payload: NoteIn):
    r = AlertRecipient.objects.select_related("alert__complaint").filter(pk=recipient_id).first()
    if r is None or _case(request, r.alert.complaint.number) is None:
        return _not_found("alert")
    try:
        r = emergency.do_acknowledge(r, actor=request.user, note=payload.note)
    except DomainError as exc:
        return _error(exc)
    return {"id": r.pk, "kind": r.kind, "who": r.label, "channels": r.channels, "acknowledged_at": r.acknowledged_at}


@router.post("/cases/{number}/emergency/handled", response={200: AlertOut, **ERRORS}, summary="Mark handled")
def mark_handled(request, number: str, payload: NoteIn):
    case = _case(request, number)
    if case is None:
        return _not_found(f"complaint {number}")
    try:
        a = emergency.do_mark_handled(case, actor=request.user, note=payload.note)
    except DomainError as exc:
        return _error(exc)
    return _alert(EmergencyAlert.objects.select_related("complaint").get(pk=a.pk))


class DeclareIn(Schema):
    reason: str = Field(..., max_length=2000)


@router.post("/cases/{number}/emergency", response={200: dict[str, Any], **ERRORS},
             summary="Declare a registered case a possible emergency")
def declare(request, number: str, payload: DeclareIn):
    case = _case(request, number)
    if case is None:
        return _not_found(f"complaint {number}")
    try:
        emergency.do_declare_emergency(case, actor=request.user, reason=payload.reason)
    except DomainError as exc:
        return _error(exc)
    return {"case": number, "is_emergency": True}



