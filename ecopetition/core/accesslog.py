"""What the logs keep of a request's URL: the path and the parameters' names, never a secret.

Open311 clients send their key as `api_key` in the query string, the portal's links and forms may carry
a query code, staff searches carry names and phone numbers: none of that belongs in an access log, which
is kept longer and read by more people than the database. Every parameter's value is replaced by
"[redacted]" unless its name is in `KEPT_PARAMETERS` (paging, filters, dates: nothing secret or personal).
The one rule for gunicorn's access and error logs (`AccessLogger`, set by `ecopetition serve`) and for
the development server's request lines (`RedactURLs`, a logging filter in settings.LOGGING).
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote_plus

REDACTED = "[redacted]"
KEPT_PARAMETERS = frozenset({
    "page", "sort", "order", "format", "status", "state", "level", "days", "min", "from", "to", "unit", "area",
    "unread", "marked", "download", "service_code", "jurisdiction_id", "start_date", "end_date", "language",
})
# What a parameter's name looks like (`service_code`, `attribute[urgent]`); anything else, a key sent as a name
# included (mixed case, longer), is redacted whole.
_NAME = re.compile(r"[a-z][a-z0-9_]{0,30}(\[[a-z0-9_]*\])*")
# A query: from "?" to the end of the URL (white space, a quote or a fragment ends it).
_QUERY = re.compile(r"\?([^\s\"'<>#]*)")
# Paths that carry a capability (the token is the credential): the emergency acknowledgement link and the
# Open311 batch token. Named here by path, not imported: the log knows no app.
_CAPABILITY_PATH = re.compile(r"(/staff/oversight/ack/|/open311/v2/tokens/)[^/?#\s\"'<>.]+")
# Request and response headers ({name}i, {name}o) and their WSGI environ names ({name}e) never logged.
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-csrftoken",
                            "http_authorization", "http_proxy_authorization", "http_cookie", "http_x_csrftoken"})


def redact_query(query: str) -> str:
    """`api_key=ep_x&page=2` -> `api_key=[redacted]&page=2`: names kept (when they look like names), values
    only for the harmless ones."""
    parts = []
    for piece in query.split("&"):
        if not piece:
            parts.append(piece)
            continue
        name, sep, value = piece.partition("=")
        if not _NAME.fullmatch(unquote_plus(name)) or (not sep and unquote_plus(name) not in KEPT_PARAMETERS):
            parts.append(REDACTED)  # a name that could be anything, or a bare value
        elif sep and value and unquote_plus(name) not in KEPT_PARAMETERS:
            parts.append(f"{name}={REDACTED}")
        else:
            parts.append(piece)
    return "&".join(parts)


def redact_urls(text: str) -> str:
    """Every query in `text` (a URL, a request line "GET /x?y HTTP/1.1", a Referer) redacted, and the token
    of a capability path (`/staff/oversight/ack/<token>/` -> `/staff/oversight/ack/[redacted]/`)."""
    if "/ack/" in text or "/tokens/" in text:
        text = _CAPABILITY_PATH.sub(lambda m: m.group(1) + REDACTED, text)
    if "?" not in text:
        return text
    return _QUERY.sub(lambda m: "?" + redact_query(m.group(1)), text)


class RedactURLs(logging.Filter):
    """A logging filter: the queries and capability tokens in a record redacted (request lines, URIs), in its
    arguments, in a message formatted before logging (gunicorn's "Invalid request from ip=...: Invalid HTTP
    request line: 'GET /x?api_key=...'", R10-13) and in the traceback of an exception logged with it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(redact_urls(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str) and not record.args:
            record.msg = redact_urls(record.msg)
        elif isinstance(record.msg, str) and ("?" in record.msg or "/ack/" in record.msg or "/tokens/" in record.msg):
            # A URL written into the format string itself: format once, then redact the whole line.
            try:
                record.msg, record.args = redact_urls(record.getMessage()), ()
            except (TypeError, ValueError, KeyError):
                pass
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_urls(record.exc_text)
        return True


def _access_logger_class() -> type:
    """gunicorn's logger class, made on first use: importing gunicorn (and the package metadata it reads)
    would cost every command's start-up, and only `ecopetition serve` logs through it."""
    from gunicorn.glogging import Logger

    class AccessLogger(Logger):
        """gunicorn's logger with every URL, Referer and Location redacted and no credential header, whatever
        the access log format asks for (`%(r)s`, `%(q)s`, `%({referer}i)s`, `%({query_string}e)s` ...)."""

        def setup(self, cfg) -> None:
            super().setup(cfg)
            self.error_log.addFilter(RedactURLs())  # "Error handling request /x?api_key=..." and the like

        def atoms(self, resp, req, environ, request_time) -> dict:
            atoms = super().atoms(resp, req, environ, request_time)
            for key, value in atoms.items():
                if not isinstance(value, str):
                    continue
                name = key[1:-2] if key.startswith("{") else ""  # "{referer}i" -> "referer"
                if key == "q" or name == "query_string":
                    atoms[key] = redact_query(value)
                elif name in SECRET_HEADERS:
                    atoms[key] = REDACTED
                else:  # the request line, the path, the Referer, a Location, RAW_URI, PATH_INFO ...
                    atoms[key] = redact_urls(value)
            return atoms

    return AccessLogger


def __getattr__(name: str):
    if name == "AccessLogger":  # `from ecopetition.core.accesslog import AccessLogger`, gunicorn's logger_class
        globals()[name] = cls = _access_logger_class()
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
