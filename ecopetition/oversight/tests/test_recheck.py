"""Re-check of "unfounded" findings by the unit above, and responsibility for overturned ones."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from ecopetition.cases import actions
from ecopetition.cases.models import Event, State
from ecopetition.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationError
from ecopetition.notify.models import Notification
from ecopetition.oversight import queries, recheck
from ecopetition.oversight.models import RecheckStatus, RecheckTask, ResponsibilityRecord

from .helpers import at, frozen, register, walk_to_closed, walk_to_reported


def test_refused_on_a_case_never_reported_unfounded(world):
    founded = walk_to_reported(world, finding="founded")
    with pytest.raises(ValidationError, match="never reported unfounded"):
        recheck.do_open_recheck(founded, actor=world.users["ada"], reason="复核")
    fresh = register(world)
    with pytest.raises(ValidationError, match="never reported unfounded"):
        recheck.do_open_recheck(fresh, actor=world.users["sue"], reason="复核")
    assert RecheckTask.objects.count() == 0


def test_only_a_supervisor_above_the_lead_unit_opens_one(world):
    case = walk_to_reported(world)
    for name in ("oscar", "otto", "bob", "ian", "cara"):
        with pytest.raises(PermissionDenied):
            recheck.do_open_recheck(case, actor=world.users[name], reason="复核")
    with pytest.raises(ValidationError):
        recheck.do_open_recheck(case, actor=world.users["ada"], reason="")
    with frozen(at(2026, 9, 29, 10)):
        task = recheck.do_open_recheck(case, actor=world.users["ada"], reason="群众反映仍有偷排")
    assert task.recheck_unit == world.units["county_a"] and task.reported_unit == world.units["county_a_eco"]
    # 10 working days on China's calendar: 2026-09-29 + National Day holidays (10-01..10-07; 10-10 Saturday worked).
    assert task.due_at.astimezone(at(2026, 1, 1).tzinfo).date() == dt.date(2026, 10, 19)
    assert Event.objects.filter(complaint=case, action="recheck_opened").count() == 1
    assert Notification.objects.filter(user=world.users["otto"], kind="recheck").exists()
    with pytest.raises(TransitionNotAllowed, match="already has an open re-check"):
        recheck.do_open_recheck(case, actor=world.users["sue"], reason="again")


def test_confirmed_changes_nothing(world):
    case = walk_to_closed(world)
    task = recheck.do_open_recheck(case, actor=world.users["ada"], reason="复核")
    with pytest.raises(PermissionDenied):
        recheck.do_decide_recheck(task, actor=world.users["oscar"], overturn=True, findings="x")  # the unit itself
    recheck.do_decide_recheck(task, actor=world.users["otto"], overturn=False, findings="复核属实：确无偷排。")
    case.refresh_from_db()
    task.refresh_from_db()
    assert case.state == State.CLOSED and task.status == RecheckStatus.CONFIRMED
    assert not ResponsibilityRecord.objects.exists()
    with pytest.raises(TransitionNotAllowed):
        recheck.do_decide_recheck(task, actor=world.users["otto"], overturn=True, findings="x")


def test_overturned_reopens_and_records_responsibility(world):
    case = walk_to_closed(world)
    task = recheck.do_open_recheck(case, actor=world.users["ada"], reason="复核")
    recheck.do_decide_recheck(task, actor=world.users["ada"], overturn=True, findings="夜间暗管排放属实。")
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS and case.closed_at is None
    reopen = Event.objects.get(complaint=case, action="reopen")
    assert (reopen.from_state, reopen.to_state) == (State.CLOSED, State.IN_PROGRESS)
    assert reopen.data["recheck"] == task.number  # ada is no supervisor over the city: recorded by the re-check
    rec = ResponsibilityRecord.objects.get(recheck=task)
    assert rec.unit == world.units["county_a_eco"] and list(rec.people.all()) == [world.users["oscar"]]
    assert rec.points == Decimal("5") and rec.complaint == case
    ded = queries.responsibility_deductions([world.units["county_a_eco"].pk])
    assert [(d.case_number, d.points) for d in ded] == [(case.number, Decimal("5"))]
    assert queries.responsibility_deductions([world.units["county_b"].pk]) == []
    assert queries.responsibility_deductions([world.units["county_a_eco"].pk], since=rec.at + dt.timedelta(seconds=1)) == []
    assert Notification.objects.filter(user=world.users["oscar"], subject__contains="reopened").exists()
    # The lead unit works on it again through the core actions, and the audit chain holds.
    actions.do_report(case, actor=world.users["oscar"], finding="founded", result="已查实并责令整改。")
    from ecopetition.cases import audit

    assert list(audit.verify(Event.objects.filter(complaint=case))) == []


def test_overturned_by_city_supervisor_uses_the_core_reopen(world):
    case = walk_to_closed(world)
    task = recheck.do_open_recheck(case, actor=world.users["sue"], reason="复核")
    recheck.do_decide_recheck(task, actor=world.users["sue"], overturn=True, findings="属实。")
    reopen = Event.objects.get(complaint=case, action="reopen")
    assert "recheck" not in reopen.data and reopen.actor == world.users["sue"]
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS


def test_overturn_while_awaiting_review_brings_it_back_to_handling(world):
    case = walk_to_reported(world)
    task = recheck.do_open_recheck(case, actor=world.users["ada"], reason="复核")
    recheck.do_decide_recheck(task, actor=world.users["ada"], overturn=True, findings="属实。")
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS


def test_overturned_lowers_the_units_score(world):
    from ecopetition.analytics.assessment import score_units
    from ecopetition.analytics.queries import Period

    with frozen(at(2026, 5, 6, 10)):
        case = walk_to_closed(world)
    period = Period(dt.date(2026, 5, 1), dt.date(2026, 5, 1))

    def county_a_score():
        with frozen(at(2026, 5, 20, 10)):
            return next(s.score for s in score_units(world.units["city"], period) if s.unit == world.units["county_a"])

    before = county_a_score()
    with frozen(at(2026, 5, 10, 10)):
        task = recheck.do_open_recheck(case, actor=world.users["ada"], reason="复核")
        recheck.do_decide_recheck(task, actor=world.users["ada"], overturn=True, findings="属实。")
    assert county_a_score() < before


def _match(case):
    from ecopetition.triage import repeats

    return repeats.Match(case.pk, case.number, 0.9, [{"reason": "phone", "score": 0.9}], case.received_at,
                         case.unit_id, case.state)


def test_repeat_complaint_opens_a_recheck_by_itself(world, django_capture_on_commit_callbacks):
    from ecopetition.triage import repeats

    with frozen(at(2026, 5, 6, 10)):
        earlier = walk_to_closed(world)
    with frozen(at(2026, 6, 1, 10)), django_capture_on_commit_callbacks(execute=True):
        later = register(world, content="那家化工厂还在夜里偷排废水")
    assert not RecheckTask.objects.exists()
    with frozen(at(2026, 6, 1, 11)), django_capture_on_commit_callbacks(execute=True):
        repeats.do_flag_repeat(later.pk, [_match(earlier)])
    task = RecheckTask.objects.get(complaint=earlier)
    assert task.source == RecheckTask.Source.REPEAT and task.trigger == later and task.opened_by is None
    assert task.recheck_unit == world.units["county_a"]
    # A repeat of a founded case opens nothing.
    with frozen(at(2026, 6, 2, 10)):
        founded = walk_to_closed(world, finding="founded")
        other = register(world, content="又来了")
    with django_capture_on_commit_callbacks(execute=True):
        repeats.do_flag_repeat(other.pk, [_match(founded)])
    assert not RecheckTask.objects.filter(complaint=founded).exists()


def test_merge_into_an_unfounded_case_opens_a_recheck(world, django_capture_on_commit_callbacks):
    with frozen(at(2026, 5, 6, 10)):
        earlier = walk_to_reported(world)
    with frozen(at(2026, 6, 1, 10)), django_capture_on_commit_callbacks(execute=True):
        later = register(world, content="同一问题再次反映")
        actions.do_merge(later, actor=world.users["cara"], into=earlier, reason="同一事项")
    assert RecheckTask.objects.get(complaint=earlier).trigger == later


def test_recheck_pages(world, client):
    case = walk_to_closed(world)
    client.force_login(world.users["ada"])
    page = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert 'id="panel-recheck"' in page and reverse("oversight:recheck_open", args=[case.number]) in page
    resp = client.post(reverse("oversight:recheck_open", args=[case.number]), {"reason": "群众再次反映"})
    task = RecheckTask.objects.get(complaint=case)
    assert resp.status_code == 302 and resp["Location"] == reverse("oversight:recheck", args=[task.pk])
    assert task.number in client.get(reverse("oversight:rechecks")).content.decode()
    resp = client.post(reverse("oversight:recheck", args=[task.pk]), {"decision": "overturn", "findings": ""})
    assert resp.status_code == 400
    resp = client.post(reverse("oversight:recheck", args=[task.pk]), {"decision": "overturn", "findings": "属实"})
    assert resp.status_code == 302
    page = client.get(reverse("oversight:recheck", args=[task.pk])).content.decode()
    assert 'id="responsibility"' in page
    # A sibling county cannot even see the task.
    client.force_login(world.users["bea"])
    assert client.get(reverse("oversight:recheck", args=[task.pk])).status_code == 404
