"""Case-page panels: the field record, satisfaction figures, the review-request window.

The forms for callbacks and review decisions are the console's generic action
forms; these panels add what those do not show.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from ecopetition.cases.actions import REVIEW_REQUEST_DAYS
from ecopetition.cases.models import Callback, Event, Satisfaction, State
from ecopetition.core import clock

from . import actions, queries


def fieldwork_panel(request, case):
    visits = list(case.site_visits.select_related("by"))
    measures = list(case.measures.all())
    rects = list(case.rectifications.select_related("complaint"))
    if not (visits or measures or rects or case.state in queries.FIELD_STATES):
        return None
    return {
        "visits": visits,
        "measures": measures,
        "rects": rects,
        "can_verify": actions.can_verify(request.user, case),
        "url": reverse("fieldwork:case", args=[case.number]),
        "back": reverse("cases:detail", args=[case.number]),
    }


def callback_panel(request, case):
    figures = queries.satisfaction_figures(case)
    can_survey = actions.can_survey(request.user, case)
    if not (figures["count"] or can_survey) and case.state not in (State.REPLIED, State.CALLED_BACK):
        return None
    return {**figures, "can_survey": can_survey, "survey_url": reverse("fieldwork:survey", args=[case.number]),
            "results": Satisfaction.choices, "respondents": Callback.Respondent.choices}


def review_panel(request, case):
    """The 30-day window to ask for a review (复查), and the review's course so far."""
    events = list(
        Event.objects.filter(complaint=case, action__in=["request_review", "uphold", "overturn"]).order_by("seq")
    )
    window_end = None
    days_left = None
    if case.replied_at:
        window_end = case.replied_at + dt.timedelta(days=REVIEW_REQUEST_DAYS)
        days_left = (window_end - clock.now()).days
    if not events and window_end is None:
        return None
    return {"events": events, "window_end": window_end, "days_left": days_left,
            "open": days_left is not None and days_left >= 0 and case.state != State.UNDER_REVIEW}
