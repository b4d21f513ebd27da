"""Every state change of a complaint, one function per transition.

Each action runs in one transaction, locks the case row, asks the transition
table whether this actor may do this now, changes the row, and appends one
audit event. Views, the API, importers and the worker all call these; there is
no second path that skips the audit. Side effects leave on commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from ecopetition.core import clock
from ecopetition.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationError
from ecopetition.core.formats import when
from ecopetition.org import queries as org
from ecopetition.org.models import Role, Unit

from . import audit, transitions
from .masking import summary_of
from .models import (
    FINAL_STATES,
    Assignment,
    Callback,
    Category,
    Channel,
    Complainant,
    Complaint,
    Event,
    Extension,
    Finding,
    IdentityGrant,
    NumberSequence,
    ReplyMethod,
    Satisfaction,
    Sector,
    State,
)
from .validators import check_coordinates, normalize_credit_code, normalize_id_number, normalize_phone

REVIEW_REQUEST_DAYS = 30  # 信访工作条例: a review may be requested within 30 days of the reply
MAX_EXTENSION_DAYS = 30
COLLECTIVE_HEAD_COUNT = 5  # a visit by five or more people counts as a collective visit (集体访)


# Other domains add preconditions here without touching this module: a guard
# is called as guard(case, actor) inside the transaction, after the transition
# table allowed the action, and raises a DomainError to refuse it (e.g. field
# work: "a rectification is not verified yet" before close).
GUARDS: dict[str, list[Callable[[Complaint, Any], None]]] = {}


def add_guard(action: str, guard: Callable[[Complaint, Any], None]) -> None:
    if guard not in GUARDS.setdefault(action, []):
        GUARDS[action].append(guard)


# --- helpers ----------------------------------------------------------------

def _text(value: Any, field_name: str, label: str, *, required: bool = False, max_length: int | None = None) -> str:
    text = ("" if value is None else str(value)).strip()
    if "\x00" in text:  # PostgreSQL cannot store it (SQLite would): refuse it on both
        raise ValidationError(_("%(field)s contains a NUL character.") % {"field": label}, field=field_name)
    if required and not text:
        raise ValidationError(_("%(field)s is required.") % {"field": label}, field=field_name)
    if max_length and len(text) > max_length:
        raise ValidationError(
            _("%(field)s is too long (at most %(n)d characters).") % {"field": label, "n": max_length},
            field=field_name,
        )
    return text


def next_sequence(key: str) -> int:
    """Next value of a named counter, inside the caller's transaction.

    One statement (an upsert, on PostgreSQL and SQLite alike): the counter row is
    created at 1 or incremented, and stays locked until the caller commits, so
    numbers have no gaps and no doubles.
    """
    q = connection.ops.quote_name
    table, k, v = q(NumberSequence._meta.db_table), q("key"), q("value")
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {table} ({k}, {v}) VALUES (%s, 1) "  # noqa: S608 - names from the model
            f"ON CONFLICT ({k}) DO UPDATE SET {v} = {table}.{v} + 1 RETURNING {v}",
            [key],
        )
        return cur.fetchone()[0]


def make_number(unit: Unit, at: dt.datetime) -> str:
    """Unit code + local date + daily sequence, e.g. 320902-20261123-0007: unique and sortable."""
    day = clock.localdate(at)
    seq = next_sequence(f"case:{unit.code}:{day:%Y%m%d}")
    return f"{unit.code}-{day:%Y%m%d}-{seq:04d}"


def _lock(case: Complaint | int) -> Complaint:
    pk = case.pk if isinstance(case, Complaint) else case
    return Complaint.objects.select_for_update(of=("self",)).select_related("unit", "lead_unit").get(pk=pk)


def perform(
    case: Complaint | int,
    action: str,
    actor,
    change: Callable[[Complaint, transitions.Transition], dict | None] | None = None,
    *,
    note: str = "",
    target: str | None = None,
) -> Complaint:
    """Lock, check, change, record: the common body of every transition.

    `change` edits the locked case and returns the event's data (what it
    recorded). `target` overrides the table's next state for actions with two
    outcomes decided by their input (none do today but review decisions).
    """
    with transaction.atomic():
        locked = _lock(case)
        t = transitions.check(locked, action, actor)
        for guard in GUARDS.get(action, ()):
            guard(locked, actor)
        before = locked.state
        data = (change(locked, t) if change else None) or {}
        after = target or t.target or before
        locked.state = after
        locked.save()
        person, via = actor, None
        if isinstance(actor, transitions.SystemActor):
            person, via = actor.on_behalf_of, actor.name
        audit.append(locked, actor=person, action=t.event_action, from_state=before, to_state=after, note=note,
                     data=data, via=via)
        audit.announce_on_commit(locked.pk, t.event_action)
    return locked


# --- register ---------------------------------------------------------------

@dataclass
class ComplainantInput:
    name: str = ""
    phone: str = ""
    id_number: str = ""
    address: str = ""


@dataclass
class NewComplaint:
    channel: str
    content: str
    title: str = ""
    received_at: dt.datetime | None = None
    complainants: Sequence[ComplainantInput] = field(default_factory=list)
    is_anonymous: bool = False
    head_count: int = 1
    reported_party_name: str = ""
    reported_party_credit_code: str = ""
    address: str = ""
    division_code: str = ""
    lat: float | None = None
    lon: float | None = None
    categories: Iterable[str] = ()
    sector: str = ""
    is_starred: bool = False
    has_leader_instruction: bool = False
    is_escalated: bool = False
    is_repeat: bool = False
    media_attention: bool = False
    is_urgent: bool = False
    is_emergency: bool = False
    intake_key: str | None = None


SYSTEM_CHANNELS = {"portal", "api", "import", "open311", "demo"}
EARLIEST_RECEIPT_YEAR = 1900


def _validate_new(data: NewComplaint, now: dt.datetime) -> dict[str, Any]:
    if data.channel not in Channel.values:
        raise ValidationError(_("Unknown channel “%(value)s”.") % {"value": data.channel}, field="channel")
    content = _text(data.content, "content", _("Content"), required=True, max_length=50_000)
    title = _text(data.title, "title", _("Summary"), max_length=200)
    received_at = data.received_at or now
    if not isinstance(received_at, dt.datetime) or received_at.tzinfo is None:
        raise ValidationError(_("The time of receipt must be a full date and time."), field="received_at")
    if received_at.year < EARLIEST_RECEIPT_YEAR:
        # Not a real date of receipt, and the database's UTC conversion would overflow near year 1.
        raise ValidationError(_("The time of receipt is too far in the past."), field="received_at")
    if received_at > now + dt.timedelta(minutes=5):
        raise ValidationError(_("The time of receipt cannot be in the future."), field="received_at")
    try:
        head_count = int(data.head_count or 1)
    except (TypeError, ValueError):
        raise ValidationError(_("Head count must be a whole number."), field="head_count") from None
    if head_count < 1 or head_count > 10000:
        raise ValidationError(_("Head count must be between 1 and 10000."), field="head_count")
    if head_count > 1 and data.channel != Channel.VISIT:
        raise ValidationError(_("A head count above one is for visits only."), field="head_count")
    people = []
    for i, p in enumerate(data.complainants):
        person = {
            "name": _text(p.name, "name", _("Name"), max_length=50),
            "phone": normalize_phone(p.phone),
            "id_number": normalize_id_number(p.id_number),
            "address": _text(p.address, "complainant_address", _("Complainant's address"), max_length=300),
            "order": i,
        }
        if any(person[k] for k in ("name", "phone", "id_number", "address")):
            people.append(person)
    # the summary never ends inside (or at the edge of) the complainants' values as the content is masked
    title = title or summary_of(content, people)
    if not data.is_anonymous and not people and data.channel in {Channel.LETTER, Channel.VISIT, Channel.PHONE}:
        raise ValidationError(
            _("Give the complainant's name or phone, or mark the complaint anonymous."), field="name"
        )
    codes = sorted(set(data.categories or ()))
    cats = list(Category.objects.filter(code__in=codes, active=True))
    if len(cats) != len(codes):
        unknown = set(codes) - {c.code for c in cats}
        raise ValidationError(
            _("Unknown pollution category: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}, field="categories"
        )
    sector = None
    if data.sector:
        sector = Sector.objects.filter(code=data.sector, active=True).first()
        if sector is None:
            raise ValidationError(_("Unknown sector “%(value)s”.") % {"value": data.sector}, field="sector")
    division = _text(data.division_code, "division_code", _("Division code"), max_length=12)
    if division and (not division.isdigit() or len(division) not in (6, 9, 12)):
        raise ValidationError(_("A division code has 6, 9 or 12 digits."), field="division_code")
    lat, lon = check_coordinates(data.lat, data.lon)
    return {
        "channel": data.channel,
        "content": content,
        "title": title,
        "received_at": received_at,
        "people": people,
        "head_count": head_count,
        "cats": cats,
        "sector": sector,
        "division_code": division,
        "lat": lat,
        "lon": lon,
        "reported_party_name": _text(data.reported_party_name, "reported_party_name", _("Reported party"), max_length=200),
        "reported_party_credit_code": normalize_credit_code(data.reported_party_credit_code),
        "address": _text(data.address, "address", _("Address"), max_length=300),
        "intake_key": _text(data.intake_key, "intake_key", _("External id"), max_length=100) or None,
    }


def _already_registered(intake_key: str | None) -> Complaint | None:
    """The complaint an earlier intake with this key created (marked `created = False`), if any."""
    if not intake_key:
        return None
    # Almost always there is none: ask for the id alone, and read the whole case only when found.
    pk = Complaint.objects.filter(intake_key=intake_key).values_list("pk", flat=True).first()
    if pk is None:
        return None
    existing = Complaint.objects.get(pk=pk)
    existing.created = False
    return existing


def do_register(
    data: NewComplaint, *, unit: Unit, actor=None, via: str | None = None
) -> Complaint:
    """Register a complaint in `unit`'s register (受理登记).

    A person must be an intake clerk of `unit` or a unit above it; a system
    channel (portal, API, import) passes `actor=None` and names itself in `via`.
    With an `intake_key` already in the register, returns that complaint and
    creates nothing (idempotent intake). `created` on the result says which.
    """
    if actor is None:
        if via not in SYSTEM_CHANNELS:
            raise PermissionDenied(_("Only a person or a known intake channel can register a complaint."))
    elif not org.holds_role_over(actor, Role.CLERK, unit):
        raise TransitionNotAllowed(_("Only an intake clerk of this unit can register complaints here."),
                                   code="not_your_role")
    if not unit.active:
        raise ValidationError(_("This unit is no longer active."), field="unit")
    now = clock.now()
    clean = _validate_new(data, now)
    existing = _already_registered(clean["intake_key"])
    if existing is not None:
        return existing
    is_collective = clean["channel"] == Channel.VISIT and clean["head_count"] >= COLLECTIVE_HEAD_COUNT
    try:
        with transaction.atomic():
            people = [Complainant(**p) for p in clean["people"]]
            case = Complaint(
                number=make_number(unit, clean["received_at"]),
                channel=clean["channel"],
                received_at=clean["received_at"],
                state=State.REGISTERED,
                unit=unit,
                title=clean["title"],
                content=clean["content"],
                is_anonymous=data.is_anonymous,
                head_count=clean["head_count"],
                reported_party_name=clean["reported_party_name"],
                reported_party_credit_code=clean["reported_party_credit_code"],
                address=clean["address"],
                division_code=clean["division_code"] or unit.division_code,
                lat=clean["lat"],
                lon=clean["lon"],
                sector=clean["sector"],
                is_starred=data.is_starred,
                has_leader_instruction=data.has_leader_instruction or clean["channel"] == Channel.INSTRUCTION,
                is_escalated=data.is_escalated,
                is_repeat=data.is_repeat,
                is_collective=is_collective,
                media_attention=data.media_attention,
                is_urgent=data.is_urgent or data.is_emergency,
                is_emergency=data.is_emergency,
                intake_key=clean["intake_key"],
                created_by=actor,
            )
            case.people_to_come = people  # its search columns computed once, with its complainants
            case.save(force_insert=True)
            if clean["cats"]:  # a new case has none yet: add, without reading what is there
                Complaint.categories.through.objects.bulk_create(
                    [Complaint.categories.through(complaint=case, category=c) for c in clean["cats"]])
            for person in people:
                person.complaint = case
            Complainant.objects.bulk_create(people, searched=True)
            audit.append(
                case, actor=actor, via=via, action="register", to_state=State.REGISTERED,
                data={
                    "number": case.number, "channel": case.channel, "unit": unit.code,
                    "received_at": case.received_at, "categories": [c.code for c in clean["cats"]],
                    "complainants": len(clean["people"]), "head_count": case.head_count,
                    "flags": sorted(f for f in ("is_urgent", "is_emergency", "is_starred", "is_escalated",
                                                "is_collective", "media_attention") if getattr(case, f)),
                },
            )
            audit.announce_on_commit(case.pk, "register")
    except IntegrityError:
        # Another request with the same key committed first: answer with its complaint.
        existing = _already_registered(clean["intake_key"])
        if existing is not None:
            return existing
        raise
    case.created = True
    return case


# --- intake decisions ---------------------------------------------------------

def do_accept(case, *, actor, note: str = "") -> Complaint:
    def change(c, t):
        c.accepted_at = clock.now()
        return {}

    return perform(case, "accept", actor, change, note=note)


def do_reject(case, *, actor, reason: str, legal_route: str) -> Complaint:
    """Not accepted (不予受理): the complainant is told which legal route to take instead."""
    reason = _text(reason, "reason", _("Reason"), required=True, max_length=2000)
    legal_route = _text(legal_route, "legal_route", _("Legal route"), required=True, max_length=200)

    def change(c, t):
        c.reject_reason, c.legal_route = reason, legal_route
        return {"reason": reason, "legal_route": legal_route}

    return perform(case, "reject", actor, change, note=reason)


def do_refer(case, *, actor, to_authority: str, reason: str = "") -> Complaint:
    to_authority = _text(to_authority, "to_authority", _("Authority referred to"), required=True, max_length=200)
    reason = _text(reason, "reason", _("Reason"), max_length=2000)

    def change(c, t):
        c.referred_to = to_authority
        return {"to": to_authority, "reason": reason}

    return perform(case, "refer", actor, change, note=reason)


def do_merge(case, *, actor, into: Complaint | int, reason: str = "") -> Complaint:
    """Merge a true duplicate into an earlier case; the child then follows the parent's handling."""
    into_pk = into.pk if isinstance(into, Complaint) else into
    parent = Complaint.objects.visible_to(actor).filter(pk=into_pk).first()
    if parent is None:
        raise ValidationError(_("The case to merge into was not found."), field="into")
    if parent.pk == (case.pk if isinstance(case, Complaint) else case):
        raise ValidationError(_("A case cannot be merged into itself."), field="into")
    if parent.state == State.MERGED:
        raise ValidationError(_("That case was itself merged; merge into %(number)s instead.")
                              % {"number": parent.merged_into.number}, field="into")
    if parent.state in FINAL_STATES:
        # Merged into a finished case, the new matter would never be looked into: it is handled as a new case.
        raise ValidationError(_("%(number)s is already finished (%(state)s), so the matter would never be looked "
                                "into: accept this complaint as a new case instead, and mention %(number)s in it.")
                              % {"number": parent.number, "state": State(parent.state).label}, field="into")

    def change(c, t):
        c.merged_into = parent
        c.related.add(parent)
        return {"into": parent.number, "reason": reason}

    return perform(case, "merge", actor, change, note=reason)


# --- assignment and handling ----------------------------------------------------

def do_assign(case, *, actor, lead_unit: Unit, assisting_units: Iterable[Unit] = (), instructions: str = "") -> Complaint:
    """Assign (交办) to one lead unit and optional assisting units (专班 task force)."""
    assisting = [u for u in assisting_units if u.pk != lead_unit.pk]
    instructions = _text(instructions, "instructions", _("Instructions"), max_length=5000)

    def change(c, t):
        if not lead_unit.active:
            raise ValidationError(_("The lead unit is no longer active."), field="lead_unit")
        # A dispatcher assigns within the tree below the case's registering unit.
        for u in [lead_unit, *assisting]:
            if not u.is_within(c.unit):
                raise ValidationError(
                    _("%(unit)s is outside this case's jurisdiction.") % {"unit": u.name}, field="lead_unit"
                )
        now = clock.now()
        Assignment.objects.filter(complaint=c, active=True).update(active=False)
        Assignment.objects.create(complaint=c, unit=lead_unit, is_lead=True, assigned_at=now, instructions=instructions)
        Assignment.objects.bulk_create(
            [Assignment(complaint=c, unit=u, is_lead=False, assigned_at=now) for u in assisting]
        )
        c.lead_unit = lead_unit
        c.assigned_at = now
        c.signed_at = None
        return {"lead": lead_unit.code, "assisting": [u.code for u in assisting]}

    return perform(case, "assign", actor, change, note=instructions)


def do_return_to_dispatcher(case, *, actor, reason: str) -> Complaint:
    """The lead unit says "not ours" (退回), with its reason; the dispatcher assigns again."""
    reason = _text(reason, "reason", _("Reason"), required=True, max_length=2000)

    def change(c, t):
        Assignment.objects.filter(complaint=c, active=True).update(active=False)
        returned_by = c.lead_unit.code if c.lead_unit else ""
        c.lead_unit = None
        return {"reason": reason, "unit": returned_by}

    return perform(case, "return", actor, change, note=reason)


def do_sign_for(case, *, actor) -> Complaint:
    def change(c, t):
        c.signed_at = clock.now()
        return {}

    return perform(case, "sign_for", actor, change)


def do_report(case, *, actor, finding: str, result: str) -> Complaint:
    """Report the result (办理结果上报): the finding and a short account of what was done."""
    if finding not in Finding.values:
        raise ValidationError(_("Choose whether the complaint was founded, partly founded or unfounded."),
                              field="finding")
    result = _text(result, "result", _("Result"), required=True, max_length=20000)

    def change(c, t):
        c.finding, c.result_summary, c.reported_at = finding, result, clock.now()
        return {"finding": finding}

    return perform(case, "report", actor, change, note=result)


def do_review(case, *, actor, passed: bool, note: str = "") -> Complaint:
    """Review (初审): pass it on to the reply, or send it back for rework (重办) with a reason."""
    note = _text(note, "note", _("Opinion"), required=not passed, max_length=5000)
    return perform(case, "review" if passed else "rework", actor, lambda c, t: {"passed": passed}, note=note)


def do_reply(case, *, actor, text: str, method: str) -> Complaint:
    text = _text(text, "text", _("Reply"), required=True, max_length=20000)
    if method not in ReplyMethod.values:
        raise ValidationError(_("Choose how the reply was given."), field="method")

    def change(c, t):
        c.reply_text, c.reply_method, c.replied_at = text, method, clock.now()
        return {"method": method}

    return perform(case, "reply", actor, change, note=text)


def do_callback(
    case, *, actor, result: str, note: str = "", respondent: str = Callback.Respondent.COMPLAINANT,
    respondent_name: str = "",
) -> Complaint:
    """Record one callback answer (回访). The complainant's answer sets the case's satisfaction."""
    if result not in Satisfaction.values:
        raise ValidationError(_("Choose satisfied, basically satisfied or unsatisfied."), field="result")
    if respondent not in Callback.Respondent.values:
        raise ValidationError(_("Unknown respondent."), field="respondent")
    note = _text(note, "note", _("Note"), max_length=5000)
    respondent_name = _text(respondent_name, "respondent_name", _("Respondent's name"), max_length=50)

    def change(c, t):
        now = clock.now()
        Callback.objects.create(
            complaint=c, respondent=respondent, respondent_name=respondent_name, result=result, note=note,
            by=actor, at=now,
        )
        if respondent == Callback.Respondent.COMPLAINANT or not c.satisfaction:
            c.satisfaction = result
        c.called_back_at = now
        return {"result": result, "respondent": respondent}

    return perform(case, "callback", actor, change, note=note)


def check_closing(c: Complaint, actor, reason: str) -> None:
    """The rule for closing and for stage-closing (阶段办结) alike: never without a callback; a case the
    complainant is unsatisfied with only by a supervisor, with reasons."""
    if not c.callbacks.exists():
        raise TransitionNotAllowed(_("A case cannot close before the complainant is called back."),
                                   code="no_callback")
    if c.satisfaction == Satisfaction.UNSATISFIED:
        if not org.holds_role_over(actor, Role.SUPERVISOR, c.unit):
            raise TransitionNotAllowed(
                _("The complainant is unsatisfied: only a supervisor may close this case, with reasons."),
                code="not_your_role",
            )
        if not reason:
            raise ValidationError(_("Give the reasons for closing a case the complainant is unsatisfied with."),
                                  field="reason")


def do_close(case, *, actor, reason: str = "") -> Complaint:
    """Close (办结), also a stage-closed case once its rectification is struck off. See `check_closing`."""
    reason = _text(reason, "reason", _("Closing remarks"), max_length=5000)

    def change(c, t):
        check_closing(c, actor, reason)
        c.closed_at, c.close_reason = clock.now(), reason
        return {"satisfaction": c.satisfaction}

    return perform(case, "close", actor, change, note=reason)


def do_reopen(case, *, actor, reason: str) -> Complaint:
    """Reopen (重办): back to the lead unit for more work."""
    reason = _text(reason, "reason", _("Reason"), required=True, max_length=5000)

    def change(c, t):
        if c.lead_unit is None:
            raise TransitionNotAllowed(_("The case has no lead unit to reopen it with."), code="no_lead_unit")
        c.closed_at = None
        return {"reason": reason}

    return perform(case, "reopen", actor, change, note=reason)


# --- review (复查) and re-review (复核), 信访工作条例 ------------------------------------------

def _decisions_since_reply(case: Complaint) -> list[Event]:
    """The review events after the case's last reply, oldest first."""
    last_reply = (Event.objects.filter(complaint=case, action="reply").order_by("-seq").values_list("seq", flat=True)
                  .first())
    if last_reply is None:
        return []
    return list(Event.objects.filter(complaint=case, seq__gt=last_reply, action__in=REVIEW_ACTIONS).order_by("seq"))


REVIEW_ACTIONS = ("request_review", "uphold", "overturn", "request_re_review", "re_review_uphold",
                  "re_review_overturn")


def _window_end(start: dt.datetime, days: int) -> dt.date:
    return clock.localdate(start) + dt.timedelta(days=days)


def review_window(case: Complaint) -> tuple[str, dt.date] | None:
    """Which request the complainant may still make and until which day: ("review", last day) within 30 days of
    the reply; ("re_review", last day) within 30 days of the review opinion upholding it; None otherwise."""
    if case.replied_at is None:
        return None
    decisions = _decisions_since_reply(case)
    if not decisions:
        return "review", _window_end(case.replied_at, REVIEW_REQUEST_DAYS)
    last = decisions[-1]
    if last.action == "uphold":
        return "re_review", _window_end(last.at, REVIEW_REQUEST_DAYS)
    return None


def _request_allowed(kind: str):
    def condition(case: Complaint) -> TransitionNotAllowed | None:
        window = review_window(case)
        if window is None or window[0] != kind:
            if kind == "review":
                return TransitionNotAllowed(_("A review can be requested once after a reply; this case's reply was "
                                              "already reviewed (a re-review may follow an upheld review)."),
                                            code="not_now")
            return TransitionNotAllowed(_("A re-review can be requested only after a review upheld the reply."),
                                        code="not_now")
        if clock.localdate() > window[1]:
            what = _("review") if kind == "review" else _("re-review")
            return TransitionNotAllowed(
                _("The %(days)d days to request a %(what)s ended on %(date)s.")
                % {"days": REVIEW_REQUEST_DAYS, "what": what, "date": when(window[1], "DATE_FORMAT")}, code="too_late")
        return None
    return condition


def _extension_pending(case: Complaint) -> TransitionNotAllowed | None:
    if not case.extensions.filter(approved__isnull=True).exists():
        return TransitionNotAllowed(_("There is no extension request waiting for a decision."), code="no_request")
    return None


def _archivable(case: Complaint) -> TransitionNotAllowed | None:
    """A case goes to the archive only once the complainant can no longer ask for a review or re-review."""
    window = review_window(case)
    if window is not None and clock.localdate() <= window[1]:
        what = _("review") if window[0] == "review" else _("re-review")
        return TransitionNotAllowed(
            _("The complainant may still request a %(what)s until %(date)s: archive the case after that day.")
            % {"what": what, "date": window[1].isoformat()}, code="review_window_open")
    return None


transitions.add_precondition("archive", _archivable)
transitions.add_precondition("request_review", _request_allowed("review"))
transitions.add_precondition("request_re_review", _request_allowed("re_review"))
transitions.add_precondition("approve_extension", _extension_pending)


def do_request_review(case, *, actor, reason: str) -> Complaint:
    """A dissatisfied complainant asks for a review (复查) within 30 days of the reply."""
    reason = _text(reason, "reason", _("Reason"), required=True, max_length=5000)
    return perform(case, "request_review", actor, lambda c, t: {"reason": reason}, note=reason)


def _deciding_unit(actor, below: Unit) -> Unit | None:
    """The unit in which `actor` holds the supervisor role above `below` (the body that decides)."""
    for m in org.memberships(actor):
        if m.role == Role.SUPERVISOR and below.path.startswith(m.unit.path) and (m.unit_id != below.pk
                                                                                 or below.parent_id is None):
            return m.unit
    return None


def do_decide_review(case, *, actor, upheld: bool, opinion: str) -> Complaint:
    """The unit above decides a review request: uphold (closed; a re-review may be asked within 30 days) or
    overturn (back to handling). The opinion is the 复查意见."""
    opinion = _text(opinion, "opinion", _("Opinion"), required=True, max_length=5000)

    def change(c, t):
        c.closed_at = clock.now() if upheld else None
        unit = _deciding_unit(actor, c.lead_unit or c.unit)
        return {"upheld": upheld, "unit_id": unit.pk if unit else None}

    return perform(case, "uphold" if upheld else "overturn", actor, change, note=opinion)


def do_request_re_review(case, *, actor, reason: str) -> Complaint:
    """The complainant asks the body above the reviewer for a re-review (复核) within 30 days of the review opinion."""
    reason = _text(reason, "reason", _("Reason"), required=True, max_length=5000)
    return perform(case, "request_re_review", actor, lambda c, t: {"reason": reason}, note=reason)


def do_decide_re_review(case, *, actor, upheld: bool, opinion: str) -> Complaint:
    """The body above the reviewer decides: uphold (closed for good) or overturn (back to handling). 复核意见."""
    opinion = _text(opinion, "opinion", _("Opinion"), required=True, max_length=5000)

    def change(c, t):
        c.closed_at = clock.now() if upheld else None
        unit = _deciding_unit(actor, transitions.reviewing_unit(c))
        return {"upheld": upheld, "unit_id": unit.pk if unit else None}

    return perform(case, "re_review_uphold" if upheld else "re_review_overturn", actor, change, note=opinion)


def do_request_extension(case, *, actor, days: int, reason: str) -> Extension:
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise ValidationError(_("Days must be a whole number."), field="days") from None
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ValidationError(_("An extension is 1 to %(n)d days.") % {"n": MAX_EXTENSION_DAYS}, field="days")
    reason = _text(reason, "reason", _("Reason"), required=True, max_length=5000)
    made: list[Extension] = []

    def change(c, t):
        if c.extensions.filter(approved__isnull=True).exists():
            raise TransitionNotAllowed(_("An extension request is already waiting for a decision."), code="pending")
        if c.extensions.filter(approved=True).exists():
            raise TransitionNotAllowed(_("The limit can be extended only once."), code="already_extended")
        made.append(Extension.objects.create(
            complaint=c, days=days, reason=reason, requested_by=actor, requested_at=clock.now()
        ))
        return {"days": days}

    perform(case, "request_extension", actor, change, note=reason)
    return made[0]


def do_approve_extension(case, *, actor, approved: bool, note: str = "") -> Extension:
    note = _text(note, "note", _("Note"), required=not approved, max_length=5000)
    decided: list[Extension] = []

    def change(c, t):
        ext = c.extensions.filter(approved__isnull=True).first()  # there is one: the precondition said so
        ext.approved, ext.decided_by, ext.decided_at, ext.decision_note = approved, actor, clock.now(), note
        ext.save()
        decided.append(ext)
        return {"approved": approved, "days": ext.days}

    perform(case, "approve_extension", actor, change, note=note)
    return decided[0]


SELF_GRANT_MIN_REASON = 10


def do_grant_identity(case, *, actor, user, reason: str) -> IdentityGrant:
    """Let `user` see this case's complainant identity unmasked; the grant itself is audited."""
    reason = _text(reason, "reason", _("Reason"), required=True, max_length=2000)
    own = getattr(user, "pk", None) == getattr(actor, "pk", None)
    if own and len(reason) < SELF_GRANT_MIN_REASON:
        # Granting oneself the identity needs a stated reason an inspector can judge (recorded as "self").
        raise ValidationError(_("Granting yourself the identity needs a reason of at least %(n)d characters.")
                              % {"n": SELF_GRANT_MIN_REASON}, field="reason")
    made: list[IdentityGrant] = []

    def change(c, t):
        if not Complaint.objects.visible_to(user).filter(pk=c.pk).exists():
            raise ValidationError(_("That person cannot see this case at all."), field="user")
        grant, _created = IdentityGrant.objects.get_or_create(
            complaint=c, user=user, defaults={"granted_by": actor, "reason": reason, "granted_at": clock.now()}
        )
        made.append(grant)
        return {"user": user.get_username(), "self": own}

    perform(case, "grant_identity", actor, change, note=reason)
    return made[0]


# Events that record a reading, not a change: still recorded on an archived case.
READ_EVENTS = frozenset({"phone_view"})


def record_role_change(*, actor, op: str, membership, before: dict | None = None) -> Event:
    """A role assignment added, changed or deleted in the admin (R10-14): an event on the system chain, with
    who did it, to whom, where and which role (and what it was before a change). Roles open identities."""
    data = {"op": op, **membership.audit_fields()}
    if before is not None:
        data["before"] = before
    return audit_event(None, actor=actor, action="role_membership", data=data)


def audit_event(case: Complaint | None, *, actor, action: str, note: str = "", data: dict | None = None) -> Event:
    """Record an event that changes no state (used by other domains: urging, publication...).

    An archived case is read-only: only reading it is recorded (`READ_EVENTS`); anything else is refused."""
    with transaction.atomic():
        locked = _lock(case) if case is not None else None
        if locked is not None and locked.state == State.ARCHIVED and action not in READ_EVENTS:
            raise transitions.archived_refusal()
        return audit.append(locked, actor=actor, action=action, note=note, data=data,
                            from_state=locked.state if locked else "", to_state=locked.state if locked else "")
