"""12345 hotline work orders (工单): taken in by API or batch file, returned as not ours (退单) within the
hotline's limit, and answered back in the shape the hotline takes.

A work order is a complaint of channel `hotline` whose external id is the work-order number: sent as
`external_id` over the API, or mapped to "source id" in a batch import. Signing for is accepting it (or returning
it); both are on the `hotline_sign` clock, the answer on `hotline_reply` (deadline policies, editable).
"""

from __future__ import annotations

import io
import json

from django.utils import timezone
from django.utils.translation import gettext as _

from ecopetition.cases import actions as case_actions
from ecopetition.cases.models import Channel, Complaint, Event, State
from ecopetition.cases.privacy import identity_for
from ecopetition.core import clock
from ecopetition.core.exceptions import TransitionNotAllowed, ValidationError
from ecopetition.core.formats import when

from .importer import KEY_PREFIX

HOTLINE_AUTHORITY = "12345政务服务便民热线"
RETURNABLE = (State.REGISTERED, State.ACCEPTED)

# The columns the hotline takes back, in order: (key, heading). Documented in intake/README.md.
REPLY_COLUMNS = (
    ("order_number", "工单编号"), ("case_number", "信访件编号"), ("received_at", "受理时间"),
    ("handling_unit", "办理单位"), ("status", "办理状态"), ("returned", "是否退单"),
    ("return_reason", "退单理由"), ("suggested_authority", "建议承办部门"), ("finding", "调查结论"),
    ("reply", "答复内容"), ("replied_at", "答复时间"),
)


def order_number(case: Complaint) -> str:
    key = case.intake_key or ""
    return key[len(KEY_PREFIX):] if key.startswith(KEY_PREFIX) else key


def sign_clock(case: Complaint):
    from ecopetition.deadlines.models import CaseClock

    return CaseClock.objects.filter(complaint=case, key="hotline_sign").order_by("-started_at").first()


def do_return_order(case: Complaint, *, actor, reason: str, authority: str) -> Complaint:
    """退单: the work order is not ours. Sent back to the hotline with the reason and the authority it belongs to,
    inside the hotline's time to sign for it (after that the hotline no longer takes it back)."""
    reason = (reason or "").strip()
    authority = (authority or "").strip()
    if case.channel != Channel.HOTLINE:
        raise ValidationError(_("Only a 12345 work order can be returned to the hotline."), field="case")
    if not reason:
        raise ValidationError(_("Say why the work order is not ours."), field="reason")
    if not authority:
        raise ValidationError(_("Name the authority the work order belongs to."), field="authority")
    if case.state not in RETURNABLE:
        raise TransitionNotAllowed(_("A work order can be returned only before it is assigned."), code="wrong_state")
    clk = sign_clock(case)
    if clk is not None and clock.now() > clk.due_at and clk.stopped_at is None:
        raise TransitionNotAllowed(
            _("The hotline's time to return this work order ended at %(due)s: handle it, or refer it with a "
              "referral notice.") % {"due": when(clk.due_at)},
            code="too_late")
    # The hotline reads Chinese: the authority goes into the referral's addressee in its fixed wording.
    return case_actions.do_refer(case, actor=actor, to_authority=f"{HOTLINE_AUTHORITY}（退单，应由{authority[:150]}办理）",
                                 reason=reason[:2000])


def _returned(case: Complaint) -> tuple[bool, str, str]:
    """(returned to the hotline, the reason given, the authority named)."""
    to = case.referred_to or ""
    if case.state != State.REFERRED or not to.startswith(HOTLINE_AUTHORITY):
        return False, "", ""
    data = (Event.objects.filter(complaint=case, action="refer").order_by("-seq").values_list("data", flat=True)
            .first()) or {}
    authority = to.split("应由", 1)[1].rsplit("办理", 1)[0] if "应由" in to else ""
    return True, data.get("reason", ""), authority


def reply_rows(cases, user) -> list[dict]:
    """One row per work order, with the REPLY_COLUMNS keys (text the hotline can read as it is). The reply
    letter (it names the complainant) and the reasons are free text of the case: as `user` may see them."""
    rows = []
    for case in cases.select_related("unit", "lead_unit").prefetch_related("complainants").order_by("received_at", "id"):
        shown = identity_for(user, case).text
        returned, reason, authority = _returned(case)
        reply = (Event.objects.filter(complaint=case, action="reply").order_by("-seq").values_list("note", flat=True)
                 .first() if case.replied_at else None)
        rows.append({
            "order_number": order_number(case), "case_number": case.number,
            "received_at": timezone.localtime(case.received_at).strftime("%Y-%m-%d %H:%M"),
            "handling_unit": (case.lead_unit or case.unit).name, "status": str(case.get_state_display()),
            "returned": "是" if returned else "否", "return_reason": shown(reason), "suggested_authority": shown(authority),
            "finding": str(case.get_finding_display()) if case.finding else "",
            "reply": shown(reply or ""),
            "replied_at": timezone.localtime(case.replied_at).strftime("%Y-%m-%d %H:%M") if case.replied_at else "",
        })
    return rows


def export_json(rows: list[dict]) -> bytes:
    return json.dumps({"columns": [k for k, _h in REPLY_COLUMNS], "orders": rows}, ensure_ascii=False,
                      indent=1).encode()


def export_xlsx(rows: list[dict]) -> bytes:
    import openpyxl

    from .export import safe_cell

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("工单答复")
    ws.append([h for _k, h in REPLY_COLUMNS])
    for r in rows:
        ws.append([safe_cell(r[k]) for k, _h in REPLY_COLUMNS])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
