"""The public portal's forms (submit, track, rate) with hostile input (hypothesis).

Odd unicode and markup in every field, numbers that are not numbers, unknown
choices, photos that are not pictures or are too many or too big, names that try
path traversal, wrong content types, other methods, many client addresses (so
that some requests pass the per-address rate limit and some hit it) and a share
of requests without a CSRF token. Never a 5xx, and markup never comes back
unescaped.
"""

from __future__ import annotations

import io
import urllib.parse
from dataclasses import dataclass, field

from hypothesis import strategies as st

from .common import Finding, Target
from .strategies import BROKEN_UTF8, numbers, odd_text

ALLOWED_STATUSES = {200, 302, 400, 403, 404, 405, 409, 429}  # 409: rated already
UNESCAPED = ("<script>fz()</script>", "<img src=x onerror=fz()>")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
FILE_BODIES = [
    PNG, b"\xff\xd8\xff\xe0" + b"\x00" * 40, b"GIF89a" + b"\x00" * 20, b"RIFF\x00\x00\x00\x00WEBPVP8 ",
    b"<svg xmlns='http://www.w3.org/2000/svg' onload='fz()'/>", b"", b"PK\x03\x04" + b"\x00" * 30,
    b"%PDF-1.4\n", b"MZ\x90\x00", b"\x89PNG", PNG + b"<?php system($_GET['c']); ?>",
]
FILE_NAMES = ["p.png", "../../etc/passwd.png", "x.svg", "shell.php.png", "a" * 300 + ".png", "照片.jpg", "",
              "con.png", "x\r\nContent-Type: text/html.png", "%2e%2e%2fx.png", ".htaccess"]
ADDRESSES = [f"203.0.113.{i}" for i in range(1, 60)] + ["", "::1", "not-an-ip", "1.2.3.4, 5.6.7.8", "fe80::1%eth0"]


@dataclass
class PortalReq:
    method: str
    path: str
    data: dict = field(default_factory=dict)
    raw: bytes | None = None
    content_type: str | None = None
    remote_addr: str = "203.0.113.1"
    csrf: bool = False

    def __str__(self) -> str:
        shown = {k: (v if not isinstance(v, list) else [getattr(x, "name", x) for x in v]) for k, v in self.data.items()}
        body = repr(shown)[:400] if self.data else repr((self.raw or b"")[:160])
        return f"{self.method} {self.path} from {self.remote_addr!r}{' (CSRF enforced)' if self.csrf else ''} {body}"


def _file(name: str, content: bytes, big: bool):
    f = io.BytesIO(content + (b"\x00" * (2 * 1024 * 1024 + 100) if big else b""))
    f.name = name
    return f


VALID_SUBMIT = {"content": "河边小厂晚上偷排污水，河水发黑发臭", "address": "亭湖区某河边", "category": "water",
                "name": "李四", "phone": "13912345678"}


@st.composite
def submit_fields(draw, register) -> dict:
    """A form a person could send, with up to four fields spoilt, dropped or added."""
    data: dict = dict(VALID_SUBMIT)
    for _ in range(draw(st.integers(0, 4))):
        how = draw(st.sampled_from(["spoil", "spoil", "drop", "place", "anonymous", "honeypot", "photos"]))
        if how == "drop" and data:
            data.pop(draw(st.sampled_from(sorted(data))))
        elif how == "spoil":
            name = draw(st.sampled_from(["content", "address", "reported_party", "name", "phone", "category"]))
            data[name] = draw(odd_text if name != "category" else st.one_of(
                st.sampled_from(register.categories or ["air"]), odd_text))
        elif how == "place":
            data["lat"], data["lon"] = draw(numbers), draw(numbers)
        elif how == "anonymous":
            data["anonymous"] = draw(st.sampled_from(["on", "true", "1", "0", "off", "", "🔥"]))
        elif how == "honeypot":
            data["website"] = draw(odd_text)
        else:
            n = draw(st.sampled_from([1, 1, 2, 7]))
            data["photos"] = [_file(draw(st.sampled_from(FILE_NAMES)),
                                    draw(st.one_of(st.just(PNG), st.sampled_from(FILE_BODIES))),
                                    draw(st.integers(0, 15)) == 0) for _ in range(n)]
    return data


@st.composite
def portal_requests(draw, register) -> PortalReq:
    tickets = register.tickets or [("X", "Y")]
    page = draw(st.sampled_from(["submit"] * 5 + ["track"] * 3 + ["rate"] * 2 + ["home"]))
    path = {"submit": "/submit/", "track": "/track/", "rate": "/track/rate/", "home": "/"}[page]
    method = draw(st.sampled_from(["POST"] * 12 + ["GET", "GET", "PUT", "DELETE", "HEAD", "OPTIONS"]))
    if page == "home":
        method = draw(st.sampled_from(["GET", "GET", "HEAD", "POST"]))
    data: dict = {}
    if page == "submit":
        data = draw(submit_fields(register))
    elif page in ("track", "rate"):
        number, code = draw(st.sampled_from(tickets))
        data["number"] = draw(st.one_of(st.just(number), st.sampled_from(register.numbers or ["X"]), odd_text))
        data["code"] = draw(st.one_of(st.just(code), st.just(code.lower()), odd_text))
        if page == "rate":
            data["result"] = draw(st.one_of(st.sampled_from(["satisfied", "basic", "unsatisfied"]), odd_text))
            if draw(st.booleans()):
                data["note"] = draw(st.one_of(odd_text, st.just("很满意" * 800)))
    raw = ctype = None
    shape = draw(st.sampled_from(["multipart"] * 10 + ["urlencoded"] * 3 + ["json", "broken", "utf8"]))
    if method != "POST" or shape == "multipart":
        pass
    elif shape == "urlencoded":
        raw = urllib.parse.urlencode({k: v for k, v in data.items() if isinstance(v, str)}).encode()
        ctype = "application/x-www-form-urlencoded"
    elif shape == "json":
        import json

        raw = json.dumps({k: v for k, v in data.items() if isinstance(v, str)}).encode()
        ctype = "application/json"
    elif shape == "broken":
        raw = draw(st.sampled_from([b"content=%zz&", b"--nope\r\n", b"\x00\xff", b"=" * 50]))
        ctype = draw(st.sampled_from(["multipart/form-data", "multipart/form-data; boundary=nope",
                                      "application/x-www-form-urlencoded", "text/plain", ""]))
    else:
        raw = b"content=" + draw(st.sampled_from(BROKEN_UTF8)) + b"&address=" + draw(st.sampled_from(BROKEN_UTF8))
        ctype = "application/x-www-form-urlencoded"
    return PortalReq(method=method, path=path, data=data, raw=raw, content_type=ctype,
                     remote_addr=draw(st.sampled_from(ADDRESSES)), csrf=draw(st.integers(0, 9)) == 0)


def send(clients, req: PortalReq):
    client = clients[req.csrf]
    extra = {"REMOTE_ADDR": req.remote_addr}
    if req.raw is not None:
        return client.generic(req.method, req.path, data=req.raw, content_type=req.content_type or "", **extra)
    if req.method == "POST":
        return client.post(req.path, req.data, **extra)
    if req.method == "GET":
        return client.get(req.path, {k: v for k, v in req.data.items() if isinstance(v, str)}, **extra)
    return client.generic(req.method, req.path, **extra)


def check(target: Target, req: PortalReq, response, errors) -> None:
    status = response.status_code
    target.record(status)
    if status >= 500:
        target.add(Finding("portal", "5xx", str(req), status, errors.take()))
        return
    if status not in ALLOWED_STATUSES:
        target.add(Finding("portal", "status", str(req), status, "unexpected status"))
    body = response.content.decode("utf-8", "replace") if not getattr(response, "streaming", False) else ""
    for markup in UNESCAPED:
        if markup in body:
            target.add(Finding("portal", "xss", str(req), status, f"{markup} came back unescaped"))


def fuzz(register, *, seed: int, amount: int, errors, say=print) -> Target:
    import hypothesis
    from django.test import Client

    target = Target("portal")
    clients = {False: Client(raise_request_exception=False),
               True: Client(raise_request_exception=False, enforce_csrf_checks=True)}

    @hypothesis.settings(max_examples=amount, database=None, deadline=None, suppress_health_check=list(
        hypothesis.HealthCheck), phases=[hypothesis.Phase.generate], verbosity=hypothesis.Verbosity.quiet)
    @hypothesis.seed(seed)
    @hypothesis.given(req=portal_requests(register))
    def run(req):
        errors.take()
        for f in req.data.get("photos", []):
            f.seek(0)
        check(target, req, send(clients, req), errors)

    run()
    say(f"portal: {target.sent} requests, {target.server_errors} 5xx, {len(target.findings)} findings")
    return target

