"""Sending messages: one function for the inbox, SMS and e-mail, deduplicated by key, delivered on commit."""

from __future__ import annotations

import datetime as dt
import logging
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ecopetition.cases.privacy import masked_copy
from ecopetition.core import clock
from ecopetition.core.exceptions import ValidationError
from ecopetition.core.formats import when

from .backends import GatewayError, backend_label, channel_gateway, get_backend
from .models import Channel, Notification, OutboundMessage
from .sealing import redact, seal_params

log = logging.getLogger("ecopetition.notify")


MOBILE = re.compile(r"1[3-9]\d{9}")


def mobile_number(phone: str) -> str:
    """The 11-digit mainland mobile number in `phone` (spaces, dashes, +86 allowed), or "" for a landline."""
    digits = re.sub(r"[\s\-()]", "", str(phone or ""))
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            digits = digits[len(prefix):]
            break
    return digits if MOBILE.fullmatch(digits) else ""


def site_url(path: str) -> str:
    """An absolute link for a notice: ECOPETITION_SITE_URL followed by `path`."""
    base = (getattr(settings, "ECOPETITION_SITE_URL", "") or "").rstrip("/")
    return f"{base}{path}" if path.startswith("/") else path


def send_message(channel: str, to, subject: str, body: str, *, case=None, dedupe_key: str | None = None,
                 kind: str = "message", params: dict | None = None):
    """Send `body` to `to` over `channel` ("inbox", "sms" or "email").

    `to` is a user (or user id) for the inbox, a phone number for SMS, an
    address for e-mail. The message is written in the caller's transaction and
    delivered after it commits; a second call with the same `dedupe_key`
    returns the first message and sends nothing. The result has `.created`.

    An SMS provider sends a template chosen by `kind` filled with `params` (the
    variables of the provider's approved template); `body` is the same text in
    full, for the stub and for people reading the outbox. A phone number that is
    not a mainland mobile gets no SMS: the message waits on the "to call" list.
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
        if case is not None:  # a copy whose reader is not known when it is written: the identity rule masks it
            subject, body = masked_copy(case, subject)[:200], masked_copy(case, body)
        return _create(Notification, dedupe_key, user=user, complaint=case, kind=kind[:30], subject=subject,
                       text=body, created_at=now)
    to = str(to or "").strip()
    if not to:
        raise ValidationError("A message needs a recipient.", field="to")
    status = OutboundMessage.Status.PENDING
    if channel == Channel.SMS:
        mobile = mobile_number(to)
        if mobile:
            to = mobile
        else:
            status = OutboundMessage.Status.TO_CALL
    msg = _create(OutboundMessage, dedupe_key, channel=channel, to=to[:200], subject=subject, body=body,
                  complaint=case, created_at=now, kind=(kind or "")[:30], params=seal_params(params or {}),
                  status=status, backend=channel_gateway(channel))
    if msg.created and status == OutboundMessage.Status.PENDING:
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


MAX_ATTEMPTS = 6


def backoff(attempts: int) -> dt.timedelta:
    """Wait before attempt n+1: 1, 2, 4, 8, 16 minutes."""
    return dt.timedelta(minutes=2 ** max(0, attempts - 1))


def deliver(pk: int) -> bool:
    """Hand one pending message to the backend, at most once; failures are kept on the row for a retry.

    The message is claimed ("sending", committed) before the gateway is called and the outcome is
    recorded after: a worker killed in between leaves it "sending", and it is never handed over a
    second time (the complainant must not get the same SMS twice). A gateway that refuses in a way
    that may pass (a quota limit, a gateway down) gets the message again after a backoff, up to
    MAX_ATTEMPTS; a final refusal (a bad signature, no template) fails it at once; a time-out after
    the request left fails it too, marked "may have been delivered", and it is not resent.
    Call outside a transaction.
    """
    Status = OutboundMessage.Status
    with transaction.atomic():
        msg = OutboundMessage.objects.select_for_update().filter(pk=pk, status=Status.PENDING).first()
        if msg is None:
            return False
        if msg.channel == Channel.SMS and not mobile_number(msg.to):  # left from before landlines were kept apart
            OutboundMessage.objects.filter(pk=pk).update(status=Status.TO_CALL)
            return False
        msg.attempts += 1
        msg.status, msg.sent_at, msg.next_attempt_at = Status.SENDING, clock.now(), None
        msg.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at"])
    backend = get_backend()
    label = backend_label(backend) or channel_gateway(msg.channel)
    try:
        provider_id = backend.send(msg)
    except Exception as exc:  # a gateway error must not lose the message
        log.warning("delivery of message %s failed: %s", pk, exc)
        gw = exc if isinstance(exc, GatewayError) else GatewayError(type(exc).__name__, str(exc), retry=True)
        again = gw.retry and msg.attempts < MAX_ATTEMPTS
        fields = {
            "error": (gw.message or str(exc))[:2000], "provider_code": gw.code[:80], "backend": label[:200],
            "maybe_delivered": gw.maybe_delivered,
            "status": Status.PENDING if again else Status.FAILED,
            "next_attempt_at": clock.now() + backoff(msg.attempts) if again else None,
        }
        if not again:
            fields["params"] = redact(msg.params)
        else:
            fields["sent_at"] = None
        OutboundMessage.objects.filter(pk=pk, status=Status.SENDING).update(**fields)
        return False
    OutboundMessage.objects.filter(pk=pk, status=Status.SENDING).update(
        status=Status.SENT, sent_at=clock.now(), error="", provider_code="", provider_id=str(provider_id or "")[:80],
        backend=label[:200], params=redact(msg.params),
    )
    return True


def deliver_pending(limit: int = 500) -> int:
    """Retry messages left pending whose backoff has passed (a gateway that was down, a quota limit)."""
    from django.db.models import Q

    give_up_on_stale_sending()
    sent = 0
    due = OutboundMessage.objects.filter(status=OutboundMessage.Status.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=clock.now()))
    for pk in due.order_by("id").values_list("pk", flat=True)[:limit]:
        sent += deliver(pk)
    return sent


def retry_failed(pk: int) -> bool:
    """An administrator sends a failed message again: only one the gateway certainly did not take."""
    return bool(OutboundMessage.objects.filter(
        pk=pk, status=OutboundMessage.Status.FAILED, maybe_delivered=False,
    ).exclude(kind="query_code").update(status=OutboundMessage.Status.PENDING, next_attempt_at=None))


def mark_called(pk: int, user) -> bool:
    """The person on the "to call" list was phoned."""
    return bool(OutboundMessage.objects.filter(pk=pk, status=OutboundMessage.Status.TO_CALL).update(
        status=OutboundMessage.Status.CALLED, handled_by=user, sent_at=clock.now()))


def give_up_on_stale_sending() -> int:
    """Messages a dead worker left "sending": the gateway may have taken them, so they are not resent."""
    stale = list(OutboundMessage.objects.filter(
        status=OutboundMessage.Status.SENDING, sent_at__lt=clock.now() - STALE_SENDING,
    ).values_list("pk", "params"))
    for pk, params in stale:
        OutboundMessage.objects.filter(pk=pk, status=OutboundMessage.Status.SENDING).update(
            status=OutboundMessage.Status.FAILED, maybe_delivered=True, provider_code="interrupted",
            params=redact(params),
            error=_("Interrupted while being handed to the gateway; it may have been delivered, so it is not "
                    "sent again automatically. Check the gateway's records before sending it by hand."))
    return len(stale)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user, ids=None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=clock.now())


# What a gateway's answer means, for the administrator (the raw answer is shown beside it).
_PROVIDER_ANSWERS = {
    "SignatureDoesNotMatch": gettext_noop("The SMS provider refused the signature: the AccessKey secret is wrong. "
                                          "Fix ECOPETITION_SMS_KEY_SECRET, then send it again."),
    "InvalidAccessKeyId.NotFound": gettext_noop("The SMS provider does not know this AccessKey ID "
                                                "(ECOPETITION_SMS_KEY_ID)."),
    "InvalidTimeStamp.Expired": gettext_noop("The SMS provider refused the request's time: this server's clock is "
                                             "off by more than 15 minutes."),
    "SignatureNonceUsed": gettext_noop("The SMS provider saw this request twice and refused the repeat."),
    "isv.SMS_TEMPLATE_ILLEGAL": gettext_noop("The SMS provider has no such approved template: check the template "
                                             "code in ECOPETITION_SMS_TEMPLATES."),
    "isv.SMS_SIGNATURE_ILLEGAL": gettext_noop("The SMS provider has no such approved sign name "
                                              "(ECOPETITION_SMS_SIGN_NAME)."),
    "isv.TEMPLATE_MISSING_PARAMETERS": gettext_noop("The provider's template needs a variable this notice does not "
                                                    "give."),
    "isv.MOBILE_NUMBER_ILLEGAL": gettext_noop("The SMS provider says the number is not a valid mobile number."),
    "isv.BUSINESS_LIMIT_CONTROL": gettext_noop("The SMS provider's flow control (too many messages to this number "
                                               "or account): tried again later."),
    "isv.AMOUNT_NOT_ENOUGH": gettext_noop("The SMS account has no credit left."),
    "no_template": gettext_noop("No SMS template is configured for this kind of notice "
                                "(ECOPETITION_SMS_TEMPLATES)."),
    "config": gettext_noop("The SMS provider is not fully configured."),
    "unreachable": gettext_noop("The gateway could not be reached: tried again later."),
    "timeout": gettext_noop("The gateway did not answer in time. It may already have been delivered, so it is not "
                            "sent again automatically: check the provider's records before sending it by hand."),
    "interrupted": gettext_noop("Interrupted while being handed to the gateway; it may have been delivered, so it is "
                                "not sent again automatically."),
    "smtp_auth": gettext_noop("The mail server refused the log-in: check the user and password in EMAIL_URL."),
    "smtp_recipient": gettext_noop("The mail server refused the recipient's address."),
    "smtp_session": gettext_noop("The mail server broke off before the message was handed over: tried again "
                                 "later."),
}


# Tencent Cloud's codes for the same answers.
_PROVIDER_ANSWERS.update({
    "AuthFailure.SignatureFailure": _PROVIDER_ANSWERS["SignatureDoesNotMatch"],
    "AuthFailure.SecretIdNotFound": _PROVIDER_ANSWERS["InvalidAccessKeyId.NotFound"],
    "AuthFailure.SignatureExpire": _PROVIDER_ANSWERS["InvalidTimeStamp.Expired"],
    "FailedOperation.TemplateIncorrectOrUnapproved": _PROVIDER_ANSWERS["isv.SMS_TEMPLATE_ILLEGAL"],
    "FailedOperation.SignatureIncorrectOrUnapproved": _PROVIDER_ANSWERS["isv.SMS_SIGNATURE_ILLEGAL"],
    "InvalidParameterValue.TemplateParameterFormatError": _PROVIDER_ANSWERS["isv.TEMPLATE_MISSING_PARAMETERS"],
    "InvalidParameterValue.IncorrectPhoneNumber": _PROVIDER_ANSWERS["isv.MOBILE_NUMBER_ILLEGAL"],
    "FailedOperation.InsufficientBalanceInSmsPackage": _PROVIDER_ANSWERS["isv.AMOUNT_NOT_ENOUGH"],
    "LimitExceeded.PhoneNumberDailyLimit": _PROVIDER_ANSWERS["isv.BUSINESS_LIMIT_CONTROL"],
    "LimitExceeded.PhoneNumberOneHourLimit": _PROVIDER_ANSWERS["isv.BUSINESS_LIMIT_CONTROL"],
    "LimitExceeded.PhoneNumberThirtySecondLimit": _PROVIDER_ANSWERS["isv.BUSINESS_LIMIT_CONTROL"],
    "LimitExceeded.DeliveryFrequencyLimit": _PROVIDER_ANSWERS["isv.BUSINESS_LIMIT_CONTROL"],
    "RequestLimitExceeded": _PROVIDER_ANSWERS["isv.BUSINESS_LIMIT_CONTROL"],
})


def describe(msg: OutboundMessage) -> str:
    """The state of an outgoing message in a sentence for an administrator, in the active language."""
    from django.utils.translation import gettext

    Status = OutboundMessage.Status
    if msg.status == Status.TO_CALL:
        return gettext("Not a mobile number: no SMS is sent; the callback officer phones instead.")
    if msg.status == Status.CALLED:
        return gettext("Told by phone.")
    if msg.status == Status.SENT:
        if is_stub(msg.backend):
            return gettext("Development stub: recorded only, nothing was sent.")
        return gettext("Accepted by the gateway.")
    if not msg.provider_code and not msg.error:
        return ""
    text = _PROVIDER_ANSWERS.get(msg.provider_code)
    if text is None and msg.provider_code.startswith("smtp_"):
        text = gettext_noop("The mail server refused the message.")
    if text is None:
        text = gettext_noop("The gateway refused the message.")
    out = gettext(text)
    if msg.status == Status.PENDING and msg.next_attempt_at:
        at = when(msg.next_attempt_at)
        out += " " + gettext("Next attempt at %(at)s.") % {"at": at}
    return out


def is_stub(backend: str) -> bool:
    return backend in ("stub", "", "ecopetition.notify.backends.OutboxBackend", "ecopetition.notify.backends.ConsoleBackend")


def config_problems() -> list[str]:
    """What keeps the configured gateways from sending, in a sentence each (shown on the outbox page)."""
    from django.utils.translation import gettext

    from . import aliyun
    from .models import KIND_LABELS

    out = []
    if channel_gateway("sms") in ("aliyun", "tencent"):
        needed = ["ECOPETITION_SMS_KEY_ID", "ECOPETITION_SMS_KEY_SECRET", "ECOPETITION_SMS_SIGN_NAME"]
        if channel_gateway("sms") == "tencent":
            needed.append("ECOPETITION_SMS_APP_ID")
        for name in needed:
            if not getattr(settings, name, ""):
                out.append(gettext("%(name)s is not set: no SMS can be sent.") % {"name": name})
        codes = aliyun.templates()
        missing = [str(label) for kind, label in KIND_LABELS.items() if kind not in codes and kind != "reply_letter"]
        if missing:
            out.append(gettext("No SMS template code in ECOPETITION_SMS_TEMPLATES for: %(kinds)s. These SMS fail "
                               "until one is added.") % {"kinds": "、".join(missing)})
    if channel_gateway("email") == "smtp":
        from .smtp import config

        try:
            cfg = config()
        except ValueError as exc:
            out.append(gettext("EMAIL_URL cannot be read: %(error)s") % {"error": exc})
        else:
            if not cfg.sender or cfg.sender.endswith("@localhost"):
                out.append(gettext("No sender address for e-mail: add ?from=… to EMAIL_URL or set EMAIL_FROM."))
    return out
