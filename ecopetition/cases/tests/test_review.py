"""Review (复查) and re-review (复核), 信访工作条例: who asks, when, who decides, and the clocks on each decision."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from ecopetition.cases import actions, transitions
from ecopetition.cases.models import Event, State
from ecopetition.core import clock
from ecopetition.core.exceptions import TransitionNotAllowed
from ecopetition.deadlines.models import CaseClock
from ecopetition.org.models import Membership, Role

from .helpers import register, walk_to_replied

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)


def at(days: int, hours: int = 0) -> dt.datetime:
    return T0 + dt.timedelta(days=days, hours=hours)


@pytest.fixture
def prov_sup(world):
    user = get_user_model().objects.create_user("pat", password="x")  # noqa: S106 - test user
    Membership.objects.create(user=user, unit=world.units["province"], role=Role.SUPERVISOR)
    return user


def replied(world):
    with clock.frozen(at(0)):
        return walk_to_replied(world)


def names(case, user):
    return {t.action for t in transitions.allowed_actions(case, user)}


def test_review_then_re_review_by_the_body_above_each_with_its_clock(world, prov_sup):
    u = world.users
    case = replied(world)
    with clock.frozen(at(1)):
        assert "request_review" in names(case, u["cara"]) and "request_re_review" not in names(case, u["cara"])
    with clock.frozen(at(10)):
        case = actions.do_request_review(case, actor=u["cara"], reason="对处理结果不满意")
    clk = CaseClock.objects.get(complaint=case, key="review_decision", stopped_at__isnull=True)
    assert clk.due_at.date() >= (at(40)).date()
    with clock.frozen(at(20)):
        case = actions.do_decide_review(case, actor=u["sue"], upheld=True, opinion="维持原处理意见")
    assert case.state == State.CLOSED
    assert CaseClock.objects.get(pk=clk.pk).stopped_by == "uphold"
    assert Event.objects.get(complaint=case, action="uphold").data["unit_id"] == world.units["city"].pk
    # After an upheld review: no second review, a re-review within 30 days of the opinion.
    with clock.frozen(at(45)):  # 35 days after the reply, 25 after the opinion
        assert "request_review" not in names(case, u["cara"])
        assert "request_re_review" in names(case, u["cara"])
        case = actions.do_request_re_review(case, actor=u["cara"], reason="对复查意见不服")
    assert case.state == State.UNDER_RE_REVIEW
    assert CaseClock.objects.filter(complaint=case, key="re_review_decision", stopped_at__isnull=True).exists()
    # The body above the reviewer decides: the city reviewed, so the province; the city cannot.
    assert not names(case, u["sue"]) & {"re_review_uphold", "re_review_overturn"}
    with pytest.raises(TransitionNotAllowed):
        actions.do_decide_re_review(case, actor=u["sue"], upheld=True, opinion="维持")
    assert {"re_review_uphold", "re_review_overturn"} <= names(case, prov_sup)
    with clock.frozen(at(50)):
        case = actions.do_decide_re_review(case, actor=prov_sup, upheld=False, opinion="事实不清，重新调查")
    assert case.state == State.IN_PROGRESS
    assert CaseClock.objects.get(complaint=case, key="re_review_decision").stopped_by == "re_review_overturn"


def test_requests_after_the_window_are_refused_with_the_date_it_ended(world):
    u = world.users
    case = replied(world)
    with clock.frozen(at(31)):
        assert "request_review" not in names(case, u["cara"])
        with pytest.raises(TransitionNotAllowed) as err:
            actions.do_request_review(case, actor=u["cara"], reason="不服")
    assert err.value.code == "too_late" and ("2026年10月1日" in err.value.message or "1 Oct 2026" in err.value.message)
    fresh = replied(world)
    with clock.frozen(at(30)):  # the 30th day is still inside
        fresh = actions.do_request_review(fresh, actor=u["cara"], reason="不服")
        fresh = actions.do_decide_review(fresh, actor=u["sue"], upheld=True, opinion="维持")
    with clock.frozen(at(61)):
        with pytest.raises(TransitionNotAllowed) as err:
            actions.do_request_re_review(fresh, actor=u["cara"], reason="不服复查")
    assert err.value.code == "too_late"
    assert fresh.state == State.CLOSED


def test_a_re_review_needs_an_upheld_review(world):
    case = replied(world)
    with clock.frozen(at(5)), pytest.raises(TransitionNotAllowed):
        actions.do_request_re_review(case, actor=world.users["cara"], reason="x")


def test_extension_decision_is_offered_only_when_one_was_asked(world):
    u = world.users
    case = register(world)
    actions.do_accept(case, actor=u["cara"])
    case = actions.do_assign(case, actor=u["dan"], lead_unit=world.units["city_eco"])
    assert "approve_extension" not in names(case, u["sue"])
    with pytest.raises(TransitionNotAllowed):
        actions.do_approve_extension(case, actor=u["sue"], approved=True)
    actions.do_request_extension(case, actor=u["olga"], days=20, reason="需要监测")
    case.refresh_from_db()
    assert "approve_extension" in names(case, u["sue"])
    actions.do_approve_extension(case, actor=u["sue"], approved=True)
    assert "approve_extension" not in names(case, u["sue"])


def test_no_merge_into_a_finished_case(world):
    from ecopetition.core.exceptions import ValidationError

    u = world.users
    with clock.frozen(at(0)):
        old = walk_to_replied(world)
        old = actions.do_callback(old, actor=u["cole"], result="satisfied")
        old = actions.do_close(old, actor=u["cara"])
    new = register(world)
    with pytest.raises(ValidationError) as err:
        actions.do_merge(new, actor=u["cara"], into=old, reason="同一问题")
    assert err.value.field == "into" and old.number in err.value.message
    new.refresh_from_db()
    assert new.state == State.REGISTERED


def test_no_extension_is_asked_for_once_the_officer_has_reported(world):
    """After the report the case waits on the review: the officer is not offered an extension, and a
    request sent anyway is refused. A request made before the report is still decided."""
    u = world.users
    case = register(world)
    actions.do_accept(case, actor=u["cara"])
    actions.do_assign(case, actor=u["dan"], lead_unit=world.units["city_eco"])
    actions.do_sign_for(case, actor=u["olga"])
    case.refresh_from_db()
    assert "request_extension" in names(case, u["olga"])
    actions.do_request_extension(case, actor=u["olga"], days=20, reason="需要监测")
    actions.do_report(case, actor=u["olga"], finding="founded", result="已责令整改。")
    case.refresh_from_db()
    assert case.state == State.REPORTED
    assert "request_extension" not in names(case, u["olga"])
    with pytest.raises(TransitionNotAllowed):
        actions.do_request_extension(case, actor=u["olga"], days=10, reason="再次")
    assert "approve_extension" in names(case, u["sue"])
