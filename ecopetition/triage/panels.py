"""The triage panel on the case page: which rule chose the unit, the suggestion beside the clerk's choice,
linked repeats, and earlier cases that look like this one (live, within what the viewer may see)."""

from __future__ import annotations

from ecopetition.cases.models import Complaint

from . import repeats
from .models import CaseTriage
from .views import label_reasons


def triage_panel(request, case: Complaint) -> dict | None:
    record = CaseTriage.objects.filter(complaint=case).select_related("unit", "rule").first()
    visible = Complaint.objects.visible_to(request.user)
    related = list(visible.filter(related=case).only("number", "received_at", "state", "title")[:20])
    try:
        matches = repeats.find_similar(repeats.probe_for(case), at=case.received_at, exclude_id=case.pk,
                                       visible=visible, limit=5)
    except Exception:
        matches = []
    linked = {c.pk for c in related}
    return {
        "record": record,
        "suggestion": record.suggestion if record else {},
        "corrections": list(case.triage_corrections.all()[:10]),
        "related": related,
        "similar": label_reasons([m.as_dict() for m in matches if m.id not in linked]),
        "case": case,
    }
