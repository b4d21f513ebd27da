"""The triage panel on the case page: which rule chose the unit, the suggestion beside the clerk's choice,
linked repeats, and earlier cases that look like this one (live, within what the viewer may see)."""

from __future__ import annotations

from ecopetition.cases.models import Category, Complaint, Sector
from ecopetition.cases.privacy import linked_cases, person_match_scope

from . import repeats
from .models import CaseTriage
from .routes import ROUTE_LABELS
from .views import label_reasons


def _names(value, names: dict[str, str]) -> str:
    """A suggested or chosen code (or list of codes) as the names people know ("—" when empty)."""
    codes = value if isinstance(value, list) else [value] if value else []
    return "、".join(str(names.get(c, c)) for c in codes) or "—"


def triage_panel(request, case: Complaint) -> dict | None:
    record = CaseTriage.objects.filter(complaint=case).select_related("unit", "rule").first()
    related = list(linked_cases(request.user, case).only("number", "received_at", "state", "title")[:20])
    try:
        # A person key says who complained, both ways (R4-3): the case's phones, ID numbers and names are
        # matched only if the reader may see its identity (`probe_as_seen_by`), and only among the cases whose
        # complainants the reader may see, like the clerk's suggestions and the API. Else a clerk who
        # registers a guessed phone reads "same phone" on their case, or on the case they see masked.
        matches = repeats.find_similar(repeats.probe_as_seen_by(request.user, case), at=case.received_at,
                                       exclude_id=case.pk, visible=person_match_scope(request.user), limit=5)
    except Exception:
        matches = []
    linked = {c.pk for c in related}
    suggestion = record.suggestion if record else {}
    names = {**dict(Category.objects.values_list("code", "name")), **dict(Sector.objects.values_list("code", "name"))}
    corrections = [
        {"field": c.get_field_display(), "suggested": _names(c.suggested, names),
         "chosen": _names(c.chosen, names)}
        for c in case.triage_corrections.all()[:10]
    ]
    return {
        "record": record,
        "suggestion": suggestion,
        "suggested_categories": _names(suggestion.get("categories"), names),
        "suggested_sector": _names(suggestion.get("sector"), names),
        "suggested_route": ROUTE_LABELS.get(suggestion.get("route_code") or "", ""),
        "corrections": corrections,
        "related": related,
        "similar": label_reasons([m.as_dict() for m in matches if m.id not in linked]),
        "case": case,
    }
