"""Supervision actions: permissions, numbering, their clocks, audit events and messages."""

import datetime as dt

import pytest

from ecopetition.cases.models import Event
from ecopetition.core import clock
from ecopetition.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationError
from ecopetition.deadlines import actions
from ecopetition.deadlines.models import CaseClock, Ownership
from ecopetition.notify.models import Notification

from .helpers import accept_and_assign, at, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    c = register(world, at(2026, 11, 2, 9))
    accept_and_assign(world, c, at(2026, 11, 2, 10))
    return c


def events(case, action):
    return Event.objects.filter(complaint=case, action=action).count()


def test_manual_urging_reaches_the_lead_unit(world, case):
    with clock.frozen(at(2026, 11, 3, 9)):
        actions.do_urge(case, actor=world.users["sue"], text="请加快办理")
    assert events(case, "urge") == 1
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["olga"]


@pytest.mark.parametrize("who", ["olga", "cara", "bea", "ada"])
def test_only_supervisors_and_leaders_over_the_case_may_urge(world, case, who):
    # ada is a supervisor, but of county A, below the city that registered the case.
    with pytest.raises(PermissionDenied):
        actions.do_urge(case, actor=world.users[who], text="x")


def test_supervision_order_is_numbered_and_runs_its_own_clock(world, case):
    with clock.frozen(at(2026, 11, 3, 9)):
        o1 = actions.do_issue_supervision_order(case, actor=world.users["sue"], unit=world.units["city_eco"],
                                                requirements="三日内报告", due_at=at(2026, 11, 6, 17))
        o2 = actions.do_issue_supervision_order(case, actor=world.users["lee"], unit=world.units["city_eco"],
                                                requirements="再次督办", due_at=at(2026, 11, 9, 17), special=True)
    assert (o1.number, o2.number) == ("DB2026-0001", "DB2026-0002")
    clk = CaseClock.objects.get(complaint=case, key=o1.clock_key)
    assert clk.due_at == at(2026, 11, 6, 17) and clk.stopped_at is None
    assert Notification.objects.filter(kind="supervision", user__username="olga").count() == 2
    with pytest.raises(PermissionDenied):  # only the supervised unit answers
        actions.do_respond_supervision(o1, actor=world.users["otto"], response="x")
    with clock.frozen(at(2026, 11, 4, 9)):
        actions.do_respond_supervision(o1, actor=world.users["olga"], response="已整改完毕")
    clk.refresh_from_db()
    assert clk.stopped_by == "respond_supervision"
    assert CaseClock.objects.get(complaint=case, key=o2.clock_key).stopped_at is None
    assert Notification.objects.filter(kind="supervision_answer", user__username="sue").count() == 1
    with pytest.raises(TransitionNotAllowed):
        actions.do_respond_supervision(o1, actor=world.users["olga"], response="again")
    assert events(case, "supervise") == 2 and events(case, "respond_supervision") == 1


def test_supervision_order_bad_input(world, case):
    with clock.frozen(at(2026, 11, 3, 9)):
        with pytest.raises(ValidationError):
            actions.do_issue_supervision_order(case, actor=world.users["sue"], unit=world.units["city_eco"],
                                               requirements="x", due_at=at(2026, 11, 2, 9))
        with pytest.raises(ValidationError):
            actions.do_issue_supervision_order(case, actor=world.users["sue"], unit=world.units["province"],
                                               requirements="x", due_at=at(2026, 11, 9, 9))
        with pytest.raises(ValidationError):
            actions.do_issue_supervision_order(case, actor=world.users["sue"], unit=world.units["city_eco"],
                                               requirements="  ", due_at=at(2026, 11, 9, 9))


def test_instruction_ownership_duties_and_star(world, case):
    lee = world.users["lee"]
    with clock.frozen(at(2026, 11, 3, 9)):
        actions.do_instruct(case, actor=lee, text="高度重视，限期办结")
        with pytest.raises(PermissionDenied):
            actions.do_instruct(case, actor=world.users["sue"], text="x")
        own = actions.do_assign_owner(case, actor=lee, leader=lee)
        with pytest.raises(ValidationError):
            actions.do_assign_owner(case, actor=lee, leader=world.users["sue"])  # not a leader
        actions.do_mark_duty(case, actor=lee, duty="supervise", note="现场督导")
        with pytest.raises(PermissionDenied):
            actions.do_mark_duty(case, actor=world.users["sue"], duty="reply")
        actions.do_star(case, actor=world.users["sue"])
        with pytest.raises(TransitionNotAllowed):
            actions.do_star(case, actor=world.users["sue"])
    case.refresh_from_db()
    assert case.has_leader_instruction and case.is_starred
    own.refresh_from_db()
    assert set(own.duties_done) == {"supervise"}
    assert Ownership.objects.filter(complaint=case, active=True).count() == 1
    for action in ("instruct", "own", "owner_duty", "star"):
        assert events(case, action) == 1, action
    # The chain still verifies with these events in it.
    from ecopetition.cases import audit

    assert list(audit.verify(Event.objects.filter(complaint=case))) == []


def test_actions_refuse_closed_cases(world):
    c = register(world, at(2026, 11, 2, 9))
    with clock.frozen(at(2026, 11, 2, 10)):
        from ecopetition.cases import actions as core

        core.do_reject(c, actor=world.users["cara"], reason="x", legal_route="y")
    with pytest.raises(TransitionNotAllowed):
        actions.do_urge(c, actor=world.users["sue"], text="x")


def test_views_post_forms_and_board(world, case, client):
    client.force_login(world.users["sue"])
    with clock.frozen(at(2026, 11, 3, 16)):  # site clock (due 3 Nov 17:30) is red by now
        r = client.get("/staff/deadlines/board/tiles/")
    assert r.status_code == 200
    body = r.content.decode()
    assert case.number in body and "lvl-red" in body
    r = client.post(f"/staff/deadlines/case/{case.number}/urge/", {"text": "快"})
    assert r.status_code == 302 and events(case, "urge") == 1
    r = client.post(f"/staff/deadlines/case/{case.number}/order/",
                    {"unit": world.units["city_eco"].pk, "requirements": "x", "due_at": "2000-01-01T10:00"})
    assert r.status_code == 302 and events(case, "supervise") == 0  # refused with a message, not a 500
    client.force_login(world.users["olga"])  # an officer has no board
    r = client.get("/staff/deadlines/board/tiles/")
    assert r.status_code == 403


def test_board_never_shows_a_siblings_case(world):
    mine = register(world, at(2026, 11, 2, 9))
    from ecopetition.cases import actions as core

    with clock.frozen(at(2026, 11, 2, 9)):
        theirs = core.do_register(core.NewComplaint(channel="web", content="x", is_anonymous=True),
                                  unit=world.units["county_b"], actor=world.users["bea"])
    from ecopetition.deadlines import queries

    tiles, counts = queries.board(world.users["ada"])
    assert [t.case for t in tiles] == []
    tiles, _ = queries.board(world.users["sue"])
    assert {t.case.pk for t in tiles} == {mine.pk, theirs.pk}
    tiles, _ = queries.board(world.users["sue"], unit=world.units["county_b"])
    assert [t.case.pk for t in tiles] == [theirs.pk]
    assert dt  # keep import


def test_pages_render_with_panels(world, case, client):
    with clock.frozen(at(2026, 11, 3, 9)):
        actions.do_issue_supervision_order(case, actor=world.users["sue"], unit=world.units["city_eco"],
                                           requirements="三日内报告", due_at=at(2026, 11, 6, 17))
        actions.do_assign_owner(case, actor=world.users["lee"], leader=world.users["lee"])
    client.force_login(world.users["sue"])
    r = client.get(f"/staff/cases/{case.number}/")
    assert r.status_code == 200
    page = r.content.decode()
    assert 'id="panel-clocks"' in page and 'id="panel-supervision"' in page
    assert 'data-clock="site"' in page and "DB2026-0001" in page
    r = client.get("/staff/deadlines/board/")
    assert r.status_code == 200 and 'hx-trigger="every 45s"' in r.content.decode()
    client.force_login(world.users["lee"])
    r = client.get("/staff/deadlines/mine/")
    assert r.status_code == 200 and case.number in r.content.decode()
    # The officer of the supervised unit sees the answer form.
    client.force_login(world.users["olga"])
    assert "deadlines/order/" in client.get(f"/staff/cases/{case.number}/").content.decode()
