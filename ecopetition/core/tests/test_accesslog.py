"""No secret of a URL reaches a log: gunicorn's access and error logs, Django's and the development
server's (core/accesslog.py). `test_serve.py` checks the access log of a real `ecopetition serve`."""

from __future__ import annotations

import datetime as dt
import logging
from types import SimpleNamespace

import pytest

from ecopetition.core.accesslog import AccessLogger, RedactURLs, redact_query, redact_urls

SECRET = "ep_S3CRET-test-value"  # a made-up key


@pytest.mark.parametrize(("query", "logged"), [
    (f"api_key={SECRET}&status=open", "api_key=[redacted]&status=open"),
    (f"token={SECRET}&key={SECRET}&code={SECRET}", "token=[redacted]&key=[redacted]&code=[redacted]"),
    ("q=%E5%BC%A0%E4%B8%89&page=2&phone=13800000000", "q=[redacted]&page=2&phone=[redacted]"),
    (f"{SECRET}", "[redacted]"),  # a bare value
    (f"{SECRET}=1&attribute[urgent]=yes", "[redacted]&attribute[urgent]=[redacted]"),  # a key sent as a name
    (f"x%3D%3Cscript%3E{SECRET}=1", "[redacted]"),  # a name that is no name
    ("page=&status", "page=&status"),
    ("", ""),
])
def test_values_are_redacted_unless_harmless(query, logged):
    assert redact_query(query) == logged


def test_every_query_in_a_text_is_redacted():
    line = f'GET /open311/v2/requests.json?api_key={SECRET}&page=1 HTTP/1.1 "https://x/?code={SECRET}"'
    assert redact_urls(line) == ('GET /open311/v2/requests.json?api_key=[redacted]&page=1 HTTP/1.1 '
                                 '"https://x/?code=[redacted]"')
    assert redact_urls("Is it? Yes.") == "Is it? Yes."


def test_gunicorn_access_log_has_no_secret_whatever_its_format(capsys):
    from gunicorn.config import Config

    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", " | ".join([
        "%(h)s", "%(r)s", "%(q)s", "%(f)s", "%(U)s", "%({authorization}i)s", "%({cookie}i)s", "%({referer}i)s",
        "%({location}o)s", "%({set-cookie}o)s", "%({query_string}e)s", "%({raw_uri}e)s", "%({http_authorization}e)s",
        "%({http_referer}e)s",
    ]))
    logger = AccessLogger(cfg)
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": f"/open311/v2/requests.json?api_key={SECRET}&status=open",
        "PATH_INFO": "/open311/v2/requests.json", "QUERY_STRING": f"api_key={SECRET}&status=open",
        "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "192.0.2.1", "HTTP_AUTHORIZATION": f"Bearer {SECRET}",
        "HTTP_REFERER": f"https://x.example/track/?code={SECRET}", "HTTP_USER_AGENT": "test",
    }
    req = SimpleNamespace(headers=[("AUTHORIZATION", f"Bearer {SECRET}"), ("COOKIE", f"sessionid={SECRET}"),
                                   ("REFERER", f"https://x.example/track/?code={SECRET}")])
    resp = SimpleNamespace(status="302 Found", sent=0,
                           headers=[("Location", f"/accounts/login/?next=/x%3Ftoken%3D{SECRET}"),
                                    ("Set-Cookie", f"sessionid={SECRET}")])
    logger.access(resp, req, environ, dt.timedelta(milliseconds=5))
    out = capsys.readouterr().out
    assert "GET /open311/v2/requests.json?api_key=[redacted]&status=open HTTP/1.1" in out
    assert SECRET not in out and "S3CRET" not in out


def test_capability_paths_are_redacted_like_queries(capsys):
    """R5-6: the emergency acknowledgement token and the Open311 batch token sit in the path."""
    from gunicorn.config import Config

    token = "e4K6XM" + "abcdefGHIJ_klmn-opqrstuv"  # made of two parts: no secret-looking literal
    assert redact_urls(f"GET /staff/oversight/ack/{token}/ HTTP/1.1") == "GET /staff/oversight/ack/[redacted]/ HTTP/1.1"
    assert redact_urls(f"/open311/v2/tokens/{token}.json?api_key={SECRET}") == (
        "/open311/v2/tokens/[redacted].json?api_key=[redacted]")
    assert redact_urls("/staff/oversight/emergencies/ack/12/") == "/staff/oversight/emergencies/ack/12/"  # no token
    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", "%(r)s | %(U)s | %({raw_uri}e)s | %({path_info}e)s | %(f)s")
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"/staff/oversight/ack/{token}/",
               "PATH_INFO": f"/staff/oversight/ack/{token}/", "QUERY_STRING": "", "SERVER_PROTOCOL": "HTTP/1.1",
               "REMOTE_ADDR": "192.0.2.1", "HTTP_REFERER": f"https://x.example/staff/oversight/ack/{token}/"}
    req = SimpleNamespace(headers=[("REFERER", f"https://x.example/staff/oversight/ack/{token}/")])
    AccessLogger(cfg).access(SimpleNamespace(status="200 OK", sent=0, headers=[]), req, environ,
                             dt.timedelta(milliseconds=5))
    out = capsys.readouterr().out
    assert "GET /staff/oversight/ack/[redacted]/ HTTP/1.1" in out and token not in out
    record = logging.getLogger("django.server").makeRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s', (f"POST /staff/oversight/ack/{token}/ HTTP/1.1",
                                                                    200, 5), None)
    RedactURLs().filter(record)
    assert token not in record.getMessage()


def test_gunicorn_error_log_redacts_the_request_uri(capsys):
    from gunicorn.config import Config

    cfg = Config()
    cfg.set("errorlog", "-")
    logger = AccessLogger(cfg)
    logger.error("Error handling request %s", f"/open311/v2/requests.json?api_key={SECRET}")
    assert SECRET not in capsys.readouterr().err


def test_gunicorn_error_log_redacts_a_rejected_request_line(capsys):
    """R10-13: gunicorn logs a request line it rejects (raw non-ASCII bytes) whole, already formatted into
    the message ("Invalid request from ip=...: Invalid HTTP request line: 'GET /...'"), and a traceback may
    carry a URL too: both redacted by the access log's own rule."""
    from gunicorn.config import Config
    from gunicorn.http.errors import InvalidRequestLine

    cfg = Config()
    cfg.set("errorlog", "-")
    logger = AccessLogger(cfg)
    line = "GET /track/?number=YC-1&code=TE6AC5R2&x=é HTTP/1.1".encode().decode("latin-1")
    exc = InvalidRequestLine(f"GET /open311/v2/requests.json?api_key={SECRET}&q=张 HTTP/1.1".encode().decode("latin-1"))
    # As gunicorn's worker logs it (workers/base.py, handle_error).
    logger.warning("Invalid request from ip={ip}: {error}".format(ip="127.0.0.1", error=str(exc)))
    logger.warning("Invalid request from ip={ip}: {error}".format(ip="127.0.0.1", error=str(InvalidRequestLine(line))))
    try:
        raise ValueError(f"bad /staff/cases/?q=王建国13912345678&page=2 and /staff/oversight/ack/{SECRET}/")
    except ValueError:
        logger.exception("Error handling request %s", "/x/?code=TE6AC5R2")
    err = capsys.readouterr().err
    assert "Invalid HTTP request line" in err and "api_key=[redacted]" in err and "code=[redacted]" in err
    assert "ValueError" in err and "q=[redacted]&page=2" in err
    for secret in (SECRET, "TE6AC5R2", "13912345678", "王建国"):
        assert secret not in err


def test_the_development_server_log_is_filtered_too():
    handlers = logging.getLogger("django.server").handlers + logging.getLogger().handlers
    assert handlers and all(any(isinstance(f, RedactURLs) for f in h.filters) for h in handlers
                            if isinstance(h, logging.StreamHandler) and type(h).__module__ == "logging")
    record = logging.getLogger("django.server").makeRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s', (f"GET /x/?api_key={SECRET} HTTP/1.1", 200, 5),
        None)
    RedactURLs().filter(record)
    assert SECRET not in record.getMessage() and "api_key=[redacted]" in record.getMessage()


def test_no_key_in_what_the_application_logs(client, world, caplog):
    """Open311 refusing a key (unknown, or a JSON API token), the API refusing one: the logs name at most
    the token's prefix."""
    from ecopetition.org.models import ApiToken

    api_key = ApiToken.issue(world.users["cara"], "city system")[1]
    caplog.set_level(logging.DEBUG)
    for key in (SECRET, api_key):
        r = client.get("/open311/v2/requests.json", {"api_key": key})
        assert r.status_code == 403
        r = client.post("/open311/v2/requests.json", {"api_key": key, "service_code": "noise"})
        assert r.status_code == 403
        assert client.get("/api/v1/complaints", {"api_key": key}).status_code == 401
    assert caplog.records  # the refusals were logged
    assert SECRET not in caplog.text and api_key not in caplog.text and api_key[8:] not in caplog.text
