"""Demo data: one past weekly case meeting of 盐城市 with minutes and decisions (a supervision order already
answered and a leader's instruction carried out), and one typical problem sent to the city's urban management
bureau. `ecopetition demo` calls `extend(stdout)`; a second run adds nothing."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from ecopetition.analytics.queries import add_months
from ecopetition.core import clock
from ecopetition.core.exceptions import DomainError
from ecopetition.deadlines import actions as supervision
from ecopetition.org.models import Membership, Role, Unit

from . import actions
from .models import DecisionKind, Meeting, TypicalProblem


def _meeting(users: dict, yc: Unit) -> str:
    if Meeting.objects.exists():
        return "kept"
    leader, sup = users["leader"], users["supervisor"]
    attending = list(Unit.objects.filter(code__in=["YC-EB", "YC-UM", "SY-EB", "TH-EB"]))
    m = actions.do_create_meeting(actor=sup, unit=yc, held_on=clock.localdate() - dt.timedelta(days=7), chair=leader,
                                  attending=attending, others="市公安局环食药侦支队")
    items = list(m.items.select_related("complaint", "complaint__lead_unit")[:3])
    due = clock.now() + dt.timedelta(days=5)
    for i, item in enumerate(items):
        case = item.complaint
        actions.do_record_minutes(item, actor=sup, minutes=["承办单位汇报现场核查情况，群众反映问题仍未彻底解决。",
                                                            "会商认为需多部门联合执法，限期整改。",
                                                            "该件已超期，责成承办单位说明原因。"][i])
        try:
            if i == 0:
                unit = case.lead_unit or case.unit
                d = actions.do_decide(item, actor=sup, kind=DecisionKind.ORDER, text="五个工作日内查清并书面上报处理结果",
                                      unit=unit, due_at=due)
                officer = Membership.objects.filter(unit=unit, role__in=[Role.OFFICER, Role.LEADER]).first()
                if officer:
                    supervision.do_respond_supervision(d.order, actor=officer.user, response="已现场核查，责令企业停产整改。")
            elif i == 1:
                d = actions.do_decide(item, actor=leader, kind=DecisionKind.INSTRUCTION, text="由局领导带队约谈企业负责人",
                                      due_at=due)
                actions.do_complete_decision(d, actor=sup, note="已于本周约谈企业负责人并形成会议纪要。")
            else:
                actions.do_decide(item, actor=leader, kind=DecisionKind.INSTRUCTION, text="三日内报送超期原因说明",
                                  due_at=clock.now() + dt.timedelta(days=3))
        except DomainError:
            continue
    return m.number


def _problem(users: dict, yc: Unit) -> str:
    if TypicalProblem.objects.exists():
        return "kept"
    urban = Unit.objects.filter(code="YC-UM").first()
    month = add_months(clock.localdate().replace(day=1), -1)
    p = actions.do_create_problem(
        actor=users["supervisor"], area=yc, month=month, dimension="sector", key="service",
        title="城区餐饮油烟投诉反复出现", department=urban,
        analysis="上月三产服务业（餐饮）投诉较前月增加，集中在亭湖区五星街道一带，同一商户被反复投诉。",
        requirements="请对城区餐饮油烟开展专项整治，建立油烟净化设施清洗台账，并书面反馈整治情况。",
        due_on=clock.localdate() + dt.timedelta(days=20))
    return p.number


def extend(stdout) -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["leader", "supervisor"])}
    yc = Unit.objects.filter(code="YC").first()
    if yc is None or len(users) < 2:
        return
    stdout.write(f"Case meetings: {_meeting(users, yc)}; typical problems: {_problem(users, yc)}.")
