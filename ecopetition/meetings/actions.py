"""Every change to meetings and typical problems, each in one transaction with its rows locked.

Decisions are carried out by the supervision actions that already exist (`deadlines.actions`): a
supervision order gets its own number, clock and the unit's answer there; an instruction is a leader's
批示 with a clock of its own here; an owner is 包案. The decision row links each back to the meeting.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecopetition.analytics import disclosure
from ecopetition.cases import audit, privacy
from ecopetition.cases.actions import audit_event, next_sequence
from ecopetition.cases.models import CLOSED_STATES, Complaint
from ecopetition.core import clock, formats
from ecopetition.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationError
from ecopetition.deadlines import actions as supervision
from ecopetition.deadlines import clocks
from ecopetition.deadlines.models import CaseClock
from ecopetition.notify.services import send_message
from ecopetition.org import queries as org
from ecopetition.org.models import Membership, Role, Unit

from . import queries
from .models import (
    AgendaItem,
    Decision,
    DecisionKind,
    Meeting,
    MeetingKind,
    ProblemDimension,
    ProblemStatus,
    TypicalProblem,
)

ORGANISERS = (Role.LEADER, Role.SUPERVISOR)
ANSWERING = (Role.OFFICER, Role.LEADER, Role.DISPATCHER, Role.SUPERVISOR)


def _text(value, label: str, fld: str, *, required: bool = True, max_length: int = 5000) -> str:
    text = ("" if value is None else str(value)).strip()
    if required and not text:
        raise ValidationError(_("%(field)s is required.") % {"field": label}, field=fld)
    if len(text) > max_length:
        raise ValidationError(_("%(field)s is too long (at most %(n)d characters).") % {"field": label, "n": max_length},
                              field=fld)
    return text


def may_organise(user, unit: Unit | None) -> bool:
    """Leaders and supervisors of the unit or above it convene its meetings and send its typical problems."""
    if unit is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or any(org.holds_role_over(user, r, unit) for r in ORGANISERS)


def _require_organiser(user, unit: Unit) -> None:
    if not may_organise(user, unit):
        raise PermissionDenied(_("Only a leader or supervisor of %(unit)s or above may do this.") % {"unit": unit.name})


def _tell(user_ids, subject: str, body: str, kind: str, key: str) -> None:
    for uid in sorted(set(user_ids)):
        send_message("inbox", uid, subject, body, kind=kind, dedupe_key=f"{key}:{uid}")


def _people_at(unit_ids, roles=ANSWERING) -> list[int]:
    return list(Membership.objects.filter(unit_id__in=list(unit_ids), role__in=list(roles), user__is_active=True)
                .values_list("user_id", flat=True))


# --- meetings -----------------------------------------------------------------------------------------

def _lock_meeting(meeting: Meeting | int, actor, *, open_only: bool = True) -> Meeting:
    pk = meeting.pk if isinstance(meeting, Meeting) else meeting
    m = Meeting.objects.select_for_update(of=("self",)).select_related("unit").get(pk=pk)
    _require_organiser(actor, m.unit)
    if open_only and m.closed_at:
        raise TransitionNotAllowed(_("The minutes of this meeting are closed."), code="closed")
    return m


@transaction.atomic
def do_create_meeting(*, actor, unit: Unit, held_on: dt.date, chair, kind: str = MeetingKind.WEEKLY,
                      attending=(), others: str = "", auto_agenda: bool = True) -> Meeting:
    """Convene a meeting; its agenda starts as the cases that need one (`queries.agenda_candidates`)."""
    if unit is None:
        raise ValidationError(_("Choose the convening unit."), field="unit")
    _require_organiser(actor, unit)
    if kind not in MeetingKind.values:
        raise ValidationError(_("Choose the kind of meeting."), field="kind")
    if not isinstance(held_on, dt.date):
        raise ValidationError(_("Give the date of the meeting."), field="held_on")
    if chair is None or not org.holds_role_over(chair, Role.LEADER, unit):
        raise ValidationError(_("The chair must be a leader of %(unit)s or above.") % {"unit": unit.name},
                              field="chair")
    attending = list(attending)
    for u in attending:
        if not u.active:
            raise ValidationError(_("%(unit)s is not active.") % {"unit": u.name}, field="attending")
    others = _text(others, _("Other attendees"), "others", required=False, max_length=300)
    year = held_on.year
    number = f"HY{year}-{next_sequence(f'meeting:{year}'):04d}"
    m = Meeting.objects.create(number=number, kind=kind, unit=unit, held_on=held_on, chair=chair, others=others,
                               created_by=actor, created_at=clock.now())
    m.attending.set(attending)
    if auto_agenda:
        for i, (case, reasons) in enumerate(queries.agenda_candidates(actor, unit), 1):
            AgendaItem.objects.create(meeting=m, complaint=case, reasons=reasons, order=i)
    if others:  # travels to every attending unit, like the minutes: a complainant attending is masked as written
        m.others = privacy.masked_about_cases(others, [i.complaint for i in m.items.select_related("complaint")])
        m.save(update_fields=["others"])
    people = _people_at([u.pk for u in attending], (Role.LEADER, Role.SUPERVISOR, Role.DISPATCHER)) + [chair.pk]
    _tell(people, _("Case meeting %(number)s on %(date)s") % {"number": number, "date": formats.when(held_on, "DATE_FORMAT")},
          _("%(unit)s convenes a case meeting; the agenda is in the console.") % {"unit": unit.name},
          "meeting", f"meeting:{m.pk}")
    return m


@transaction.atomic
def do_add_item(meeting, *, actor, case: Complaint | None) -> AgendaItem:
    m = _lock_meeting(meeting, actor)
    if case is None or not Complaint.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise ValidationError(_("No such case."), field="number")
    if not queries.area_cases(m.unit).filter(pk=case.pk).exists():
        raise ValidationError(_("Case %(number)s is not in %(unit)s's area.") % {"number": case.number,
                                                                                  "unit": m.unit.name},
                              field="number")
    last = m.items.order_by("-order").values_list("order", flat=True).first() or 0
    try:
        with transaction.atomic():
            return AgendaItem.objects.create(meeting=m, complaint=case, reasons=["added"], order=last + 1)
    except IntegrityError:
        raise ValidationError(_("Case %(number)s is already on the agenda.") % {"number": case.number},
                              field="number") from None


@transaction.atomic
def do_remove_item(item: AgendaItem | int, *, actor) -> None:
    pk = item.pk if isinstance(item, AgendaItem) else item
    item = AgendaItem.objects.get(pk=pk)
    _lock_meeting(item.meeting_id, actor)
    if item.decisions.exists():
        raise TransitionNotAllowed(_("A decision was taken on this case: it stays on the agenda."), code="decided")
    item.delete()


@transaction.atomic
def do_record_minutes(item: AgendaItem | int, *, actor, minutes: str) -> AgendaItem:
    pk = item.pk if isinstance(item, AgendaItem) else item
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("complaint").get(pk=pk)
    _lock_meeting(item.meeting_id, actor)
    # Minutes travel to every attending unit: a complainant's name or number in them is masked as it is written,
    # against every case on the agenda (and masked again when shown: `queries.agenda_rows`).
    typed = _text(minutes, _("Minutes"), "minutes", required=False, max_length=20000)
    item.minutes = privacy.masked_about_cases(typed, item.meeting.items.values_list("complaint_id", flat=True))
    item.save(update_fields=["minutes"])
    _keep_found_names(item, typed)
    return item


def _keep_found_names(item: AgendaItem, typed: str) -> None:
    """A name the detector finds in minutes or a decision as typed joins the agenda case's masks (R17-10): the text
    is stored masked, so the name is kept apart (`AgendaItem.found_names`, read by `privacy.case_masks` through
    `registry.CASE_RECORD_TEXTS`), and the case's search columns and letter copy are redone. Names only add up:
    minutes rewritten later (shown masked to whoever edits them) do not drop a name found before."""
    from ecopetition.cases.masking import found_names
    from ecopetition.cases.models import refresh_search_for_note

    kept = found_names([item.found_names]) if item.found_names else []
    new = [n for n in found_names([typed]) if n not in kept]
    if not new:
        return
    item.found_names = "\n".join(f"姓名：{n}。" for n in kept + new)
    AgendaItem.objects.filter(pk=item.pk).update(found_names=item.found_names)
    refresh_search_for_note(item.complaint_id, item.found_names)


@transaction.atomic
def do_decide(item: AgendaItem | int, *, actor, kind: str, text: str, unit: Unit | None = None,
              due_at: dt.datetime | None = None, leader=None) -> Decision:
    """A decision on one agenda case, carried out by the existing supervision action of its kind."""
    pk = item.pk if isinstance(item, AgendaItem) else item
    item = AgendaItem.objects.select_related("complaint").get(pk=pk)
    m = _lock_meeting(item.meeting_id, actor)
    case = item.complaint
    typed = _text(text, _("Decision"), "text")
    _keep_found_names(item, typed)  # before the masks are read: the name found here masks the decision too
    text = privacy.mask_text(typed, privacy.case_masks(case))
    now = clock.now()
    if kind in (DecisionKind.ORDER, DecisionKind.INSTRUCTION):
        if not isinstance(due_at, dt.datetime) or timezone.is_naive(due_at):
            raise ValidationError(_("Give the deadline as a date and time."), field="due_at")
        if due_at <= now:
            raise ValidationError(_("The deadline must be in the future."), field="due_at")
    decision = Decision(meeting=m, item=item, complaint=case, kind=kind, text=text, decided_by=actor, decided_at=now,
                        due_at=due_at if kind != DecisionKind.OWNER else None)
    prefix = _("Case meeting %(number)s: ") % {"number": m.number}
    if kind == DecisionKind.ORDER:
        if unit is None:
            raise ValidationError(_("Choose the unit that must act."), field="unit")
        decision.order = supervision.do_issue_supervision_order(case, actor=actor, unit=unit,
                                                                requirements=prefix + text, due_at=due_at)
        decision.unit = unit
    elif kind == DecisionKind.INSTRUCTION:
        decision.instruction = supervision.do_instruct(case, actor=actor, text=prefix + text)
        decision.unit = unit or case.lead_unit or case.unit
    elif kind == DecisionKind.OWNER:
        decision.ownership = supervision.do_assign_owner(case, actor=actor, leader=leader)
    else:
        raise ValidationError(_("Choose what was decided."), field="kind")
    case = Complaint.objects.select_for_update(of=("self",)).get(pk=case.pk)  # the action above moved its chain
    decision.save()
    if kind == DecisionKind.INSTRUCTION:
        clocks.start_custom_clock(case, key=decision.clock_key,
                                  label=_("Meeting decision %(number)s") % {"number": m.number},
                                  started_at=now, due_at=due_at)
    audit.append(case, actor=actor, action="meeting_decision", from_state=case.state, to_state=case.state,
                 note=text, data={"meeting": m.number, "kind": kind, "decision": decision.pk,
                                  "due_at": due_at, "unit": decision.unit.code if decision.unit else ""})
    audit.announce_on_commit(case.pk, "meeting_decision")
    return decision


def may_complete(user, decision: Decision) -> bool:
    unit = decision.unit or decision.complaint.unit
    return may_organise(user, decision.meeting.unit) or any(org.holds_role_at(user, r, unit) for r in ANSWERING)


@transaction.atomic
def do_complete_decision(decision: Decision | int, *, actor, note: str) -> Decision:
    """The responsible unit (or the meeting's organisers) records that a decision was carried out; its clock
    stops. A supervision order is carried out by answering the order itself."""
    pk = decision.pk if isinstance(decision, Decision) else decision
    d = Decision.objects.select_related("meeting__unit", "unit", "complaint__unit").get(pk=pk)
    case = Complaint.objects.select_for_update(of=("self",)).get(pk=d.complaint_id)
    d = Decision.objects.select_for_update(of=("self",)).select_related("meeting__unit", "unit", "order").get(pk=pk)
    if not may_complete(actor, d):
        raise PermissionDenied(_("Only the responsible unit or the meeting's organisers may record this."))
    if d.kind == DecisionKind.ORDER:
        raise TransitionNotAllowed(_("A supervision order is carried out by answering it on the case page."),
                                   code="order")
    if d.done_at:
        raise TransitionNotAllowed(_("This decision is already recorded as carried out."), code="done")
    note = _text(note, _("How it was carried out"), "note", max_length=20000)
    now = clock.now()
    d.done_at, d.done_by, d.done_note = now, actor, note
    d.save(update_fields=["done_at", "done_by", "done_note"])
    for c in CaseClock.objects.filter(complaint=case, key=d.clock_key, stopped_at__isnull=True):
        clocks.stop_clock(c, now, "meeting_decision_done")
    audit.append(case, actor=actor, action="meeting_decision_done", from_state=case.state, to_state=case.state,
                 note=note, data={"meeting": d.meeting.number, "decision": d.pk, "clock": d.clock_key})
    audit.announce_on_commit(case.pk, "meeting_decision_done")
    return d


@transaction.atomic
def do_close_meeting(meeting, *, actor) -> Meeting:
    m = _lock_meeting(meeting, actor)
    m.closed_at = clock.now()
    m.save(update_fields=["closed_at"])
    return m


# --- typical problems (每月一题) -------------------------------------------------------------------------

def _lock_problem(problem: TypicalProblem | int) -> TypicalProblem:
    pk = problem.pk if isinstance(problem, TypicalProblem) else problem
    return TypicalProblem.objects.select_for_update(of=("self",)).select_related("unit", "department").get(pk=pk)


@transaction.atomic
def do_create_problem(*, actor, area: Unit, month: dt.date, title: str, analysis: str, requirements: str,
                      due_on: dt.date, department: Unit | None = None, department_name: str = "",
                      dimension: str = ProblemDimension.OTHER, key: str = "") -> TypicalProblem:
    """Turn a recurring problem of the area into a task for the responsible department (a unit in the tree, or
    an outside department named in words)."""
    if area is None:
        raise ValidationError(_("Choose the area."), field="area")
    _require_organiser(actor, area)
    if not isinstance(month, dt.date) or month.replace(day=1) > clock.localdate().replace(day=1):
        raise ValidationError(_("The problem's month cannot be after the current month."), field="month")
    # A problem travels to the department's every role: a complainant's name or number in it is masked as it is
    # written, like the minutes (against the cases it names).
    title = _text(title, _("Problem"), "title", max_length=200)
    analysis = _text(analysis, _("Analysis"), "analysis", max_length=20000)
    requirements = _text(requirements, _("What the department is asked to do"), "requirements", max_length=20000)
    named = "\n".join([title, analysis, requirements])
    title, analysis, requirements = (privacy.masked_about_cases(t, named_in=named)
                                     for t in (title, analysis, requirements))
    department_name = _text(department_name, _("Outside department"), "department_name", required=False,
                            max_length=100)
    if department is None and not department_name:
        raise ValidationError(_("Choose the responsible department, or name an outside one."), field="department")
    if department is not None and not department.active:
        raise ValidationError(_("%(unit)s is not active.") % {"unit": department.name}, field="department")
    if not isinstance(due_on, dt.date) or due_on <= clock.localdate():
        raise ValidationError(_("The due date must be after today."), field="due_on")
    if dimension not in ProblemDimension.values:
        dimension = ProblemDimension.OTHER
    now = clock.now()
    year = timezone.localtime(now).year
    number = f"DX{year}-{next_sequence(f'typical-problem:{year}'):04d}"
    p = TypicalProblem.objects.create(
        number=number, unit=area, month=month.replace(day=1), dimension=dimension, key=(key or "")[:200], title=title,
        analysis=analysis, requirements=requirements, department=department,
        department_name="" if department else department_name, due_on=due_on, created_by=actor, created_at=now)
    title = queries.shown_problem(p)["title"]  # the notice and the audit note as every reader sees the title
    if department is not None:
        _tell(_people_at([department.pk], (Role.LEADER, Role.DISPATCHER, Role.SUPERVISOR)),
              _("Typical problem %(number)s: %(title)s") % {"number": number, "title": title},
              _("Please answer in writing by %(date)s.") % {"date": f"{due_on:%Y-%m-%d}"}, "typical_problem",
              f"problem:{p.pk}")
    audit_event(None, actor=actor, action="typical_problem", note=title,
                      data={"problem": number, "area": area.code, "department": p.department_label})
    return p


def may_answer(user, p: TypicalProblem) -> bool:
    if p.department_id:
        return any(org.holds_role_at(user, r, p.department) for r in ANSWERING) or may_organise(user, p.unit)
    return may_organise(user, p.unit)  # an outside department answers on paper; the organiser records it


@transaction.atomic
def do_answer_problem(problem, *, actor, response: str) -> TypicalProblem:
    p = _lock_problem(problem)
    if not may_answer(actor, p):
        raise PermissionDenied(_("Only the responsible department may answer this problem."))
    if p.status == ProblemStatus.CLOSED:
        raise TransitionNotAllowed(_("This problem is closed."), code="closed")
    p.response = privacy.masked_about_cases(_text(response, _("Written response"), "response", max_length=20000),
                                            [p.typical_case], named_in=f"{p.title}\n{p.analysis}\n{p.requirements}")
    p.responded_by, p.responded_at, p.status = actor, clock.now(), ProblemStatus.ANSWERED
    p.save(update_fields=["response", "responded_by", "responded_at", "status"])
    _tell([p.created_by_id], _("Answer to typical problem %(number)s") % {"number": p.number},
          queries.shown_problem(p)["response"][:500],
          "typical_problem", f"problem-answer:{p.pk}:{p.responded_at:%s}")
    return p


@transaction.atomic
def do_close_problem(problem, *, actor, accept: bool, note: str = "") -> TypicalProblem:
    """The organisers accept the response (closed) or send it back for a better one (open again)."""
    p = _lock_problem(problem)
    _require_organiser(actor, p.unit)
    if p.status != ProblemStatus.ANSWERED:
        raise TransitionNotAllowed(_("Only an answered problem can be closed or sent back."), code="not_answered")
    note = privacy.masked_about_cases(_text(note, _("Remarks"), "note", required=not accept, max_length=5000),
                                      [p.typical_case], named_in=f"{p.analysis}\n{p.response}")
    if accept:
        p.status, p.closed_by, p.closed_at, p.close_note = ProblemStatus.CLOSED, actor, clock.now(), note
    else:
        p.status, p.close_note = ProblemStatus.OPEN, note
    p.save(update_fields=["status", "closed_by", "closed_at", "close_note"])
    return p


@transaction.atomic
def do_set_typical_case(problem, *, actor, case: Complaint | None, publish: bool = False) -> TypicalProblem:
    """Name a closed case of the area as the problem's typical case; with `publish`, put it on the disclosure
    site through the disclosure snapshot (`analytics.disclosure`: no personal data, street-level place)."""
    p = _lock_problem(problem)
    _require_organiser(actor, p.unit)
    case = Complaint.objects.visible_to(actor).filter(pk=case.pk).first() if case is not None else None
    if case is None:
        raise ValidationError(_("No such case."), field="number")
    if case.state not in CLOSED_STATES or not queries.area_cases(p.unit).filter(pk=case.pk).exists():
        raise ValidationError(_("The typical case must be a closed case of %(unit)s's area.") % {"unit": p.unit.name},
                              field="number")
    if p.publication_id and p.typical_case_id != case.pk:
        raise TransitionNotAllowed(_("The typical case is already published."), code="published")
    p.typical_case = case
    if publish and not p.publication_id:
        p.publication = disclosure.do_publish_cases(
            actor=actor, area=p.unit, cases=[case],
            title=_("Typical case: %(title)s") % {"title": disclosure.public_text(p.title, case.complainants.all())})
    p.save(update_fields=["typical_case", "publication"])
    return p


def typical_case_public(p: TypicalProblem) -> list[dict]:
    """The typical case as the public would read it (the disclosure snapshot), for the preview."""
    if not p.typical_case_id:
        return []
    return disclosure.snapshot(Complaint.objects.filter(pk=p.typical_case_id))

