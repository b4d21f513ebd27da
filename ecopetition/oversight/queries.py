"""Read side of oversight, for other apps: responsibility deductions (unit scoring) and open emergencies (wall board)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ecopetition.cases import scope as jurisdiction
from ecopetition.cases.models import OPEN_STATES, Complaint

from .models import EmergencyAlert, RecheckTask, ResponsibilityRecord


@dataclass(frozen=True)
class ResponsibilityDeduction:
    unit_id: int
    case_id: int
    case_number: str
    recheck: str
    points: Decimal
    people: str
    reason: str
    at: dt.datetime


def responsibility_deductions(unit_ids: Iterable[int], since: dt.datetime | None = None,
                              until: dt.datetime | None = None) -> list[ResponsibilityDeduction]:
    """Responsibility records (倒查责任) against these units, recorded in [since, until), oldest first.

    Each is one overturned "unfounded" finding: the unit loses `points` (setting
    OVERSIGHT_RESPONSIBILITY_POINTS, default 5) for it. Units are matched exactly; pass a subtree's ids
    to score an area.
    """
    qs = ResponsibilityRecord.objects.filter(unit_id__in=list(unit_ids)).select_related("complaint", "recheck")
    if since is not None:
        qs = qs.filter(at__gte=since)
    if until is not None:
        qs = qs.filter(at__lt=until)
    return [
        ResponsibilityDeduction(r.unit_id, r.complaint_id, r.complaint.number, r.recheck.number, r.points,
                                r.people_labels, r.reason, r.at)
        for r in qs.order_by("at", "id")
    ]


def open_emergency_case_ids(user) -> list[int]:
    """Ids of the open emergency cases `user` can see whose alert is not marked handled, oldest first.

    The wall board puts these on top, before any colour. A flagged case whose alert was not raised yet
    (the hook runs just after registration commits) counts as unhandled too.
    """
    handled = EmergencyAlert.objects.filter(handled_at__isnull=False).values("complaint_id")
    qs = (Complaint.objects.visible_to(user).filter(is_emergency=True, state__in=OPEN_STATES)
          .exclude(pk__in=handled).order_by("received_at", "id"))
    return list(qs.values_list("pk", flat=True)[:500])


def rechecks_for(user):
    """Re-check tasks of the units where the user is a supervisor or officer (or below them)."""
    from ecopetition.org import queries as org

    from .recheck import RECHECK_ROLES

    units = org.units_with_role(user, RECHECK_ROLES)
    if getattr(user, "is_superuser", False):
        return RecheckTask.objects.all()
    if not units:
        return RecheckTask.objects.none()
    return RecheckTask.objects.filter(jurisdiction.under_q(units, "recheck_unit"))
