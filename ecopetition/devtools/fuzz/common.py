"""What the fuzz targets (api.py, open311.py, portal.py) and the runner in `__init__.py` share: the
findings and per-target tallies, the report, the exception log, the quiet loggers and the in-process
WSGI application. A module of its own so the targets import it and not the package that runs them.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import traceback
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Finding:
    target: str
    kind: str  # "5xx", "schema", "format", "xss"
    request: str  # method and path, or a curl command
    status: int
    detail: str

    def __str__(self) -> str:
        return f"[{self.target}] {self.kind} {self.status} {self.request[:300]}\n    {self.detail[:1200]}"


@dataclass
class Target:
    name: str
    sent: int = 0
    statuses: Counter = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    advisories: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    by_operation: dict = field(default_factory=dict)  # API: statuses per operation
    _seen: set = field(default_factory=set, repr=False)

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def record(self, status: int) -> None:
        self.sent += 1
        self.statuses[status] += 1

    def add(self, finding: Finding) -> None:
        """Keep the first example of each distinct problem (same kind, status and last line of detail)."""
        lines = [ln for ln in finding.detail.strip().splitlines() if ln.strip()]
        key = (finding.kind, finding.status, lines[-1] if lines else "")
        if key not in self._seen:
            self._seen.add(key)
            self.findings.append(finding)


@dataclass
class Report:
    seed: int
    targets: list[Target]
    seconds: float = 0.0

    @property
    def sent(self) -> int:
        return sum(t.sent for t in self.targets)

    @property
    def server_errors(self) -> int:
        return sum(t.server_errors for t in self.targets)

    @property
    def findings(self) -> list[Finding]:
        return [f for t in self.targets for f in t.findings]

    def table(self) -> str:
        lines = [f"{'target':<10} {'requests':>8} {'5xx':>5} {'findings':>8} {'seconds':>7}  statuses seen"]
        for t in self.targets:
            statuses = " ".join(f"{s}:{n}" for s, n in sorted(t.statuses.items()))
            lines.append(f"{t.name:<10} {t.sent:>8} {t.server_errors:>5} {len(t.findings):>8} {t.seconds:>7.1f}  "
                         f"{statuses}")
        lines.append(f"{'total':<10} {self.sent:>8} {self.server_errors:>5} {len(self.findings):>8} "
                     f"{self.seconds:>7.1f}  seed {self.seed}")
        for t in self.targets:
            by_kind: Counter = Counter()
            for (kind, _where), n in t.advisories.items():
                by_kind[kind] += n
            if by_kind:
                lines.append(f"{t.name}: advice, not failures: " + ", ".join(f"{k} x{n}" for k, n in by_kind.items()))
        return "\n".join(lines)

    def operations(self) -> str:
        return "\n".join(f"  {label:<62} " + " ".join(f"{s}:{n}" for s, n in sorted(statuses.items()))
                         for t in self.targets for label, statuses in t.by_operation.items())

    def advice(self) -> str:
        return "\n".join(f"  {kind}: {where} x{n}" for t in self.targets
                         for (kind, where), n in sorted(t.advisories.items()))


class ExceptionLog:
    """The exceptions Django turned into 500 answers, with their tracebacks (got_request_exception)."""

    def __init__(self):
        self.last: str = ""

    def __call__(self, sender=None, request=None, **kwargs):
        exc = sys.exc_info()[1]
        if exc is not None:
            # The project's own frames say where; the last line says what.
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/ecopetition/" in f.filename
                      and "/site-packages/" not in f.filename]
            where = "".join(traceback.format_list(frames[-4:]))
            self.last = where + "".join(traceback.format_exception_only(exc))

    def take(self) -> str:
        last, self.last = self.last, ""
        return last


@contextlib.contextmanager
def capturing_exceptions():
    from django.core.signals import got_request_exception

    log = ExceptionLog()
    got_request_exception.connect(log, weak=False)
    try:
        yield log
    finally:
        got_request_exception.disconnect(log)


@contextlib.contextmanager
def quiet(level=logging.CRITICAL):
    """Thousands of 4xx answers would each log a warning; the report says what matters."""
    names = ["django.request", "django.security", "ecopetition", "ninja", "schemathesis"]
    saved = {n: logging.getLogger(n).level for n in names}
    for n in names:
        logging.getLogger(n).setLevel(level)
    try:
        yield
    finally:
        for n, lvl in saved.items():
            logging.getLogger(n).setLevel(lvl)


def wsgi_app():
    """Django's WSGI handler that keeps the caller's database connection across requests.

    A real server closes stale connections at the end of each request; in process, inside
    a test transaction, that would close the test's own connection (Django's test client
    does the same disconnect).
    """
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    handler = WSGIHandler()

    def app(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = handler(environ, start_response)
            try:
                body = b"".join(response)
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [body]

    return app
