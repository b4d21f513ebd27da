"""REST API for other platforms at /api/v1/complaints: create (idempotent), list, read, act, attach.

Every read starts from `Complaint.objects.visible_to(user)`; every change
calls the same `cases.actions` functions as the console.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.db.models import Prefetch
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import Field

from ecopetition.cases import actions as ca
from ecopetition.cases import dispatch, privacy
from ecopetition.cases import scope as jurisdiction
from ecopetition.cases.models import Channel, Complainant, Complaint, State
from ecopetition.core.exceptions import DomainError, PermissionDenied, ValidationError
from ecopetition.org import queries as org
from ecopetition.org.models import Role, Unit

from .actions import register_routed, register_safely
from .serializers import complaint_dict

PREFIX = "/complaints"
router = Router(tags=["complaints"])

MAX_PAGE_SIZE = 100
MAX_PAGE = 100_000  # page x page size must stay a number the database can take as an offset
FILTER_YEARS = (1900, 2999)  # dates outside overflow the date arithmetic and the database's UTC conversion


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 503: ErrorOut}


class PersonIn(Schema):
    name: str = Field("", max_length=50)
    phone: str = Field("", max_length=30)
    id_number: str = Field("", max_length=18)
    address: str = Field("", max_length=300)


class ComplaintIn(Schema):
    external_id: str | None = Field(
        None, max_length=100,
        description="Your system's id for this complaint; the same id twice returns the first complaint.",
    )
    channel: str = Field("web", description="letter, visit, phone, web, email, transfer, inspection, instruction, "
                                             "hotline (a 12345 work order: its number as external_id)")
    unit: str | None = Field(None, description="Code of the registering unit; default: your first intake unit.")
    content: str = Field(..., max_length=50000)
    title: str = Field("", max_length=200)
    received_at: dt.datetime | None = None
    is_anonymous: bool = False
    complainants: list[PersonIn] = Field(default_factory=list, max_length=50)
    head_count: int = 1
    address: str = Field("", max_length=300)
    division_code: str = Field("", max_length=12)
    lat: float | None = None
    lon: float | None = None
    categories: list[str] = Field(default_factory=list, max_length=20)
    sector: str = ""
    reported_party_name: str = Field("", max_length=200)
    reported_party_credit_code: str = Field("", max_length=18)
    is_urgent: bool = False
    is_escalated: bool = Field(
        False, description="Escalated (越级访): brought to this level over a lower one. An escalated complaint counts "
                           "as repeated escalated only when an earlier complaint of the same matter was escalated.")


class CreatedOut(Schema):
    id: int
    number: str
    external_id: str | None
    state: str
    channel: str
    created: bool


class PersonOut(Schema):
    name: str
    phone: str
    id_number: str
    address: str


class ComplaintOut(Schema):
    id: int
    number: str
    external_id: str | None
    channel: str
    state: str
    received_at: str | None
    unit: str | None
    lead_unit: str | None
    title: str
    content: str
    is_anonymous: bool
    head_count: int
    address: str
    division_code: str
    lat: float | None
    lon: float | None
    categories: list[str]
    sector: str | None
    reported_party_name: str
    finding: str | None
    reply_text: str | None
    satisfaction: str | None
    updated_at: str | None
    identity_masked: bool
    complainants: list[PersonOut]


class PageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[ComplaintOut]


class ListFilters(Schema):
    state: str | None = Field(None, description="One state or several, comma separated.")
    channel: str | None = None
    unit: str | None = Field(None, description="Unit code: its cases and those of the units below it.")
    external_id: str | None = None
    q: str | None = Field(None, max_length=200, description="Words in number, summary, content, address, party.")
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    updated_since: dt.datetime | None = None
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


ActionName = Literal[dispatch.API_ACTIONS]  # the dispatcher's actions: the console's, the same inputs


class ActionIn(Schema):
    note: str = ""
    reason: str = Field("", description="the reason (return, reopen, request_review...); reply: why the letter "
                                        "goes out despite the reply check's findings")
    legal_route: str = ""
    to_authority: str = ""
    into: str = Field("", description="merge: number of the earlier case")
    lead_unit: str = Field("", description="assign: unit code")
    assisting_units: list[str] = Field(default_factory=list)
    instructions: str = ""
    finding: str = ""
    result: str = Field("", description="report: result text; callback: satisfied/basic/unsatisfied")
    text: str = Field("", description="reply: the letter (empty: the case's saved reply draft)")
    method: str = ""
    email: str = Field("", description="reply: the complainant's e-mail address when sent by e-mail")
    respondent: str = "complainant"
    days: int = Field(0, ge=0, le=365, description="request_extension: days asked for")
    respondent_name: str = Field("", description="callback: the respondent's name when not the complainant")
    opinion: str = Field("", description="uphold/overturn: the decision's opinion (else note or reason)")
    approved: bool = Field(True, description="approve_extension: false refuses (as reject_extension)")
    username: str = Field("", description="grant_identity: the user who may see the identity")


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: str


def _error(exc: DomainError) -> Status:
    status = exc.status if exc.status in (400, 403, 404, 409, 503) else 400
    return Status(status, {"code": exc.code, "message": str(exc.message), "field": getattr(exc, "field", None)})


def _not_found(number: str) -> Status:
    return Status(404, {"code": "not_found", "message": f"No complaint {number} visible to you.", "field": None})


def _visible(request):
    return Complaint.objects.visible_to(request.user)


def _get_case(request, number: str) -> Complaint | None:
    return dispatch.visible_cases(request.user, number).prefetch_related("categories", "complainants").first()


def _intake_unit(user, code: str | None) -> Unit:
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise ValidationError(f"Unknown unit “{code}”.", field="unit")
        return unit
    units = org.units_with_role(user, Role.CLERK)
    if not units:
        raise PermissionDenied("Your account holds no intake role; it cannot register complaints.")
    return sorted(units, key=lambda u: u.path)[0]


@router.post("", response={200: CreatedOut, 201: CreatedOut, **ERRORS}, summary="Register a complaint")
def create_complaint(request, payload: ComplaintIn):
    """Register a complaint. With `external_id` already known, answers 200 with the first complaint."""
    try:
        unit = _intake_unit(request.user, payload.unit)
        data = ca.NewComplaint(
            channel=payload.channel,
            content=payload.content,
            title=payload.title,
            received_at=payload.received_at,
            complainants=[ca.ComplainantInput(**p.dict()) for p in payload.complainants],
            is_anonymous=payload.is_anonymous,
            head_count=payload.head_count,
            reported_party_name=payload.reported_party_name,
            reported_party_credit_code=payload.reported_party_credit_code,
            address=payload.address,
            division_code=payload.division_code,
            lat=payload.lat,
            lon=payload.lon,
            categories=payload.categories,
            sector=payload.sector,
            is_urgent=payload.is_urgent,
            is_escalated=payload.is_escalated,
            intake_key=payload.external_id,
        )
        if data.received_at is not None and timezone.is_naive(data.received_at):
            data.received_at = timezone.make_aware(data.received_at)
        if payload.unit:  # the sender named the unit: it is filed there
            case = register_safely(data, unit=unit, actor=request.user, via="api")
        else:
            case = register_routed(data, fallback=unit, actor=request.user, via="api")
    except DomainError as exc:
        return _error(exc)
    if not case.created and not _visible(request).filter(pk=case.pk).exists():
        # Someone else's key: say it exists without showing their case.
        return Status(409, {"code": "duplicate_external_id",
                            "message": "This external id belongs to a complaint you cannot see.", "field": "external_id"})
    body = {"id": case.pk, "number": case.number, "external_id": case.intake_key, "state": case.state,
            "channel": case.channel, "created": case.created}
    return Status(201 if case.created else 200, body)


@router.get("", response={200: PageOut, **ERRORS}, summary="List complaints")
def list_complaints(request, filters: Query[ListFilters]):
    for name in ("received_from", "received_to", "updated_since"):
        value = getattr(filters, name)
        if value is not None and not FILTER_YEARS[0] <= value.year <= FILTER_YEARS[1]:
            message = _("%(field)s must be a date between the years %(first)d and %(last)d.") % {
                "field": name, "first": FILTER_YEARS[0], "last": FILTER_YEARS[1]}
            return Status(400, {"code": "invalid", "message": message, "field": name})
    qs = _visible(request)
    if filters.state:
        states = [s.strip() for s in filters.state.split(",") if s.strip()]
        bad = [s for s in states if s not in State.values]
        if bad:
            return Status(400, {"code": "invalid", "message": f"Unknown state: {', '.join(bad)}", "field": "state"})
        qs = qs.filter(state__in=states)
    if filters.channel:
        if filters.channel not in Channel.values:
            return Status(400, {"code": "invalid", "message": "Unknown channel.", "field": "channel"})
        qs = qs.filter(channel=filters.channel)
    if filters.unit:
        unit = Unit.objects.filter(code=filters.unit).first()
        if unit is None:
            return Status(400, {"code": "invalid", "message": "Unknown unit.", "field": "unit"})
        qs = qs.filter(jurisdiction.under_q(unit, "unit"))
    if filters.external_id:
        qs = qs.filter(intake_key=filters.external_id)
        # (R15-10) the id as written is matched only where the reader is shown it as written: one with personal data
        # in it, masked for a reader without the grant, finds nothing for them (no oracle of a guessed name or phone)
        hit = qs.first()  # unique: one case at most
        if hit is not None and not privacy.can_see_identity(request.user, hit) \
                and privacy.masked_copy(hit, hit.intake_key) != hit.intake_key:
            qs = qs.none()
    if filters.q:
        qs = qs.search(filters.q, request.user)
    tz = timezone.get_current_timezone()
    if filters.received_from:
        qs = qs.filter(received_at__gte=dt.datetime.combine(filters.received_from, dt.time.min, tzinfo=tz))
    if filters.received_to:
        qs = qs.filter(received_at__lt=dt.datetime.combine(filters.received_to + dt.timedelta(days=1), dt.time.min,
                                                            tzinfo=tz))
    if filters.updated_since:
        since = filters.updated_since
        qs = qs.filter(updated_at__gte=timezone.make_aware(since) if timezone.is_naive(since) else since)
    count = qs.count()
    start = (filters.page - 1) * filters.page_size
    page = list(
        qs.select_related("unit", "lead_unit", "sector")
        .prefetch_related("categories", Prefetch("complainants", queryset=Complainant.objects.order_by("order", "id")))
        .order_by("-received_at", "-id")[start:start + filters.page_size]
    )
    return {"count": count, "page": filters.page, "page_size": filters.page_size,
            "results": [complaint_dict(c, request.user) for c in page]}


@router.get("/{number}", response={200: ComplaintOut, **ERRORS}, summary="Read one complaint")
def get_complaint(request, number: str):
    case = _get_case(request, number)
    if case is None:
        return _not_found(number)
    return complaint_dict(case, request.user)


@router.post("/{number}/actions/{action}", response={200: ComplaintOut, **ERRORS}, summary="Perform a lifecycle action")
def perform_action(request, number: str, action: ActionName, payload: ActionIn):
    """The same transitions as the console; the transition table decides who may do what when."""
    case = _get_case(request, number)
    if case is None:
        return _not_found(number)
    try:
        dispatch.run(case, action, request.user, payload.dict())
    except DomainError as exc:
        return _error(exc)
    # An action may take the case out of the actor's sight (an officer returning it): answer with the
    # state it was left in, identities masked as for any reader without the grant.
    after = _get_case(request, number) or Complaint.objects.select_related("unit", "lead_unit", "sector").get(pk=case.pk)
    return complaint_dict(after, request.user)


def _attachment_dict(att, name: str) -> dict:
    return {"id": att.pk, "name": name, "content_type": att.content_type, "size": att.size,
            "sha256": att.sha256, "uploaded_at": att.uploaded_at.isoformat()}


@router.get("/{number}/attachments", response={200: list[AttachmentOut], **ERRORS}, summary="List attachments")
def list_attachments(request, number: str):
    case = _get_case(request, number)
    if case is None:
        return _not_found(number)
    identity = privacy.identity_for(request.user, case)  # a file's name may name the complainant
    return [_attachment_dict(a, identity.file_name(a)) for a in case.attachments.all()]


@router.post("/{number}/attachments", response={201: AttachmentOut, **ERRORS}, summary="Add an attachment")
def add_attachment(request, number: str, file: File[UploadedFile]):
    from ecopetition.cases.attachments import store_attachment

    case = _get_case(request, number)
    if case is None:
        return _not_found(number)
    try:
        att = store_attachment(case, file, actor=request.user)
    except DomainError as exc:
        return _error(exc)
    return Status(201, _attachment_dict(att, privacy.identity_for(request.user, case).file_name(att)))


@router.get("/{number}/attachments/{attachment_id}", response={200: None, **ERRORS}, summary="Download an attachment")
def download_attachment(request, number: str, attachment_id: int):
    from ecopetition.cases.attachments import open_served

    case = _get_case(request, number)
    att = case.attachments.filter(pk=attachment_id).first() if case else None
    if att is None:
        return _not_found(number)
    try:
        fh = open_served(att)  # FileResponse closes it
    except FileNotFoundError:
        return _not_found(number)
    name = privacy.identity_for(request.user, case).file_name(att)
    return FileResponse(fh, as_attachment=True, filename=name, content_type=att.content_type)
