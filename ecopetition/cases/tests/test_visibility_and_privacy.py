"""One door for reads: siblings never see each other's cases; identities are masked unless granted."""

import pytest

from ecopetition.cases import actions, privacy
from ecopetition.cases.models import Complaint, Event

from .helpers import register


@pytest.fixture
def cases(world):
    return {
        "a": register(world, unit="county_a", clerk="amy"),
        "b": register(world, unit="county_b", clerk="bea"),
        "city": register(world, unit="city", clerk="cara"),
    }


def visible(world, who):
    return set(Complaint.objects.visible_to(world.users[who]).values_list("number", flat=True))


def test_siblings_never_see_each_other(world, cases):
    a, b, city = cases["a"].number, cases["b"].number, cases["city"].number
    assert visible(world, "amy") == {a}
    assert visible(world, "bea") == {b}
    assert visible(world, "cara") == {a, b, city}  # the city sees its counties
    assert visible(world, "otto") == {a}  # any role in county A
    assert visible(world, "oscar") == set()  # county A's bureau is below county A: not A's own cases


def test_assignment_opens_the_case_to_the_lead_and_assisting_units(world, cases):
    case = cases["city"]
    actions.do_accept(case, actor=world.users["cara"])
    actions.do_assign(case, actor=world.users["dan"], lead_unit=world.units["county_a_eco"],
                      assisting_units=[world.units["county_b"]])
    assert case.number in visible(world, "oscar")
    assert case.number in visible(world, "bob")
    assert case.number in visible(world, "amy")  # county A is above its bureau
    actions.do_return_to_dispatcher(case, actor=world.users["oscar"], reason="非本单位职责")
    assert case.number not in visible(world, "oscar")
    assert case.number not in visible(world, "bob")


def test_anonymous_and_roleless_users_see_nothing(world, cases, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not Complaint.objects.visible_to(AnonymousUser()).exists()
    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert not Complaint.objects.visible_to(nobody).exists()
    world.users["amy"].is_active = False
    assert not Complaint.objects.visible_to(world.users["amy"]).exists()


def test_masks():
    assert privacy.mask_name("张三丰") == "张**"
    assert privacy.mask_name("李四") == "李*"
    assert privacy.mask_phone("13812345678") == "138****5678"
    assert privacy.mask_id_number("110101199003078515") == "1101**********8515"
    assert privacy.mask_address("盐城市亭湖区青年路1号") == "盐城市亭湖区****"


def test_identity_masked_except_for_intake_and_grantees(world, cases):
    case = cases["city"]
    people, unmasked = privacy.people_for(world.users["cara"], case)
    assert unmasked and people[0].name == "张三丰" and people[0].phone == "13812345678"
    for who in ("dan", "sue", "lee", "cole", "ian"):
        people, unmasked = privacy.people_for(world.users[who], case)
        assert not unmasked and people[0].name == "张**" and people[0].phone == "138****5678", who
    grant = actions.do_grant_identity(case, actor=world.users["sue"], user=world.users["cole"], reason="回访需要")
    assert grant.user == world.users["cole"]
    people, unmasked = privacy.people_for(world.users["cole"], case)
    assert unmasked and people[0].name == "张三丰"
    ev = Event.objects.filter(complaint=case, action="grant_identity").get()
    assert ev.data == {"user": "cole", "self": False} and ev.actor == world.users["sue"]


def test_grant_only_to_people_who_can_see_the_case(world, cases):
    from ecopetition.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.do_grant_identity(cases["a"], actor=world.users["sue"], user=world.users["bob"], reason="x")


def test_anonymous_complainant_stays_anonymous(world):
    case = register(world, is_anonymous=True)
    people, _ = privacy.people_for(world.users["sue"], case)
    assert people[0].name == "Anonymous" or people[0].name == "匿名"
    assert people[0].id_number == "" and people[0].address == ""
