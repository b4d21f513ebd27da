"""Notifications: the in-app inbox of staff, and the outbox of SMS and e-mail messages.

Every outgoing message is first a row here, written in the caller's
transaction; a backend delivers it after commit. With the default backend the
outbox row is the delivery (nothing leaves the machine), which is what the
tests read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopetition.cases.models import Complaint


class Notification(models.Model):
    """One message in a staff member's inbox."""

    # Indexed by (user, read_at) below; a second index on user alone would only slow the sweep's inserts.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                             db_index=False)
    complaint = models.ForeignKey(Complaint, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=30, default="message")
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("received"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.subject or self.text[:40]


class Channel(models.TextChoices):
    INBOX = "inbox", _("In-app inbox")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class OutboundMessage(models.Model):
    """An SMS or e-mail on its way out; `status` says how far it got."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")  # handed to the gateway; outcome not recorded yet
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # Not a mobile number: no SMS; a person phones instead (the "to call" list).
        TO_CALL = "to_call", _("To call by phone")
        CALLED = "called", _("Called by phone")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # What the message is (e.g. "notice_accepted", "query_code"): an SMS provider's template is chosen by it.
    kind = models.CharField(_("kind"), max_length=30, blank=True)
    # The template's variables; values of SECRET_PARAMS are kept sealed (see notify/sealing.py).
    params = models.JSONField(default=dict, blank=True)
    to = models.CharField(_("to"), max_length=200)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    complaint = models.ForeignKey(Complaint, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    backend = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    # The provider's own answer: its error code (e.g. isv.BUSINESS_LIMIT_CONTROL) and its message id.
    provider_code = models.CharField(max_length=80, blank=True)
    provider_id = models.CharField(max_length=80, blank=True)
    # A failed attempt that may be retried waits until then (backoff).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # Whether the gateway may have taken it (a time-out after the request left): never resent then.
    maybe_delivered = models.BooleanField(default=False)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField()
    # When it was handed to the gateway (while "sending": when the hand-over began).
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.channel} → {self.to}"

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind or _("Message")))


# The kinds of outgoing message; each may have its own SMS template (ECOPETITION_SMS_TEMPLATES).
KIND_LABELS = {
    "notice_accepted": _("Accepted notice"),
    "notice_rejected": _("Not-accepted notice"),
    "notice_referred": _("Referral notice"),
    "notice_replied": _("Reply notice"),
    "query_code": _("Portal query code"),
    "emergency": _("Emergency alert"),
    "reply_letter": _("Reply letter"),
}
