"""The command centre over HTTP at /api/v1/analytics: the figures (each rate with its definition and counts,
the same `rates` functions as the dashboard and the report) and the assessment.

Viewers are the dashboard's (leaders, supervisors, administrators) for areas in their jurisdiction.
"""

from __future__ import annotations

from decimal import Decimal

from ninja import Query, Router, Schema
from ninja.responses import Status

from ecopetition.core.exceptions import DomainError

from . import assessment, queries, rates

PREFIX = "/analytics"
router = Router(tags=["analytics"])


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _error(exc: DomainError) -> Status:
    return Status(exc.status, {"code": exc.code, "message": str(exc.message), "field": getattr(exc, "field", None)})


class AreaPeriod(Schema):
    area: int | None = None
    period_from: str | None = None
    period_to: str | None = None


class FigureOut(Schema):
    key: str
    name: str
    definition: str
    numerator: int
    denominator: int
    value: float | None


class FiguresOut(Schema):
    area: str
    area_id: int
    period: str
    totals: dict[str, int]
    rates: list[FigureOut]


def _resolve(request, f: AreaPeriod):
    area = queries.resolve_area(request.user, f.area)
    return area, queries.parse_period(f.period_from, f.period_to)


@router.get("/figures", response={200: FiguresOut, **ERRORS}, summary="Every rate of an area and period, defined")
def figures(request, f: Query[AreaPeriod]):
    try:
        area, period = _resolve(request, f)
    except DomainError as exc:
        return _error(exc)
    totals = queries.stats(area, period)["totals"]
    return {"area": area.name, "area_id": area.pk, "period": period.label(), "totals": totals,
            "rates": rates.figures(totals)}


class ScoreOut(Schema):
    unit: str
    unit_id: int
    complaints: int
    assessed: bool
    rank: int | None
    score: Decimal | None
    refusal_rate: float | None
    referral_rate: float | None
    rechecks: dict[str, int]


class AssessmentOut(Schema):
    sheet: str
    formula: str
    period: str
    units: list[ScoreOut]


class SheetQuery(AreaPeriod):
    sheet: int | None = None


@router.get("/assessment", response={200: AssessmentOut, **ERRORS}, summary="Units scored by a scoring sheet")
def assessment_scores(request, f: Query[SheetQuery]):
    try:
        area, period = _resolve(request, f)
        sheet = assessment.active_sheet(f.sheet)
        if sheet.period and not f.period_from:
            period = queries.parse_period(sheet.period)
        rows = assessment.score_units(area, period, sheet)
    except DomainError as exc:
        return _error(exc)
    return {"sheet": sheet.name, "formula": sheet.formula, "period": period.label(), "units": [
        {"unit": r.unit.name, "unit_id": r.unit.pk, "complaints": r.n, "assessed": r.assessed, "rank": r.rank,
         "score": r.score, "refusal_rate": r.refusal, "referral_rate": r.referral, "rechecks": r.rechecks}
        for r in rows]}
