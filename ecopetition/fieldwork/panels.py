"""Case-page panels: the field record, satisfaction figures, the review-request window.

The forms for callbacks and review decisions are the console's generic action
forms; these panels add what those do not show.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from ecopetition.cases.models import Callback, Event, Satisfaction, State
from ecopetition.core import clock

from . import actions, queries


def fieldwork_panel(request, case):
    visits = list(case.site_visits.select_related("by"))
    measures = list(case.measures.all())
    rects = list(case.rectifications.select_related("complaint"))
    if not (visits or measures or rects or case.state in queries.FIELD_STATES):
        return None
    url = reverse("fieldwork:case", args=[case.number])
    # The lead unit's officer signs for, records the site visit and reports on the field page: offer it with
    # the case's other next steps, not only in this panel far down a phone's screen.
    officer_next = case.state in queries.FIELD_STATES and queries.my_field_cases(request.user).filter(pk=case.pk).exists()
    can_verify = actions.can_verify(request.user, case)
    verify_next = can_verify and any(r.is_open for r in rects)  # the supervisor (or an assisting unit) checks
    return {
        "action_url": url if officer_next else ("#panel-fieldwork" if verify_next else ""),
        "action_label": _("Open the field page") if officer_next else _("Rectification checked"),
        "visits": visits,
        "measures": measures,
        "rects": rects,
        "can_verify": can_verify,
        "url": url,
        "back": reverse("cases:detail", args=[case.number]),
    }


def callback_panel(request, case):
    figures = queries.satisfaction_figures(case)
    can_survey = actions.can_survey(request.user, case)
    if not (figures["count"] or can_survey) and case.state not in (State.REPLIED, State.CALLED_BACK):
        return None
    return {**figures, "can_survey": can_survey, "survey_url": reverse("fieldwork:survey", args=[case.number]),
            # the survey form sits in this panel: offer it with the case's next steps too
            "action_url": "#survey" if can_survey else "", "action_label": _("Survey after the site visit"),
            "results": Satisfaction.choices, "respondents": Callback.Respondent.choices}


def review_panel(request, case):
    """Where the review (复查) and re-review (复核) stand: the window still open, and each step so far."""
    from ecopetition.cases.actions import REVIEW_ACTIONS, review_window
    from ecopetition.cases.transitions import BY_ACTION

    events = list(Event.objects.filter(complaint=case, action__in=REVIEW_ACTIONS).order_by("seq"))
    window = review_window(case)
    if not events and window is None:
        return None
    kind, last_day = window if window else ("", None)
    days_left = (last_day - clock.localdate()).days if last_day else None
    waiting = case.state in (State.UNDER_REVIEW, State.UNDER_RE_REVIEW)
    return {"steps": [{"e": e, "label": BY_ACTION[e.action].label} for e in events], "kind": kind,
            "window_end": last_day, "days_left": days_left, "waiting": waiting,
            "open": days_left is not None and days_left >= 0 and not waiting}


STAGE_CLOCK = "stage_followup"  # the deadline policy key of the follow-up after stage closing


def stage_panel(request, case):
    """Where a stage-closed case (阶段办结) stands: the items listed, how many are struck off, the follow-up clock."""
    from ecopetition.deadlines.queries import case_clocks

    stage = actions.stage_closing(case)
    if stage is None:
        return None
    rows = [r for r in case_clocks(case) if r.clock.key == STAGE_CLOCK]
    # The items are checked in the field-work panel below (one form per item on the page).
    return {**stage, "clock": rows[-1] if rows else None}
