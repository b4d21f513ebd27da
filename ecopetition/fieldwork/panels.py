"""Case-page panels: field record, callback survey, review request."""

from __future__ import annotations

from django.urls import reverse

from ecopetition.cases import transitions
from ecopetition.cases.models import Callback, Event, Satisfaction, State

from . import actions, queries


def _allowed(case, user) -> set[str]:
    return {t.action for t in transitions.allowed_actions(case, user)}


def fieldwork_panel(request, case):
    visits = list(case.site_visits.select_related("by"))
    measures = list(case.measures.all())
    rects = list(case.rectifications.all())
    if not (visits or measures or rects or case.state in queries.FIELD_STATES):
        return None
    return {
        "fw_visits": visits,
        "fw_measures": measures,
        "fw_rects": rects,
        "fw_can_verify": actions.can_verify(request.user, case),
        "fw_url": reverse("fieldwork:case", args=[case.number]),
    }


def callback_panel(request, case):
    allowed = _allowed(case, request.user)
    if not case.callbacks.exists() and "callback" not in allowed:
        return None
    return {
        "cb": queries.satisfaction_figures(case),
        "cb_can_record": "callback" in allowed,
        "cb_results": Satisfaction.choices,
        "cb_respondents": Callback.Respondent.choices,
        "cb_url": reverse("fieldwork:callback", args=[case.number]),
    }


def review_panel(request, case):
    allowed = _allowed(case, request.user)
    events = list(
        Event.objects.filter(complaint=case, action__in=["request_review", "uphold", "overturn"]).order_by("seq")
    )
    can_request = "request_review" in allowed
    can_decide = bool({"uphold", "overturn"} & allowed)
    if not (events or can_request or can_decide or case.state == State.UNDER_REVIEW):
        return None
    return {
        "rv_events": events,
        "rv_can_request": can_request,
        "rv_can_decide": can_decide,
        "rv_url": reverse("fieldwork:review", args=[case.number]),
    }
