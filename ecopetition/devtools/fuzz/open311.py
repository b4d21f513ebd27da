"""Open311 GeoReport v2 at /open311/v2/, fuzzed with malformed requests (hypothesis).

Broken XML and JSON bodies, wrong and missing content types, missing and unknown
fields, unknown service codes, bad api_keys, oversized bodies and too many fields,
odd unicode and broken UTF-8, bad lat/long, bad dates in the GET filters, unknown
formats (.yaml), other HTTP methods. Never a 5xx; every error (except 405, which
names the allowed methods) in the spec's error format: a list of {code,
description}, as JSON for .json and as <errors><error> XML otherwise.
"""

from __future__ import annotations

import itertools
import json
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from hypothesis import strategies as st

from .common import Finding, Target
from .strategies import BROKEN_UTF8, dates, numbers, odd_text

BASE = "/open311/v2/"
ALLOWED_STATUSES = {200, 400, 403, 404, 405, 429}  # 429: public list reads are limited per address
FIELDS = ["api_key", "jurisdiction_id", "service_code", "lat", "long", "address_string", "address_id", "email",
          "device_id", "account_id", "first_name", "last_name", "phone", "description", "media_url"]
ATTRIBUTES = ["reported_party", "sector", "urgent", "colour", "", "urgent][", "]", "sector]x"]
FILTERS = ["service_request_id", "service_code", "status", "start_date", "end_date", "api_key", "jurisdiction_id"]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8",
    "application/x-www-form-urlencoded; charset=gb18030", "application/x-www-form-urlencoded; charset=bogus-99",
    "multipart/form-data", "multipart/form-data; boundary=", "application/json", "text/xml", "application/xml",
    "text/plain", "application/octet-stream", "", "garbage/;;;", "application/x-www-form-urlencoded; charset",
]
BOUNDARY = "fuzzBoundary7MA4YWxk"
BROKEN_BODIES = [
    b'{"service_code": "air"', b"[1,2", b"{'a': 1}", b"<service_request><oops>", b"<?xml version='1.0'?><a><b></a>",
    b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><x>&b;&b;</x>', b"\x00\x01\x02", b"=&=&&==",
    b"api_key&service_code&lat=&long=", b"%", b"a=%zz&b=%E4%B8", b"--" + BOUNDARY.encode() + b"\r\nbroken",
]


@dataclass
class Req:
    method: str
    path: str
    body: bytes
    content_type: str | None
    fmt: str

    def __str__(self) -> str:
        body = self.body[:160].decode("utf-8", "replace") if self.body else ""
        more = f" ({len(self.body)} bytes)" if len(self.body) > 160 else ""
        return f"{self.method} {self.path[:300]} [{self.content_type}] {body}{more}"


def _keys(register) -> list[str]:
    """Every key of the register: the Open311 keys, and the JSON API tokens Open311 must refuse."""
    return [*register.open311_keys.values(), *register.tokens.values()] or ["none"]


def _segment(text: str) -> str:
    return urllib.parse.quote(text, safe="") or "x"


@st.composite
def post_fields(draw, register, code: str) -> list[tuple[str, str]]:
    """A valid GeoReport v2 request (an intake clerk's api_key) with up to four fields spoilt, dropped or added."""
    intake_keys = [register.open311_keys[n] for n in ("cara", "bea") if n in register.open311_keys] or ["none"]
    fields = {
        "api_key": draw(st.sampled_from(intake_keys)),
        "service_code": draw(st.sampled_from(register.categories or ["air"])),
        "lat": "33.35", "long": "120.16",
        "address_string": "盐城市亭湖区人民路1号",
        "description": "夜间工地施工噪声扰民。",
    }
    pairs = list(fields.items())
    for _ in range(draw(st.integers(0, 4))):
        how = draw(st.sampled_from(["spoil", "spoil", "drop", "add", "attribute", "repeat"]))
        if how == "drop" and pairs:
            pairs.pop(draw(st.integers(0, len(pairs) - 1)))
        elif how == "spoil" and pairs:
            i = draw(st.integers(0, len(pairs) - 1))
            name = pairs[i][0]
            if name in ("lat", "long"):
                value = draw(numbers)
            elif name == "service_code":
                value = code
            elif name == "api_key":
                value = draw(st.one_of(st.sampled_from(_keys(register)), odd_text))
            else:
                value = draw(odd_text)
            pairs[i] = (name, value)
        elif how == "add":
            name = draw(st.sampled_from(FIELDS + ["x", ""]))
            pairs.append((name, draw(numbers if name in ("lat", "long") else odd_text)))
        elif how == "attribute":
            name = draw(st.sampled_from(ATTRIBUTES))
            pairs.append((f"attribute[{name}]", draw(st.one_of(st.sampled_from(["yes", "no", "air", ""]), odd_text))))
        elif pairs:
            pairs.append(pairs[draw(st.integers(0, len(pairs) - 1))])
    return pairs


@st.composite
def requests(draw, register) -> Req:
    fmt = draw(st.sampled_from(["json", "xml"] * 8 + ["yaml", "JSON", "xml.json", "", "html", "odd"]))
    if fmt == "odd":
        fmt = draw(st.text(max_size=6))
    known_codes = register.categories or ["air"]
    code = draw(st.one_of(st.sampled_from(known_codes), st.sampled_from(["bogus", "AIR", "air ", "other"]), odd_text))
    request_id = draw(st.one_of(st.sampled_from(register.numbers or ["X"]), odd_text))
    resource = draw(st.sampled_from(["requests"] * 8 + [
        "discovery", "services", "services/{code}", "services/{code}", "requests/{id}", "requests/{id}",
        "request/{id}", "tokens/{id}", "{odd}", "services/{code}/extra", "",
    ]))
    path = BASE + resource.format(code=_segment(code), id=_segment(request_id), odd=_segment(draw(odd_text)))
    path += f".{_segment(fmt) if fmt else ''}" if resource else ""
    is_post = resource == "requests" and draw(st.booleans())
    method = "POST" if is_post else draw(st.sampled_from(["GET"] * 12 + ["POST", "PUT", "DELETE", "PATCH", "HEAD",
                                                                        "OPTIONS"]))

    query = []
    if not is_post:
        for key in draw(st.lists(st.sampled_from(FILTERS + ["start_date", "end_date", "x"]), max_size=5)):
            if key in ("start_date", "end_date"):
                value = draw(dates)
            elif key == "status":
                value = draw(st.one_of(st.sampled_from(["open", "closed", "open,closed", "pending", ""]), odd_text))
            elif key == "service_request_id":
                value = ",".join(draw(st.lists(st.sampled_from(register.numbers or ["X"]), max_size=3))) or draw(odd_text)
            elif key == "service_code":
                value = ",".join(draw(st.lists(st.sampled_from(known_codes + ["bogus"]), max_size=3)))
            elif key == "api_key":
                value = draw(st.one_of(st.sampled_from(_keys(register)), odd_text))
            else:
                value = draw(odd_text)
            query.append((key, value))
    qs = urllib.parse.urlencode(query)
    if draw(st.integers(0, 9)) == 0:
        qs += ("&" if qs else "") + "x=" + urllib.parse.quote_from_bytes(draw(st.sampled_from(BROKEN_UTF8)))
    if qs:
        path += "?" + qs

    body, ctype = b"", None
    if method in ("POST", "PUT", "PATCH"):
        fields = draw(post_fields(register, code))
        shape = draw(st.sampled_from(["form"] * 10 + ["multipart"] * 5 + ["json", "xml", "broken", "huge", "many",
                                                                            "binary", "none"]))
        if shape == "form":
            body = urllib.parse.urlencode(fields).encode()
            if draw(st.integers(0, 7)) == 0:
                body += b"&description=" + draw(st.sampled_from(BROKEN_UTF8))
            ctype = "application/x-www-form-urlencoded"
        elif shape == "multipart":
            from django.test.client import encode_multipart

            data: dict = {}
            for k, v in fields:
                data.setdefault(k, []).append(v)
            body = encode_multipart(BOUNDARY, data)
            ctype = f"multipart/form-data; boundary={BOUNDARY}"
        elif shape == "json":
            body = json.dumps(dict(fields), ensure_ascii=draw(st.booleans())).encode()
            ctype = "application/json"
        elif shape == "xml":
            inner = "".join(f"<{k}>{v}</{k}>" for k, v in fields if k.isidentifier())
            body = f"<?xml version='1.0'?><service_request>{inner}</service_request>".encode()
            ctype = "text/xml"
        elif shape == "broken":
            body = draw(st.sampled_from(BROKEN_BODIES))
        elif shape == "huge":  # over DATA_UPLOAD_MAX_MEMORY_SIZE (5 MB)
            body = urllib.parse.urlencode(fields).encode() + b"&description=" + b"x" * (5 * 1024 * 1024 + 10)
            ctype = "application/x-www-form-urlencoded"
        elif shape == "many":  # over DATA_UPLOAD_MAX_NUMBER_FIELDS (1000)
            body = "&".join(f"f{i}=1" for i in range(1100)).encode()
            ctype = "application/x-www-form-urlencoded"
        elif shape == "binary":
            body = draw(st.binary(max_size=200))
        if draw(st.integers(0, 5)) == 0:
            ctype = draw(st.sampled_from(CONTENT_TYPES))
    return Req(method=method, path=path, body=body, content_type=ctype, fmt=expected_format(path))


def expected_format(path: str) -> str:
    """The format errors come in: the last suffix of the resource when it is json or xml, else XML."""
    rest = urllib.parse.unquote(path.split("?", 1)[0][len(BASE):], errors="replace")
    fmt = rest.rsplit(".", 1)[-1] if "." in rest else ""
    return fmt if fmt in ("json", "xml") else "xml"


def error_format_problem(response, fmt: str) -> str | None:
    """None when the answer is a GeoReport v2 error list in the format asked for, else what is wrong."""
    ctype = response.get("Content-Type", "")
    if fmt == "json":
        if not ctype.startswith("application/json"):
            return f"content type {ctype!r}, expected JSON"
        try:
            data = json.loads(response.content)
        except ValueError:
            return "body is not JSON"
        if not (isinstance(data, list) and data and all(
                isinstance(e, dict) and isinstance(e.get("code"), int) and isinstance(e.get("description"), str)
                for e in data)):
            return f"not a list of {{code, description}}: {response.content[:200]!r}"
        return None
    if "xml" not in ctype:
        return f"content type {ctype!r}, expected XML"
    try:
        root = ET.fromstring(response.content)  # noqa: S314 - our own server's answer
    except ET.ParseError:
        return "body is not XML"
    errors = root.findall("error")
    if root.tag != "errors" or not errors or any(
            not (e.findtext("code") or "").isdigit() or e.find("description") is None for e in errors):
        return f"not <errors><error><code/><description/>: {response.content[:200]!r}"
    return None


def success_problem(response, fmt: str) -> str | None:
    try:
        if fmt == "json":
            json.loads(response.content)
        else:
            ET.fromstring(response.content)  # noqa: S314 - our own server's answer
    except (ValueError, ET.ParseError):
        return f"a 200 answer that is not {fmt}"
    return None


def check(target: Target, req: Req, response, errors) -> None:
    status = response.status_code
    target.record(status)
    if status >= 500:
        target.add(Finding("open311", "5xx", str(req), status, errors.take()))
        return
    problem = None
    if status not in ALLOWED_STATUSES:
        problem = f"status {status} is not one GeoReport v2 uses"
    elif status == 405:
        problem = None if response.get("Allow") else "405 without an Allow header"
    elif req.method == "HEAD":
        problem = None  # no body to judge
    elif status >= 400:
        problem = error_format_problem(response, req.fmt)
    elif req.method in ("GET", "POST"):
        problem = success_problem(response, req.fmt)
    if problem:
        target.add(Finding("open311", "format", str(req), status, problem))


_ADDRESSES = itertools.count(1)


def send(client, req: Req):
    # each request from its own address: the public list's per-address limit would otherwise answer 429
    # to most of them, and the code behind it would go unreached
    n = next(_ADDRESSES)
    extra = {"REMOTE_ADDR": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"}
    if req.content_type is not None:
        extra["CONTENT_TYPE"] = req.content_type
    if req.body:
        return client.generic(req.method, req.path, data=req.body, content_type=req.content_type or "", **extra)
    return client.generic(req.method, req.path, **extra)


def fuzz(register, *, seed: int, amount: int, errors, say=print) -> Target:
    import hypothesis
    from django.test import Client

    target = Target("open311")
    client = Client(raise_request_exception=False)

    @hypothesis.settings(max_examples=amount, database=None, deadline=None, suppress_health_check=list(
        hypothesis.HealthCheck), phases=[hypothesis.Phase.generate], verbosity=hypothesis.Verbosity.quiet)
    @hypothesis.seed(seed)
    @hypothesis.given(req=requests(register))
    def run(req):
        errors.take()
        check(target, req, send(client, req), errors)

    run()
    say(f"open311: {target.sent} requests, {target.server_errors} 5xx, {len(target.findings)} findings")
    return target
