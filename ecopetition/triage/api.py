"""POST /api/v1/triage: the same answer as the clerk's form and `ecopetition triage`, as JSON."""

from __future__ import annotations

from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from ecopetition.cases.privacy import person_match_scope
from ecopetition.org import queries as org

from . import engine

PREFIX = "/triage"
router = Router(tags=["triage"])


class TriageIn(Schema):
    text: str = Field("", max_length=50_000)
    address: str = Field("", max_length=300)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    reported_party_name: str = Field("", max_length=200)
    reported_party_credit_code: str = Field("", max_length=18)
    phone: str = Field("", max_length=30)
    id_number: str = Field("", max_length=18)
    name: str = Field("", max_length=50)
    division_code: str = Field("", max_length=12, description="The registering unit's division, the prior for the address.")


class SimilarOut(Schema):
    number: str
    score: float
    reasons: list[dict]
    received_at: str
    state: str


class TriageOut(Schema):
    scope: str = Field(description="ours | not_ours | unsure (不确定——由登记员判断: a clerk decides)")
    scope_label: str
    emergency: bool = Field(description="Reads like an environmental emergency happening now")
    emergency_p: float
    emergency_why: list[dict]
    reported_party: str = Field("", description="The reported party given, else one named in the text")
    in_scope: bool
    in_scope_p: float
    route_code: str
    route: str
    categories: list[str]
    category_scores: list[dict]
    sector: str
    sector_p: float
    sector_why: list[dict]
    scope_why: list[dict]
    confidence: float
    notes: list[str]
    division_code: str
    division_name: str
    division_confidence: float
    division_source: str
    division_notes: list[str]
    unit: str
    unit_name: str
    rule: str
    is_repeat: bool
    similar: list[SimilarOut]


class ErrorOut(Schema):
    code: str
    message: str


@router.post("", response={200: TriageOut, 403: ErrorOut}, summary="Suggest scope, route, categories, sector, "
             "division, unit and similar earlier cases for a complaint text")
def triage(request, payload: TriageIn):
    user = request.user
    if not (getattr(user, "is_superuser", False) or org.roles_of(user)):
        return Status(403, {"code": "forbidden", "message": "This account holds no role."})
    hint = payload.division_code
    if not hint:
        units = org.units_with_role(user)
        hint = units[0].division_code if units else ""
    # Similar cases are scored on their text and address as written (a score would confirm a guessed phone
    # or name digit by digit): matching runs only among the cases whose complainants the user may see.
    visible = person_match_scope(user)
    result = engine.triage(engine.TriageInput(
        text=payload.text, address=payload.address, lat=payload.lat, lon=payload.lon,
        reported_party_name=payload.reported_party_name, reported_party_credit_code=payload.reported_party_credit_code,
        phone=payload.phone, id_number=payload.id_number, division_hint=hint,
    ), visible=visible)
    return engine.public_answer(result)
