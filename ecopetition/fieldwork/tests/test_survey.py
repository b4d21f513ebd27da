"""The survey after the site visit (现场查处后回访): the callback officer's, as soon as the visit is recorded."""

import pytest
from django.urls import reverse

from ecopetition.cases.models import Callback, Event
from ecopetition.core.exceptions import TransitionNotAllowed, ValidationError
from ecopetition.deadlines.models import CaseClock
from ecopetition.fieldwork import actions as F
from ecopetition.oversight import inspection

from .helpers import in_progress, new_case

pytestmark = pytest.mark.django_db


def test_survey_needs_the_visit_the_role_and_the_stage(world):
    case = in_progress(world)
    with pytest.raises(TransitionNotAllowed) as exc:
        F.do_survey(case, actor=world.users["cole"], result="satisfied")
    assert exc.value.code == "no_site_visit"
    F.do_site_visit(case, actor=world.users["otto"])
    for name in ("otto", "cara", "bob"):  # the handling officer, a clerk, another county
        with pytest.raises(TransitionNotAllowed):
            F.do_survey(case, actor=world.users[name], result="satisfied")
    with pytest.raises(ValidationError):
        F.do_survey(case, actor=world.users["cole"], result="great")
    answer = F.do_survey(case, actor=world.users["cole"], result="basic", respondent="resident",
                         respondent_name="邻居王", note="味道轻了")
    assert answer.respondent == "resident" and answer.result == "basic"
    case.refresh_from_db()
    assert case.satisfaction == "" and case.called_back_at is None  # the final callback decides those
    assert Event.objects.filter(complaint=case, action="survey").count() == 1
    assert CaseClock.objects.get(complaint=case, key="callback").stopped_by == "survey"
    with pytest.raises(TransitionNotAllowed):
        F.do_survey(new_case(world), actor=world.users["cole"], result="satisfied")


def test_the_case_page_offers_the_survey_to_the_callback_officer_only(world, client):
    case = in_progress(world)
    F.do_site_visit(case, actor=world.users["otto"])
    page = reverse("cases:detail", args=[case.number])
    client.force_login(world.users["otto"])
    html = client.get(page).content.decode()
    assert 'name="respondent"' not in html and 'data-action="callbacks"' not in html
    client.force_login(world.users["cole"])
    html = client.get(page).content.decode()
    assert 'name="respondent"' in html
    # offered among the callback officer's next steps, pointing at the form further down
    assert '<p data-action="callbacks"><a class="button primary" href="#survey">' in html[html.index('id="actions"'):]
    assert 'id="survey"' in html
    r = client.post(reverse("fieldwork:survey", args=[case.number]), {"result": "satisfied", "respondent": "resident"})
    assert r.status_code == 302 and Callback.objects.filter(complaint=case).count() == 1
    r = client.post(reverse("fieldwork:survey", args=[case.number]), {"result": ""}, follow=True)
    assert Callback.objects.filter(complaint=case).count() == 1 and r.status_code == 200


def test_a_missed_survey_is_the_callback_officers_not_the_handlers(world):
    from ecopetition.core import clock
    from ecopetition.core.clock import frozen

    case = in_progress(world)
    F.do_site_visit(case, actor=world.users["otto"])
    with frozen(clock.now() + __import__("datetime").timedelta(days=10)):
        rows = [r for r in inspection.missed_deadlines(inspection.Complaint.objects.filter(pk=case.pk))
                if r.key == "callback"]
    assert len(rows) == 1
    assert rows[0].unit == world.units["city"].name and rows[0].person != "otto"


def test_the_callback_officers_queue_lists_cases_waiting_for_the_survey(world, client):
    from ecopetition.fieldwork.queries import awaiting_survey

    case = in_progress(world)
    assert not awaiting_survey(world.users["cole"]).filter(pk=case.pk).exists()  # no visit yet
    F.do_site_visit(case, actor=world.users["otto"])
    assert awaiting_survey(world.users["cole"]).filter(pk=case.pk).exists()
    assert awaiting_survey(world.users["otto"]) is None  # not a callback officer
    client.force_login(world.users["cole"])
    html = client.get(reverse("cases:queue")).content.decode()
    assert case.number in html and 'data-queue="survey"' in html
    F.do_survey(case, actor=world.users["cole"], result="satisfied")
    assert not awaiting_survey(world.users["cole"]).filter(pk=case.pk).exists()
