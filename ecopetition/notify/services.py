"""Sending messages: one function for the inbox, SMS and e-mail, deduplicated by key, delivered on commit."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ecopetition.core import clock
from ecopetition.core.exceptions import ValidationError

from .backends import DEFAULT_BACKEND, get_backend
from .models import Channel, Notification, OutboundMessage

log = logging.getLogger("ecopetition.notify")


def send_message(channel: str, to, subject: str, body: str, *, case=None, dedupe_key: str | None = None,
                 kind: str = "message"):
    """Send `body` to `to` over `channel` ("inbox", "sms" or "email").

    `to` is a user (or user id) for the inbox, a phone number for SMS, an
    address for e-mail. The message is written in the caller's transaction and
    delivered after it commits; a second call with the same `dedupe_key`
    returns the first message and sends nothing. The result has `.created`.
    """
    if channel not in Channel.values:
        raise ValidationError(f"Unknown channel “{channel}”.", field="channel")
    body = (body or "").strip()
    if not body:
        raise ValidationError("A message needs a text.", field="body")
    subject = (subject or "")[:200]
    now = clock.now()
    if channel == Channel.INBOX:
        user = to if hasattr(to, "pk") else get_user_model().objects.filter(pk=to).first()
        if user is None:
            raise ValidationError("Unknown recipient.", field="to")
        return _create(Notification, dedupe_key, user=user, complaint=case, kind=kind[:30], subject=subject,
                       text=body, created_at=now)
    to = str(to or "").strip()
    if not to:
        raise ValidationError("A message needs a recipient.", field="to")
    msg = _create(OutboundMessage, dedupe_key, channel=channel, to=to[:200], subject=subject, body=body,
                  complaint=case, created_at=now,
                  backend=getattr(settings, "ECOPETITION_NOTIFY_BACKEND", DEFAULT_BACKEND))
    if msg.created:
        pk = msg.pk
        transaction.on_commit(lambda: deliver(pk))
    return msg


def _create(model, dedupe_key, **values):
    if dedupe_key:
        existing = model.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            existing.created = False
            return existing
    try:
        with transaction.atomic():
            obj = model.objects.create(dedupe_key=dedupe_key or None, **values)
    except IntegrityError:
        existing = model.objects.filter(dedupe_key=dedupe_key).first() if dedupe_key else None
        if existing is None:
            raise
        existing.created = False
        return existing
    obj.created = True
    return obj


# A message handed to the gateway by a process that died before it could record the outcome stays
# "sending"; after this long nobody is still at it, and it is marked failed, not sent again.
STALE_SENDING = dt.timedelta(minutes=15)


def deliver(pk: int) -> bool:
    """Hand one pending message to the backend, at most once; failures are kept on the row for a retry.

    The message is claimed ("sending", committed) before the gateway is called and the outcome is
    recorded after: a worker killed in between leaves it "sending", and it is never handed over a
    second time (the complainant must not get the same SMS twice). Call outside a transaction.
    """
    with transaction.atomic():
        msg = OutboundMessage.objects.select_for_update().filter(pk=pk, status=OutboundMessage.Status.PENDING).first()
        if msg is None:
            return False
        msg.attempts += 1
        msg.status, msg.sent_at = OutboundMessage.Status.SENDING, clock.now()
        msg.save(update_fields=["attempts", "status", "sent_at"])
    try:
        get_backend().send(msg)
    except Exception as exc:  # a gateway error must not lose the message
        log.warning("delivery of message %s failed: %s", pk, exc)
        failed = msg.attempts >= 5
        OutboundMessage.objects.filter(pk=pk, status=OutboundMessage.Status.SENDING).update(
            error=str(exc)[:2000], sent_at=None,
            status=OutboundMessage.Status.FAILED if failed else OutboundMessage.Status.PENDING,
        )
        return False
    OutboundMessage.objects.filter(pk=pk, status=OutboundMessage.Status.SENDING).update(
        status=OutboundMessage.Status.SENT, sent_at=clock.now(), error="",
    )
    return True


def deliver_pending(limit: int = 500) -> int:
    """Retry messages left pending (a gateway that was down, a worker killed before it sent them)."""
    give_up_on_stale_sending()
    sent = 0
    for pk in OutboundMessage.objects.filter(status=OutboundMessage.Status.PENDING).values_list("pk", flat=True)[:limit]:
        sent += deliver(pk)
    return sent


def give_up_on_stale_sending() -> int:
    """Messages a dead worker left "sending": the gateway may have taken them, so they are not resent."""
    return OutboundMessage.objects.filter(
        status=OutboundMessage.Status.SENDING, sent_at__lt=clock.now() - STALE_SENDING,
    ).update(status=OutboundMessage.Status.FAILED,
             error=_("Interrupted while being handed to the gateway; it may have been delivered, so it is not "
                     "sent again automatically. Check the gateway's records before sending it by hand."))


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user, ids=None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=clock.now())
