"""Demo data for the command centre: rollups rebuilt and checked, a 100-day campaign with town
inventories, and one published batch of handling results. Called by `ecopetition demo`."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from ecopetition.cases import scope as jurisdiction
from ecopetition.cases.models import Complaint, State
from ecopetition.core import clock
from ecopetition.org.models import Membership, Role, Unit, UnitKind

from . import campaigns, disclosure, queries, rollups
from .models import Campaign

PLAN_TEXTS = [
    "明确牵头单位和责任人，7日内现场核查，15日内完成整改并复核销号。",
    "约谈企业负责人，限期安装油烟净化设施，整改期间每周巡查一次。",
    "联合执法，依法立案查处，整改完成后回访周边居民。",
]
POTENTIAL = [
    "沿河排口雨天疑似混排，尚无投诉，纳入巡查。",
    "夜间施工工地较多，噪声隐患，提前告知施工单位。",
    "养殖场粪污贮存设施容量不足，雨季存在外溢风险。",
]


def _user_with(role: str, unit: Unit, prefer: str = ""):
    """The demo's own login for the role when there is one (e.g. "leader"), else the one nearest the top."""
    ms = Membership.objects.filter(jurisdiction.under_q(unit, "unit"), role=role).select_related("user", "unit")
    m = ms.filter(user__username=prefer).first() if prefer else None
    m = m or min(ms, key=lambda x: (x.unit.level, x.unit.pk), default=None)
    if m:
        return m.user
    return get_user_model().objects.filter(is_superuser=True).first()


def extend(stdout=None) -> None:
    def say(msg: str) -> None:
        if stdout is not None:
            stdout.write(msg)

    n = rollups.rebuild()
    problems = rollups.compare(rollups.stored_cells(), rollups.recount())
    say(f"analytics: rollups rebuilt from {n} complaints; check: {'ok' if not problems else len(problems)}")
    top = Unit.objects.filter(parent__isnull=True).order_by("path").first()
    if top is None:
        return
    leader = _user_with(Role.LEADER, top, "leader") or _user_with(Role.SUPERVISOR, top)
    led = Membership.objects.filter(user=leader, role=Role.LEADER).select_related("unit").first() if leader else None
    city = led.unit if led else (Unit.objects.filter(parent=top, kind=UnitKind.CITY).order_by("pk").first() or top)
    today = clock.localdate()
    if leader is not None and not Campaign.objects.filter(unit=city).exists():
        starts = today - dt.timedelta(days=40)
        ends = starts + dt.timedelta(days=99)
        c = campaigns.do_create_campaign(
            actor=leader, unit=city, name=f"{city.name}生态环境信访问题百日攻坚行动", starts=starts, ends=ends,
            goal="存量信访件全部办结销号，排查潜在问题，重复访、越级访明显下降。",
            phases=[("动员部署、排查建账", starts, starts + dt.timedelta(days=14)),
                    ("集中攻坚、一案一策", starts + dt.timedelta(days=15), starts + dt.timedelta(days=79)),
                    ("巩固提升、评估总结", starts + dt.timedelta(days=80), ends)])
        towns = list(jurisdiction.subtree(city, kind=UnitKind.TOWN))
        open_cases = list(Complaint.objects.filter(jurisdiction.under_q(city, "lead_unit"),
                                                   state__in=[State.ASSIGNED, State.IN_PROGRESS, State.REPORTED])[:8])
        for i, case in enumerate(open_cases):
            town = next((t for t in towns if case.division_code.startswith(t.division_code[:6])), None)
            if town is None and towns:
                town = towns[i % len(towns)]
            if town is None:
                break
            item = campaigns.do_add_item(c, actor=leader, town=town, kind="existing", complaint=case,
                                         description=case.title, plan=PLAN_TEXTS[i % len(PLAN_TEXTS)])
            if i % 3 == 0:
                campaigns.do_update_item(item, actor=leader, status="done")
            elif i % 3 == 1:
                campaigns.do_update_item(item, actor=leader, status="in_hand")
        for i, text in enumerate(POTENTIAL):
            if towns:
                campaigns.do_add_item(c, actor=leader, town=towns[i % len(towns)], kind="potential",
                                      description=text, plan=PLAN_TEXTS[(i + 1) % len(PLAN_TEXTS)])
        first = c.phases.order_by("order").first()
        if first is not None:
            campaigns.do_write_phase_report(first, actor=leader, text=(
                "召开动员部署会，各县（市、区）制定工作方案；全面梳理信访积案和潜在问题，"
                "建立问题清单和一案一策台账，对越级访、重复访逐件过堂、现场核查。"))
        escalated = (Complaint.objects.filter(jurisdiction.under_q(city, "unit"), is_escalated=True,
                                              received_at__date__gte=starts).order_by("received_at").first())
        if escalated is not None:
            campaigns.do_record_non_petition(actor=leader, complaint=escalated, kind="province",
                                             occurred_on=min(today, escalated.received_at.date() + dt.timedelta(days=3)),
                                             place="省信访局门前", note="越级到省后在信访接待场所外滞留，经劝返。")
        say(f"analytics: campaign “{c.name}” with {c.items.count()} inventory lines")
    clerk = _user_with(Role.CLERK, top, "clerk")
    if clerk is not None:
        last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        period = queries.Period(last_month, last_month)
        area = next((m.unit for m in Membership.objects.filter(user=clerk, role=Role.CLERK).select_related("unit")),
                    top)
        if disclosure.candidates(area, period).exists():
            pub = disclosure.do_publish(actor=clerk, area=area, period=period)
            say(f"analytics: published {len(pub.items)} handling results as {pub.number} (/disclosure/)")
