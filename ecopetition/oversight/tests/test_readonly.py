"""An inspector can change nothing: every core action, through the console and the API, is refused and logged."""

import pytest
from django.urls import reverse

from ecopetition.cases import transitions
from ecopetition.cases.models import Complaint, Event
from ecopetition.org.models import ApiToken
from ecopetition.oversight.models import RefusedAttempt

from .helpers import register

ACTIONS = [t.action for t in transitions.TABLE if not t.system]  # a person's actions (system rows are no button)
API_ACTIONS = ["accept", "reject", "refer", "merge", "assign", "return", "sign_for", "report", "review", "rework",
               "reply", "callback", "close", "reopen", "request_review", "uphold", "overturn"]


def _payload(action, world, other):
    """Everything a form could ask for, so nothing but the permission can stop the action."""
    fields = {
        "note": "同意", "reason": "理由", "legal_route": "向法院起诉", "to_authority": "住建局", "into": other.number,
        "lead_unit": world.units["county_a_eco"].pk, "instructions": "", "finding": "unfounded", "result": "satisfied",
        "text": "答复", "method": "sms", "respondent": "complainant", "respondent_name": "", "opinion": "意见",
        "days": "10", "approved": "on", "username": "ian",
    }
    return {f"{action}-{k}": v for k, v in fields.items()}


def _in_state_for(action, world, case):
    t = transitions.BY_ACTION[action]
    state = sorted(t.sources)[0]
    Complaint.objects.filter(pk=case.pk).update(state=state, lead_unit=world.units["county_a_eco"],
                                                finding="unfounded")
    case.refresh_from_db()
    return case


def _snapshot(case):
    case.refresh_from_db()
    return (case.state, case.lead_unit_id, case.finding, case.event_seq,
            Event.objects.filter(complaint=case).count(), case.assignments.count(), case.attachments.count())


@pytest.mark.parametrize("with_middleware", [True, False])
def test_every_console_action_is_refused(world, client, settings, with_middleware, request):
    request.getfixturevalue("readonly_middleware" if with_middleware else "without_readonly_middleware")
    case, other = register(world), register(world, content="另一件")
    client.force_login(world.users["ian"])
    for action in ACTIONS:
        _in_state_for(action, world, case)
        before = _snapshot(case)
        resp = client.post(reverse("cases:act", args=[case.number, action]), _payload(action, world, other))
        assert _snapshot(case) == before, action
        if with_middleware:
            assert resp.status_code == 403, action
            assert "read-only" in resp.content.decode() or "只读" in resp.content.decode()
        else:
            assert resp.status_code in (302, 400, 403), action  # the transition table said no
    if with_middleware:
        logged = RefusedAttempt.objects.filter(user=world.users["ian"], complaint=case, via="web")
        assert logged.count() == len(ACTIONS)
        assert set(logged.values_list("view_name", flat=True)) == {"cases:act"}
    # Registering is refused too (inspectors are no clerks), and so are other apps' case forms.
    n = Complaint.objects.count()
    client.post(reverse("cases:register"), {"channel": "web", "content": "x", "is_anonymous": "on", "unit": 1})
    client.post(reverse("deadlines:urge", args=[case.number]), {"text": "快办"})
    assert Complaint.objects.count() == n
    assert not case.urgings.exists()


@pytest.mark.parametrize("with_middleware", [True, False])
def test_every_api_action_is_refused(world, client, with_middleware, request):
    request.getfixturevalue("readonly_middleware" if with_middleware else "without_readonly_middleware")
    _token, key = ApiToken.issue(world.users["ian"], "inspector tool")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    case, other = register(world), register(world, content="另一件")
    for action in API_ACTIONS:
        _in_state_for(action, world, case)
        before = _snapshot(case)
        body = {"note": "x", "reason": "x", "legal_route": "x", "to_authority": "x", "into": other.number,
                "lead_unit": "A320902-EB", "finding": "unfounded", "result": "satisfied", "text": "x", "method": "sms"}
        resp = client.post(f"/api/v1/complaints/{case.number}/actions/{action}", body,
                           content_type="application/json", **auth)
        assert _snapshot(case) == before, action
        assert resp.status_code in ((403,) if with_middleware else (403, 409)), (action, resp.status_code)
        assert resp.json()["message"]
    if with_middleware:
        assert RefusedAttempt.objects.filter(user=world.users["ian"], via="api", complaint=case).count() == len(API_ACTIONS)
    # Reading still works.
    assert client.get(f"/api/v1/complaints/{case.number}", **auth).status_code == 200


def test_inspector_may_still_mark_and_log_out(world, client, readonly_middleware):
    case = register(world)
    client.force_login(world.users["ian"])
    resp = client.post(reverse("oversight:mark", args=[case.number]), {"reason": "超期未办，需问责"})
    assert resp.status_code == 302
    assert Event.objects.filter(complaint=case, action="accountability_mark").count() == 1
    assert not RefusedAttempt.objects.exists()


def test_other_roles_are_not_affected(world, client, readonly_middleware):
    case = register(world)
    client.force_login(world.users["cara"])
    resp = client.post(reverse("cases:act", args=[case.number, "accept"]), {"accept-note": ""})
    assert resp.status_code == 302
    case.refresh_from_db()
    assert case.state == "accepted"
    assert not RefusedAttempt.objects.exists()


def test_a_nul_in_the_path_is_recorded_not_a_500(world, client, readonly_middleware):
    """PostgreSQL can neither look up nor store a NUL; the refusal must still be answered and recorded."""
    _token, key = ApiToken.issue(world.users["ian"], "inspector tool")
    resp = client.post("/api/v1/complaints/a%00b/actions/accept", {}, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {key}")
    assert resp.status_code == 403
    attempt = RefusedAttempt.objects.get(user=world.users["ian"])
    assert attempt.complaint is None and "\x00" not in attempt.path


def test_refused_page_does_not_confirm_a_case_one_cannot_see(world, client):
    from ecopetition.core import clock

    hidden = register(world)
    Complaint.objects.filter(pk=hidden.pk).update(unit=world.units["province"])  # outside the inspector's tree
    seen = register(world)
    for case in (hidden, seen):
        RefusedAttempt.objects.create(user=world.users["ian"], at=clock.now(), method="POST",
                                      path=f"/staff/cases/GUESS-{case.pk}/act/accept/", complaint=case)
    client.force_login(world.users["ian"])
    body = client.get("/staff/oversight/refused/").content.decode()
    assert seen.number in body
    assert hidden.number not in body
