"""Alibaba Cloud SMS (dysmsapi, SendSms), written from the public description of its RPC API.

A request is an HTTP POST of form fields: the common parameters (AccessKeyId, Action, Format,
RegionId, SignatureMethod HMAC-SHA1, SignatureNonce, SignatureVersion 1.0, Timestamp in UTC,
Version 2017-05-25) and SendSms's own (PhoneNumbers, SignName, TemplateCode, TemplateParam as
JSON, OutId). The signature: sort the parameters by name, percent-encode names and values
(RFC 3986: only A-Z a-z 0-9 - _ . ~ stay), join as name=value with &, then sign
"POST&%2F&" + percent-encode(that) with HMAC-SHA1 keyed by the AccessKey secret followed by "&",
and send it base64-encoded as Signature. The answer is JSON with Code ("OK" when accepted),
Message, BizId and RequestId.

Configuration (settings, from the environment): ECOPETITION_SMS_KEY_ID, ECOPETITION_SMS_KEY_SECRET,
ECOPETITION_SMS_SIGN_NAME, ECOPETITION_SMS_TEMPLATES ("kind=SMS_123,kind2=SMS_456"),
ECOPETITION_SMS_ENDPOINT, ECOPETITION_SMS_REGION, ECOPETITION_SMS_TIMEOUT.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import http.client
import json
import ssl
import uuid
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings

from .gateway_errors import GatewayError
from .sealing import clear_params

API_VERSION = "2017-05-25"
DEFAULT_ENDPOINT = "https://dysmsapi.aliyuncs.com/"

# Refusals after which the same request may succeed later: flow control and the provider's own faults.
RETRY_CODES = frozenset({
    "isv.BUSINESS_LIMIT_CONTROL", "Throttling", "Throttling.User", "Throttling.Api", "ServiceUnavailable",
    "InternalError", "isp.SYSTEM_ERROR", "isp.RAM_PERMISSION_DENY_TEMPORARY",
})


def percent_encode(value: str) -> str:
    return quote(str(value), safe="-_.~")


def string_to_sign(method: str, params: dict) -> str:
    canonical = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))
    return f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"


def sign(method: str, params: dict, secret: str) -> str:
    digest = hmac.new((secret + "&").encode(), string_to_sign(method, params).encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def templates() -> dict[str, str]:
    """ECOPETITION_SMS_TEMPLATES as a mapping from notice kind to template code."""
    raw = getattr(settings, "ECOPETITION_SMS_TEMPLATES", "") or ""
    out = {}
    for part in raw.replace(";", ",").split(","):
        kind, _, code = part.partition("=")
        if kind.strip() and code.strip():
            out[kind.strip()] = code.strip()
    return out


def request_params(message, *, now: dt.datetime | None = None, nonce: str | None = None) -> dict:
    """The signed form fields for one message."""
    key_id = getattr(settings, "ECOPETITION_SMS_KEY_ID", "")
    secret = getattr(settings, "ECOPETITION_SMS_KEY_SECRET", "")
    sign_name = getattr(settings, "ECOPETITION_SMS_SIGN_NAME", "")
    if not (key_id and secret and sign_name):
        raise GatewayError("config", "ECOPETITION_SMS_KEY_ID, ECOPETITION_SMS_KEY_SECRET and "
                                     "ECOPETITION_SMS_SIGN_NAME must be set")
    template = templates().get(message.kind or "", "").partition(":")[0].strip()
    if not template:
        raise GatewayError("no_template", f"no template code configured for {message.kind or 'message'!r}")
    now = now or dt.datetime.now(dt.UTC)
    params = {
        "AccessKeyId": key_id,
        "Action": "SendSms",
        "Format": "JSON",
        "RegionId": getattr(settings, "ECOPETITION_SMS_REGION", "") or "cn-hangzhou",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": nonce or uuid.uuid4().hex,
        "SignatureVersion": "1.0",
        "Timestamp": now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Version": API_VERSION,
        "PhoneNumbers": message.to,
        "SignName": sign_name,
        "TemplateCode": template,
        "TemplateParam": json.dumps(clear_params(message.params), ensure_ascii=False, separators=(",", ":")),
        "OutId": f"ecopetition-{message.pk}",
    }
    params["Signature"] = sign("POST", params, secret)
    return params


def send(message) -> str:
    """Send one SMS; returns the provider's BizId. Raises GatewayError."""
    params = request_params(message)
    endpoint = getattr(settings, "ECOPETITION_SMS_ENDPOINT", "") or DEFAULT_ENDPOINT
    timeout = float(getattr(settings, "ECOPETITION_SMS_TIMEOUT", 10) or 10)
    url = urlsplit(endpoint)
    if url.scheme == "https":
        conn = http.client.HTTPSConnection(url.hostname, url.port or 443, timeout=timeout,
                                           context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=timeout)
    body = urlencode(params).encode()
    try:
        try:
            conn.connect()
        except OSError as exc:  # refused, unreachable, connect time-out: nothing left this machine
            raise GatewayError("unreachable", str(exc) or type(exc).__name__, retry=True) from exc
        try:
            conn.request("POST", url.path or "/", body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": "application/json"})
            resp = conn.getresponse()
            raw = resp.read()
        except (TimeoutError, http.client.HTTPException, OSError) as exc:
            # The request left: the provider may have taken it. Never sent again automatically.
            raise GatewayError("timeout", str(exc) or type(exc).__name__, maybe_delivered=True) from exc
    finally:
        conn.close()
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise GatewayError(f"http_{resp.status}", raw[:200].decode("utf-8", "replace"),
                           retry=resp.status >= 500) from exc
    code = str(answer.get("Code", ""))
    if code == "OK" and resp.status == 200:
        return str(answer.get("BizId", ""))
    raise GatewayError(code or f"http_{resp.status}", str(answer.get("Message", "")),
                       retry=code in RETRY_CODES or (not code and resp.status >= 500))
