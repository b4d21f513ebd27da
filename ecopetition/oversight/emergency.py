"""Emergency linkage (应急联动): keyword suggestion at intake, the alert to the leader on duty and the
linked departments of the case's division, acknowledgements, and marking the emergency handled.

The one-hour response clock is a deadline policy of the deadlines app (key "emergency", added by this
app's migration 0002): it starts on `register` (or `emergency_declared`) for cases flagged
`is_emergency` and stops on `emergency_handled` or `site_visit`.
"""

from __future__ import annotations

import logging
import re

from django.db import transaction
from django.utils.translation import gettext as _

from ecopetition.cases import actions as case_actions
from ecopetition.cases import privacy
from ecopetition.cases.models import OPEN_STATES, Complaint
from ecopetition.core import clock
from ecopetition.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationError
from ecopetition.core.formats import when
from ecopetition.org import queries as org
from ecopetition.org.models import Membership, Role

from .defaults import DEFAULT_TERMS  # noqa: F401  (shipped keyword list, re-exported)
from .models import (
    EMERGENCY_ACTIONS,
    AlertRecipient,
    DutyRoster,
    EmergencyAlert,
    EmergencyContact,
    EmergencyKeyword,
)

log = logging.getLogger("ecopetition.oversight")


# Who may declare or close an emergency on a case: staff of its registering unit or above.
DECLARE_ROLES = (Role.CLERK, Role.SUPERVISOR, Role.LEADER, Role.DISPATCHER)
HANDLE_ROLES = (Role.LEADER, Role.SUPERVISOR)


def active_terms() -> list[str]:
    return list(EmergencyKeyword.objects.filter(active=True).values_list("term", flat=True))


def suggest(text: str, terms: list[str] | None = None) -> tuple[bool, list[str]]:
    """Does `text` read like a possible environmental emergency? Returns (suggested, matched terms).

    Matching is plain substring search over the keyword list (whitespace removed, so "死 鱼" still
    matches); the terms come back in the order they first appear in the text. A suggestion only:
    the clerk decides.
    """
    compact = re.sub(r"\s+", "", text or "")
    if not compact:
        return False, []
    found = []
    for term in terms if terms is not None else active_terms():
        t = re.sub(r"\s+", "", term)
        pos = compact.find(t) if t else -1
        if pos >= 0:
            found.append((pos, term))
    # Drop a term contained in a longer one that matched at the same place (泄漏 inside 化工泄漏).
    matched = []
    for _pos, term in sorted(found, key=lambda x: (x[0], -len(x[1]))):
        if any(term in other and term != other for _p, other in found):
            continue
        if term not in matched:
            matched.append(term)
    return bool(matched), matched


# --- who is alerted ----------------------------------------------------------------------


def contacts_for(division_code: str) -> list[EmergencyContact]:
    """The linked departments of a division: contacts whose code covers the case's place, within its county."""
    code = (division_code or "").strip()
    if len(code) < 6:
        return []
    county = code[:6]
    rows = EmergencyContact.objects.filter(active=True, division_code__startswith=county)
    return [c for c in rows if code.startswith(c.division_code)]


def duty_leaders(case: Complaint) -> tuple[list[tuple[object, str]], bool]:
    """(user, phone) of the leader on duty today at the nearest unit from the case's unit upwards.

    Falls back to the leaders (role) of that nearest unit that has any; the flag says whether the
    roster had no one (the alert records it, so the roster gap is visible).
    """
    today = clock.localdate()
    chain = [case.unit, *reversed(case.unit.ancestors())]  # the unit itself first, then upwards
    for unit in chain:
        row = DutyRoster.objects.filter(unit=unit, date=today).select_related("leader").first()
        if row is not None and row.leader.is_active:
            phone = row.phone or _membership_phone(row.leader, unit)
            return [(row.leader, phone)], False
    for unit in chain:
        ms = list(Membership.objects.filter(unit=unit, role=Role.LEADER, user__is_active=True).select_related("user"))
        if ms:
            return [(m.user, m.phone) for m in ms], True
    return [], True


def _membership_phone(user, unit) -> str:
    m = Membership.objects.filter(user=user, unit=unit).exclude(phone="").first()
    return m.phone if m else ""


def ack_url(token: str) -> str:
    from ecopetition.notify.services import site_url

    return site_url(f"/staff/oversight/ack/{token}/")


# --- raising the alert ----------------------------------------------------------------------


def raise_alert(case_id: int) -> EmergencyAlert | None:
    """Alert the leader on duty and the linked departments of an emergency case, once.

    Called after the registering (or declaring) transaction committed. Idempotent: a second call
    finds the alert and sends nothing. Messages go through `notify.send_message` (inbox for staff,
    SMS and e-mail for the departments), delivered on commit.
    """
    from ecopetition.notify.services import send_message

    with transaction.atomic():
        case = Complaint.objects.select_for_update(of=("self",)).select_related("unit").filter(pk=case_id).first()
        if case is None or not getattr(case, "is_emergency", False):
            return None
        existing = EmergencyAlert.objects.filter(complaint=case).first()
        if existing is not None:
            return existing
        now = clock.now()
        contacts = contacts_for(case.division_code)
        leaders, no_roster = duty_leaders(case)
        alert = EmergencyAlert.objects.create(
            complaint=case, raised_at=now, division_code=case.division_code, no_contacts=not contacts,
            no_duty_leader=no_roster,
        )
        subject = _("Possible environmental emergency: %(number)s") % {"number": case.number}
        place = privacy.mask_text(case.address, privacy.case_masks(case)) or case.division_code
        summary = _("%(title)s — %(place)s, received %(at)s.") % {
            "title": privacy.masked_title(case), "place": place, "at": when(case.received_at, "DATE_FORMAT")}
        labels = []
        for user, phone in leaders:
            r = AlertRecipient.objects.create(alert=alert, kind=AlertRecipient.Kind.DUTY_LEADER, user=user,
                                              label=user.get_full_name() or user.get_username(), notified_at=now)
            body = summary + " " + _("Please acknowledge: %(url)s") % {"url": ack_url(r.token)}
            channels = ["inbox"]
            send_message("inbox", user, subject, body, case=case, dedupe_key=f"emergency:{case.pk}:leader:{user.pk}",
                         kind="emergency")
            if phone:
                send_message("sms", phone, subject, body, case=case, kind="emergency",
                             params={"number": case.number, "url": ack_url(r.token)},
                             dedupe_key=f"emergency:{case.pk}:leader-sms:{user.pk}")
                channels.append("sms")
            if not contacts:
                send_message(
                    "inbox", user, _("No linked department alerted for %(number)s") % {"number": case.number},
                    _("No emergency contact is configured for division %(code)s: no one outside this office was "
                      "alerted about %(number)s. Call the police, emergency management and health departments "
                      "yourself.") % {"code": case.division_code or "—", "number": case.number},
                    case=case, dedupe_key=f"emergency:{case.pk}:nocontact:{user.pk}", kind="emergency",
                )
            r.channels = ",".join(channels)
            r.save(update_fields=["channels"])
            labels.append(r.label)
        outside = outside_summary(case)
        for c in contacts:
            r = AlertRecipient.objects.create(alert=alert, kind=AlertRecipient.Kind.CONTACT, contact=c,
                                              label=c.name, notified_at=now)
            body = outside + " " + _("Please acknowledge: %(url)s") % {"url": ack_url(r.token)}
            channels = []
            if c.phone:
                send_message("sms", c.phone, subject, body, case=case, dedupe_key=f"emergency:{case.pk}:sms:{c.pk}",
                             kind="emergency", params={"number": case.number, "url": ack_url(r.token)})
                channels.append("sms")
            if c.email:
                send_message("email", c.email, subject, body, case=case, kind="emergency",
                             dedupe_key=f"emergency:{case.pk}:email:{c.pk}")
                channels.append("email")
            r.channels = ",".join(channels)
            r.save(update_fields=["channels"])
            labels.append(r.label)
        case_actions.audit_event(
            case, actor=None, action="emergency_alert",
            note=_("Alerted: %(who)s") % {"who": "、".join(labels) or "—"},
            data={"recipients": labels, "no_contacts": not contacts, "no_duty_leader": no_roster,
                  "division": case.division_code},
        )
    return alert


def outside_summary(case: Complaint) -> str:
    """What a linked department outside the bureau is told of an emergency (its SMS, e-mail and the page its link
    opens): the kind of matter (categories and matched emergency keywords), the place to the street as the public gets it and when it was received, never the
    complainant's own words, in which a name or a home may stand that the detector does not know (R10-6). The
    bureau's number to call is in the message's template; the leader on duty reads the case itself."""
    from ecopetition.analytics.disclosure import public_place

    # what happened, in the bureau's own words: the categories and the emergency keywords (an editable list, so
    # never a name) the text matches, e.g. 水 · 死鱼、化工泄漏
    _hit, terms = suggest(_text(case.title, case.content))
    kinds = "、".join(dict.fromkeys([*(str(c) for c in case.categories.all()), *terms[:4]])) or _("environmental matter")
    place = public_place(case.address, case.complainants.all()) or case.division_code or "—"
    return _("Possible environmental emergency (%(kinds)s) at %(place)s, received %(at)s.") % {
        "kinds": kinds, "place": place, "at": when(case.received_at, "DATE_FORMAT")}


def suggest_to_staff(case_id: int, case: Complaint | None = None) -> list[str]:
    """A case registered without the flag whose text reads like an emergency happening now (triage's detector:
    the keyword list is one of its signals): alert the leader on duty of the case's area at once, and the clerk
    and supervisors, to confirm (declare, which starts the alert chain and its clock) or dismiss it. `case`: the
    case read with its unit and registering user, when the caller has it."""
    from ecopetition.notify.services import send_message
    from ecopetition.triage import engine

    if case is None:
        case = _for_suggestion(case_id)
    if case is None or getattr(case, "is_emergency", False):
        return []
    found = engine.classify(_text(case.title, case.content))
    if not found["emergency"]:
        return []
    terms = [w["term"] for w in found["emergency_why"] if w.get("term")][:4]
    people = {m.user for m in Membership.objects.filter(unit=case.unit, role=Role.SUPERVISOR).select_related("user")}
    if case.created_by is not None:
        people.add(case.created_by)
    leaders, _no_roster = duty_leaders(case)
    people |= {user for user, _phone in leaders}
    text = _("%(number)s reads like an environmental emergency happening now (%(terms)s). Confirm it by declaring "
             "it on the case page, which alerts the linked departments and starts the one-hour clock, or dismiss "
             "it if it is not one.") % {"number": case.number, "terms": "、".join(terms)}
    with transaction.atomic():
        for user in people:
            send_message("inbox", user, _("Possible emergency? %(number)s") % {"number": case.number}, text,
                         case=case, dedupe_key=f"emergency-suggest:{case.pk}:{user.pk}", kind="emergency")
    return terms


def _text(title: str, content: str) -> str:
    return f"{title} {content}"


def prepare(items) -> None:
    """Outbox prepare step: classify the texts of the batch's newly registered cases before the batch's
    transaction opens, for `suggest_to_staff` (run inside it, by the announcement) to find them done."""
    from ecopetition.triage import engine

    ids = [i.complaint_id for i in items if i.kind == i.Kind.ANNOUNCE and i.action == "register" and i.complaint_id]
    if ids:
        engine.think_ahead(_text(t, c) for t, c in Complaint.objects.filter(pk__in=ids, is_emergency=False)
                           .values_list("title", "content"))


def _for_suggestion(case_id: int) -> Complaint | None:
    return Complaint.objects.select_related("unit", "created_by").filter(pk=case_id).first()


def on_event_committed(sender, case_id: int, action: str, **kwargs) -> None:
    """After a registration (or declaration) commits: alert for emergencies, suggest for look-alikes."""
    if action not in EMERGENCY_ACTIONS:
        return
    try:
        # One read for the common case (registered, not flagged): the alert's locking read only for a flagged one.
        case = _for_suggestion(case_id)
        if case is None:
            return
        if case.is_emergency:
            raise_alert(case_id)
        elif action == "register":
            suggest_to_staff(case_id, case)
    except Exception:  # an alert problem must never undo or break the registration that already committed
        log.exception("emergency alert for case %s failed", case_id)


# --- actions ---------------------------------------------------------------------------------


def _may(user, case: Complaint, roles) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(org.holds_role_over(user, r, case.unit) for r in roles)


def do_declare_emergency(case: Complaint, *, actor, reason: str) -> Complaint:
    """Flag a registered case as a possible emergency after intake (the clerk learnt more), and alert."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why this is a possible emergency."), field="reason")
    with transaction.atomic():
        locked = Complaint.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)
        if not _may(actor, locked, DECLARE_ROLES):
            raise PermissionDenied(_("Only intake, dispatch, supervisors or leaders of this case's unit may declare "
                                     "an emergency."))
        if getattr(locked, "is_emergency", False):
            raise TransitionNotAllowed(_("This case is already flagged as a possible emergency."), code="already")
        if locked.state not in OPEN_STATES:
            raise TransitionNotAllowed(_("The case is no longer open."), code="wrong_state")
        Complaint.objects.filter(pk=locked.pk).update(is_emergency=True, is_urgent=True)
        locked.is_emergency = True
        locked.is_urgent = True
        case_actions.audit_event(locked, actor=actor, action="emergency_declared", note=reason,
                                 data={"reason": reason})
        pk = locked.pk
        transaction.on_commit(lambda: on_event_committed(Complaint, case_id=pk, action="emergency_declared"))
    return locked


def can_acknowledge(user, recipient: AlertRecipient) -> bool:
    """The leader alerted acknowledges for themself; a leader or supervisor over the case may record a
    department's acknowledgement (e.g. confirmed by phone)."""
    if recipient.kind == AlertRecipient.Kind.DUTY_LEADER:
        return recipient.user_id == getattr(user, "pk", None)
    return _may(user, recipient.alert.complaint, HANDLE_ROLES) or any(
        r.user_id == getattr(user, "pk", None) for r in recipient.alert.recipients.all()
        if r.kind == AlertRecipient.Kind.DUTY_LEADER)


def do_acknowledge(recipient: AlertRecipient, *, actor=None, note: str = "", by_token: bool = False) -> AlertRecipient:
    """Record that an alerted person or department has the alert. With `by_token` the link itself is the proof."""
    note = (note or "").strip()[:300]
    with transaction.atomic():
        r = AlertRecipient.objects.select_for_update(of=("self",)).select_related("alert__complaint__unit").get(pk=recipient.pk)
        if not by_token and not can_acknowledge(actor, r):
            raise PermissionDenied(_("You may not acknowledge this alert."))
        if r.acknowledged_at is not None:
            raise TransitionNotAllowed(_("Already acknowledged at %(at)s.") % {
                "at": when(r.acknowledged_at)}, code="already")
        r.acknowledged_at = clock.now()
        r.acknowledged_by = actor if getattr(actor, "is_authenticated", False) else None
        r.ack_note = note
        r.save(update_fields=["acknowledged_at", "acknowledged_by", "ack_note"])
        case_actions.audit_event(
            r.alert.complaint, actor=r.acknowledged_by, action="emergency_ack",
            note=note or _("%(who)s acknowledged the alert.") % {"who": r.label},
            data={"recipient": r.label, "kind": r.kind, "via": "link" if by_token else "console"},
        )
    return r


def do_mark_handled(case: Complaint, *, actor, note: str) -> EmergencyAlert:
    """The response is under way: the emergency leaves the top of the wall board and its clock stops."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Say what was done."), field="note")
    with transaction.atomic():
        locked = Complaint.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)
        alert = EmergencyAlert.objects.select_for_update().filter(complaint=locked).first()
        if alert is None:
            raise TransitionNotAllowed(_("No emergency alert was raised for this case."), code="no_alert")
        duty = alert.recipients.filter(kind=AlertRecipient.Kind.DUTY_LEADER, user=actor).exists()
        if not (duty or _may(actor, locked, HANDLE_ROLES)):
            raise PermissionDenied(_("Only the leader on duty, or a leader or supervisor of this case's unit, may "
                                     "mark the emergency handled."))
        if alert.handled_at is not None:
            raise TransitionNotAllowed(_("The emergency is already marked handled."), code="already")
        alert.handled_at, alert.handled_by, alert.handled_note = clock.now(), actor, note
        alert.save(update_fields=["handled_at", "handled_by", "handled_note"])
        case_actions.audit_event(locked, actor=actor, action="emergency_handled", note=note, data={})
    return alert
