"""Demo data for field work and documents, added after `ecopetition demo` loaded its cases.

- Open cases in progress: some officers have arrived on site (an audited
  `site_visit`, dated between signing for and now); three go through the whole
  field flow now (arrival, report with measures and rectifications).
- Cases the replay already reported: the measures their report text names are
  attached to that report event, with rectifications (verified on closed cases,
  open with a deadline on the others, so the close guard shows).
- A few documents of each kind, generated through the real action.
Idempotent: does nothing when site visits exist already.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from ecopetition.cases.models import Complaint, Event, State
from ecopetition.core import clock
from ecopetition.core.exceptions import DomainError
from ecopetition.org.models import Membership, Role

from . import actions
from .models import Measure, MeasureKind, Rectification

RECTIFY_ITEMS = [
    "完善废气收集处理设施并保持正常运行",
    "清理厂区露天堆放的固体废物并规范贮存",
    "更换老化的除尘布袋，建立运行维护台账",
    "对雨污管网进行分流改造，杜绝废水直排",
    "加装隔声降噪设施，夜间停止高噪声作业",
    "油烟净化器定期清洗，保留清洗记录",
]
MEASURE_NOTES = {
    MeasureKind.SEAL: "查封违法生产设备2台",
    MeasureKind.LIMIT: "责令停产整治，完成前不得恢复生产",
    MeasureKind.POLICE: "涉嫌污染环境罪，移送公安机关",
    MeasureKind.INTERVIEW: "约谈镇分管负责同志",
}


def _lead_officer(case: Complaint):
    m = (Membership.objects.filter(unit=case.lead_unit, role=Role.OFFICER, user__is_active=True)
         .select_related("user").order_by("id").first())
    return m.user if m else None


def _holder_over(case: Complaint, role: str):
    ids = [int(p) for p in case.unit.path.strip("/").split("/") if p]
    m = (Membership.objects.filter(unit_id__in=ids, role=role, user__is_active=True)
         .select_related("user").order_by("-unit__level", "id").first())
    return m.user if m else None


def _gps_near(case: Complaint, rng: random.Random) -> tuple[float | None, float | None]:
    if case.lat is None or case.lon is None:
        return None, None
    return case.lat + rng.uniform(-0.0008, 0.0008), case.lon + rng.uniform(-0.0008, 0.0008)


def _visits(cases, rng, now) -> int:
    made = 0
    for case in cases:
        officer = _lead_officer(case)
        if officer is None or rng.random() < 0.35 or case.site_visits.exists():
            continue
        last = Event.objects.filter(complaint=case).order_by("-seq").values_list("at", flat=True).first()
        start = max(filter(None, [case.signed_at, last])) if (case.signed_at or last) else now - dt.timedelta(hours=4)
        at = min(now - dt.timedelta(minutes=5), start + dt.timedelta(minutes=rng.randint(40, 20 * 60)))
        lat, lon = _gps_near(case, rng)
        try:
            with clock.frozen(max(at, start)):
                actions.do_site_visit(case, actor=officer, lat=lat, lon=lon, accuracy_m=rng.choice([5, 8, 12, 25]))
            made += 1
        except DomainError:
            continue
    return made


def _full_flow(cases, rng) -> int:
    """A few cases go from arrival to report now, through the actions, with measures."""
    done = 0
    for case in cases:
        if done >= 3:
            break
        officer = _lead_officer(case)
        if officer is None:
            continue
        lat, lon = _gps_near(case, rng)
        today = clock.localdate()
        measures = [
            actions.MeasureInput(MeasureKind.RECTIFY, items=[
                actions.RectifyItem(item, today + dt.timedelta(days=rng.choice([7, 15, 30])))
                for item in rng.sample(RECTIFY_ITEMS, 2)]),
            actions.MeasureInput(MeasureKind.FINE, fine_amount=str(rng.choice([20000, 50000, 86000, 120000]))),
        ]
        try:
            if not case.site_visits.exists():
                actions.do_site_visit(case, actor=officer, lat=lat, lon=lon, accuracy_m=10)
            actions.do_report_findings(
                case, actor=officer, finding="founded",
                result="经现场核查，反映问题属实：该单位治理设施未正常运行，存在超标排放。已责令限期整改，并依法立案处罚。",
                measures=measures,
            )
            done += 1
        except DomainError:
            continue
    return done


def _backfill(rng) -> tuple[int, int]:
    """Measures named in the replayed reports, attached to those report events."""
    reported_states = {State.REPORTED, State.REVIEWED, State.REPLIED, State.CALLED_BACK, State.CLOSED,
                       State.UNDER_REVIEW}
    measures = rects = 0
    cases = (Complaint.objects.filter(state__in=reported_states, finding__in=["founded", "partly"])
             .exclude(measures__isnull=False).select_related("unit", "lead_unit"))
    for case in cases:
        event = Event.objects.filter(complaint=case, action="report").order_by("-seq").first()
        if event is None or case.lead_unit is None:
            continue
        officer = _lead_officer(case) or event.actor
        kinds = [MeasureKind.RECTIFY]
        if case.finding == "founded":
            kinds.append(MeasureKind.FINE)
            if rng.random() < 0.25:
                kinds.append(rng.choice(list(MEASURE_NOTES)))
        with transaction.atomic():
            for kind in kinds:
                m = Measure.objects.create(
                    complaint=case, kind=kind, by=officer, at=event.at, event=event,
                    fine_amount=Decimal(rng.choice([10000, 30000, 50000, 100000, 200000]))
                    if kind == MeasureKind.FINE else None,
                    detail=MEASURE_NOTES.get(kind, ""),
                )
                measures += 1
                if kind != MeasureKind.RECTIFY:
                    continue
                deadline = clock.localdate(event.at) + dt.timedelta(days=rng.choice([10, 20, 30]))
                closed = case.state == State.CLOSED
                Rectification.objects.create(
                    complaint=case, measure=m, description=rng.choice(RECTIFY_ITEMS), deadline=deadline,
                    status=Rectification.Status.VERIFIED if closed else Rectification.Status.OPEN,
                    verified_by=officer if closed else None,
                    verified_at=case.closed_at if closed else None,
                    verification_note="复查确认已整改到位。" if closed else "",
                )
                rects += 1
    return measures, rects


def _documents(rng) -> int:
    from ecopetition.documents.actions import do_generate_document

    made = 0
    # No reply letter here: a reply is printed from the letter as it was sent (the documents demo does that);
    # filled from the bare template it would carry the drafting hints in brackets.
    wanted = [
        ("acceptance", Role.CLERK, [State.ACCEPTED, State.ASSIGNED], {}),
        ("non_acceptance", Role.CLERK, [State.NOT_ACCEPTED], {}),
        ("referral", Role.CLERK, [State.REFERRED], {}),
        ("assignment", Role.DISPATCHER, [State.ASSIGNED, State.IN_PROGRESS], {}),
        ("urging", Role.SUPERVISOR, [State.IN_PROGRESS],
         {"deadline": str(clock.localdate() + dt.timedelta(days=3)), "note": "请加快办理进度。"}),
        ("supervision", Role.SUPERVISOR, [State.IN_PROGRESS, State.REPORTED],
         {"deadline": str(clock.localdate() + dt.timedelta(days=5)), "note": "群众反映强烈，请主要负责同志亲自督办。"}),
        ("contact_card", Role.OFFICER, [State.IN_PROGRESS], {"handler_phone": "0515-8888 6123"}),
    ]
    for kind, role, states, extra in wanted:
        for case in Complaint.objects.filter(state__in=states).select_related("unit", "lead_unit").order_by("-id")[:2]:
            actor = _lead_officer(case) if role == Role.OFFICER else _holder_over(case, role)
            if actor is None:
                continue
            try:
                do_generate_document(case, actor=actor, kind=kind, extra=extra)
                made += 1
            except DomainError:
                continue
    return made


def _stage_close_some(wanted: int = 2) -> int:
    """阶段办结: called-back cases whose rectification is still open are stage-closed by a clerk over them,
    the demo officer's cases first (their follow-up shows on the officer's field page)."""
    made = 0
    cases = (Complaint.objects.filter(state=State.CALLED_BACK, rectifications__status=Rectification.Status.OPEN)
             .exclude(satisfaction="unsatisfied").select_related("unit", "lead_unit").distinct()
             .order_by("-lead_unit__code", "id"))
    officer_units = set(Membership.objects.filter(user__username="officer", role=Role.OFFICER)
                        .values_list("unit_id", flat=True))
    for case in sorted(cases, key=lambda c: (c.lead_unit_id not in officer_units, c.pk)):
        clerk = _holder_over(case, Role.CLERK)
        if clerk is None:
            continue
        try:
            actions.do_stage_close(case, actor=clerk, reason="调查处理和答复已完成，信访人满意；整改周期较长，阶段办结并跟踪整改至销号。")
        except DomainError:
            continue
        made += 1
        if made >= wanted:
            break
    return made


def extend(stdout, seed: int = 20261124) -> dict:
    # The cases' replay records arrivals on site itself; measures are this demo's own mark.
    if Measure.objects.exists():
        stdout.write("Field work demo already loaded; nothing added.")
        return {}
    rng = random.Random(seed)
    now = clock.now()
    in_progress = list(Complaint.objects.filter(state=State.IN_PROGRESS).select_related("unit", "lead_unit")
                       .order_by("id"))
    flow, rest = in_progress[:4], in_progress[4:]
    out = {"site_visits": _visits(rest, rng, now)}
    out["reported_now"] = _full_flow(flow, rng)
    out["measures"], out["rectifications"] = _backfill(rng)
    out["documents"] = _documents(rng)
    out["stage_closed"] = _stage_close_some()
    stdout.write("Field work: {site_visits} site visits, {reported_now} cases reported with measures now, "
                 "{measures} measures and {rectifications} rectifications on reported cases, "
                 "{documents} documents, {stage_closed} cases stage-closed.".format(**out))
    return out
