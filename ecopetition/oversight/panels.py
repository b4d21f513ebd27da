"""Case-page panels: emergency alerts and acknowledgements, re-check, and the inspector's links."""

from __future__ import annotations

from ecopetition.cases.models import Finding

from . import emergency, inspection, recheck
from .models import EmergencyAlert, RecheckStatus


def emergency_panel(request, case):
    alert = EmergencyAlert.objects.filter(complaint=case).first()
    flagged = bool(getattr(case, "is_emergency", False))
    user = request.user
    if alert is not None:
        recipients = list(alert.recipients.select_related("acknowledged_by"))
        duty = any(r.user_id == user.pk for r in recipients)
        return {"case": case, "alert": alert, "recipients": recipients, "flagged": True,
                "can_handle": alert.handled_at is None and (duty or emergency._may(user, case, emergency.HANDLE_ROLES))}
    if flagged:
        return {"case": case, "alert": None, "flagged": True}
    if not case.is_open:
        return None
    hit, terms = emergency.suggest(f"{case.title} {case.content}")
    if not hit:
        return None
    return {"case": case, "alert": None, "flagged": False, "terms": terms,
            "can_declare": emergency._may(user, case, emergency.DECLARE_ROLES)}


def recheck_panel(request, case):
    tasks = list(case.rechecks.select_related("recheck_unit"))
    can_open = (case.finding == Finding.UNFOUNDED and recheck.may_open(request.user, case)
                and not any(t.status == RecheckStatus.OPEN for t in tasks)
                and bool(recheck.unfounded_reports(case)) and case.lead_unit is not None
                and case.lead_unit.parent_id is not None)
    if not tasks and not can_open:
        return None
    return {"case": case, "tasks": tasks, "can_open": can_open}


def inspector_panel(request, case):
    if not inspection.may_read(request.user):
        return None
    return {"case": case, "marks": case.events.filter(action=inspection.MARK_ACTION).count()}
