"""Re-check of "unfounded" findings (逐件核查) and responsibility for overturned ones (倒查责任).

When a lead unit reported a case unfounded and the same matter comes in again (a later complaint
linked to it as a repeat, or merged into it), or a supervisor above the lead unit picks the case,
the unit directly above the lead unit re-checks it within its own deadline (default 10 working days).
Confirmed: nothing changes. Overturned: the case reopens (back to handling, an audited `reopen`
event) and a responsibility record is written against the unit and the people who reported it.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ecopetition.cases import actions as case_actions
from ecopetition.cases import scope as jurisdiction
from ecopetition.cases import transitions
from ecopetition.cases.models import Complaint, Event, Finding, State
from ecopetition.core import clock
from ecopetition.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationError
from ecopetition.core.formats import when
from ecopetition.org import queries as org
from ecopetition.org.models import Membership, Role, Unit

from .models import RecheckStatus, RecheckTask, ResponsibilityRecord

log = logging.getLogger("ecopetition.oversight")

RECHECK_WORKDAYS = 10
RECHECK_ROLES = (Role.SUPERVISOR, Role.OFFICER)
# States a reopen by re-check brings back to handling; a case already in handling stays where it is.
REOPEN_FROM = transitions.BY_ACTION["recheck_reopen"].sources  # the table says where a re-check reopens from


def responsibility_points() -> Decimal:
    return Decimal(str(getattr(settings, "OVERSIGHT_RESPONSIBILITY_POINTS", "5")))


def recheck_due(start: dt.datetime, workdays: int = RECHECK_WORKDAYS) -> tuple[dt.datetime, bool]:
    """Due moment on China's working calendar (deadlines app); calendar days if that app is absent."""
    try:
        from ecopetition.deadlines import workcal
    except ImportError:  # pragma: no cover - the deadlines app ships with the project
        return start + dt.timedelta(days=workdays), True
    due = workcal.due(start, workdays, "workdays")
    return due.at, due.provisional


def unfounded_reports(case: Complaint) -> list[Event]:
    """The `report` events of this case that recorded the finding "unfounded"."""
    return [e for e in Event.objects.filter(complaint=case, action="report").select_related("actor").order_by("seq")
            if (e.data or {}).get("finding") == Finding.UNFOUNDED]


def check_recheckable(case: Complaint) -> list[Event]:
    """Refuse, with the reason, a re-check of a case whose standing finding is not "unfounded"."""
    reports = unfounded_reports(case)
    if not reports:
        raise ValidationError(
            _("%(number)s was never reported unfounded: only an “unfounded” finding is re-checked by the unit above.")
            % {"number": case.number}, field="case")
    if case.finding != Finding.UNFOUNDED:
        raise ValidationError(
            _("%(number)s was reported unfounded once, but its standing finding is now “%(finding)s”.")
            % {"number": case.number, "finding": Finding(case.finding).label if case.finding else "—"}, field="case")
    if case.lead_unit is None:
        raise ValidationError(_("%(number)s has no lead unit to re-check.") % {"number": case.number}, field="case")
    if case.lead_unit.parent_id is None:
        raise ValidationError(_("No unit stands above %(unit)s to re-check its finding.")
                              % {"unit": case.lead_unit.name}, field="case")
    return reports


def is_above(user, role: str, unit: Unit) -> bool:
    """The user holds `role` in a unit strictly above `unit`."""
    return unit.parent_id is not None and jurisdiction.holds(user, role, unit, jurisdiction.ABOVE)


def may_open(user, case: Complaint) -> bool:
    lead = case.lead_unit
    return lead is not None and (getattr(user, "is_superuser", False) or is_above(user, Role.SUPERVISOR, lead))


def may_decide(user, task: RecheckTask) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return any(org.holds_role_over(user, r, task.recheck_unit) and is_above(user, r, task.reported_unit)
               for r in RECHECK_ROLES)


def _staff_of(unit: Unit, roles) -> list:
    return [m.user for m in Membership.objects.filter(unit=unit, role__in=list(roles), user__is_active=True)
            .select_related("user")]


def do_open_recheck(case: Complaint | int, *, actor=None, source: str = RecheckTask.Source.MANUAL,
                    trigger: Complaint | None = None, reason: str = "") -> RecheckTask:
    """Open a re-check task for the unit above the lead unit. `actor=None` is the system (repeat found)."""
    from ecopetition.notify.services import send_message

    reason = (reason or "").strip()[:5000]
    if actor is not None and source == RecheckTask.Source.MANUAL and not reason:
        raise ValidationError(_("Say why this case should be re-checked."), field="reason")
    pk = case.pk if isinstance(case, Complaint) else case
    try:
        with transaction.atomic():
            locked = (Complaint.objects.select_for_update(of=("self",)).select_related("unit", "lead_unit")
                      .get(pk=pk))
            if actor is not None:
                if not Complaint.objects.visible_to(actor).filter(pk=locked.pk).exists():
                    raise PermissionDenied(_("This case is outside your jurisdiction."))
            check_recheckable(locked)
            if actor is not None and not may_open(actor, locked):
                raise PermissionDenied(_("Only a supervisor of a unit above the lead unit may open a re-check."))
            if RecheckTask.objects.filter(complaint=locked, status=RecheckStatus.OPEN).exists():
                raise TransitionNotAllowed(_("%(number)s already has an open re-check.") % {"number": locked.number},
                                           code="already_open")
            now = clock.now()
            upper = locked.lead_unit.parent
            due_at, provisional = recheck_due(now)
            seq = case_actions.next_sequence(f"recheck:{upper.code}:{clock.localdate(now).year}")
            task = RecheckTask.objects.create(
                number=f"FC-{upper.code}-{clock.localdate(now).year}-{seq:04d}", complaint=locked, trigger=trigger,
                source=source, reported_unit=locked.lead_unit, recheck_unit=upper, reason=reason, opened_by=actor,
                opened_at=now, due_at=due_at, due_provisional=provisional,
            )
            case_actions.audit_event(
                locked, actor=actor, action="recheck_opened",
                note=reason or (_("The same matter was complained about again in %(number)s.")
                                % {"number": trigger.number} if trigger else ""),
                data={"recheck": task.number, "unit": upper.code, "reported_unit": locked.lead_unit.code,
                      "due_at": due_at, "source": source, "trigger": trigger.number if trigger else None},
            )
            for user in _staff_of(upper, RECHECK_ROLES):
                send_message(
                    "inbox", user, _("Re-check %(task)s: %(number)s") % {"task": task.number, "number": locked.number},
                    _("%(unit)s reported %(number)s unfounded. Your unit re-checks it by %(due)s.") % {
                        "unit": locked.lead_unit.name, "number": locked.number,
                        "due": when(due_at, "DATE_FORMAT")},
                    case=locked, dedupe_key=f"recheck:{task.number}:{user.pk}", kind="recheck",
                )
    except IntegrityError:
        # Two openings raced; the partial unique constraint kept one.
        raise TransitionNotAllowed(_("This case already has an open re-check."), code="already_open") from None
    return task


def _reopen(locked: Complaint, actor, reason: str, task: RecheckTask) -> str:
    """Back to handling. Through the core action when the re-checker may reopen there; else recorded here.

    The core `reopen` needs a supervisor over the registering unit and a called-back or closed case;
    a re-checker of the unit above the lead unit often is neither, so the same `reopen` event (with
    from/to states, so the audit, clocks and scoring read it as any reopen) is appended here.
    """
    if locked.state in (State.CALLED_BACK, State.CLOSED):
        try:
            transitions.check(locked, "reopen", actor)
        except TransitionNotAllowed:
            pass
        else:
            case_actions.do_reopen(locked, actor=actor, reason=reason)
            return "core"
    if locked.state not in REOPEN_FROM:
        return "unchanged"  # already back in handling (reworked, overturned on review...)

    def change(c, t):
        c.closed_at = None
        return {"reason": reason, "recheck": task.number, "via": "recheck"}

    # Through the transition table, as the named system actor "recheck" carrying out the re-checker's decision.
    case_actions.perform(locked, "recheck_reopen", transitions.SystemActor(transitions.RECHECK, actor), change,
                         note=reason)
    locked.refresh_from_db()
    return "recheck"


def do_decide_recheck(task: RecheckTask | int, *, actor, overturn: bool, findings: str) -> RecheckTask:
    """Record the re-check's findings: confirm the "unfounded" finding, or overturn it (reopen + responsibility)."""
    from ecopetition.notify.services import send_message

    findings = (findings or "").strip()
    if not findings:
        raise ValidationError(_("Write down what the re-check found."), field="findings")
    if len(findings) > 20000:
        raise ValidationError(_("The findings are too long."), field="findings")
    tpk = task.pk if isinstance(task, RecheckTask) else task
    with transaction.atomic():
        t = RecheckTask.objects.select_for_update(of=("self",)).select_related("recheck_unit", "reported_unit").get(pk=tpk)
        locked = (Complaint.objects.select_for_update(of=("self",)).select_related("unit", "lead_unit")
                  .get(pk=t.complaint_id))
        if not may_decide(actor, t):
            raise PermissionDenied(_("Only supervisors or officers of %(unit)s (or above it) may decide this re-check.")
                                   % {"unit": t.recheck_unit.name})
        if t.status != RecheckStatus.OPEN:
            raise TransitionNotAllowed(_("This re-check was already decided."), code="decided")
        now = clock.now()
        t.status = RecheckStatus.OVERTURNED if overturn else RecheckStatus.CONFIRMED
        t.findings, t.decided_by, t.decided_at = findings, actor, now
        t.save(update_fields=["status", "findings", "decided_by", "decided_at"])
        case_actions.audit_event(
            locked, actor=actor, action="recheck_overturned" if overturn else "recheck_confirmed", note=findings,
            data={"recheck": t.number, "overturned": overturn, "late": now > t.due_at},
        )
        if overturn:
            reporters = []
            for e in unfounded_reports(locked):
                if e.actor is not None and e.actor not in reporters:
                    reporters.append(e.actor)
            rec = ResponsibilityRecord.objects.create(
                recheck=t, complaint=locked, unit=t.reported_unit, reason=findings, points=responsibility_points(),
                at=now, people_labels="、".join(u.get_full_name() or u.get_username() for u in reporters)[:500],
            )
            rec.people.set(reporters)
            locked.refresh_from_db()
            how = _reopen(locked, actor, _("Re-check %(task)s overturned the “unfounded” finding: %(findings)s")
                          % {"task": t.number, "findings": findings}, t)
            for user in _staff_of(t.reported_unit, (Role.OFFICER, Role.SUPERVISOR)):
                send_message(
                    "inbox", user, _("%(number)s reopened by re-check") % {"number": locked.number},
                    _("%(unit)s overturned your “unfounded” finding on %(number)s: %(findings)s") % {
                        "unit": t.recheck_unit.name, "number": locked.number, "findings": findings},
                    case=locked, dedupe_key=f"recheck-overturned:{t.number}:{user.pk}", kind="recheck",
                )
            log.info("re-check %s overturned %s (%s)", t.number, locked.number, how)
    return t


# --- the repeat hook -------------------------------------------------------------------------------


def candidates_for(trigger: Complaint) -> list[Complaint]:
    """Earlier cases reported unfounded that this later complaint repeats (linked or merged into)."""
    ids = set(trigger.related.values_list("pk", flat=True))
    if trigger.merged_into_id:
        ids.add(trigger.merged_into_id)
    ids.discard(trigger.pk)
    out = []
    for c in Complaint.objects.filter(pk__in=ids, finding=Finding.UNFOUNDED).select_related("lead_unit"):
        reports = unfounded_reports(c)
        # "Again" means after the unit said it was unfounded.
        if reports and trigger.received_at >= reports[-1].at - dt.timedelta(days=1) and c.lead_unit_id:
            out.append(c)
    return out


def open_for_repeat(trigger_id: int) -> list[RecheckTask]:
    trigger = Complaint.objects.filter(pk=trigger_id).first()
    if trigger is None:
        return []
    made = []
    for earlier in candidates_for(trigger):
        if RecheckTask.objects.filter(complaint=earlier, status=RecheckStatus.OPEN).exists():
            continue
        try:
            made.append(do_open_recheck(earlier, actor=None, source=RecheckTask.Source.REPEAT, trigger=trigger))
        except (ValidationError, TransitionNotAllowed) as exc:
            log.info("no re-check for %s: %s", earlier.number, exc.message)
    return made


def on_event_appended(sender, event, case, **kwargs) -> None:
    """A complaint flagged as a repeat (triage) or merged into an earlier case: after commit, look for
    earlier "unfounded" cases it repeats. (Triage's `flag_repeat` sends no `event_committed`, so the hook
    listens inside the transaction and defers its work to the commit.)"""
    if case is None or event.action not in ("flag_repeat", "merge"):
        return
    case_id = case.pk

    def run():
        try:
            open_for_repeat(case_id)
        except Exception:  # never let a hook break the action that already committed
            log.exception("re-check hook for case %s failed", case_id)

    transaction.on_commit(run)
