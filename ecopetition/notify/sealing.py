"""Sealing the secret values of a message (a portal query code) while it waits in the outbox.

The portal never stores a query code in clear (intake keeps a keyed hash). An SMS that carries
one must survive a retry, so its value is kept sealed with a key derived from SECRET_KEY:
a keystream of HMAC-SHA256(key, nonce || counter) XORed with the text, then an HMAC-SHA256 tag
over nonce and ciphertext (encrypt-then-MAC). Once the message is sent or given up the value
is erased from the row altogether (`redact`). Only the stdlib is used.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from django.conf import settings

PREFIX = "sealed:"
MASK = "••••••••"
SECRET_PARAMS = frozenset({"code"})


def _keys() -> tuple[bytes, bytes]:
    base = hashlib.sha256(("ecopetition.notify.sealing:" + settings.SECRET_KEY).encode()).digest()
    return (hmac.new(base, b"encrypt", hashlib.sha256).digest(), hmac.new(base, b"mac", hashlib.sha256).digest())


def _stream(key: bytes, nonce: bytes, n: int) -> bytes:
    out = b""
    counter = 0
    while len(out) < n:
        out += hmac.new(key, nonce + counter.to_bytes(4, "big"), hashlib.sha256).digest()
        counter += 1
    return out[:n]


def seal(text: str) -> str:
    enc, mac = _keys()
    nonce = os.urandom(16)
    plain = text.encode()
    cipher = bytes(a ^ b for a, b in zip(plain, _stream(enc, nonce, len(plain)), strict=True))
    tag = hmac.new(mac, nonce + cipher, hashlib.sha256).digest()[:16]
    return PREFIX + base64.urlsafe_b64encode(nonce + tag + cipher).decode()


def unseal(value: str) -> str:
    """The clear text of a sealed value; a value that is not sealed is returned as it is."""
    if not isinstance(value, str) or not value.startswith(PREFIX):
        return value
    raw = base64.urlsafe_b64decode(value[len(PREFIX):].encode())
    nonce, tag, cipher = raw[:16], raw[16:32], raw[32:]
    enc, mac = _keys()
    if not hmac.compare_digest(tag, hmac.new(mac, nonce + cipher, hashlib.sha256).digest()[:16]):
        raise ValueError("sealed value does not match this installation's key")
    return bytes(a ^ b for a, b in zip(cipher, _stream(enc, nonce, len(cipher)), strict=True)).decode()


def seal_params(params: dict) -> dict:
    return {k: seal(str(v)) if k in SECRET_PARAMS else v for k, v in (params or {}).items()}


def clear_params(params: dict) -> dict:
    return {k: unseal(v) for k, v in (params or {}).items()}


def shown_params(params: dict) -> dict:
    """The parameters as a page may show them: secret ones masked."""
    return {k: MASK if k in SECRET_PARAMS else v for k, v in (params or {}).items()}


def redact(params: dict) -> dict:
    """Secret values erased for good (the message was sent or given up)."""
    return shown_params(params)
