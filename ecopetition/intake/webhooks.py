"""Outgoing webhooks: signed case events for linked platforms, retried with exponential backoff.

After an action commits (`cases.audit.event_committed`), one delivery row is
written per matching subscription and handed to the worker. The payload
carries the case's number, state and units, never the complainant's identity.
Signature: header `X-Ecopetition-Signature: sha256=HMAC_SHA256(secret, "<timestamp>.<body>")`
with the timestamp in `X-Ecopetition-Timestamp` (seconds since the epoch).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable

from django.conf import settings
from django.db import transaction

from ecopetition.cases import outbox, privacy
from ecopetition.cases.models import Complaint
from ecopetition.core import clock

from .models import WebhookDelivery, WebhookSubscription

log = logging.getLogger("ecopetition.intake.webhooks")

MAX_ATTEMPTS = 8
BASE_DELAY_SECONDS = 30  # 30 s, 1 min, 2 min, 4 min ... about 1 h in all
TIMEOUT_SECONDS = 5


def backoff(attempts: int) -> dt.timedelta:
    """Delay before the next try after `attempts` failed ones (exponential, capped at 6 h)."""
    return dt.timedelta(seconds=min(BASE_DELAY_SECONDS * 2 ** max(attempts - 1, 0), 6 * 3600))


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def case_payload(case: Complaint, action: str) -> dict:
    return {
        "event": action,
        "case": {
            "number": case.number,
            # the subscriber is a platform, not a reader with the grant: the id as a reader without it sees it (R15-10)
            "external_id": privacy.masked_copy(case, case.intake_key) if case.intake_key else case.intake_key,
            "state": case.state,
            "channel": case.channel,
            "unit": case.unit.code,
            "lead_unit": case.lead_unit.code if case.lead_unit_id else None,
            "received_at": case.received_at.isoformat(),
            "updated_at": case.updated_at.isoformat() if case.updated_at else None,
        },
    }


def _read_active() -> list:
    with transaction.atomic():  # a savepoint of its own in the worker's batch: a failing read leaves the batch usable
        return list(WebhookSubscription.objects.filter(active=True).select_related("unit"))


def active_subscriptions() -> list:
    """The active subscriptions, read once per batch of the worker's."""
    return outbox.per_batch("webhooks.active", _read_active)


def wanted(action: str) -> bool:
    """Whether any active subscription wants events of `action` (the worker skips the receiver, and its savepoint,
    otherwise). A failing read says yes: the receiver then runs in its savepoint and logs the failure."""
    try:
        subs = active_subscriptions()
    except Exception:
        return True
    return any(s.wants(action) for s in subs)


def on_event_committed(sender, case_id=None, action=None, **kwargs) -> None:
    """Signal receiver: queue one delivery per subscription that wants this case's event."""
    if case_id is None or not action:
        return
    try:
        subs = [s for s in active_subscriptions() if s.wants(action)]
        if not subs:
            return
        case = Complaint.objects.select_related("unit", "lead_unit").filter(pk=case_id).first()
        if case is None:
            return
        paths = [case.unit.path] + ([case.lead_unit.path] if case.lead_unit_id else [])
        now = clock.now()
        payload = case_payload(case, action)
        created = []
        for sub in subs:
            if not any(p.startswith(sub.unit.path) for p in paths):
                continue
            created.append(WebhookDelivery.objects.create(
                subscription=sub, complaint=case, action=action, payload=payload, created_at=now, next_attempt_at=now,
            ))
        for d in created:
            enqueue(d.pk)
    except Exception:  # a webhook must never break the action that already committed
        log.exception("could not queue webhooks for case %s", case_id)


# Enqueues tasks.deliver_webhook; intake/apps.py sets it to enqueue.deliver_webhook at start-up (the task
# calls back into this module, so the task module is not imported from here).
enqueue_delivery: Callable[[int], None] | None = None


def enqueue(delivery_id: int) -> None:
    """Hand a first attempt to the huey worker when one is configured; otherwise the sweep sends it."""
    if getattr(settings, "HUEY", None) is None:
        return
    if enqueue_delivery is None:
        raise RuntimeError("intake's app is not ready: webhooks.enqueue_delivery is not set")
    enqueue_delivery(delivery_id)


def deliver(delivery_id: int) -> WebhookDelivery | None:
    """Try one delivery now; on failure plan the next try (or give up after MAX_ATTEMPTS)."""
    with transaction.atomic():
        d = (
            WebhookDelivery.objects.select_for_update(of=("self",)).select_related("subscription")
            .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING).first()
        )
        if d is None:
            return None
        # Claim it: a second worker picking the same row waits on the lock, then sees it moved on.
        d.attempts += 1
        d.next_attempt_at = clock.now() + backoff(d.attempts)
        d.save(update_fields=["attempts", "next_attempt_at"])
    sub = d.subscription
    body = json.dumps({"delivery": d.pk, "attempt": d.attempts, **d.payload}, ensure_ascii=False).encode()
    timestamp = str(int(clock.now().timestamp()))
    req = urllib.request.Request(  # noqa: S310 - admin-configured http(s) URL
        sub.url, data=body, method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "ecopetition-webhooks/1",
            "X-Ecopetition-Event": d.action,
            "X-Ecopetition-Delivery": str(d.pk),
            "X-Ecopetition-Timestamp": timestamp,
            "X-Ecopetition-Signature": sign(sub.secret, timestamp, body),
        },
    )
    code, error = None, ""
    try:
        if not sub.url.lower().startswith(("http://", "https://")):
            raise ValueError("only http and https URLs are allowed")
        with urllib.request.urlopen(req, timeout=TIMEOUT_SECONDS) as resp:  # noqa: S310
            code = resp.status
    except urllib.error.HTTPError as exc:
        code, error = exc.code, f"HTTP {exc.code}"
    except Exception as exc:  # network errors of every kind are retried
        error = f"{type(exc).__name__}: {exc}"[:300]
    ok = code is not None and 200 <= code < 300
    d.last_status_code = code
    d.last_error = error
    if ok:
        d.status = WebhookDelivery.Status.DELIVERED
        d.delivered_at = clock.now()
        d.next_attempt_at = None
    elif d.attempts >= MAX_ATTEMPTS:
        d.status = WebhookDelivery.Status.FAILED
        d.next_attempt_at = None
    d.save(update_fields=["status", "last_status_code", "last_error", "delivered_at", "next_attempt_at"])
    # Retries are picked up by the periodic sweep (deliver_due) once next_attempt_at has come,
    # so a delivery is never in two queues at once.
    return d


def deliver_due(limit: int = 200) -> int:
    """Send every pending delivery whose time has come (the periodic sweep; idempotent)."""
    ids = list(
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=clock.now())
        .order_by("next_attempt_at").values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        deliver(pk)
    return len(ids)
