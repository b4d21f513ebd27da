"""Builders for oversight tests: cases walked through the real core actions."""

import datetime as dt

from django.utils import timezone

from ecopetition.cases import actions
from ecopetition.cases.models import Complaint
from ecopetition.core import clock

CST = timezone.get_default_timezone()


def at(y, m, d, hh=9, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=CST)


def register(world, *, unit="city", clerk="cara", content="某化工厂夜间偷排废水，河水发黑发臭。", **kw) -> Complaint:
    data = dict(
        channel="phone", content=content,
        complainants=[actions.ComplainantInput(name="张三丰", phone="13812345678", id_number="110101199003078515",
                                               address="盐城市亭湖区青年路1号")],
        address="盐城市亭湖区五星街道", division_code="320902",
    )
    data.update(kw)
    return actions.do_register(actions.NewComplaint(**data), unit=world.units[unit], actor=world.users[clerk])


def walk_to_reported(world, case=None, *, finding="unfounded") -> Complaint:
    """City registers; assigned to the county A eco bureau, whose officer oscar reports the finding."""
    u = world.users
    case = case or register(world)
    actions.do_accept(case, actor=u["cara"])
    actions.do_assign(case, actor=u["dan"], lead_unit=world.units["county_a_eco"])
    actions.do_sign_for(case, actor=u["oscar"])
    actions.do_report(case, actor=u["oscar"], finding=finding, result="现场核查未发现偷排，反映不属实。")
    case.refresh_from_db()
    return case


def walk_to_closed(world, case=None, *, finding="unfounded") -> Complaint:
    u = world.users
    case = walk_to_reported(world, case, finding=finding)
    actions.do_review(case, actor=u["sue"], passed=True)
    actions.do_reply(case, actor=u["cara"], text="经核查，反映问题不属实。", method="sms")
    actions.do_callback(case, actor=u["cole"], result="basic")
    actions.do_close(case, actor=u["cara"])
    case.refresh_from_db()
    return case


def frozen(when):
    return clock.frozen(when)
