"""Every complaint reaches a clerk who can act: complaints that come in by themselves are filed by place."""

import pytest
from django.urls import reverse

from ecopetition.cases.actions import NewComplaint
from ecopetition.cases.models import Complaint
from ecopetition.cases.queries import work_queue
from ecopetition.intake import actions, routing
from ecopetition.intake.models import IntakeRoute
from ecopetition.org.models import Membership, Role

pytestmark = pytest.mark.django_db

URL = "/api/v1/complaints"


def data(address="", **kw):
    return NewComplaint(channel="web", content="工厂晚上排放刺鼻气体", address=address, is_anonymous=True, **kw)


def clerks_who_see_it_in_their_queue(world, case):
    return {name for name, u in world.users.items()
            if Membership.objects.filter(user=u, role=Role.CLERK).exists()
            and work_queue(u).get("accept") is not None and work_queue(u)["accept"].filter(pk=case.pk).exists()}


def test_coverage_prefixes():
    assert routing.coverage_prefix("320000") == "32"
    assert routing.coverage_prefix("320900") == "3209"
    assert routing.coverage_prefix("320902") == "320902"
    assert routing.coverage_prefix("320902001") == "320902001"


def test_filed_by_the_county_the_address_names(world):
    case = actions.register_routed(data("盐城市盐都区潘黄街道世纪大道18号"), fallback=world.units["province"],
                                   actor=None, via="portal")
    assert case.unit == world.units["county_b"]
    route = IntakeRoute.objects.get(complaint=case)
    assert not route.unrouted and route.division_code.startswith("320903") or route.division_code == "320903"
    assert clerks_who_see_it_in_their_queue(world, case) >= {"bea"}


def test_a_code_given_is_used_without_reading_the_address(world):
    case = actions.register_routed(data("无法辨认", division_code="320902"), fallback=world.units["city"],
                                   actor=None, via="api")
    assert case.unit == world.units["county_a"]


@pytest.mark.parametrize("address", ["", "就在我家后面那条河", "北京市朝阳区建国路88号"])
def test_an_unreadable_or_foreign_place_stays_with_a_clerk_and_is_marked(world, address):
    case = actions.register_routed(data(address), fallback=world.units["province"], actor=None, via="portal")
    # The province has no clerk: the first unit below it that has one keeps it, marked for a clerk to place.
    assert case.unit == world.units["city"]
    route = IntakeRoute.objects.get(complaint=case)
    assert route.unrouted and route.reason
    assert "cara" in clerks_who_see_it_in_their_queue(world, case)


def test_a_unit_without_an_active_clerk_is_never_a_target(world):
    world.users["amy"].is_active = False
    world.users["amy"].save()
    case = actions.register_routed(data("盐城市亭湖区黄海路88号"), fallback=world.units["province"],
                                   actor=None, via="portal")
    assert case.unit == world.units["city"]  # county A has no active clerk: the city files it
    assert routing.has_active_clerk(case.unit)


def test_every_channel_reaches_a_clerks_queue(world, client, auth, settings, categories):
    settings.INTAKE_PORTAL_UNIT = "C3209"
    # Portal
    r = client.post(reverse("portal:submit"), {"content": "河边小厂晚上偷排污水", "address": "盐城市盐都区大纵湖镇",
                                                "category": "water", "phone": "13912345678"})
    assert r.status_code == 200 and 'id="tracking-number">' in r.content.decode(), r.content.decode()[-3000:]
    number = r.content.decode().split('id="tracking-number">')[1].split("<")[0]
    cases = [Complaint.objects.get(number=number)]
    # API, with no unit named
    r = client.post(URL, {"channel": "phone", "content": "化工厂排污", "address": "盐城市亭湖区黄海路1号",
                           "is_anonymous": True},
                    content_type="application/json", **auth)
    assert r.status_code == 201, r.content
    cases.append(Complaint.objects.get(number=r.json()["number"]))
    # Open311 with a map point and an address
    from ecopetition.org.models import ApiToken, TokenScope

    _row, key = ApiToken.issue(world.users["cara"], "open311", TokenScope.OPEN311)
    r = client.post("/open311/v2/requests.json", {"api_key": key, "service_code": "noise", "lat": "33.35",
                                                   "long": "120.16", "address_string": "盐城市亭湖区文港路",
                                                   "description": "夜间施工噪声"})
    assert r.status_code in (200, 201), r.content
    cases.append(Complaint.objects.filter(channel="web").order_by("-id").first())
    assert [c.unit.code for c in cases] == [world.units["county_b"].code, world.units["county_a"].code,
                                            world.units["county_a"].code]
    for case in cases:
        assert routing.has_active_clerk(case.unit)
        assert clerks_who_see_it_in_their_queue(world, case), case.number


def test_the_sender_naming_the_unit_is_obeyed(world, client, auth):
    r = client.post(URL, {"channel": "phone", "content": "化工厂排污", "address": "盐城市盐都区潘黄街道",
                          "unit": "C3209", "is_anonymous": True}, content_type="application/json", **auth)
    assert r.status_code == 201, r.content
    assert Complaint.objects.get(number=r.json()["number"]).unit == world.units["city"]
