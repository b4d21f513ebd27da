"""Documents over HTTP: list a case's documents, generate one, download through the same permission check."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.responses import Status

from ecopetition.cases.dispatch import visible_case
from ecopetition.cases.models import Complaint
from ecopetition.cases.privacy import can_see_identity
from ecopetition.core.exceptions import DomainError

from . import actions

router = Router(tags=["documents"])


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    number: str
    unit: str
    created_at: dt.datetime
    pdf_sha256: str | None = Field(None, description="absent with the links: a digest would confirm a guessed name")
    docx_sha256: str | None = None
    pdf_url: str | None = Field(None, description="absent when the document names a complainant you may not see")
    docx_url: str | None = None


class GenerateIn(Schema):
    kind: str = Field(..., description="acceptance, non_acceptance, referral, assignment, urging, supervision, "
                                       "contact_card (the reply letter is issued by the reply action: "
                                       "POST /api/v1/complaints/{number}/actions/reply)")
    deadline: dt.date | None = Field(None, description="urging notice")
    note: str = Field("", max_length=2000)
    handler_phone: str = Field("", max_length=30, description="contact card")


def _out(doc, may: bool) -> dict:
    return {
        "id": doc.pk, "kind": doc.kind, "title": doc.title, "number": doc.number, "unit": doc.unit.code,
        "created_at": doc.created_at, "pdf_sha256": doc.pdf_sha256 if may else None, "docx_sha256": doc.docx_sha256 if may else None,
        "pdf_url": reverse("documents:download", args=[doc.pk, "pdf"]) if may else None,
        "docx_url": reverse("documents:download", args=[doc.pk, "docx"]) if may else None,
    }


def _case(request, number: str) -> Complaint | None:
    return visible_case(request.user, number)


def _not_found(number: str) -> Status:
    return Status(404, {"code": "not_found", "message": f"No complaint {number} visible to you.", "field": None})


@router.get("/cases/{number}", response={200: list[DocumentOut], **ERRORS}, summary="A case's documents")
def case_documents(request, number: str):
    case = _case(request, number)
    if case is None:
        return _not_found(number)
    identity = can_see_identity(request.user, case)
    return [_out(d, identity or not d.has_identity) for d in case.documents.select_related("unit")]


@router.post("/cases/{number}", response={201: DocumentOut, **ERRORS}, summary="Generate a document")
def generate(request, number: str, payload: GenerateIn):
    case = _case(request, number)
    if case is None:
        return _not_found(number)
    if payload.kind in actions.ISSUED_BY_SENDING:
        return Status(400, {"code": "reply_by_sending", "message": str(actions.REPLY_ON_ITS_PAGE), "field": "kind"})
    try:
        doc = actions.do_generate_document(case, actor=request.user, kind=payload.kind, extra={
            "deadline": payload.deadline.isoformat() if payload.deadline else "", "note": payload.note,
            "handler_phone": payload.handler_phone,
        })
    except DomainError as exc:
        status = exc.status if exc.status in (400, 403, 404, 409) else 400
        return Status(status, {"code": exc.code, "message": str(exc.message), "field": getattr(exc, "field", None)})
    return Status(201, _out(doc, not doc.has_identity or can_see_identity(request.user, case)))
