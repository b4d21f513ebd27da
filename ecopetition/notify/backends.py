"""Delivery backends for SMS and e-mail. Choose one with the setting ECOPETITION_NOTIFY_BACKEND.

A backend is a class with `send(message) -> str` (the provider's message id, or "") that raises
on failure; `GatewayError` (defined in notify/gateway_errors.py, importable from here) says
whether the message may be tried again and whether the gateway may have taken it. Ship:

- `GatewayBackend` (default): SMS through the provider named by ECOPETITION_SMS_PROVIDER
  (`aliyun`: Alibaba Cloud SMS, notify/aliyun.py; `tencent`: Tencent Cloud SMS, notify/tencent.py), e-mail through the SMTP server of EMAIL_URL
  (notify/smtp.py). A channel with nothing configured falls back to the development stub, and
  the administrator's outbox page says so.
- `OutboxBackend`: the development stub: the outbox row is the record, nothing leaves the machine.
- `ConsoleBackend`: logs each message (development).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from . import aliyun, smtp, tencent
from .gateway_errors import GatewayError

log = logging.getLogger("ecopetition.notify")

DEFAULT_BACKEND = "ecopetition.notify.backends.GatewayBackend"
STUB = "stub"


class OutboxBackend:
    """Development only: records the message and sends nothing."""

    name = STUB

    def send(self, message) -> str:
        return ""


class ConsoleBackend:
    name = STUB

    def send(self, message) -> str:
        log.info("%s to %s: %s %s", message.channel, message.to, message.subject, message.body)
        return ""


def sms_provider() -> str:
    return (getattr(settings, "ECOPETITION_SMS_PROVIDER", "") or "").strip().lower()


def channel_gateway(channel: str) -> str:
    """Which gateway a channel goes through now: "aliyun", "smtp" or "stub" (nothing leaves)."""
    if channel == "sms":
        return sms_provider() or STUB
    if channel == "email":
        return "smtp" if getattr(settings, "EMAIL_URL", "") else STUB
    return STUB


class GatewayBackend:
    def gateway_for(self, message) -> str:
        return channel_gateway(message.channel)

    def send(self, message) -> str:
        gateway = self.gateway_for(message)
        if gateway == "aliyun":
            return aliyun.send(message)
        if gateway == "tencent":
            return tencent.send(message)
        if gateway == "smtp":
            return smtp.send(message)
        if gateway != STUB:
            raise GatewayError("config", f"unknown SMS provider {gateway!r}")
        return ""


def get_backend():
    return import_string(getattr(settings, "ECOPETITION_NOTIFY_BACKEND", "") or DEFAULT_BACKEND)()


def backend_label(backend) -> str:
    """What the outbox row records as the way the message went."""
    if hasattr(backend, "gateway_for"):
        return ""
    return getattr(backend, "name", "") or type(backend).__name__
