"""Tencent Cloud SMS (SendSms, API version 2021-01-11), written from the public description of its API.

A request is an HTTP POST of a JSON body (PhoneNumberSet, SmsSdkAppId, SignName, TemplateId,
TemplateParamSet, SessionContext) with the headers X-TC-Action, X-TC-Version, X-TC-Timestamp,
X-TC-Region and an Authorization of the TC3-HMAC-SHA256 scheme:

    canonical request = POST \\n / \\n (empty query) \\n content-type:…\\nhost:…\\n \\n content-type;host
                        \\n hex(SHA-256(body))
    string to sign    = TC3-HMAC-SHA256 \\n timestamp \\n date/sms/tc3_request \\n hex(SHA-256(canonical request))
    signing key       = HMAC(HMAC(HMAC("TC3" + secret, date), "sms"), "tc3_request")
    signature         = hex(HMAC-SHA256(signing key, string to sign))

The answer is {"Response": {...}}: an "Error" (Code, Message) when the request was refused as a
whole, else a "SendStatusSet" with one status per number ("Ok" when accepted, else a code such as
LimitExceeded.PhoneNumberDailyLimit).

The template's variables are positional: ECOPETITION_SMS_TEMPLATES names them in order after the
template id, e.g. "query_code=1234567:number|code|url".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.client
import json
import ssl
from urllib.parse import urlsplit

from django.conf import settings

from .aliyun import templates as template_entries
from .gateway_errors import GatewayError
from .sealing import clear_params

SERVICE = "sms"
API_VERSION = "2021-01-11"
DEFAULT_ENDPOINT = "https://sms.tencentcloudapi.com/"
DEFAULT_REGION = "ap-guangzhou"
CONTENT_TYPE = "application/json; charset=utf-8"

RETRY_PREFIXES = ("LimitExceeded.", "RequestLimitExceeded", "InternalError", "FailedOperation.FailResolvePacket")


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def authorization(secret_id: str, secret_key: str, host: str, body: bytes, timestamp: int) -> str:
    date = dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%Y-%m-%d")
    canonical = "\n".join([
        "POST", "/", "", f"content-type:{CONTENT_TYPE.lower()}\nhost:{host.lower()}\n", "content-type;host",
        hashlib.sha256(body).hexdigest(),
    ])
    scope = f"{date}/{SERVICE}/tc3_request"
    to_sign = "\n".join(["TC3-HMAC-SHA256", str(timestamp), scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = _hmac(_hmac(_hmac(("TC3" + secret_key).encode(), date), SERVICE), "tc3_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signature}"


def template_for(kind: str) -> tuple[str, list[str]]:
    """The template id of a kind and the names of its variables in order ("id:a|b|c")."""
    entry = template_entries().get(kind or "", "")
    code, _, names = entry.partition(":")
    return code.strip(), [n.strip() for n in names.split("|") if n.strip()]


def request(message, *, now: float | None = None) -> tuple[dict, bytes]:
    key_id = getattr(settings, "ECOPETITION_SMS_KEY_ID", "")
    secret = getattr(settings, "ECOPETITION_SMS_KEY_SECRET", "")
    sign_name = getattr(settings, "ECOPETITION_SMS_SIGN_NAME", "")
    app_id = getattr(settings, "ECOPETITION_SMS_APP_ID", "")
    if not (key_id and secret and sign_name and app_id):
        raise GatewayError("config", "ECOPETITION_SMS_KEY_ID, ECOPETITION_SMS_KEY_SECRET, ECOPETITION_SMS_SIGN_NAME "
                                     "and ECOPETITION_SMS_APP_ID must be set")
    template, names = template_for(message.kind)
    if not template:
        raise GatewayError("no_template", f"no template id configured for {message.kind or 'message'!r}")
    values = clear_params(message.params)
    body = json.dumps({
        "PhoneNumberSet": [f"+86{message.to}"], "SmsSdkAppId": app_id, "SignName": sign_name,
        "TemplateId": template, "TemplateParamSet": [str(values.get(n, "")) for n in names],
        "SessionContext": f"ecopetition-{message.pk}",
    }, ensure_ascii=False).encode()
    host = urlsplit(endpoint()).netloc
    timestamp = int(now if now is not None else dt.datetime.now(dt.UTC).timestamp())
    headers = {
        "Authorization": authorization(key_id, secret, host, body, timestamp),
        "Content-Type": CONTENT_TYPE, "Host": host, "X-TC-Action": "SendSms", "X-TC-Version": API_VERSION,
        "X-TC-Timestamp": str(timestamp),
        "X-TC-Region": getattr(settings, "ECOPETITION_SMS_REGION", "") or DEFAULT_REGION,
    }
    return headers, body


def endpoint() -> str:
    return getattr(settings, "ECOPETITION_SMS_ENDPOINT", "") or DEFAULT_ENDPOINT


def send(message) -> str:
    """Send one SMS; returns the provider's SerialNo. Raises GatewayError."""
    headers, body = request(message)
    url = urlsplit(endpoint())
    timeout = float(getattr(settings, "ECOPETITION_SMS_TIMEOUT", 10) or 10)
    if url.scheme == "https":
        conn = http.client.HTTPSConnection(url.hostname, url.port or 443, timeout=timeout,
                                           context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=timeout)
    try:
        try:
            conn.connect()
        except OSError as exc:
            raise GatewayError("unreachable", str(exc) or type(exc).__name__, retry=True) from exc
        try:
            conn.request("POST", url.path or "/", body=body, headers=headers)
            resp = conn.getresponse()
            raw = resp.read()
        except (TimeoutError, http.client.HTTPException, OSError) as exc:
            raise GatewayError("timeout", str(exc) or type(exc).__name__, maybe_delivered=True) from exc
    finally:
        conn.close()
    try:
        answer = json.loads(raw.decode("utf-8"))["Response"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise GatewayError(f"http_{resp.status}", raw[:200].decode("utf-8", "replace"),
                           retry=resp.status >= 500) from exc
    error = answer.get("Error")
    if error:
        code = str(error.get("Code", ""))
        raise GatewayError(code, str(error.get("Message", "")), retry=code.startswith(RETRY_PREFIXES))
    statuses = answer.get("SendStatusSet") or [{}]
    status = statuses[0]
    code = str(status.get("Code", ""))
    if code == "Ok":
        return str(status.get("SerialNo", ""))
    raise GatewayError(code or "unknown", str(status.get("Message", "")), retry=code.startswith(RETRY_PREFIXES))
