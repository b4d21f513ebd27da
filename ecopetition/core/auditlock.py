"""Maintenance switch for the append-only tables.

Triggers refuse UPDATE and DELETE on audit events. Emptying a whole database
(test flush, restore into a fresh installation) needs a way past them: on
SQLite the trigger asks a function this process registers, on PostgreSQL a
session setting. Nothing in the application turns it on except those two.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from django.db import connections

_state = threading.local()


def is_unlocked() -> bool:
    return getattr(_state, "unlocked", False)


@contextlib.contextmanager
def unlocked(using: str = "default") -> Iterator[None]:
    conn = connections[using]
    _state.unlocked = True
    try:
        if conn.vendor == "postgresql":
            with conn.cursor() as cur:
                cur.execute("SELECT set_config('ecopetition.audit_unlocked', 'on', false)")
        yield
    finally:
        _state.unlocked = False
        if conn.vendor == "postgresql" and conn.connection is not None:
            with conn.cursor() as cur:
                cur.execute("SELECT set_config('ecopetition.audit_unlocked', 'off', false)")
