"""Field work over HTTP (a phone app or another system): arrive, report with measures, verify rectifications."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Router, Schema
from ninja.responses import Status

from ecopetition.cases.dispatch import visible_case
from ecopetition.cases.models import Complaint
from ecopetition.cases.privacy import identity_for, mask_for
from ecopetition.core.exceptions import DomainError

from . import actions
from .models import Rectification

router = Router(tags=["fieldwork"])


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class VisitIn(Schema):
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    accuracy_m: float | None = Field(None, ge=0)
    note: str = Field("", max_length=2000)


class VisitOut(Schema):
    id: int
    at: dt.datetime
    by: str
    lat: float | None
    lon: float | None
    accuracy_m: float | None
    note: str


class RectifyItemIn(Schema):
    description: str = Field(..., max_length=2000)
    deadline: dt.date


class MeasureIn(Schema):
    kind: str = Field(..., description="rectify, fine, daily_fine, seal, limit, close_down, police, detention, "
                                       "interview, accountable")
    detail: str = Field("", max_length=5000)
    fine_amount: Decimal | None = Field(None, description="yuan; required for kind=fine")
    daily_amount: Decimal | None = Field(None, description="yuan per day; required for kind=daily_fine")
    penalty_days: int | None = Field(None, ge=1, le=3650, description="days fined; required for kind=daily_fine")
    items: list[RectifyItemIn] = Field(default_factory=list, description="kind=rectify: what, by when")


class ReportIn(Schema):
    finding: str = Field(..., description="founded, partly or unfounded")
    result: str = Field(..., max_length=20000)
    measures: list[MeasureIn] = Field(default_factory=list)


class MeasureOut(Schema):
    kind: str
    detail: str
    fine_amount: Decimal | None = Field(None, description="yuan; for daily_fine the total (per day x days)")
    daily_amount: Decimal | None = None
    penalty_days: int | None = None


class RectificationOut(Schema):
    id: int
    description: str
    deadline: dt.date
    status: str
    failed_checks: int
    verified_at: dt.datetime | None


class FieldOut(Schema):
    number: str
    state: str
    finding: str
    visits: list[VisitOut]
    measures: list[MeasureOut]
    rectifications: list[RectificationOut]


class VerifyIn(Schema):
    passed: bool
    note: str = Field("", max_length=5000)
    new_deadline: dt.date | None = None


def _error(exc: DomainError) -> Status:
    status = exc.status if exc.status in (400, 403, 404, 409) else 400
    return Status(status, {"code": exc.code, "message": str(exc.message), "field": getattr(exc, "field", None)})


def _not_found(number: str) -> Status:
    return Status(404, {"code": "not_found", "message": f"No complaint {number} visible to you.", "field": None})


def _case(request, number: str) -> Complaint | None:
    return visible_case(request.user, number)


def _field(case: Complaint, user) -> dict:
    shown = identity_for(user, case).text  # the notes, details and descriptions are free text of the case
    return {
        "number": case.number, "state": case.state, "finding": case.finding,
        "visits": [{"id": v.pk, "at": v.at, "by": v.by.get_username(), "lat": v.lat, "lon": v.lon,
                    "accuracy_m": v.accuracy_m, "note": shown(v.note)} for v in case.site_visits.select_related("by")],
        "measures": [{"kind": m.kind, "detail": shown(m.detail), "fine_amount": m.fine_amount, "daily_amount": m.daily_amount,
                      "penalty_days": m.penalty_days} for m in case.measures.all()],
        "rectifications": [{"id": r.pk, "description": shown(r.description), "deadline": r.deadline, "status": r.status,
                            "failed_checks": r.failed_checks, "verified_at": r.verified_at}
                           for r in case.rectifications.all()],
    }


@router.get("/cases/{number}", response={200: FieldOut, **ERRORS}, summary="A case's field record")
def field_record(request, number: str):
    case = _case(request, number)
    return _field(case, request.user) if case else _not_found(number)


@router.post("/cases/{number}/site-visit", response={201: VisitOut, **ERRORS}, summary="Arrived on site")
def site_visit(request, number: str, payload: VisitIn):
    case = _case(request, number)
    if case is None:
        return _not_found(number)
    try:
        v = actions.do_site_visit(case, actor=request.user, lat=payload.lat, lon=payload.lon,
                                  accuracy_m=payload.accuracy_m, note=payload.note)
    except DomainError as exc:
        return _error(exc)
    return Status(201, {"id": v.pk, "at": v.at, "by": request.user.get_username(), "lat": v.lat, "lon": v.lon,
                        "accuracy_m": v.accuracy_m, "note": mask_for(request.user, case, v.note)})


@router.post("/cases/{number}/report", response={200: FieldOut, **ERRORS}, summary="Report findings and measures")
def report(request, number: str, payload: ReportIn):
    case = _case(request, number)
    if case is None:
        return _not_found(number)
    measures = [
        actions.MeasureInput(kind=m.kind, detail=m.detail, fine_amount=m.fine_amount,
                             daily_amount=m.daily_amount, penalty_days=m.penalty_days,
                             items=[actions.RectifyItem(i.description, i.deadline) for i in m.items])
        for m in payload.measures
    ]
    try:
        case = actions.do_report_findings(case, actor=request.user, finding=payload.finding, result=payload.result,
                                          measures=measures)
    except DomainError as exc:
        return _error(exc)
    return _field(case, request.user)


@router.post("/rectifications/{pk}/verify", response={200: RectificationOut, **ERRORS},
             summary="Verify a rectification")
def verify(request, pk: int, payload: VerifyIn):
    rect = Rectification.objects.filter(
        pk=pk, complaint__in=Complaint.objects.visible_to(request.user)
    ).first()
    if rect is None:
        return Status(404, {"code": "not_found", "message": "No such rectification visible to you.", "field": None})
    try:
        r = actions.do_verify_rectification(rect, actor=request.user, passed=payload.passed, note=payload.note,
                                            new_deadline=payload.new_deadline)
    except DomainError as exc:
        return _error(exc)
    return {"id": r.pk, "description": mask_for(request.user, r.complaint, r.description), "deadline": r.deadline, "status": r.status,
            "failed_checks": r.failed_checks, "verified_at": r.verified_at}
