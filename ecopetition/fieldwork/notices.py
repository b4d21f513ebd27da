"""Inbox notices to staff on handling events that need someone's decision.

- an unsatisfied callback → the supervisors nearest above the registering unit (reopen, or close with reasons);
- a review request → the supervisors of the unit above the lead unit (who decide it);
- back for rework, reopened, review overturned → the lead unit's officers.
Sent after commit, once per event and person (deduplicated by key).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from ecopetition.cases import privacy
from ecopetition.cases.models import Complaint, Event
from ecopetition.org.models import Membership, Role

from .models import STAFF_NOTICE_ACTIONS

log = logging.getLogger("ecopetition.fieldwork")


def _nearest(unit, role: str, *, strictly_above: bool = False) -> list:
    """Users holding `role` in the closest unit at or above `unit` that has any."""
    if unit is None:
        return []
    ids = [int(p) for p in unit.path.strip("/").split("/") if p]
    if strictly_above:
        ids = ids[:-1] or ids  # the top unit reviews its own
    rows = (Membership.objects.filter(unit_id__in=ids, role=role, user__is_active=True, unit__active=True)
            .select_related("user", "unit"))
    if not rows:
        return []
    deepest = max(len(m.unit.path) for m in rows)
    return [m.user for m in rows if len(m.unit.path) == deepest]


def _recipients(case: Complaint, event: Event) -> tuple[list, str]:
    action = event.action
    if action == "callback" and event.data.get("result") == "unsatisfied":
        return _nearest(case.unit, Role.SUPERVISOR), _(
            "Case %(number)s: the complainant is unsatisfied. Decide to reopen it or to close it with reasons."
        )
    if action == "request_review":
        return _nearest(case.lead_unit or case.unit, Role.SUPERVISOR, strictly_above=True), _(
            "Case %(number)s: the complainant asked for a review. Uphold or overturn the reply."
        )
    if action in ("rework", "reopen", "overturn"):
        officers = list(Membership.objects.filter(unit=case.lead_unit, role=Role.OFFICER, user__is_active=True)
                        .select_related("user")) if case.lead_unit_id else []
        return [m.user for m in officers], _("Case %(number)s is back with your unit for more work: %(note)s")
    return [], ""


def notify_staff(case_id: int, action: str) -> int:
    if action not in STAFF_NOTICE_ACTIONS:
        return 0
    from ecopetition.notify.services import send_message

    case = Complaint.objects.select_related("unit", "lead_unit").filter(pk=case_id).first()
    event = Event.objects.filter(complaint_id=case_id, action=action).order_by("-seq").first()
    if case is None or event is None:
        return 0
    made = 0
    with translation.override(settings.LANGUAGE_CODE):
        users, text = _recipients(case, event)
        if not users:
            return 0
        people = privacy.case_masks(case)
        body = text % {"number": case.number, "note": privacy.mask_text(event.note, people)[:200]}
        for user in users:
            msg = send_message("inbox", user, privacy.masked_title(case, people)[:200], body, case=case,
                               dedupe_key=f"staff:{event.pk}:{user.pk}", kind=f"case_{action}")
            made += bool(getattr(msg, "created", False))
    return made


def on_event_committed(sender, case_id=None, action=None, **kwargs) -> None:
    if case_id is None:
        return
    try:
        notify_staff(case_id, action)
    except ImportError:
        pass
    except Exception:  # a notice must never break the action that already committed
        log.exception("staff notice for case %s (%s) failed", case_id, action)
