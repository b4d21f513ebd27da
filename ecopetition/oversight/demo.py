"""Demo data for oversight: duty roster, emergency contacts for the demo divisions, one emergency case
with its alert and a partial set of acknowledgements, one re-check opened by a repeat complaint, and one
accountability mark. `ecopetition demo` calls `extend(stdout)` after the core demo; running it twice adds
nothing twice (intake keys and get_or_create).

Names, phones and addresses are invented; the phone numbers use the 0515/0513 area codes of the two cities.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from ecopetition.cases import actions as core
from ecopetition.cases.models import Complaint, Finding
from ecopetition.core import clock
from ecopetition.core.exceptions import DomainError
from ecopetition.org.models import Unit

from . import emergency, inspection
from .models import DutyRoster, EmergencyAlert, EmergencyContact, RecheckTask

# division code -> (place name, area code)
DIVISIONS = {
    "320900": ("盐城市", "0515"), "320924": ("射阳县", "0515"), "320902": ("亭湖区", "0515"),
    "320600": ("南通市", "0513"), "320623": ("如东县", "0513"), "320685": ("海安市", "0513"),
}
KINDS = [("police", "公安局指挥中心"), ("emergency", "应急管理局值班室"), ("health", "卫生健康委员会应急办")]


def _contacts() -> int:
    made = 0
    for i, (code, (place, area)) in enumerate(DIVISIONS.items()):
        for j, (kind, dept) in enumerate(KINDS):
            name = f"{place}{dept}"
            _obj, created = EmergencyContact.objects.get_or_create(
                division_code=code, kind=kind, name=name,
                defaults={"phone": f"{area}-8{i}{j}0{j}{i}00", "email": f"duty-{kind}-{code}@example.org"},
            )
            made += created
    return made


def _roster(users: dict) -> int:
    today = clock.localdate()
    made = 0
    for unit_code, username, phone in (("YC", "leader", "13905150001"), ("NT", "nt_leader", "13905130001")):
        unit = Unit.objects.filter(code=unit_code).first()
        user = users.get(username)
        if unit is None or user is None:
            continue
        for d in range(-3, 8):
            _obj, created = DutyRoster.objects.get_or_create(
                unit=unit, date=today + dt.timedelta(days=d), defaults={"leader": user, "phone": phone})
            made += created
    return made


def _emergency(users: dict) -> Complaint | None:
    unit = Unit.objects.filter(code="YC").first()
    clerk = users.get("clerk")
    if unit is None or clerk is None:
        return None
    now = clock.now()
    with clock.frozen(now - dt.timedelta(minutes=35)):
        case = core.do_register(core.NewComplaint(
            channel="phone", is_emergency=True, intake_key="demo-oversight-emergency",
            title="海河镇工业集中区河道大量死鱼，疑似化工泄漏",
            content="来电称射阳县海河镇工业集中区纬一路旁的河道里出现大量死鱼，水面有一层黄色泡沫，"
                    "附近有很重的刺鼻气味，怀疑上游化工厂发生泄漏，下游不远处有村民取水点。",
            complainants=[core.ComplainantInput(name="顾海明", phone="13951501234")],
            address="射阳县海河镇工业集中区纬一路", division_code="320924",
        ), unit=unit, actor=clerk)
    alert = EmergencyAlert.objects.filter(complaint=case).first() or emergency.raise_alert(case.pk)
    if alert is not None:
        police = alert.recipients.filter(contact__kind="police", acknowledged_at__isnull=True).first()
        if police is not None:
            with clock.frozen(now - dt.timedelta(minutes=28)):
                emergency.do_acknowledge(police, note="110指挥中心已派警", by_token=True)
    return case


def _unfounded_case(users: dict) -> Complaint | None:
    """A case the 射阳 eco bureau reported unfounded two months ago (replayed through the real actions)."""
    existing = Complaint.objects.filter(intake_key="demo-oversight-unfounded").first()
    if existing is not None:
        return existing
    unit, lead = Unit.objects.filter(code="YC").first(), Unit.objects.filter(code="SY-EB").first()
    need = ("clerk", "dispatcher", "officer", "supervisor", "callback")
    if unit is None or lead is None or any(n not in users for n in need):
        return None
    start = clock.now() - dt.timedelta(days=62)
    steps = [
        lambda c: core.do_accept(c, actor=users["clerk"]),
        lambda c: core.do_assign(c, actor=users["dispatcher"], lead_unit=lead),
        lambda c: core.do_sign_for(c, actor=users["officer"]),
        lambda c: core.do_report(c, actor=users["officer"], finding=Finding.UNFOUNDED,
                                 result="经现场检查，该企业污水处理设施正常运行，未发现偷排行为，反映问题不属实。"),
        lambda c: core.do_review(c, actor=users["supervisor"], passed=True),
        lambda c: core.do_reply(c, actor=users["clerk"], text="经核查，您反映的问题不属实。", method="sms"),
        lambda c: core.do_callback(c, actor=users["callback"], result="unsatisfied", note="群众坚持称夜间仍有排放"),
        lambda c: core.do_close(c, actor=users["supervisor"], reason="经核查不属实，已向群众解释。"),
    ]
    with clock.frozen(start):
        case = core.do_register(core.NewComplaint(
            channel="letter", intake_key="demo-oversight-unfounded", title="振阳路印染厂夜间偷排废水",
            content="射阳县经济开发区振阳路的一家印染厂每天夜里通过暗管往河里排放废水，河水发红发臭。",
            complainants=[core.ComplainantInput(name="蔡永红", phone="13951505678")],
            address="射阳县经济开发区振阳路", division_code="320924", reported_party_name="射阳县振阳印染有限公司",
        ), unit=unit, actor=users["clerk"])
    for i, step in enumerate(steps):
        with clock.frozen(start + dt.timedelta(days=2 * i + 1, hours=2)):
            step(case)
    return case


def _recheck(users: dict) -> RecheckTask | None:
    earlier = _unfounded_case(users)
    if earlier is None:
        return None
    task = RecheckTask.objects.filter(complaint=earlier).first()
    if task is not None:
        return task
    with clock.frozen(clock.now() - dt.timedelta(days=2)):
        later = core.do_register(core.NewComplaint(
            channel="phone", intake_key="demo-oversight-repeat", title="振阳路印染厂又在夜里排污",
            content="上次反映振阳路印染厂夜间偷排，答复说不属实，可这几天晚上河水又是红的，请上级部门来查。",
            complainants=[core.ComplainantInput(name="蔡永红", phone="13951505678")],
            address="射阳县经济开发区振阳路", division_code="320924",
        ), unit=earlier.unit, actor=users["clerk"])
        from ecopetition.triage import repeats

        match = repeats.Match(earlier.pk, earlier.number, 0.92, [{"reason": "phone", "score": 0.9}],
                              earlier.received_at, earlier.unit_id, earlier.state)
        repeats.do_flag_repeat(later.pk, [match])  # the re-check opens by itself once this commits
    return RecheckTask.objects.filter(complaint=earlier).first()


def _mark(users: dict) -> bool:
    inspector = users.get("inspector")
    if inspector is None:
        return False
    from ecopetition.deadlines.models import CaseClock

    if Complaint.objects.filter(events__action=inspection.MARK_ACTION).exists():
        return False
    overdue = (CaseClock.objects.filter(stopped_at__isnull=True, due_at__lt=clock.now(),
                                        complaint__in=Complaint.objects.visible_to(inspector))
               .select_related("complaint").order_by("due_at").first())
    if overdue is None:
        return False
    inspection.do_mark_accountability(overdue.complaint, actor=inspector, concerning="承办单位",
                                      reason=f"“{overdue.label}”已超期，请承办单位说明情况，纳入问责跟进。")
    return True


def extend(stdout) -> dict:
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=[
        "clerk", "dispatcher", "officer", "supervisor", "leader", "callback", "inspector", "nt_leader"])}
    out = {"contacts": _contacts(), "roster": _roster(users)}
    try:
        case = _emergency(users)
        out["emergency"] = case.number if case else None
        task = _recheck(users)
        out["recheck"] = task.number if task else None
        out["marked"] = _mark(users)
    except DomainError as exc:
        stdout.write(f"oversight demo: {exc.message}")
    stdout.write(f"Oversight: {out}")
    return out
