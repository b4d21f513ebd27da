"""Delivery backends for SMS and e-mail. Choose one with the setting ECOPETITION_NOTIFY_BACKEND.

A backend is a class with `send(message) -> None` that raises on failure.
Ship: `OutboxBackend` (default: the outbox row is the record, nothing leaves
the machine), `ConsoleBackend` (logs each message), `DjangoEmailBackend`
(e-mail through Django's mail settings; SMS stays in the outbox). A gateway for
a real SMS provider is a class of the same shape.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("ecopetition.notify")

DEFAULT_BACKEND = "ecopetition.notify.backends.OutboxBackend"


class OutboxBackend:
    def send(self, message) -> None:
        return None


class ConsoleBackend:
    def send(self, message) -> None:
        log.info("%s to %s: %s %s", message.channel, message.to, message.subject, message.body)


class DjangoEmailBackend:
    def send(self, message) -> None:
        if message.channel != "email":
            return None
        from django.core.mail import send_mail

        send_mail(message.subject or message.body[:60], message.body, None, [message.to])


def get_backend():
    return import_string(getattr(settings, "ECOPETITION_NOTIFY_BACKEND", DEFAULT_BACKEND))()
