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
from django.utils.translation import gettext_lazy

from ecopetition.cases import actions as case_actions
from ecopetition.cases import scope as jurisdiction
from ecopetition.cases import transitions
from ecopetition.cases.masking import unnamed_letter
from ecopetition.cases.models import Complaint, Finding, State
from ecopetition.cases.privacy import can_see_identity, case_masks, mask_name, mask_party, mask_text
from ecopetition.core import clock
from ecopetition.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationError, storage_error
from ecopetition.org import queries as org
from ecopetition.org.models import Role, Unit

from . import render, replycheck
from .models import NOTICE_FOR_ACTION, DocKind, Document, DocumentPrefix, DocumentTemplate, ReplyDraft

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
    # Printed after the decision, whatever state it led to (closed, or back to handling).
    DocKind.REVIEW_OPINION: (frozenset({R.SUPERVISOR}), frozenset(S)),
    DocKind.RE_REVIEW_OPINION: (frozenset({R.SUPERVISOR}), frozenset(S)),
}
# Issued only by the action that sends them (the reply letter: `do_send_reply`), never from the generate menu.
ISSUED_BY_SENDING = {DocKind.REPLY}
REPLY_ON_ITS_PAGE = gettext_lazy("The reply letter is written as a draft, checked and previewed on the reply page, "
                                 "and issued when the reply is sent.")
NEEDS_LEAD = {DocKind.ASSIGNMENT, DocKind.URGING, DocKind.SUPERVISION, DocKind.CONTACT_CARD}
NEEDS_DEADLINE = {DocKind.URGING}
# Documents addressed to the complainant carry the name as recorded, whoever issues them (a letter opening
# "蒋*：" cannot be sent): such a document goes only to those who may see the identity, the clerk who sends it.
TO_COMPLAINANT = {DocKind.ACCEPTANCE, DocKind.NON_ACCEPTANCE, DocKind.REFERRAL, DocKind.REPLY,
                  DocKind.REVIEW_OPINION, DocKind.RE_REVIEW_OPINION}
# The decision events a review opinion prints (the latest one).
DECISIONS = {DocKind.REVIEW_OPINION: ("uphold", "overturn"),
             DocKind.RE_REVIEW_OPINION: ("re_review_uphold", "re_review_overturn")}
DECISION_TEXT = {
    "uphold": gettext_lazy("the handling opinion is upheld"),
    "overturn": gettext_lazy("the handling opinion is set aside and the matter is to be handled again"),
    "re_review_uphold": gettext_lazy("the review opinion is upheld"),
    "re_review_overturn": gettext_lazy("the review opinion is set aside and the matter is to be handled again"),
}
NEXT_STEP = {
    "uphold": gettext_lazy("If you disagree with this review opinion, you may ask the administrative body at the "
                           "next level up for a re-review within 30 days of receiving it."),
    "overturn": gettext_lazy("The handling unit has been directed to handle the matter again; you will receive a "
                             "new reply."),
    "re_review_uphold": gettext_lazy("This re-review opinion is final: a complaint on the same facts and grounds "
                                     "will not be accepted again."),
    "re_review_overturn": gettext_lazy("The handling unit has been directed to handle the matter again; you will "
                                       "receive a new reply."),
}
# The word each kind adds to the unit's base prefix: each kind is numbered in its own series.
KIND_WORD = {
    DocKind.ACCEPTANCE: "信受", DocKind.NON_ACCEPTANCE: "信告", DocKind.REFERRAL: "信转",
    DocKind.ASSIGNMENT: "信交", DocKind.URGING: "信催", DocKind.SUPERVISION: "督", DocKind.REPLY: "信复",
    DocKind.CONTACT_CARD: "信联", DocKind.REVIEW_OPINION: "信复查", DocKind.RE_REVIEW_OPINION: "信复核",
}


def _decision(case: Complaint, kind: str):
    """The latest review (or re-review) decision event a review opinion prints, or None."""
    return case.events.filter(action__in=DECISIONS[kind]).order_by("-seq").first()


def _order(case: Complaint):
    """The case's latest supervision order, or None (or when the deadlines app is not installed)."""
    try:
        from ecopetition.deadlines.models import SupervisionOrder
    except ImportError:
        return None
    return SupervisionOrder.objects.filter(complaint=case).select_related("unit").order_by("-issued_at", "-id").first()


def _has_record(case: Complaint, kind: str) -> bool:
    """Kinds that print what an action recorded exist only once that action happened."""
    if kind in DECISIONS:
        return _decision(case, kind) is not None
    if kind == DocKind.SUPERVISION:
        return _order(case) is not None
    return True


def issuing_unit(user, case: Complaint, kind: str) -> Unit | None:
    """The unit in whose name `user` issues `kind` for `case`, or None when they may not."""
    roles, _states = RULES[kind]
    if kind in DECISIONS:
        # The body that decided issues the opinion: its supervisors, or those above it.
        event = _decision(case, kind)
        unit = Unit.objects.filter(pk=(event.data or {}).get("unit_id")).first() if event else None
        if unit is not None:
            held = any(m.role in roles and unit.path.startswith(m.unit.path) for m in org.memberships(user))
            return unit if held else None
    if R.OFFICER in roles and org.holds_role_at(user, R.OFFICER, case.lead_unit):
        return case.lead_unit
    best = None
    for m in org.memberships(user):
        if m.role in roles and m.role != R.OFFICER and jurisdiction.relates(m.unit, case.unit):
            if best is None or len(m.unit.path) > len(best.path):
                best = m.unit  # the closest unit above the case speaks for it
    return best


def kinds_for(user, case: Complaint) -> list[str]:
    """Document kinds `user` may generate for `case` now (the choices to offer); none on an archived case."""
    out = []
    if case.state == S.ARCHIVED:
        return out
    for kind, (_roles, states) in RULES.items():
        if kind in ISSUED_BY_SENDING:
            continue
        if case.state not in states or (kind in NEEDS_LEAD and case.lead_unit_id is None):
            continue
        if not _has_record(case, kind):
            continue
        if issuing_unit(user, case, kind) is not None:
            out.append(kind)
    return out


def active_template(kind: str) -> DocumentTemplate | None:
    return DocumentTemplate.objects.filter(kind=kind, active=True).first()


def base_prefix(unit: Unit) -> str:
    """The unit's base prefix: set by an administrator, else a short form of its issuing name."""
    row = DocumentPrefix.objects.filter(unit=unit, kind="").first()
    return row.prefix if row is not None else default_base(unit.official_name)


def default_base(name: str) -> str:
    """The default is the place (two characters) and the body's first character, 环 for an eco-environment
    bureau: 盐城市生态环境局 -> 盐城环, 盐城市射阳生态环境局 -> 射阳环, 南通市城市管理局 -> 南通城.
    """
    cut = min((i for i in (name.find(w) for w in "省市县区") if i > 0), default=len(name))
    place, rest = name[:cut], name[cut + 1:]
    if "生态环境" in rest:
        place = rest[: rest.index("生态环境")] or place  # a county bureau named after its city: 盐城市射阳…
        rest = "环"
    elif rest[:1] in ("", "人", "街"):
        rest = "环"  # a level of government issues for its eco-environment petitions
    return place[:2] + rest[:1]


def prefix_for(unit: Unit, kind: str) -> str:
    """The prefix of `kind`'s numbers at `unit`, e.g. 盐环信告 (set per kind, else the base plus the kind's word)."""
    row = DocumentPrefix.objects.filter(unit=unit, kind=kind).first()
    if row is not None:
        return row.prefix
    base, word = base_prefix(unit), KIND_WORD.get(kind, "信")
    if base.endswith("信") and word.startswith("信"):
        base = base[:-1]  # a base written the old way, 盐环信
    return base + word


def legal_route_sentence(route: str) -> str:
    """One correct sentence telling the complainant where to go, whatever form the route was written in.

    A route is either advice already (“劳动争议请向……申请仲裁”), a verb phrase (“向人民法院起诉”),
    or the name of a body or channel (“住房城乡建设部门（物业主管部门）”, “人民法院 / 仲裁机构”).
    """
    route = _clause(route)
    if not route:
        return ""
    if "请" in route or route.startswith(("您可", "可")):
        return route + "。"
    if route.startswith(("向", "申请", "拨打", "到", "通过", "依法", "提起", "登录", "找")):
        return f"请您依照法定途径{route}。"
    parts = [p.strip() for p in re.split(r"\s*[/／]\s*", route) if p.strip()]
    bodies = parts[0] if len(parts) == 1 else "、".join(parts[:-1]) + "或" + parts[-1]
    return f"请您依照法定途径向{bodies}反映。"


def _people(case: Complaint, unmasked: bool) -> str:
    if case.is_anonymous:  # never named in a document, whoever issues it
        return _("Anonymous complainant")
    names = [p.name for p in case.complainants.all() if p.name]
    if not names:
        return _("Complainant")
    return "、".join(n if unmasked else mask_name(n) for n in names[:5])


def _clause(text: str) -> str:
    """A sentence used inside another: without its closing full stop."""
    return (text or "").strip().rstrip("。.；;")

def dated_measures(case: Complaint) -> list[replycheck.Measure]:
    """The measures taken against the reported party, each with the day it was recorded."""
    try:
        from ecopetition.fieldwork.models import MeasureKind
        from ecopetition.fieldwork.queries import measure_phrase
    except ImportError:  # the fieldwork app is optional
        return []
    return [replycheck.Measure(str(MeasureKind(m.kind).label), clock.localdate(m.at), measure_phrase(m))
            for m in case.measures.all()]


# Categories named by the medium alone read as its pollution in a sentence: 水 -> 水污染.
BARE_MEDIA = {"大气", "水", "土壤", "噪声", "辐射", "海洋", "地下水"}


def matters_phrase(case: Complaint, shown=lambda v: v or "", shown_party=lambda v: v or "") -> str:
    """What the complaint raised, as the letter names it: 盐城某化工有限公司（位于黄海路88号）的大气、噪声问题."""
    cats = "、".join(c.name + ("污染" if c.name in BARE_MEDIA else "") for c in case.categories.all())
    party, place = shown_party(case.reported_party_name).strip(), _clause(shown(case.address))
    who = party + (f"（位于{place}）" if party and place else "") if party else (f"{place}" if place else "")
    if who and cats:
        return f"关于{who}的{cats}问题"
    if who or cats:
        return f"关于{who or cats}的问题"
    return f"“{_clause(shown(case.title))}”问题"


def no_measures_sentence(case: Complaint) -> str:
    if case.finding == Finding.UNFOUNDED:
        return "经调查，未发现被反映对象存在您反映的环境违法行为，未作出处理措施。"
    return "【请写明已采取的处理措施及其日期】"


def legal_basis_sentence(case: Complaint) -> str:
    """The legal basis of refusing all or part of the request (信访工作条例: a request without factual basis is not
    supported); empty when the complaint was founded."""
    if case.finding == Finding.UNFOUNDED:
        return ("根据《信访工作条例》关于信访请求缺乏事实根据的不予支持的规定，对您反映的问题不予支持。")
    if case.finding == Finding.PARTLY:
        return ("根据《信访工作条例》的有关规定，对您反映问题中属实的部分予以支持，对缺乏事实根据的部分不予支持。")
    return ""


def review_body(case: Complaint, issuer_name: str = "") -> Unit | None:
    """The body a review request (复查) goes to: the next issuing body above the one whose reply it is (the unit
    that handled the case, or the unit that issued the letter when that is higher). A county issuing under its
    bureau's name is that same body, so names, not units, are compared."""
    handled = case.lead_unit or case.unit
    if handled is None:
        return None
    same = {handled.official_name, issuer_name}
    for unit in reversed(handled.ancestors()):
        if unit.official_name not in same:
            return unit
    return None


def review_route_sentence(case: Complaint, issuer_name: str = "") -> str:
    body = review_body(case, issuer_name)
    where = body.official_name if body is not None else "原办理机关的上一级行政机关"
    return (f"如对本答复意见不服，可自收到本答复意见书之日起{case_actions.REVIEW_REQUEST_DAYS}日内，"
            f"向{where}书面请求复查。")


def case_values(case: Complaint, *, actor=None, unmasked: bool = False, extra: dict | None = None) -> dict[str, str]:
    """The values of every template field for `case` (in the current language)."""
    from ecopetition.fieldwork.queries import measures_text

    extra = extra or {}
    people = case_masks(case)

    def shown(value: str) -> str:  # free text as the document's readers may see it (the identity rule)
        # An anonymous complainant is named in no document, whoever issues it: the free text is masked too.
        return (value or "") if unmasked and not case.is_anonymous else mask_text(value or "", people)

    def shown_party(value: str) -> str:  # the reported party: free text of the case too (a company's phone stays)
        return (value or "") if unmasked and not case.is_anonymous else mask_party(value or "", people)

    lead = case.assignments.filter(active=True, is_lead=True).first()
    assisting = case.assignments.filter(active=True, is_lead=False).select_related("unit")
    dated = [f"{render.chinese_date(m.on)}，{shown(m.phrase)}。" for m in dated_measures(case)]
    return {
        "case_number": case.number,
        "received_date": render.chinese_date(clock.localdate(case.received_at)),
        "channel": str(case.get_channel_display()),
        "title": _clause(shown(case.title)),
        "content": shown(case.content),
        "address": shown(case.address),
        "reported_party": shown_party(case.reported_party_name),
        "complainant": _people(case, unmasked),
        "unit_name": extra.get("unit_name", case.unit.official_name),
        "lead_unit": case.lead_unit.name if case.lead_unit else "",
        "assisting_units": "、".join(a.unit.name for a in assisting),
        "doc_number": extra.get("doc_number", ""),
        "issue_date": render.chinese_date(clock.localdate()),
        "legal_route": _clause(shown(case.legal_route)),
        "legal_route_sentence": legal_route_sentence(shown(case.legal_route)),
        "reject_reason": _clause(shown(case.reject_reason)),
        "referred_to": shown(case.referred_to),
        "finding": str(case.get_finding_display()) if case.finding else "",
        "result": shown(case.result_summary),
        "measures": shown(measures_text(case)),
        "reply_text": shown(case.reply_text),
        "instructions": shown(lead.instructions) if lead else "",
        "deadline": extra.get("deadline", ""),
        "order_number": extra.get("order_number", ""),
        "order_unit": extra.get("order_unit", ""),
        "requirements": shown(extra.get("requirements", "")),
        "opinion": shown(extra.get("opinion", "")),
        "decision": str(extra.get("decision", "")),
        "next_step": str(extra.get("next_step", "")),
        "reviewing_unit": extra.get("reviewing_unit", ""),
        "handler_name": extra.get("handler_name", ""),
        "handler_phone": extra.get("handler_phone", ""),
        "note": shown(extra.get("note", "")),
        "review_days": str(case_actions.REVIEW_REQUEST_DAYS),
        "matters": matters_phrase(case, shown, shown_party),
        # "1." rather than "（一）", which the layout would set as a heading.
        "measures_dated": "\n".join(f"{i + 1}．{line}" if len(dated) > 1 else line
                                    for i, line in enumerate(dated)) or no_measures_sentence(case),
        "legal_basis": legal_basis_sentence(case),
        "review_route": review_route_sentence(case, extra.get("unit_name", case.unit.official_name)),
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
    return out


def handler_of(case: Complaint, actor=None):
    """The lead unit's officer who signed for the case (the handler), with their work phone there.

    Before anyone signed for it, an officer of the lead unit issuing the card is the handler.
    Returns (user, membership) or (None, None).
    """
    from ecopetition.org.models import Membership

    if case.lead_unit_id is None:
        return None, None
    officers = Membership.objects.filter(unit_id=case.lead_unit_id, role=R.OFFICER).select_related("user")
    signer_ids = list(case.events.filter(action="sign_for", actor__isnull=False).order_by("-seq")
                      .values_list("actor_id", flat=True))
    for uid in signer_ids + ([actor.pk] if actor is not None else []):
        m = officers.filter(user_id=uid).first()
        if m is not None:
            return m.user, m
    return None, None


def recorded_values(case: Complaint, kind: str, actor, extra: dict) -> tuple[dict, str | None]:
    """What the action behind `kind` recorded, as template values; and the number to carry, if it has one."""
    values: dict[str, str] = {}
    if kind == DocKind.SUPERVISION:
        order = _order(case)
        if order is None:
            raise TransitionNotAllowed(_("No supervision order has been issued for this case."), code="no_order")
        values = {"order_number": order.number, "order_unit": order.unit.name, "requirements": order.requirements,
                  "deadline": render.chinese_date(clock.localdate(order.due_at))}
        return values, order.number
    if kind in DECISIONS:
        event = _decision(case, kind)
        unit = Unit.objects.filter(pk=(event.data or {}).get("unit_id")).first()
        values = {"opinion": event.note, "reviewing_unit": unit.official_name if unit else "",
                  "decision": DECISION_TEXT[event.action], "next_step": NEXT_STEP[event.action]}
    if kind == DocKind.CONTACT_CARD:
        user, membership = handler_of(case, actor)
        if user is None:
            raise ValidationError(_("No officer of the lead unit has signed for the case yet: the contact card "
                                    "names the handler."), field="kind")
        phone = membership.phone or extra.get("handler_phone", "")
        if not phone:
            raise ValidationError(_("%(name)s has no work phone on record at %(unit)s: give the handler's phone.")
                                  % {"name": user.get_full_name() or user.get_username(),
                                     "unit": case.lead_unit.name}, field="handler_phone")
        values = {"handler_name": user.get_full_name() or user.get_username(), "handler_phone": phone}
    return values, None


def do_generate_document(case, *, actor, kind: str, extra: dict | None = None, text: str | None = None) -> Document:
    """Generate one numbered document of `kind` for `case` from its active template (PDF and DOCX).

    `text` is the body as written (the reply letter's reviewed draft) instead of the template's filled body.
    """
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
            if kind in DECISIONS and _decision(locked, kind) is None:
                raise TransitionNotAllowed(_("There is no decision yet for a %(doc)s.") % {"doc": label},
                                           code="no_decision")
            unit = issuing_unit(actor, locked, kind)
            if unit is None:
                raise TransitionNotAllowed(_("Your role may not issue a %(doc)s for this case.") % {"doc": label},
                                           code="not_your_role")
            clean = _clean_extra(kind, extra)
            recorded, own_number = recorded_values(locked, kind, actor, clean)
            clean.update(recorded)
            template = active_template(kind)
            if template is None:
                raise ValidationError(_("There is no active template for the %(doc)s.") % {"doc": label},
                                      field="kind")
            now = clock.now()
            year = clock.localdate(now).year
            if own_number:  # the document prints a record that has its own number
                seq, number = None, own_number
            else:
                seq = case_actions.next_sequence(f"doc:{unit.code}:{kind}:{year}")
                number = f"{prefix_for(unit, kind)}〔{year}〕{seq}号"
            unmasked = kind in TO_COMPLAINANT
            extra_values = {**clean, "unit_name": unit.official_name, "doc_number": number}
            with translation.override(settings.LANGUAGE_CODE):
                values = case_values(locked, actor=actor, unmasked=unmasked, extra=extra_values)
                title = render.fill(template.title, values)
                text = render.fill(template.body, values) if text is None else text
                # The title is listed on the case page for every reader: as a reader without the identity sees it.
                listed = render.fill(template.title, case_values(locked, actor=actor, extra=extra_values)) \
                    if unmasked else title
            # Whatever was filled in unmasked may carry identity (the name, or free text that holds it):
            # such a document goes only to those who may see the identity.
            has_identity = unmasked
            layout = {"title": title, "number": number, "unit_name": unit.official_name,
                      "issue_date": values["issue_date"], "text": text}
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
                complaint=locked, kind=kind, template=template, title=listed[:100], number=number, unit=unit,
                year=year, seq=seq, text=text, has_identity=has_identity,
                pdf_name=pdf_name, pdf_sha256=pdf_hash, pdf_size=len(pdf),
                docx_name=docx_name, docx_sha256=docx_hash, docx_size=len(docx),
                event=event, created_by=actor, created_at=now,
            )
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


# --- the reply letter: a draft, checked and previewed, sent on confirmation ---------------------------------

def reply_facts(case: Complaint, *, unmasked: bool) -> replycheck.ReplyFacts:
    """What the reply check holds a draft to, as the draft's readers may see it."""
    people = case_masks(case)
    bare = unmasked and not case.is_anonymous
    shown_ = (lambda v: v or "") if bare else (lambda v: mask_text(v or "", people))
    with translation.override(settings.LANGUAGE_CODE):  # the letter's language: the names it must use
        measures = tuple(dated_measures(case))
    return replycheck.ReplyFacts(
        categories=tuple(c.name for c in case.categories.all()),
        reported_party=case.reported_party_name if bare else mask_party(case.reported_party_name, people),
        place=shown_(case.address), finding=case.finding or "",
        measures=measures, review_days=case_actions.REVIEW_REQUEST_DAYS,
        internal_report=shown_(case.result_summary),
        hidden_names=tuple(n for p in people if (n := p["name"] if isinstance(p, dict) else p.name))
        if case.is_anonymous else (),
    )


def check_reply(case: Complaint, text: str, *, unmasked: bool) -> list[replycheck.Gap]:
    return replycheck.reply_check(text, reply_facts(case, unmasked=unmasked))


def open_draft(case: Complaint) -> ReplyDraft | None:
    return ReplyDraft.objects.filter(complaint=case, document__isnull=True).first()


def compose_reply(case: Complaint, actor) -> tuple[str, str, bool]:
    """A new draft of the reply letter from its template: (title, text, whether it names the complainant)."""
    template = active_template(DocKind.REPLY)
    if template is None:
        raise ValidationError(_("There is no active template for the %(doc)s.") % {"doc": DocKind.REPLY.label},
                              field="text")
    unit = issuing_unit(actor, case, DocKind.REPLY) or case.unit
    unmasked = can_see_identity(actor, case)
    with translation.override(settings.LANGUAGE_CODE):
        values = case_values(case, actor=actor, unmasked=unmasked, extra={"unit_name": unit.official_name})
        return render.fill(template.title, values), render.fill(template.body, values), unmasked


def check_may_reply(user, case: Complaint) -> None:
    """Refuse, saying why, unless `user` may write and send the reply to `case` now."""
    transitions.check(case, "reply", user)
    if issuing_unit(user, case, DocKind.REPLY) is None:
        raise TransitionNotAllowed(_("Your role may not issue a %(doc)s for this case.")
                                   % {"doc": DocKind.REPLY.label}, code="not_your_role")


def may_reply(user, case: Complaint) -> bool:
    try:
        check_may_reply(user, case)
    except TransitionNotAllowed:
        return False
    return True


MAX_LETTER = 20000


def _clean_letter(case: Complaint, text: str, actor=None) -> str:
    text = ("" if text is None else str(text)).strip()
    if not text or "\x00" in text:
        raise ValidationError(_("Write the reply letter."), field="text")
    if len(text) > MAX_LETTER:
        raise ValidationError(_("The reply letter is too long (at most %(n)d characters).") % {"n": MAX_LETTER},
                              field="text")
    if case.is_anonymous:  # an anonymous complainant is never named in a letter, whatever was typed
        typed, text = text, unnamed_letter(text, case_masks(case))
        _record_unnamed(case, typed, text, actor)
    return text.replace("\r\n", "\n")


UNNAMED_ACTION = "reply_unnamed"


def _record_unnamed(case: Complaint, typed: str, stored: str, actor) -> None:
    """The names a letter to an anonymous complainant was addressed to (尊敬的王建国同志： put as 匿名信访人) are the
    complainant's: recorded once as an event of the case (信访人：王建国。), a text of the case (`privacy.case_texts`),
    so the name is masked in the rest of its texts as a name found anywhere else in them is (R16-11). Only a name
    the case's masks do not hold yet."""
    from ecopetition.cases.masking import found_names

    gone = [n for n in found_names([typed]) if n not in found_names([stored])]
    if not gone:
        return
    known = {p["name"] if isinstance(p, dict) else p.name for p in case_masks(case)}
    new = [n for n in gone if n not in known]
    if new:
        case_actions.audit_event(case, actor=actor, action=UNNAMED_ACTION,
                                 note="".join(f"信访人：{n}。" for n in new))


def do_save_reply_draft(case, *, actor, text: str | None = None, revision: int | None = None) -> ReplyDraft:
    """Open the case's reply draft (composed from the template) or save the clerk's edit of it.

    Refused unless `actor` may reply now; `revision` (the one the clerk edited) must still be the draft's,
    so that two clerks cannot overwrite each other unseen.
    """
    with transaction.atomic():
        locked = Complaint.objects.select_for_update(of=("self",)).select_related("unit", "lead_unit").get(
            pk=case.pk if isinstance(case, Complaint) else case)
        check_may_reply(actor, locked)
        draft = open_draft(locked)
        now = clock.now()
        if draft is None:
            title, composed, unmasked = compose_reply(locked, actor)
            draft = ReplyDraft(complaint=locked, title=title[:100], text=composed, has_identity=unmasked,
                               created_by=actor, created_at=now, updated_by=actor, updated_at=now)
            if text is None:
                draft.save()
                return draft
        elif revision is not None and revision != draft.revision:
            raise TransitionNotAllowed(_("Someone else changed the draft meanwhile: it was reloaded; make your "
                                         "change again."), code="draft_changed")
        elif draft.has_identity and not can_see_identity(actor, locked):
            raise PermissionDenied(_("This draft names the complainant; only someone who may see their identity "
                                     "can change it."))
        if text is not None:
            draft.text = _clean_letter(locked, text, actor)
            draft.has_identity = draft.has_identity or can_see_identity(actor, locked)
            draft.revision = (draft.revision or 0) + 1 if draft.pk else 1
            draft.updated_by, draft.updated_at = actor, now
        draft.save()
        return draft


def draft_for(user, draft: ReplyDraft) -> str:
    """The draft's text as `user` may see it (the identity rule)."""
    if draft.has_identity and not can_see_identity(user, draft.complaint):
        return mask_text(draft.text, case_masks(draft.complaint))
    return draft.text


def preview_reply_pdf(case: Complaint, *, actor, draft: ReplyDraft) -> bytes:
    """The draft as the complainant would receive it, marked as a draft and without its number yet."""
    unit = issuing_unit(actor, case, DocKind.REPLY) or case.unit
    year = clock.localdate().year
    with translation.override(settings.LANGUAGE_CODE):
        return render.render_pdf(kind=DocKind.REPLY, title=draft.title, number=f"{prefix_for(unit, DocKind.REPLY)}"
                                 f"〔{year}〕　号", unit_name=unit.official_name,
                                 issue_date=render.chinese_date(clock.localdate()), text=draft_for(actor, draft),
                                 draft=True)


MIN_OVERRIDE_REASON = 4


def do_send_reply(case, *, actor, method: str, email: str = "", text: str | None = None,
                  revision: int | None = None, reason: str = "") -> Document:
    """Send the reply: the checked draft becomes the numbered reply letter (答复意见书), the reply is recorded,
    and it goes out (the "replied" SMS for every reply; the whole letter by e-mail when chosen).

    The letter is the case's open draft as saved (`revision`: the one the clerk previewed), or `text` when
    given (the API), saved as the draft first. When the reply check finds gaps, it is sent only with the
    clerk's `reason`, recorded as a `reply_check_overridden` event with what the check found.
    """
    email = (email or "").strip()
    reason = (reason or "").strip()
    if method == "email" and ("@" not in email or len(email) > 200):
        raise ValidationError(_("Give the complainant's e-mail address."), field="email")
    written: list[Document] = []
    try:
        with transaction.atomic():
            draft = do_save_reply_draft(case, actor=actor, text=text, revision=revision if text is not None else None)
            if text is None and revision is not None and revision != draft.revision:
                raise TransitionNotAllowed(_("The draft changed since you checked it: look at it again before "
                                             "sending."), code="draft_changed")
            locked = draft.complaint
            gaps = check_reply(locked, draft.text, unmasked=draft.has_identity)
            if gaps and len(reason) < MIN_OVERRIDE_REASON:
                raise ValidationError(
                    _("The reply check found %(n)d gaps; correct the draft, or give the reason for sending it "
                      "anyway: %(gaps)s") % {"n": len(gaps), "gaps": " ".join(g.message for g in gaps)},
                    field="reason", code="reply_check")
            if gaps:
                case_actions.audit_event(locked, actor=actor, action="reply_check_overridden", note=reason[:2000],
                                         data={"gaps": [g.code for g in gaps], "revision": draft.revision})
            doc = do_generate_document(locked, actor=actor, kind=DocKind.REPLY, text=draft.text)
            written.append(doc)
            case_actions.do_reply(locked, actor=actor, text=doc.text, method=method)
            draft.document = doc
            draft.save(update_fields=["document"])
            if method == "email":
                _send("email", email, doc.title, doc.text, case=doc.complaint, dedupe_key=f"reply-letter:{doc.pk}",
                      kind="reply_letter")
    except BaseException:
        for doc in written:
            for fmt in ("pdf", "docx"):
                document_path(doc, fmt).unlink(missing_ok=True)
        raise
    return doc


def _send(channel, to, subject, body, *, case, dedupe_key, kind="message", params=None):
    try:
        from ecopetition.notify.services import send_message
    except ImportError:  # the notify app is optional
        log.warning("notify app missing: %s to %s not sent", channel, to)
        return None
    return send_message(channel, to, subject, body, case=case, dedupe_key=dedupe_key, kind=kind, params=params)


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
