"""Clocks start, stop and extend with the case's audit events."""

import datetime as dt

import pytest

from ecopetition.cases import actions as core
from ecopetition.core import clock
from ecopetition.deadlines.models import CaseClock, Level

from .helpers import CST, accept_and_assign, at, register

pytestmark = pytest.mark.django_db


def running(case):
    return {c.key: c for c in CaseClock.objects.filter(complaint=case, stopped_at__isnull=True)}


def test_assign_clock_counts_working_days_from_receipt(world):
    # A letter received on Wednesday 30 Sep 2026, registered the next morning (a holiday).
    with clock.frozen(at(2026, 10, 1, 9)):
        case = core.do_register(
            core.NewComplaint(channel="letter", content="x", is_anonymous=True, received_at=at(2026, 9, 30, 10)),
            unit=world.units["city"], actor=world.users["cara"],
        )
    clk = running(case)["assign"]
    assert clk.started_at == at(2026, 9, 30, 10)
    assert clk.due_at == dt.datetime(2026, 10, 10, 17, 30, tzinfo=CST)
    assert clk.next_check_at == clk.yellow_at


def test_phone_complaints_get_two_working_days(world):
    case = register(world, at(2026, 11, 2, 9), channel="phone")  # Monday
    assert running(case)["assign"].due_at == dt.datetime(2026, 11, 4, 17, 30, tzinfo=CST)


def test_assignment_stops_assign_clock_and_starts_site_and_statutory(world):
    case = register(world, at(2026, 11, 2, 9))
    accept_and_assign(world, case, at(2026, 11, 2, 10))
    clocks = running(case)
    assert set(clocks) == {"site", "statutory"}
    assert clocks["site"].due_at == dt.datetime(2026, 11, 3, 17, 30, tzinfo=CST)
    # 60 days from Mon 2 Nov 2026 is Fri 1 Jan 2027 (not loaded: Mon–Fri) -> provisional.
    assert clocks["statutory"].due_at.date() == dt.date(2027, 1, 1)
    assert clocks["statutory"].provisional
    stopped = CaseClock.objects.get(complaint=case, key="assign")
    assert stopped.stopped_by == "assign" and stopped.next_check_at is None


def test_urgent_case_must_be_reached_in_two_hours(world):
    case = register(world, at(2026, 11, 7, 22), is_urgent=True)  # a Saturday night
    accept_and_assign(world, case, at(2026, 11, 7, 22, 30))
    assert running(case)["site"].due_at == at(2026, 11, 8, 0, 30)


def test_arrival_clock_stops_at_the_site_visit_not_at_signing_for(world):
    from ecopetition.fieldwork import actions as field

    case = register(world, at(2026, 11, 2, 9))
    accept_and_assign(world, case, at(2026, 11, 2, 10))
    with clock.frozen(at(2026, 11, 2, 15)):
        core.do_sign_for(case, actor=world.users["olga"])
    assert "site" in running(case)  # signed for, not yet there
    assert "callback" not in running(case)
    with clock.frozen(at(2026, 11, 3, 11)):
        field.do_site_visit(case, actor=world.users["olga"])
    assert "site" not in running(case)
    assert CaseClock.objects.get(complaint=case, key="site").stopped_by == "site_visit"
    # The survey after the visit: 3 working days from the visit, for the callback officer to do now.
    survey = running(case)["callback"]
    assert survey.started_at == at(2026, 11, 3, 11)
    assert survey.due_at == dt.datetime(2026, 11, 6, 17, 30, tzinfo=CST)
    with clock.frozen(at(2026, 11, 4, 10)):
        field.do_survey(case, actor=world.users["cole"], result="satisfied", respondent="resident")
    assert "callback" not in running(case)
    assert CaseClock.objects.get(complaint=case, key="callback").stopped_by == "survey"
    with clock.frozen(at(2026, 11, 5, 15)):
        core.do_report(case, actor=world.users["olga"], finding="founded", result="已整改")
    assert "callback" not in running(case)  # the report starts no second survey clock


def test_approved_extension_moves_the_statutory_limit(world):
    case = register(world, at(2026, 3, 2, 9))
    accept_and_assign(world, case, at(2026, 3, 2, 10))
    before = running(case)["statutory"].due_at
    with clock.frozen(at(2026, 3, 3, 9)):
        core.do_sign_for(case, actor=world.users["olga"])
        core.do_request_extension(case, actor=world.users["olga"], days=30, reason="需要监测")
        core.do_approve_extension(case, actor=world.users["sue"], approved=True)
    after = running(case)["statutory"]
    assert after.due_at == before + dt.timedelta(days=30)
    assert after.extended_days == 30


def test_closing_stops_every_clock(world):
    case = register(world, at(2026, 11, 2, 9))
    with clock.frozen(at(2026, 11, 2, 10)):
        core.do_reject(case, actor=world.users["cara"], reason="不属于环保", legal_route="向法院起诉")
    assert running(case) == {}


def test_inspection_handover_runs_1_3_5_7(world):
    # Received Monday 2 Nov 2026 (day 1): urge on day 3, review by day 5, close by the end of day 7 (Sunday).
    case = register(world, at(2026, 11, 2, 9), channel="inspection")
    clocks = running(case)
    assert set(clocks) == {"handover_distribute", "handover_review", "handover_close"}
    assert clocks["handover_distribute"].due_at == at(2026, 11, 2, 10)
    assert clocks["handover_review"].due_at == dt.datetime(2026, 11, 6, 23, 59, 59, tzinfo=CST)
    close = clocks["handover_close"]
    assert close.due_at == dt.datetime(2026, 11, 8, 23, 59, 59, tzinfo=CST)
    assert close.urge_at == at(2026, 11, 4, 0)
    # Dazhou's board: yellow on day 5, blue on day 6, red on day 7.
    assert (close.yellow_at, close.blue_at, close.red_at) == (at(2026, 11, 6, 0), at(2026, 11, 7, 0), at(2026, 11, 8, 0))
    assert close.level == Level.NORMAL


def test_inspection_handover_on_a_saturday_is_not_rolled_to_monday(world):
    case = register(world, at(2026, 11, 7, 16), channel="inspection")  # Saturday
    assert running(case)["handover_close"].due_at == dt.datetime(2026, 11, 13, 23, 59, 59, tzinfo=CST)
