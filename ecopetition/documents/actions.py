"""Generating numbered documents, sending the reply letter, and notices to complainants.

`do_generate_document` takes the next number of the issuing unit's yearly
series, renders PDF and DOCX, stores both with their SHA-256 and records a
`document` event, all in one transaction on the locked case.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ecopetition.cases import actions as case_actions
from ecopetition.cases import scope as jurisdiction
from ecopetition.cases.models import Complaint, State
from ecopetition.cases.privacy import can_see_identity, mask_name
from ecopetition.core import clock
from ecopetition.core.exceptions import TransitionNotAllowed, ValidationError, storage_error
from ecopetition.org import queries as org
from ecopetition.org.models import Role, Unit

from . import render
from .models import DocKind, Document, DocumentPrefix, DocumentTemplate

log = logging.getLogger("ecopetition.documents")

S = State
R = Role
_HANDLING = {S.ASSIGNED, S.IN_PROGRESS, S.REPORTED, S.REVIEWED, S.REPLIED, S.CALLED_BACK, S.UNDER_REVIEW}

# kind -> (roles that may issue it, states in which it makes sense)
RULES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    DocKind.ACCEPTANCE: (frozenset({R.CLERK}), frozenset(set(S) - {S.REGISTERED, S.NOT_ACCEPTED, S.REFERRED, S.MERGED})),
    DocKind.NON_ACCEPTANCE: (frozenset({R.CLERK}), frozenset({S.NOT_ACCEPTED})),
    DocKind.REFERRAL: (frozenset({R.CLERK, R.DISPATCHER}), frozenset({S.REFERRED})),
    DocKind.ASSIGNMENT: (frozenset({R.DISPATCHER}), frozenset(_HANDLING)),
    DocKind.URGING: (frozenset({R.SUPERVISOR, R.LEADER}), frozenset({S.ASSIGNED, S.IN_PROGRESS, S.REPORTED})),
    DocKind.SUPERVISION: (frozenset({R.SUPERVISOR, R.LEADER}), frozenset(_HANDLING - {S.CALLED_BACK})),
    DocKind.REPLY: (frozenset({R.CLERK}), frozenset({S.REVIEWED, S.REPLIED, S.CALLED_BACK, S.CLOSED})),
    DocKind.CONTACT_CARD: (frozenset({R.OFFICER, R.CLERK}), frozenset(_HANDLING)),
}
NEEDS_LEAD = {DocKind.ASSIGNMENT, DocKind.URGING, DocKind.SUPERVISION, DocKind.CONTACT_CARD}
NEEDS_DEADLINE = {DocKind.URGING, DocKind.SUPERVISION}
# Documents addressed to the complainant carry the name unmasked when the issuer may see it.
TO_COMPLAINANT = {DocKind.ACCEPTANCE, DocKind.NON_ACCEPTANCE, DocKind.REFERRAL, DocKind.REPLY}


def issuing_unit(user, case: Complaint, kind: str) -> Unit | None:
    """The unit in whose name `user` issues `kind` for `case`, or None when they may not."""
    roles, _states = RULES[kind]
    if R.OFFICER in roles and org.holds_role_at(user, R.OFFICER, case.lead_unit):
        return case.lead_unit
    best = None
    for m in org.memberships(user):
        if m.role in roles and m.role != R.OFFICER and jurisdiction.relates(m.unit, case.unit):
            if best is None or len(m.unit.path) > len(best.path):
                best = m.unit  # the closest unit above the case speaks for it
    return best


def kinds_for(user, case: Complaint) -> list[str]:
    """Document kinds `user` may generate for `case` now (the choices to offer)."""
    out = []
    for kind, (_roles, states) in RULES.items():
        if case.state not in states or (kind in NEEDS_LEAD and case.lead_unit_id is None):
            continue
        if issuing_unit(user, case, kind) is not None:
            out.append(kind)
    return out


def active_template(kind: str) -> DocumentTemplate | None:
    return DocumentTemplate.objects.filter(kind=kind, active=True).first()


def prefix_for(unit: Unit) -> str:
    row = DocumentPrefix.objects.filter(unit=unit).first()
    if row is not None:
        return row.prefix
    # Default: the unit's name without its level word, plus 环信 (eco-environment petitions).
    name = unit.name
    for suffix in ("生态环境局", "市", "区", "县", "省", "镇", "街道"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    return f"{name[:4]}环信"


def _people(case: Complaint, unmasked: bool) -> str:
    if case.is_anonymous and not unmasked:
        return _("Anonymous complainant")
    names = [p.name for p in case.complainants.all() if p.name]
    if not names:
        return _("Complainant")
    return "、".join(n if unmasked else mask_name(n) for n in names[:5])


def _clause(text: str) -> str:
    """A sentence used inside another: without its closing full stop."""
    return (text or "").strip().rstrip("。.；;")


def case_values(case: Complaint, *, actor=None, unmasked: bool = False, extra: dict | None = None) -> dict[str, str]:
    """The values of every template field for `case` (in the current language)."""
    from ecopetition.fieldwork.queries import measures_text

    extra = extra or {}
    lead = case.assignments.filter(active=True, is_lead=True).first()
    assisting = case.assignments.filter(active=True, is_lead=False).select_related("unit")
    handler = ""
    if actor is not None:
        handler = actor.get_full_name() or actor.get_username()
    return {
        "case_number": case.number,
        "received_date": render.chinese_date(clock.localdate(case.received_at)),
        "channel": str(case.get_channel_display()),
        "title": case.title,
        "content": case.content,
        "address": case.address,
        "reported_party": case.reported_party_name,
        "complainant": _people(case, unmasked),
        "unit_name": extra.get("unit_name", case.unit.name),
        "lead_unit": case.lead_unit.name if case.lead_unit else "",
        "assisting_units": "、".join(a.unit.name for a in assisting),
        "doc_number": extra.get("doc_number", ""),
        "issue_date": render.chinese_date(clock.localdate()),
        "legal_route": _clause(case.legal_route),
        "reject_reason": _clause(case.reject_reason),
        "referred_to": case.referred_to,
        "finding": str(case.get_finding_display()) if case.finding else "",
        "result": case.result_summary,
        "measures": measures_text(case),
        "reply_text": case.reply_text,
        "instructions": lead.instructions if lead else "",
        "deadline": extra.get("deadline", ""),
        "handler_name": extra.get("handler_name") or handler,
        "handler_phone": extra.get("handler_phone", ""),
        "note": extra.get("note", ""),
        "review_days": str(case_actions.REVIEW_REQUEST_DAYS),
    }


def _store(data: bytes, suffix: str, year: int) -> tuple[str, str]:
    """Write a rendered document under a new name: whole and on disk, or not at all (a full disk)."""
    folder = Path(settings.DOCUMENTS_DIR) / str(year)
    name = f"{year}/{uuid.uuid4().hex}{suffix}"
    tmp = Path(settings.DOCUMENTS_DIR) / (name + ".part")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(Path(settings.DOCUMENTS_DIR) / name)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise storage_error(exc) from exc
    return name, hashlib.sha256(data).hexdigest()


def document_path(doc: Document, fmt: str) -> Path:
    return Path(settings.DOCUMENTS_DIR) / (doc.pdf_name if fmt == "pdf" else doc.docx_name)


def _clean_extra(kind: str, extra: dict | None) -> dict:
    extra = {k: ("" if v is None else str(v)).strip() for k, v in (extra or {}).items()}
    out = {"note": extra.get("note", "")[:2000], "handler_phone": extra.get("handler_phone", "")[:30]}
    if extra.get("handler_name"):
        out["handler_name"] = extra["handler_name"][:50]
    if kind in NEEDS_DEADLINE:
        raw = extra.get("deadline", "")
        if not raw:
            raise ValidationError(_("The deadline is missing: an urging notice or supervision order names one."),
                                  field="deadline")
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            raise ValidationError(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": raw},
                                  field="deadline") from None
        if day < clock.localdate():
            raise ValidationError(_("The deadline cannot be in the past."), field="deadline")
        out["deadline"] = render.chinese_date(day)
    if kind == DocKind.CONTACT_CARD and not out["handler_phone"]:
        raise ValidationError(_("The handler's phone number is missing: a contact card gives it."),
                              field="handler_phone")
    return out


def do_generate_document(case, *, actor, kind: str, extra: dict | None = None) -> Document:
    """Generate one numbered document of `kind` for `case` from its active template (PDF and DOCX)."""
    if kind not in RULES:
        raise ValidationError(_("Unknown document kind “%(kind)s”.") % {"kind": kind}, field="kind")
    written: list[Path] = []
    try:
        with transaction.atomic():
            locked = Complaint.objects.select_for_update(of=("self",)).select_related("unit", "lead_unit").get(
                pk=case.pk if isinstance(case, Complaint) else case
            )
            label = DocKind(kind).label
            if locked.state not in RULES[kind][1]:
                raise TransitionNotAllowed(
                    _("A %(doc)s cannot be issued while the case is “%(state)s”.")
                    % {"doc": label, "state": State(locked.state).label}, code="wrong_state")
            if kind in NEEDS_LEAD and locked.lead_unit_id is None:
                raise TransitionNotAllowed(_("The case has no lead unit yet."), code="no_lead_unit")
            unit = issuing_unit(actor, locked, kind)
            if unit is None:
                raise TransitionNotAllowed(_("Your role may not issue a %(doc)s for this case.") % {"doc": label},
                                           code="not_your_role")
            clean = _clean_extra(kind, extra)
            template = active_template(kind)
            if template is None:
                raise ValidationError(_("There is no active template for the %(doc)s.") % {"doc": label},
                                      field="kind")
            now = clock.now()
            year = clock.localdate(now).year
            seq = case_actions.next_sequence(f"doc:{unit.code}:{year}")
            number = f"{prefix_for(unit)}〔{year}〕{seq}号"
            unmasked = kind in TO_COMPLAINANT and can_see_identity(actor, locked)
            with translation.override(settings.LANGUAGE_CODE):
                values = case_values(locked, actor=actor, unmasked=unmasked,
                                     extra={**clean, "unit_name": unit.name, "doc_number": number})
                title = render.fill(template.title, values)
                text = render.fill(template.body, values)
            has_identity = unmasked and "complainant" in "".join(
                render.PLACEHOLDER_RE.findall(template.title + template.body)) and not locked.is_anonymous
            layout = {"title": title, "number": number, "unit_name": unit.name, "issue_date": values["issue_date"],
                      "text": text}
            pdf = render.render_pdf(kind=kind, **layout)
            docx = render.render_docx(**layout)
            pdf_name, pdf_hash = _store(pdf, ".pdf", year)
            written.append(Path(settings.DOCUMENTS_DIR) / pdf_name)
            docx_name, docx_hash = _store(docx, ".docx", year)
            written.append(Path(settings.DOCUMENTS_DIR) / docx_name)
            event = case_actions.audit_event(
                locked, actor=actor, action="document", note=f"{label} {number}",
                data={"kind": kind, "number": number, "unit": unit.code, "pdf_sha256": pdf_hash,
                      "docx_sha256": docx_hash},
            )
            return Document.objects.create(
                complaint=locked, kind=kind, template=template, title=title[:100], number=number, unit=unit,
                year=year, seq=seq, text=text, has_identity=has_identity,
                pdf_name=pdf_name, pdf_sha256=pdf_hash, pdf_size=len(pdf),
                docx_name=docx_name, docx_sha256=docx_hash, docx_size=len(docx),
                event=event, created_by=actor, created_at=now,
            )
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def do_send_reply(case, *, actor, method: str, email: str = "") -> Document:
    """Generate the reply letter (答复意见书) from its template, record it as the reply, and send it.

    An SMS reply goes out as the "replied" notice (sent for every reply); an
    e-mail reply sends the whole letter to the address given.
    """
    email = (email or "").strip()
    if method == "email" and ("@" not in email or len(email) > 200):
        raise ValidationError(_("Give the complainant's e-mail address."), field="email")
    with transaction.atomic():
        doc = do_generate_document(case, actor=actor, kind=DocKind.REPLY)
        try:
            case_actions.do_reply(case, actor=actor, text=doc.text, method=method)
        except BaseException:
            for fmt in ("pdf", "docx"):
                document_path(doc, fmt).unlink(missing_ok=True)
            raise
        if method == "email":
            _send("email", email, doc.title, doc.text, case=doc.complaint, dedupe_key=f"reply-letter:{doc.pk}",
                  kind="reply_letter")
    return doc


def _send(channel, to, subject, body, *, case, dedupe_key, kind="message", params=None):
    try:
        from ecopetition.notify.services import send_message
    except ImportError:  # the notify app is optional
        log.warning("notify app missing: %s to %s not sent", channel, to)
        return None
    return send_message(channel, to, subject, body, case=case, dedupe_key=dedupe_key, kind=kind, params=params)


NOTICE_FOR_ACTION = {"accept": DocKind.NOTICE_ACCEPTED, "reject": DocKind.NOTICE_REJECTED,
                     "refer": DocKind.NOTICE_REFERRED, "reply": DocKind.NOTICE_REPLIED}


def send_complainant_notice(case_id: int, action: str) -> int:
    """Tell the complainant by SMS that their case was accepted, not accepted (with the route), referred or replied.

    Idempotent per event: the dedupe key names the event and the number.
    Returns how many messages were created.
    """
    kind = NOTICE_FOR_ACTION.get(action)
    if kind is None:
        return 0
    template = active_template(kind)
    if template is None:
        return 0
    case = Complaint.objects.select_related("unit", "lead_unit").filter(pk=case_id).first()
    if case is None:
        return 0
    event = case.events.filter(action=action).order_by("-seq").first()
    phones = []
    for p in case.complainants.all():
        if p.phone and p.phone not in phones:
            phones.append(p.phone)
    if event is None or not phones:
        return 0
    reply_doc = case.documents.filter(kind=DocKind.REPLY).order_by("-id").first()
    with translation.override(settings.LANGUAGE_CODE):
        # The message goes to the complainant: their own name is not masked.
        values = case_values(case, unmasked=True, extra={"doc_number": reply_doc.number if reply_doc else ""})
        subject = render.fill(template.title, values)
        body = render.fill(template.body, values)
    # An SMS provider sends its own approved copy of the template: it gets the variables this one uses.
    params = {name: str(values.get(name, "")) for name in re.findall(r"{{\s*(\w+)\s*}}", template.body)}
    made = 0
    for phone in phones[:5]:
        msg = _send("sms", phone, subject, body, case=case, dedupe_key=f"notice:{event.pk}:{phone}",
                    kind=str(kind), params=params)
        made += bool(msg is not None and getattr(msg, "created", False))
    return made


def on_event_committed(sender, case_id=None, action=None, **kwargs) -> None:
    if action not in NOTICE_FOR_ACTION or case_id is None:
        return
    try:
        send_complainant_notice(case_id, action)
    except Exception:  # a notice must never undo or break the action that already committed
        log.exception("complainant notice for case %s (%s) failed", case_id, action)
