"""The discipline-inspection view (纪检监察): read everything in one's jurisdiction, find missed deadlines and
who held the case when they ran out, export a case's full history with its audit chain verified, and mark
a case for accountability follow-up (an audited event that changes nothing in the handling).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ecopetition.cases import actions as case_actions
from ecopetition.cases import audit, privacy
from ecopetition.cases.models import Complaint, Event, State
from ecopetition.core import clock, formats
from ecopetition.core.exceptions import PermissionDenied, ValidationError
from ecopetition.org import queries as org
from ecopetition.org.models import Role, Unit

from .models import EmergencyAlert, RecheckStatus, RecheckTask, ResponsibilityRecord

READ_ROLES = {Role.INSPECTOR, Role.LEADER}
MARK_ACTION = "accountability_mark"


def is_inspector(user) -> bool:
    return Role.INSPECTOR in org.roles_of(user)


def may_read(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or bool(org.roles_of(user) & READ_ROLES)


def require_reader(user) -> None:
    if not may_read(user):
        raise PermissionDenied(_("The oversight view is for discipline inspectors and leaders."))


# --- who held the case ----------------------------------------------------------------


@dataclass
class Holder:
    unit: str
    person: str
    unsigned: bool = False  # assigned to a unit, not yet signed for by anyone there


def _replay(events: list[Event], at: dt.datetime, units: dict[str, str]) -> Holder:
    """Who held the case at `at`, read from its audit events: the unit whose move it was, and the person.

    Registered/accepted: the registering unit (the clerk who took it). Assigned: the lead unit, nobody
    personally until an officer signs for it; signed: that officer. Reported/reviewed: back with the
    registering unit. Reworked or reopened: the lead unit and the officer who signed for it.
    """
    home = lead = ""
    signer = ""
    holder = Holder("", "")
    for e in events:
        if e.at > at:
            break
        data = e.data or {}
        a = e.action
        if a == "register":
            home = data.get("unit", "")
            holder = Holder(home, "" if e.actor_id is None else e.actor_label)
        elif a == "accept":
            holder = Holder(home, e.actor_label)
        elif a == "assign":
            lead, signer = data.get("lead", ""), ""
            holder = Holder(lead, "", unsigned=True)
        elif a == "sign_for":
            signer = e.actor_label
            holder = Holder(lead, signer)
        elif a == "return":
            lead, signer = "", ""
            holder = Holder(home, "")
        elif a in ("report", "review", "reply", "callback"):
            holder = Holder(home, "")
        elif a in ("rework", "reopen", "overturn"):
            holder = Holder(lead or home, signer, unsigned=bool(lead) and not signer)
    return Holder(units.get(holder.unit, holder.unit), holder.person, holder.unsigned)


def _unit_names(events: list[Event]) -> dict[str, str]:
    codes = set()
    for e in events:
        d = e.data or {}
        for k in ("unit", "lead"):
            if isinstance(d.get(k), str):
                codes.add(d[k])
    return dict(Unit.objects.filter(code__in=codes).values_list("code", "name"))


@dataclass
class Missed:
    case: Complaint
    label: str
    key: str
    due_at: dt.datetime
    stopped_at: dt.datetime | None
    late_by: dt.timedelta
    unit: str
    person: str
    kind: str = "clock"
    unsigned: bool = False

    @property
    def late_text(self) -> str:
        hours = int(self.late_by.total_seconds() // 3600)
        if hours >= 48:
            return _("%(n)d days") % {"n": hours // 24}
        if hours >= 1:
            return _("%(n)d h") % {"n": hours}
        return _("%(n)d min") % {"n": max(1, int(self.late_by.total_seconds() // 60))}


def missed_deadlines(cases, *, limit: int = 500) -> list[Missed]:
    """Every clock (deadlines app) and re-check that ran past its due moment on these cases, latest first,
    with the unit and person who held the case when it ran out."""
    from ecopetition.deadlines.models import CaseClock

    now = clock.now()
    ids = cases.values("pk")
    rows = list(
        CaseClock.objects.filter(complaint_id__in=ids)
        .filter(Q(stopped_at__isnull=True, due_at__lt=now) | Q(stopped_at__gt=F("due_at")))
        .select_related("complaint", "complaint__unit").order_by("-due_at")[:limit]
    )
    tasks = list(
        RecheckTask.objects.filter(complaint_id__in=ids)
        .filter(Q(status=RecheckStatus.OPEN, due_at__lt=now) | Q(decided_at__gt=F("due_at")))
        .select_related("complaint", "recheck_unit").order_by("-due_at")[:limit]
    )
    case_ids = {r.complaint_id for r in rows}
    events_by_case: dict[int, list[Event]] = {}
    for e in Event.objects.filter(complaint_id__in=case_ids).order_by("complaint_id", "seq"):
        events_by_case.setdefault(e.complaint_id, []).append(e)
    units = _unit_names([e for evs in events_by_case.values() for e in evs])
    out = []
    from ecopetition.deadlines.sweep import CALLBACK_KEYS

    for r in rows:
        evs = events_by_case.get(r.complaint_id, [])
        h = _replay(evs, r.due_at, units)
        if r.key in CALLBACK_KEYS:
            # The survey after the site visit is the registering unit's callback officers' to do, not the handler's.
            home = (evs[0].data or {}).get("unit", "") if evs else ""
            h = Holder(units.get(home, home), _("callback officer"))
        end = r.stopped_at or now
        out.append(Missed(r.complaint, r.label, r.key, r.due_at, r.stopped_at, end - r.due_at, h.unit, h.person,
                          unsigned=h.unsigned))
    for t in tasks:
        end = t.decided_at or now
        out.append(Missed(t.complaint, _("Re-check %(n)s") % {"n": t.number}, t.clock_key, t.due_at, t.decided_at,
                          end - t.due_at, t.recheck_unit.name, "", kind="recheck"))
    out.sort(key=lambda m: m.due_at, reverse=True)
    return out[:limit]


# --- history and export -----------------------------------------------------------------------


@dataclass
class Verification:
    ok: bool
    events: int
    head_hash: str
    breaks: list[str] = field(default_factory=list)
    verified_at: dt.datetime | None = None


def verify_case(case: Complaint) -> Verification:
    """Recompute the case's hash chain now (cases.audit.verify), including the head kept on the case row."""
    case.refresh_from_db(fields=["event_seq", "last_hash"])
    qs = Event.objects.filter(complaint=case)
    breaks = [str(b) for b in audit.verify(qs)]
    n = qs.count()
    if n == 0 and case.event_seq:
        breaks.append(_("the case head says %(n)d events but none exist") % {"n": case.event_seq})
    return Verification(not breaks, n, case.last_hash, breaks, clock.now())


def chain_statement(v: Verification) -> str:
    """What the server's own check of the chain found, in words: what a reader without the identity grant gets
    instead of the hashes (an event's hash is over its note as written, so it would confirm guesses of what
    was masked)."""
    at = v.verified_at or clock.now()
    when = f"{formats.when(at)}:{timezone.localtime(at):%S}"  # the audit pages' "seconds" precision
    if v.ok:
        return _("Chain check: intact, %(n)d events (verified by the server at %(when)s)") % {"n": v.events,
                                                                                            "when": when}
    return _("Chain check: BROKEN (verified by the server at %(when)s)") % {"when": when}


def _iso(value):
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat() if hasattr(value, "isoformat") else value


def history(case: Complaint, user) -> dict:
    """Everything recorded about a case, as `user` may see it (identity masked unless granted)."""
    from ecopetition.deadlines.models import CaseClock

    events = list(Event.objects.filter(complaint=case).order_by("seq"))
    identity = privacy.identity_for(user, case)
    people, unmasked, shown = identity.people, identity.unmasked, identity.text
    v = verify_case(case)
    # Hashes only to readers who see the identities: an event's hash is over its note and data as written, so
    # with the masked text beside it, it tests guesses of what the mask hides (R10-9).
    hashes = unmasked
    missed = missed_deadlines(Complaint.objects.filter(pk=case.pk))
    alert = EmergencyAlert.objects.filter(complaint=case).prefetch_related("recipients").first()
    return {
        "format": "ecopetition.case-history/1",
        "exported_at": _iso(clock.now()),
        "exported_by": user.get_username(),
        "exported_by_name": user.get_full_name() or user.get_username(),
        "case": {
            "number": case.number, "state": case.state, "state_label": str(State(case.state).label),
            "channel": case.channel, "received_at": _iso(case.received_at), "title": identity.title(),
            "content": shown(case.content), "address": shown(case.address), "division_code": case.division_code,
            "registering_unit": case.unit.name, "lead_unit": case.lead_unit.name if case.lead_unit else None,
            "reported_party": identity.party(), "finding": case.finding, "result": shown(case.result_summary),
            "satisfaction": case.satisfaction, "is_emergency": bool(getattr(case, "is_emergency", False)),
            "is_repeat": case.is_repeat, "is_escalated": case.is_escalated, "closed_at": _iso(case.closed_at),
        },
        "complainants": {
            "masked": not unmasked, "anonymous": case.is_anonymous,
            "people": [{"name": p.name, "phone": p.phone, "id_number": p.id_number, "address": p.address}
                       for p in people],
        },
        "hashes_shown": hashes,
        "events": [
            {"seq": e.seq, "at": _iso(e.at), "actor": e.actor_label, "action": e.action, "from_state": e.from_state,
             "to_state": e.to_state, "note": shown(e.note), "data": identity.data(e.data),
             **({"prev_hash": e.prev_hash, "hash": e.hash} if hashes else {})}
            for e in events
        ],
        "verification": {
            "ok": v.ok, "events": v.events, **({"head_hash": v.head_hash} if hashes else {}), "breaks": v.breaks,
            "verified_at": _iso(v.verified_at), "statement": chain_statement(v),
            "method": "SHA-256 over each event's canonical JSON and the previous event's hash "
                      "(ecopetition.cases.audit.compute_hash), recomputed on the server; the last hash must equal "
                      "the case's head." + ("" if hashes else " The hashes are given only to readers with the "
                                            "identity grant: they are over the notes as written."),
        },
        "clocks": [
            {"key": c.key, "label": c.label, "started_at": _iso(c.started_at), "due_at": _iso(c.due_at),
             "stopped_at": _iso(c.stopped_at), "stopped_by": c.stopped_by,
             "stopped_by_label": c.stopped_by_label, "provisional": c.provisional,
             "missed": (c.stopped_at or clock.now()) > c.due_at}
            for c in CaseClock.objects.filter(complaint=case).order_by("started_at", "id")
        ],
        "missed_deadlines": [
            {"clock": m.label, "due_at": _iso(m.due_at), "stopped_at": _iso(m.stopped_at),
             "late_by_minutes": int(m.late_by.total_seconds() // 60), "held_by_unit": m.unit, "held_by_person": m.person,
             "not_signed_for": m.unsigned}
            for m in missed
        ],
        "callbacks": [
            {"at": _iso(cb.at), "respondent": cb.respondent, "respondent_label": cb.get_respondent_display(),
             "respondent_name": identity.person_name(cb.respondent_name), "result": cb.result,
             "result_label": cb.get_result_display(), "note": shown(cb.note)}
            for cb in case.callbacks.order_by("at", "id")
        ],
        "rechecks": [
            {"number": t.number, "status": t.status, "status_label": t.get_status_display(), "recheck_unit": t.recheck_unit.name,
             "reported_unit": t.reported_unit.name, "opened_at": _iso(t.opened_at), "due_at": _iso(t.due_at),
             "decided_at": _iso(t.decided_at), "findings": shown(t.findings)}
            for t in case.rechecks.select_related("recheck_unit", "reported_unit")
        ],
        "responsibility": [
            {"unit": r.unit.name, "people": r.people_labels, "reason": shown(r.reason), "points": str(r.points),
             "at": _iso(r.at)}
            for r in ResponsibilityRecord.objects.filter(complaint=case).select_related("unit")
        ],
        "emergency": None if alert is None else {
            "raised_at": _iso(alert.raised_at), "handled_at": _iso(alert.handled_at),
            "no_contacts": alert.no_contacts,
            "recipients": [{"who": r.label, "kind": r.kind, "channels": r.channels,
                            "channel_names": r.channel_names, "acknowledged_at": _iso(r.acknowledged_at)} for r in alert.recipients.all()],
        },
    }


# --- accountability mark --------------------------------------------------------------------------


def do_mark_accountability(case: Complaint, *, actor, reason: str, concerning: str = "") -> Event:
    """An inspector marks a case for accountability follow-up (问责跟进). Audited; changes no state."""
    if not is_inspector(actor):
        raise PermissionDenied(_("Only discipline inspectors mark cases for accountability follow-up."))
    if not Complaint.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise PermissionDenied(_("This case is outside your jurisdiction."))
    reason = (reason or "").strip()
    concerning = (concerning or "").strip()[:300]
    if not reason:
        raise ValidationError(_("Say why the case needs accountability follow-up."), field="reason")
    if len(reason) > 5000:
        raise ValidationError(_("The reason is too long."), field="reason")
    return case_actions.audit_event(case, actor=actor, action=MARK_ACTION, note=reason,
                                    data={"reason": reason, "concerning": concerning})


def marks(cases) -> list[Event]:
    return list(Event.objects.filter(complaint_id__in=cases.values("pk"), action=MARK_ACTION)
                .select_related("complaint").order_by("-at")[:500])
