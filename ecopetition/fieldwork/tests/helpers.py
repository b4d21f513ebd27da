"""Bring a test case to a given stage through the real actions."""

from __future__ import annotations

from ecopetition.cases import actions as A
from ecopetition.cases.actions import ComplainantInput, NewComplaint


def new_case(world, **kw):
    data = NewComplaint(
        channel="phone", content=kw.pop("content", "化工厂夜间排放刺鼻气体，见 http://example.com/x.png"),
        title=kw.pop("title", "化工厂夜间偷排废气"), address="盐城市亭湖区黄海路88号",
        reported_party_name="盐城某化工有限公司",
        complainants=[ComplainantInput(name="张三", phone="13800138000")], **kw,
    )
    return A.do_register(data, unit=world.units["city"], actor=world.users["cara"])


def in_progress(world, **kw):
    case = new_case(world, **kw)
    A.do_accept(case, actor=world.users["cara"])
    A.do_assign(case, actor=world.users["dan"], lead_unit=world.units["county_a"])
    return A.do_sign_for(case, actor=world.users["otto"])


def reviewed(world, finding="founded", result="现场核实属实，已责令整改。", **kw):
    case = in_progress(world, **kw)
    A.do_report(case, actor=world.users["otto"], finding=finding, result=result)
    return A.do_review(case, actor=world.users["sue"], passed=True)


def called_back(world, **kw):
    case = reviewed(world, **kw)
    A.do_reply(case, actor=world.users["cara"], text="经查属实，已整改。", method="sms")
    return A.do_callback(case, actor=world.users["cole"], result="satisfied")
