"""The one source of "now" for domain code.

Actions, deadlines and the demo ask `clock.now()` rather than the system
clock, so that the demo can replay a history dated in the past and tests can
freeze time, without any action taking a caller-supplied timestamp (which
would let a web request back-date an audited event).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

_frozen: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar("ecopetition_now", default=None)


def now() -> dt.datetime:
    value = _frozen.get()
    return value if value is not None else timezone.now()


@contextlib.contextmanager
def frozen(at: dt.datetime) -> Iterator[None]:
    """Make `now()` answer `at` inside the block (demo replay, tests)."""
    if timezone.is_naive(at):
        raise ValueError("clock.frozen needs an aware datetime")
    token = _frozen.set(at)
    try:
        yield
    finally:
        _frozen.reset(token)


def localdate(at: dt.datetime | None = None) -> dt.date:
    """The date in the configured time zone (China Standard Time) of `at`, or of now."""
    return timezone.localtime(at or now()).date()
