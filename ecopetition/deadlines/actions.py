"""Supervision actions: urging (催办), supervision orders (督办单), leader instructions (批示),
case ownership (包案, the five duties) and starring (加星件).

None changes the case's state. Each runs in one transaction with the case row
locked, checks that the actor is a supervisor or leader over the case's home
unit (org.queries), records its own rows, and appends one audited event.
Messages to people go out through notify (delivered after commit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecopetition.cases import audit
from ecopetition.cases.actions import next_sequence
from ecopetition.cases.models import OPEN_STATES, Complaint
from ecopetition.core import clock
from ecopetition.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationError
from ecopetition.notify.services import send_message
from ecopetition.org import queries as org
from ecopetition.org.models import Membership, Role, Unit

from . import clocks
from .models import Duty, Instruction, Ownership, SupervisionOrder, Urging

SUPERVISING = (Role.SUPERVISOR, Role.LEADER)


def _text(value, label: str, field: str, *, required: bool = True, max_length: int = 5000) -> str:
    text = ("" if value is None else str(value)).strip()
    if required and not text:
        raise ValidationError(_("%(field)s is required.") % {"field": label}, field=field)
    if len(text) > max_length:
        raise ValidationError(_("%(field)s is too long (at most %(n)d characters).") % {"field": label, "n": max_length},
                              field=field)
    return text


def may_supervise(user, case: Complaint, roles: Iterable[str] = SUPERVISING) -> bool:
    return any(org.holds_role_over(user, role, case.unit) for role in roles)


def _lock(case: Complaint | int, actor, roles: Iterable[str], what: str) -> Complaint:
    pk = case.pk if isinstance(case, Complaint) else case
    locked = Complaint.objects.select_for_update(of=("self",)).select_related("unit", "lead_unit").get(pk=pk)
    if not may_supervise(actor, locked, roles):
        raise PermissionDenied(
            _("Only a %(roles)s over this case's unit may %(what)s.")
            % {"roles": _(" or ").join(str(Role(r).label) for r in roles), "what": what}
        )
    if locked.state not in OPEN_STATES:
        raise TransitionNotAllowed(_("The case is no longer open."), code="wrong_state")
    return locked


def _record(case: Complaint, actor, action: str, note: str, data: dict):
    event = audit.append(case, actor=actor, action=action, from_state=case.state, to_state=case.state,
                         note=note, data=data)
    pk = case.pk
    audit.announce_on_commit(pk, action)
    return event


def _users_at(unit_id: int | None, roles: Iterable[str]) -> list[int]:
    if unit_id is None:
        return []
    return sorted(set(Membership.objects.filter(unit_id=unit_id, role__in=list(roles), user__is_active=True)
                      .values_list("user_id", flat=True)))


def _handlers(case: Complaint) -> list[int]:
    """The people who must act: the lead unit's officers, or the home unit's dispatchers before assignment."""
    if case.lead_unit_id:
        return _users_at(case.lead_unit_id, [Role.OFFICER])
    return _users_at(case.unit_id, [Role.DISPATCHER])


def _tell(user_ids: Iterable[int], case: Complaint, subject: str, body: str, kind: str, key: str) -> None:
    for uid in sorted(set(user_ids)):
        send_message("inbox", uid, subject, body, case=case, kind=kind, dedupe_key=f"{key}:{uid}")


# --- urging -------------------------------------------------------------------------

def do_urge(case, *, actor, text: str) -> Urging:
    """Urge (催办) the unit handling the case, by hand."""
    text = _text(text, _("Text"), "text")
    with transaction.atomic():
        c = _lock(case, actor, SUPERVISING, _("urge"))
        unit_id = c.lead_unit_id or c.unit_id
        urging = Urging.objects.create(complaint=c, unit_id=unit_id, by=actor, automatic=False, text=text,
                                       at=clock.now())
        _record(c, actor, "urge", text, {"unit": unit_id, "automatic": False})
        _tell(_handlers(c), c, _("Urging: %(number)s") % {"number": c.number}, text, "urge", f"urge:{urging.pk}")
    return urging


# --- supervision orders -------------------------------------------------------------

def do_issue_supervision_order(case, *, actor, unit: Unit, requirements: str, due_at: dt.datetime,
                               special: bool = False) -> SupervisionOrder:
    """Issue a numbered supervision order (督办单) to a unit, with its own deadline (a clock of its own)."""
    requirements = _text(requirements, _("Requirements"), "requirements")
    if not isinstance(due_at, dt.datetime) or timezone.is_naive(due_at):
        raise ValidationError(_("Give the deadline as a date and time."), field="due_at")
    with transaction.atomic():
        c = _lock(case, actor, SUPERVISING, _("issue a supervision order"))
        now = clock.now()
        if due_at <= now:
            raise ValidationError(_("The deadline must be in the future."), field="due_at")
        if unit is None or not unit.active:
            raise ValidationError(_("Choose an active unit."), field="unit")
        if not (unit.is_within(c.unit) or (c.lead_unit_id and unit.pk == c.lead_unit_id)):
            raise ValidationError(_("%(unit)s is outside this case's jurisdiction.") % {"unit": unit.name},
                                  field="unit")
        year = timezone.localtime(now).year
        number = f"DB{year}-{next_sequence(f'supervision:{year}'):04d}"
        order = SupervisionOrder.objects.create(
            complaint=c, number=number, issued_by=actor, unit=unit, requirements=requirements, issued_at=now,
            due_at=due_at, special=special,
        )
        clocks.start_custom_clock(c, key=order.clock_key, label=_("Supervision order %(number)s") % {"number": number},
                                  started_at=now, due_at=due_at)
        _record(c, actor, "supervise", requirements,
                {"number": number, "unit": unit.code, "due_at": due_at, "special": special})
        _tell(_users_at(unit.pk, [Role.OFFICER, Role.LEADER, Role.DISPATCHER]), c,
              _("Supervision order %(number)s") % {"number": number}, requirements, "supervision",
              f"order:{order.pk}")
    return order


def do_respond_supervision(order: SupervisionOrder | int, *, actor, response: str) -> SupervisionOrder:
    """The supervised unit answers the order; its clock stops."""
    response = _text(response, _("Response"), "response", max_length=20000)
    with transaction.atomic():
        pk = order.pk if isinstance(order, SupervisionOrder) else order
        order = SupervisionOrder.objects.select_related("unit").get(pk=pk)
        c = Complaint.objects.select_for_update().get(pk=order.complaint_id)
        order = SupervisionOrder.objects.select_for_update(of=("self",)).select_related("unit").get(pk=pk)
        if not any(org.holds_role_at(actor, r, order.unit) for r in (Role.OFFICER, Role.LEADER, Role.DISPATCHER)):
            raise PermissionDenied(_("Only the supervised unit can answer this order."))
        if order.responded_at:
            raise TransitionNotAllowed(_("This order has already been answered."), code="answered")
        order.response, order.responded_by, order.responded_at = response, actor, clock.now()
        order.save(update_fields=["response", "responded_by", "responded_at"])
        _record(c, actor, "respond_supervision", response, {"number": order.number, "clock": order.clock_key})
        _tell([order.issued_by_id], c, _("Answer to supervision order %(number)s") % {"number": order.number},
              response, "supervision_answer", f"order-answer:{order.pk}")
    return order


# --- instructions, ownership, stars ----------------------------------------------------

def do_instruct(case, *, actor, text: str) -> Instruction:
    """A leader's instruction (批示) on the case; the case is flagged as carrying one."""
    text = _text(text, _("Instruction"), "text")
    with transaction.atomic():
        c = _lock(case, actor, (Role.LEADER,), _("give an instruction"))
        ins = Instruction.objects.create(complaint=c, leader=actor, text=text, at=clock.now())
        if not c.has_leader_instruction:
            Complaint.objects.filter(pk=c.pk).update(has_leader_instruction=True)
            c.has_leader_instruction = True
        _record(c, actor, "instruct", text, {})
        people = _handlers(c) + _users_at(c.unit_id, [Role.SUPERVISOR])
        _tell(people, c, _("Leader instruction: %(number)s") % {"number": c.number}, text, "instruction",
              f"instruction:{ins.pk}")
    return ins


def do_assign_owner(case, *, actor, leader) -> Ownership:
    """Name a leader owner of the case (包案). A leader may take a case, or give it to a leader over it."""
    with transaction.atomic():
        c = _lock(case, actor, (Role.LEADER,), _("assign an owner"))
        if leader is None or not org.holds_role_over(leader, Role.LEADER, c.unit):
            raise ValidationError(_("The owner must be a leader over this case's unit."), field="leader")
        now = clock.now()
        Ownership.objects.filter(complaint=c, active=True).update(active=False, until=now)
        own = Ownership.objects.create(complaint=c, leader=leader, assigned_by=actor, since=now)
        _record(c, actor, "own", "", {"leader": leader.get_username()})
        if leader.pk != actor.pk:
            _tell([leader.pk], c, _("You own case %(number)s") % {"number": c.number},
                  _("You have been named the owner of case %(number)s, with its five duties.") % {"number": c.number},
                  "ownership", f"own:{own.pk}")
    return own


def do_release_owner(case, *, actor, reason: str) -> None:
    reason = _text(reason, _("Reason"), "reason")
    with transaction.atomic():
        c = _lock(case, actor, (Role.LEADER,), _("release the owner"))
        n = Ownership.objects.filter(complaint=c, active=True).update(active=False, until=clock.now())
        if not n:
            raise TransitionNotAllowed(_("The case has no owner."), code="no_owner")
        _record(c, actor, "release_owner", reason, {})


def do_mark_duty(case, *, actor, duty: str, note: str = "") -> Ownership:
    """The owning leader records one of the five duties (督办、调处、答复、回访、办结) as done."""
    if duty not in Duty.values:
        raise ValidationError(_("Unknown duty."), field="duty")
    note = _text(note, _("Note"), "note", required=False)
    with transaction.atomic():
        pk = case.pk if isinstance(case, Complaint) else case
        c = Complaint.objects.select_for_update().get(pk=pk)
        own = Ownership.objects.select_for_update().filter(complaint=c, active=True).first()
        if own is None or own.leader_id != actor.pk:
            raise PermissionDenied(_("Only the leader who owns the case records its duties."))
        own.duties_done = {**own.duties_done, duty: clock.now().isoformat()}
        own.save(update_fields=["duties_done"])
        _record(c, actor, "owner_duty", note, {"duty": duty})
    return own


def do_star(case, *, actor, starred: bool = True, reason: str = "") -> Complaint:
    """Star a key case (加星件), or take the star away."""
    reason = _text(reason, _("Reason"), "reason", required=False)
    with transaction.atomic():
        c = _lock(case, actor, SUPERVISING, _("star a case"))
        if c.is_starred == starred:
            raise TransitionNotAllowed(_("Nothing to change."), code="unchanged")
        Complaint.objects.filter(pk=c.pk).update(is_starred=starred)
        c.is_starred = starred
        _record(c, actor, "star" if starred else "unstar", reason, {})
    return c


def leaders_over(case: Complaint) -> list:
    """Leaders who may own the case: leaders of its unit and the units above it."""
    ids = [int(p) for p in case.unit.path.strip("/").split("/") if p]
    user_ids = Membership.objects.filter(unit_id__in=ids, role=Role.LEADER).values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("username"))
