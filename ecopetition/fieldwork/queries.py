"""Read side of field work: an officer's cases, what a case's field record holds, satisfaction figures."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _

from ecopetition.cases.models import CLOSED_STATES, Complaint, Satisfaction, State
from ecopetition.org import queries as org
from ecopetition.org.models import Role

from .models import SURVEY_STATES, MeasureKind, SiteVisit

FIELD_STATES = (State.ASSIGNED, State.IN_PROGRESS)


def my_field_cases(user):
    """Cases the user's units lead and that wait for signing or handling, most urgent first."""
    units = org.units_with_role(user, Role.OFFICER)
    return (
        Complaint.objects.visible_to(user)
        .filter(lead_unit__in=units, state__in=FIELD_STATES)
        .select_related("lead_unit")
        .order_by("-is_urgent", "assigned_at", "id")
    )


def my_open_rectifications(user):
    """Open rectifications on cases the user's units lead, earliest deadline first (to check on site)."""
    from .models import Rectification

    units = org.units_with_role(user, Role.OFFICER)
    return (
        Rectification.objects.filter(
            status=Rectification.Status.OPEN, complaint__lead_unit__in=units,
            complaint__in=Complaint.objects.visible_to(user),
        )
        .exclude(complaint__state__in=CLOSED_STATES)
        .select_related("complaint")
        .order_by("deadline", "id")
    )


def measure_phrase(m, *, detail: bool = True) -> str:
    """One measure as a document names it: its kind, the fine, and (with `detail`) what it required."""
    label = str(MeasureKind(m.kind).label)
    if m.fine_amount is not None:
        label += "（%s）" % (_("fine of %(amount)s yuan") % {"amount": f"{m.fine_amount:,.2f}"})
    if detail and m.detail:
        label += f"：{m.detail}"
    return label


def measures_text(case: Complaint) -> str:
    """The measures taken, as one line of Chinese-or-English text for documents."""
    return "；".join(measure_phrase(m) for m in case.measures.all())


def satisfaction_figures(case: Complaint) -> dict:
    """Counts per answer, overall and for the complainant; satisfaction rate counts "basically" as satisfied."""
    callbacks = list(case.callbacks.all())
    total = Counter(c.result for c in callbacks)
    n = len(callbacks)
    satisfied = total[Satisfaction.SATISFIED] + total[Satisfaction.BASIC]
    complainant = [c for c in callbacks if c.respondent == "complainant"]
    return {
        "callbacks": callbacks,
        "count": n,
        "residents": sum(1 for c in callbacks if c.respondent == "resident"),
        "by_result": [(label, total[value]) for value, label in Satisfaction.choices],
        "rate": round(100 * satisfied / n) if n else None,
        "complainant_result": complainant[-1].get_result_display() if complainant else "",
    }


def awaiting_survey(user):
    """Cases with a site visit and no survey after it yet, for a callback officer of the registering unit or
    above (the after-visit callback clock runs on them); None for anyone else."""
    from django.db.models import Exists, OuterRef

    from ecopetition.cases import scope
    from ecopetition.cases.models import Event

    if "callback" not in org.roles_of(user):
        return None
    surveyed = Event.objects.filter(complaint=OuterRef("pk"), action="survey")
    visited = SiteVisit.objects.filter(complaint=OuterRef("pk"))
    return (Complaint.objects.visible_to(user).filter(scope.reach_q(user, "callback"))
            .filter(state__in=SURVEY_STATES).filter(Exists(visited)).exclude(Exists(surveyed))
            .select_related("unit", "lead_unit").order_by("received_at", "id"))
