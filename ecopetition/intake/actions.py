"""Intake state changes: portal filing and rating, reception days, rate limits.

Complaints are always registered through `cases.actions.do_register`; what is
here is the intake side around it (tracking codes, sessions) and the one
system path the portal needs: a complainant's own rating, recorded as a
callback answer without a staff actor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import logging
import math
import os
import random
import secrets
import time
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ecopetition.cases import actions as case_actions
from ecopetition.cases.actions import NewComplaint, _text, do_register
from ecopetition.cases.models import Callback, Channel, Complaint, Satisfaction, State
from ecopetition.cases.transitions import PORTAL, SystemActor
from ecopetition.core import clock
from ecopetition.core.exceptions import (
    DomainError,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationError,
    database_unavailable,
)
from ecopetition.org import queries as org
from ecopetition.org.models import Role, Unit

from . import routing
from .models import IntakeRoute, PortalTicket, RateBucket, ReceptionSession, ReceptionVisit, hash_code

log = logging.getLogger("ecopetition.intake")

# Query codes avoid letters and digits people confuse when reading them aloud (0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
# Wrong query codes are counted per client address and per tracking number in windows of this length.
WRONG_CODE_WINDOW_SECONDS = 3600
PORTAL_IMAGE_KINDS = {"jpeg", "png", "gif", "webp", "heic"}
PORTAL_FORM_SLACK = 256 * 1024  # the portal form's text fields and the multipart headers around its photos


def portal_photo_limits() -> tuple[int, int]:
    """How many photos the portal takes with a complaint, and how many bytes each may have."""
    return settings.INTAKE_PORTAL_MAX_PHOTOS, min(settings.INTAKE_PORTAL_PHOTO_MAX_BYTES, settings.ATTACHMENT_MAX_BYTES)


def portal_body_limit() -> int:
    """The largest submission the portal's form can make: a larger one is refused before it is read
    (registered with core's body-size limit in intake.apps)."""
    count, each = portal_photo_limits()
    return count * each + PORTAL_FORM_SLACK


def megabytes(size: int) -> str:
    return f"{size / 2**20:.0f}" if size >= 2**20 else f"{size / 2**20:.1f}"


def portal_unit() -> Unit:
    """The area the public portal serves: setting/env INTAKE_PORTAL_UNIT (a unit code), else the top unit.

    Complaints are filed inside it by their place (`routing`); those whose place cannot be read stay with its
    nearest unit that has an intake clerk."""
    code = getattr(settings, "INTAKE_PORTAL_UNIT", "") or os.environ.get("ECOPETITION_PORTAL_UNIT", "")
    qs = Unit.objects.filter(active=True)
    unit = qs.filter(code=code).first() if code else None
    if unit is None:
        unit = qs.filter(parent__isnull=True).order_by("path").first()
    if unit is None:
        raise ValidationError(_("The portal is not configured yet: no unit receives complaints."))
    return unit


def new_query_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


# --- registering robustly -------------------------------------------------------------

class RegisterBusy(DomainError):
    status = 503
    code = "busy"


def _robustly(work, *, attempts: int = 3):
    """Run `work()` (which registers a complaint and returns it) in a transaction, robustly.

    Other domains hook into registration, inside the transaction and after commit. A
    deadlock between two concurrent registrations rolls one back: it is retried here
    (safe: nothing of it was kept). A hook that fails after the commit must not turn a
    registered complaint into an error for the sender: the complaint stands, the failure
    is logged.
    """
    for attempt in range(1, attempts + 1):
        holder: list[Complaint] = []
        try:
            with transaction.atomic():
                holder.append(work())
            return holder[0]
        except DomainError:
            raise
        except Exception as exc:
            if holder and Complaint.objects.filter(pk=holder[0].pk).exists():
                log.exception("a hook failed after %s was registered; the complaint stands", holder[0].number)
                return holder[0]
            if not database_unavailable(exc):
                raise
            if attempt == attempts:
                raise RegisterBusy(_("The register is busy; please send the complaint again.")) from exc
            log.warning("registration rolled back (%s); retrying", exc)
            if not connection.in_atomic_block and not connection.is_usable():
                connection.close()  # lost (database restarted): the next attempt connects afresh
            time.sleep(0.01 * attempt + random.random() * 0.02)  # noqa: S311 - jitter only
    raise RegisterBusy(_("The register is busy; please send the complaint again."))


def register_safely(data: NewComplaint, *, unit: Unit, actor, via: str) -> Complaint:
    """`cases.actions.do_register`, retried on deadlocks and safe against failing after-commit hooks."""
    return _robustly(lambda: do_register(data, unit=unit, actor=actor, via=via))


def plan_route(data: NewComplaint, *, fallback: Unit, candidates: list[Unit] | None = None) -> routing.Route:
    """Where a complaint that came in by itself is filed (read before any transaction: reading can be slow).
    The place read fills the division code when none was given. `candidates`: see `routing.route`."""
    r = routing.route(fallback=fallback, division_code=data.division_code, lat=data.lat, lon=data.lon,
                      address=data.address, candidates=candidates)
    if r.division_code and not data.division_code and not r.unrouted and len(r.division_code) in (6, 9, 12):
        data.division_code = r.division_code
    return r


def route_record(case: Complaint, r: routing.Route, *, fallback: Unit) -> IntakeRoute | None:
    """The record of how a case was routed (unsaved), when a place was read; None when there was nothing to read."""
    if not r.read:
        return None
    return IntakeRoute(complaint=case, channel_unit=fallback, division_code=r.division_code[:12],
                       reason=r.reason[:2000], confidence=r.confidence, unrouted=r.unrouted)


def record_route(case: Complaint, r: routing.Route, *, fallback: Unit) -> None:
    row = route_record(case, r, fallback=fallback)
    if row is not None:
        IntakeRoute.objects.get_or_create(complaint=case, defaults={
            f: getattr(row, f) for f in ("channel_unit", "division_code", "reason", "confidence", "unrouted")})


def register_routed(data: NewComplaint, *, fallback: Unit, actor, via: str) -> Complaint:
    """Register a complaint at the unit responsible for its place, inside `fallback`'s area (see `routing`)."""
    r = plan_route(data, fallback=fallback)

    def work() -> Complaint:
        case = do_register(data, unit=r.unit, actor=actor, via=via)
        record_route(case, r, fallback=fallback)
        return case

    return _robustly(work)


# --- rate limit ---------------------------------------------------------------

def _bucket_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:40]


def address_key(address: str) -> str:
    """A client as the portal's limits count it: the IPv4 address, or the /64 network of an IPv6 address
    (what one subscriber is usually given: counting single IPv6 addresses would let one person walk through
    billions of them)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def hit_rate_limit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one request under `key`; True when the key went over `limit` in the current window.

    A fixed window kept in the database, so every worker process shares it. The window starts with the
    first request after the previous one ended and is never lengthened: a limit always lifts by itself.
    """
    now = clock.now()
    hashed = _bucket_key(key)
    start = now - dt.timedelta(seconds=window_seconds)
    with transaction.atomic():
        updated = RateBucket.objects.filter(key=hashed, window_start__gt=start).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateBucket.objects.update_or_create(key=hashed, defaults={"window_start": now, "count": 1})
            except IntegrityError:
                RateBucket.objects.filter(key=hashed).update(count=F("count") + 1)
        count = RateBucket.objects.filter(key=hashed).values_list("count", flat=True).first() or 0
    return count > limit


def rate_limited_until(key: str, *, limit: int, window_seconds: int) -> dt.datetime | None:
    """Without counting anything: when `key` has already had `limit` requests in its current window (of
    `hit_rate_limit`), the moment that window ends and the limit lifts; else None."""
    start = clock.now() - dt.timedelta(seconds=window_seconds)
    row = (RateBucket.objects.filter(key=_bucket_key(key), window_start__gt=start)
           .values_list("window_start", "count").first())
    if row is None or row[1] < limit:
        return None
    return row[0] + dt.timedelta(seconds=window_seconds)


class TooManyAttempts(DomainError):
    """Too many wrong query codes: refused, whatever the code, until `until` (the window's end)."""

    status = 429
    code = "too_many_attempts"

    def __init__(self, until: dt.datetime) -> None:
        self.until = until
        self.retry_after = max(1, math.ceil((until - clock.now()).total_seconds()))
        # Rounded up to the minute, so that "after 10:16" is true at 10:16.
        shown = timezone.localtime(until + dt.timedelta(seconds=59)).strftime("%H:%M")
        super().__init__(_("Too many wrong query codes. Please try again after %(time)s.") % {"time": shown})


# --- portal -----------------------------------------------------------------------

def do_portal_submit(data: NewComplaint, *, files: Iterable = ()) -> tuple[Complaint, str]:
    """File a complaint from the public portal; returns it and the clear query code (shown once)."""
    from ecopetition.cases.attachments import attachment_path, sniff, store_attachment

    files = list(files)
    count, each = portal_photo_limits()
    if len(files) > count:
        raise ValidationError(_("At most %(n)d files.") % {"n": count}, field="photos")
    for f in files:
        if (getattr(f, "size", None) or 0) > each:
            raise ValidationError(_("“%(name)s” is larger than %(mb)s MB: choose a smaller photo.")
                                  % {"name": getattr(f, "name", ""), "mb": megabytes(each)}, field="photos")
        # The portal takes pictures only, judged by their first bytes (store_attachment checks again).
        head = next(f.chunks(64), b"") if hasattr(f, "chunks") else b""
        if sniff(head) not in PORTAL_IMAGE_KINDS:
            raise ValidationError(_("“%(name)s” is not a picture.") % {"name": getattr(f, "name", "")}, field="photos")
    data.channel = Channel.WEB
    code = new_query_code()
    fallback = portal_unit()
    route = plan_route(data, fallback=fallback)

    saved: list[Path] = []  # photo files written, by every attempt

    def work() -> Complaint:
        case = do_register(data, unit=route.unit, actor=None, via="portal")
        record_route(case, route, fallback=fallback)
        PortalTicket.objects.create(complaint=case, code_hash=hash_code(code), created_at=clock.now())
        send_query_code(case, [c.phone for c in data.complainants], code)
        for f in files:
            saved.append(attachment_path(store_attachment(case, f, actor=None, via="portal")))
        return case

    # The photos are written before the complaint commits: when it does not (a later photo does not
    # fit on the disk, the database gives up), the ones already written must not stay behind.
    try:
        case = _robustly(work)
    except BaseException:
        _discard(saved)
        raise
    kept = {attachment_path(att) for att in case.attachments.all()}
    _discard([p for p in saved if p not in kept])
    return case, code


def send_query_code(case: Complaint, phones: Iterable[str], code: str) -> str:
    """Send the tracking number and query code by SMS to the first mainland mobile number given.

    Written in the registering transaction, sent after it commits. The outbox keeps the code
    sealed while it waits and erases it once sent; the text kept for people shows it masked.
    Returns the number it goes to, or "".
    """
    try:
        from ecopetition.notify.sealing import MASK
        from ecopetition.notify.services import mobile_number, send_message, site_url
    except ImportError:  # the notify app is optional
        return ""
    mobile = next((m for m in (mobile_number(p) for p in phones if p) if m), "")
    if not mobile:
        return ""
    try:
        url = site_url(reverse("portal:track"))
    except NoReverseMatch:
        url = ""
    values = {"number": case.number, "code": code, "url": url}
    text = _("Your complaint was received. Number %(number)s, query code %(code)s. Follow it with both at "
             "%(url)s.") if url else _("Your complaint was received. Number %(number)s, query code %(code)s.")
    send_message("sms", mobile, _("Complaint received"), text % {**values, "code": MASK}, case=case,
                 kind="query_code", params=values, dedupe_key=f"query-code:{case.pk}")
    return mobile


def _discard(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def find_ticket(number: str, code: str, *, address: str) -> Complaint | None:
    """The case for a tracking number and query code, or None: the same for an unknown number and a wrong code.

    Wrong codes are counted per client `address` (an `address_key`), whatever the numbers tried, and per
    number, from whatever addresses, each in a window of WRONG_CODE_WINDOW_SECONDS that ends by itself
    (settings INTAKE_PORTAL_WRONG_CODES_PER_ADDRESS, INTAKE_PORTAL_WRONG_CODES_PER_NUMBER). While either
    count is used up the answer is TooManyAttempts, for the right code too (or guessing would go on), until
    the window ends: never a lasting lock. The per-number limit is the higher one, so that one address
    alone cannot shut the complainant out. Numbers that do not exist are counted the same way, so no
    answer tells whether a number exists.
    """
    number = (number or "").strip()
    if not number or not code:
        return None
    window = WRONG_CODE_WINDOW_SECONDS
    limits = {
        f"track-wrong:address:{address}": int(getattr(settings, "INTAKE_PORTAL_WRONG_CODES_PER_ADDRESS", 10)),
        f"track-wrong:number:{number}": int(getattr(settings, "INTAKE_PORTAL_WRONG_CODES_PER_NUMBER", 20)),
    }
    until = [t for key, limit in limits.items() if (t := rate_limited_until(key, limit=limit, window_seconds=window))]
    if until:
        raise TooManyAttempts(max(until))
    ticket = PortalTicket.objects.select_related("complaint").filter(complaint__number=number).first()
    if ticket is not None and ticket.check_code(code):
        return ticket.complaint
    if ticket is None:
        hash_code(code)  # the work a wrong code costs: the time taken does not tell that the number is unknown
    for key, limit in limits.items():
        hit_rate_limit(key, limit=limit, window_seconds=window)
    return None


def do_portal_rate(case: Complaint | int, *, code: str, result: str, note: str = "") -> Complaint:
    """The complainant rates the reply on the track page: one callback answer, recorded by the system.

    `cases.actions.do_callback` checks a callback officer's role; here the
    complainant proves who they are with the query code instead. The same
    transition (replied/called back -> called back) and the same event.
    """
    if result not in Satisfaction.values:
        raise ValidationError(_("Choose satisfied, basically satisfied or unsatisfied."), field="result")
    note = _text(note, "note", _("Note"), max_length=2000)
    pk = case.pk if isinstance(case, Complaint) else case
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=pk)
        ticket = PortalTicket.objects.select_for_update().filter(complaint=locked).first()
        if ticket is None or not ticket.check_code(code):
            raise PermissionDenied(_("The query code does not match."))
        if ticket.rated_at is not None:
            raise TransitionNotAllowed(_("You have already rated this reply."), code="already_rated")
        if locked.state not in (State.REPLIED, State.CALLED_BACK):
            raise TransitionNotAllowed(_("The case can be rated once it has been replied to."), code="wrong_state")
        now = clock.now()

        def change(c, t):
            Callback.objects.create(
                complaint=c, respondent=Callback.Respondent.COMPLAINANT, result=result, note=note, by=None, at=now,
            )
            c.satisfaction = result
            c.called_back_at = now
            return {"result": result, "respondent": Callback.Respondent.COMPLAINANT, "via": "portal"}

        # Through the transition table, as the named system actor "portal" (recorded as system:portal).
        locked = case_actions.perform(locked, "portal_rate", SystemActor(PORTAL), change, note=note)
        ticket.rated_at = now
        ticket.save(update_fields=["rated_at"])
    return locked


# --- reception days ----------------------------------------------------------------

def do_schedule_reception(
    *, actor, unit: Unit, leader_name: str, place: str, date: dt.date, leader=None,
    start_time: dt.time | None = None, end_time: dt.time | None = None, topic: str = "",
) -> ReceptionSession:
    """Schedule a leader's reception day (领导接访日) in a unit where the actor is clerk or leader."""
    if not (org.holds_role_over(actor, Role.CLERK, unit) or org.holds_role_over(actor, Role.LEADER, unit)):
        raise PermissionDenied(_("Only an intake clerk or a leader of this unit can schedule reception days."))
    leader_name = _text(leader_name, "leader_name", _("Leader"), required=True, max_length=100)
    place = _text(place, "place", _("Place"), required=True, max_length=200)
    topic = _text(topic, "topic", _("Topic"), max_length=200)
    if not isinstance(date, dt.date):
        raise ValidationError(_("Give the date of the reception day."), field="date")
    if start_time and end_time and end_time <= start_time:
        raise ValidationError(_("The reception must end after it starts."), field="end_time")
    return ReceptionSession.objects.create(
        unit=unit, leader=leader, leader_name=leader_name, place=place, date=date, start_time=start_time,
        end_time=end_time, topic=topic, created_by=actor, created_at=clock.now(),
    )


def do_register_visit(session: ReceptionSession, data: NewComplaint, *, actor) -> Complaint:
    """Register a visit received at a reception day: channel visit, linked to the session."""
    data.channel = Channel.VISIT
    with transaction.atomic():
        case = do_register(data, unit=session.unit, actor=actor, via="reception")
        ReceptionVisit.objects.create(session=session, complaint=case)
        audit_note = _("Received at the reception day of %(leader)s, %(date)s, %(place)s.") % {
            "leader": session.leader_name, "date": session.date.isoformat(), "place": session.place,
        }
        from ecopetition.cases.actions import audit_event

        audit_event(case, actor=actor, action="reception_visit", note=audit_note, data={"session": session.pk})
    return case
