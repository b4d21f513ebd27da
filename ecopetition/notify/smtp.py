"""E-mail through the SMTP server named by one setting, EMAIL_URL.

    smtp://user:password@host:587/?tls=1&from=noreply@example.org   (STARTTLS)
    smtps://user:password@host:465/?from=noreply@example.org        (TLS from the start)
    smtp://host:25/                                                  (no log-in, no TLS)

User and password are percent-encoded in the URL. `from` is the envelope sender and the From
header (default DEFAULT_FROM_EMAIL); `timeout` is in seconds (default 10).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings

from .gateway_errors import GatewayError


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    user: str
    password: str
    starttls: bool
    ssl: bool
    sender: str
    timeout: float


def parse_email_url(url: str, default_from: str = "") -> SmtpConfig:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError(f"EMAIL_URL must start with smtp:// or smtps://, not {parts.scheme!r}")
    if not parts.hostname:
        raise ValueError("EMAIL_URL names no host")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    use_ssl = parts.scheme == "smtps"
    yes = ("1", "true", "yes", "on")
    return SmtpConfig(
        host=parts.hostname, port=parts.port or (465 if use_ssl else 25),
        user=unquote(parts.username or ""), password=unquote(parts.password or ""),
        starttls=not use_ssl and query.get("tls", "0").lower() in yes, ssl=use_ssl,
        sender=query.get("from") or default_from, timeout=float(query.get("timeout") or 10),
    )


def config() -> SmtpConfig:
    return parse_email_url(settings.EMAIL_URL, getattr(settings, "DEFAULT_FROM_EMAIL", ""))


def build(message, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = message.to
    mail["Subject"] = message.subject or message.body[:60]
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    mail.set_content(message.body)
    return mail


def send(message) -> str:
    """Send one e-mail; returns its Message-ID. Raises GatewayError."""
    cfg = config()
    mail = build(message, cfg.sender)
    try:
        if cfg.ssl:
            server = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout, context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
    except (OSError, smtplib.SMTPException) as exc:
        raise GatewayError("unreachable", str(exc) or type(exc).__name__, retry=True) from exc
    try:
        try:
            server.ehlo()
            if cfg.starttls:
                server.starttls(context=ssl.create_default_context())
                server.ehlo()
            if cfg.user:
                server.login(cfg.user, cfg.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise GatewayError("smtp_auth", _answer(exc)) from exc
        except (OSError, smtplib.SMTPException) as exc:  # before any mail was given: safe to retry
            raise GatewayError("smtp_session", str(exc) or type(exc).__name__, retry=True) from exc
        try:
            server.send_message(mail, from_addr=cfg.sender, to_addrs=[message.to])
        except smtplib.SMTPRecipientsRefused as exc:
            raise GatewayError("smtp_recipient", _answer(list(exc.recipients.values())[0])) from exc
        except smtplib.SMTPResponseException as exc:
            raise GatewayError(f"smtp_{exc.smtp_code}", _answer(exc), retry=400 <= exc.smtp_code < 500) from exc
        except (TimeoutError, smtplib.SMTPServerDisconnected, OSError) as exc:
            raise GatewayError("timeout", str(exc) or type(exc).__name__, maybe_delivered=True) from exc
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            server.close()
    return mail["Message-ID"]


def _answer(exc) -> str:
    if isinstance(exc, tuple):
        code, text = exc
    else:
        code, text = getattr(exc, "smtp_code", ""), getattr(exc, "smtp_error", b"")
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()
