"""The lifecycle walked through the actions: what each records, and what each refuses."""

import datetime as dt

import pytest
from django.utils import timezone

from ecopetition.cases import actions
from ecopetition.cases.models import Complaint, Event, State
from ecopetition.core import clock
from ecopetition.core.exceptions import TransitionNotAllowed, ValidationError

from .helpers import register, walk_to_replied


def test_full_lifecycle_records_every_step(world):
    u = world.users
    case = walk_to_replied(world)
    with pytest.raises(TransitionNotAllowed) as err:
        actions.do_close(case, actor=u["cara"])  # no callback yet
    assert err.value.code == "wrong_state"
    actions.do_callback(case, actor=u["cole"], result="satisfied", note="很满意")
    case = actions.do_close(case, actor=u["cara"])
    assert case.state == State.CLOSED and case.closed_at is not None
    assert list(Event.objects.filter(complaint=case).values_list("action", flat=True)) == [
        "register", "accept", "assign", "sign_for", "report", "review", "reply", "callback", "close"]
    assert list(Event.objects.filter(complaint=case).values_list("seq", flat=True)) == list(range(1, 10))


def test_unsatisfied_case_closes_only_by_supervisor_with_reasons(world):
    u = world.users
    case = walk_to_replied(world)
    actions.do_callback(case, actor=u["cole"], result="unsatisfied")
    with pytest.raises(TransitionNotAllowed):
        actions.do_close(case, actor=u["cara"])
    with pytest.raises(ValidationError):
        actions.do_close(case, actor=u["sue"], reason="")
    assert actions.do_close(case, actor=u["sue"], reason="已依法处理到位").state == State.CLOSED


def test_unsatisfied_case_can_be_reopened_and_rework_goes_back(world):
    u = world.users
    case = walk_to_replied(world)
    actions.do_callback(case, actor=u["cole"], result="unsatisfied")
    case = actions.do_reopen(case, actor=u["sue"], reason="群众不满意，重新核查")
    assert case.state == State.IN_PROGRESS
    case = actions.do_report(case, actor=u["olga"], finding="partly", result="再次核查")
    with pytest.raises(ValidationError):
        actions.do_review(case, actor=u["sue"], passed=False, note="")  # rework needs a reason
    assert actions.do_review(case, actor=u["sue"], passed=False, note="证据不足").state == State.IN_PROGRESS


def test_reject_needs_reason_and_legal_route(world):
    case = register(world)
    with pytest.raises(ValidationError) as err:
        actions.do_reject(case, actor=world.users["cara"], reason="不属于环保", legal_route="")
    assert err.value.field == "legal_route"
    case = actions.do_reject(case, actor=world.users["cara"], reason="劳资纠纷", legal_route="劳动仲裁委员会")
    assert case.state == State.NOT_ACCEPTED and case.legal_route == "劳动仲裁委员会"


def test_assign_lead_and_assisting_units_and_return(world):
    u, units = world.users, world.units
    case = register(world)
    actions.do_accept(case, actor=u["cara"])
    case = actions.do_assign(case, actor=u["dan"], lead_unit=units["city_eco"],
                             assisting_units=[units["city_urban"], units["county_a"]])
    assert case.lead_unit == units["city_eco"]
    assert sorted(a.unit.code for a in case.assignments.filter(active=True, is_lead=False)) == ["A320902", "C3209-UM"]
    case = actions.do_return_to_dispatcher(case, actor=u["olga"], reason="不属于本单位职责")
    assert case.state == State.RETURNED and case.lead_unit is None
    assert not case.assignments.filter(active=True).exists()
    with pytest.raises(ValidationError):  # a unit outside the case's tree
        actions.do_assign(case, actor=u["dan"], lead_unit=units["province"])
    case = actions.do_assign(case, actor=u["dan"], lead_unit=units["county_a_eco"])
    assert case.state == State.ASSIGNED


def test_merge_links_to_the_parent(world):
    u = world.users
    first = register(world)
    second = register(world)
    with pytest.raises(ValidationError):
        actions.do_merge(second, actor=u["cara"], into=second)
    second = actions.do_merge(second, actor=u["cara"], into=first, reason="同一问题")
    assert second.state == State.MERGED and second.merged_into == first
    assert first in second.related.all()


def test_extension_once_with_approval(world):
    u = world.users
    case = register(world)
    actions.do_accept(case, actor=u["cara"])
    actions.do_assign(case, actor=u["dan"], lead_unit=world.units["city_eco"])
    with pytest.raises(ValidationError):
        actions.do_request_extension(case, actor=u["olga"], days=45, reason="复杂")
    actions.do_request_extension(case, actor=u["olga"], days=30, reason="需要监测")
    with pytest.raises(TransitionNotAllowed):
        actions.do_request_extension(case, actor=u["olga"], days=10, reason="再次")
    ext = actions.do_approve_extension(case, actor=u["sue"], approved=True)
    assert ext.approved is True and ext.decided_by == u["sue"]
    with pytest.raises(TransitionNotAllowed):
        actions.do_request_extension(case, actor=u["olga"], days=10, reason="再次")


def test_review_request_within_30_days_of_reply(world):
    u = world.users
    start = timezone.now() - dt.timedelta(days=40)
    with clock.frozen(start):
        case = walk_to_replied(world)
    with pytest.raises(TransitionNotAllowed) as err:
        actions.do_request_review(case, actor=u["cara"], reason="不服")
    assert err.value.code == "too_late"
    fresh = walk_to_replied(world)
    fresh = actions.do_request_review(fresh, actor=u["cara"], reason="不服")
    assert fresh.state == State.UNDER_REVIEW
    assert actions.do_decide_review(fresh, actor=u["sue"], upheld=False, opinion="重新调查").state == State.IN_PROGRESS


class TestRegister:
    def test_numbers_are_unique_and_sortable(self, world):
        a, b, c = (register(world) for _ in range(3))
        assert a.number < b.number < c.number
        assert a.number.startswith("C3209-")

    def test_refuses_bad_input_with_the_field(self, world):
        cases = [
            (dict(content="   "), "content"),
            (dict(content="污水\x00直排"), "content"),  # PostgreSQL cannot store a NUL
            (dict(channel="pigeon"), "channel"),
            (dict(received_at=timezone.now() + dt.timedelta(days=1)), "received_at"),
            (dict(received_at=dt.datetime(1, 1, 1, tzinfo=dt.UTC)), "received_at"),  # overflowed the database
            (dict(head_count=3), "head_count"),  # only visits have a head count
            (dict(complainants=[actions.ComplainantInput(name="李四", id_number="110101199003078514")]), "id_number"),
            (dict(complainants=[actions.ComplainantInput(name="李四", phone="call me")]), "phone"),
            (dict(categories=["air", "gossip"]), "categories"),
            (dict(reported_party_credit_code="91320900MA1234567X"), "reported_party_credit_code"),
            (dict(lat=95, lon=120), "lat"),
            (dict(complainants=[], is_anonymous=False), "name"),
        ]
        for kwargs, field in cases:
            with pytest.raises(ValidationError) as err:
                register(world, **kwargs)
            assert err.value.field == field, kwargs
        assert Complaint.objects.count() == 0

    def test_collective_visit(self, world):
        case = register(world, channel="visit", head_count=12)
        assert case.is_collective and case.head_count == 12

    def test_same_external_id_returns_the_first(self, world):
        first = register(world, intake_key="city-system:778")
        again = register(world, intake_key="city-system:778", content="另一段文字")
        assert again.pk == first.pk and again.created is False and first.created is True
        assert Complaint.objects.count() == 1

    def test_only_clerks_of_the_unit_or_above(self, world):
        with pytest.raises(TransitionNotAllowed):
            register(world, unit="county_a", clerk="bea")  # sibling county's clerk
        assert register(world, unit="county_a", clerk="cara")  # the city's clerk may register for a county
        with pytest.raises(TransitionNotAllowed):
            register(world, unit="city", clerk="dan")  # a dispatcher is not intake

    def test_system_channels_register_without_a_person(self, world):
        data = actions.NewComplaint(channel="web", content="工地夜间施工噪声扰民", is_anonymous=True)
        case = actions.do_register(data, unit=world.units["city"], actor=None, via="portal")
        assert case.events.get().actor_label == "system:portal"
        from ecopetition.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            actions.do_register(data, unit=world.units["city"], actor=None, via="anything")


def test_a_failing_after_commit_receiver_does_not_undo_or_fail_the_action(world, django_capture_on_commit_callbacks):
    from ecopetition.cases import audit

    def broken(sender, **kwargs):
        raise RuntimeError("SMS gateway down")

    audit.event_committed.connect(broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            case = register(world)
    finally:
        audit.event_committed.disconnect(broken)
    assert Complaint.objects.filter(pk=case.pk).exists()
