"""WSGI app for `ecopetition bench intake --drop-hooks ...`: the normal app with named signal receivers removed.

Diagnostic only: it shows what each domain's in-request hook costs. The figure
the issue asks for is measured with every hook in place (no --drop-hooks).
"""

import os

from ecopetition.wsgi import application  # noqa: F401 - sets Django up

DROP = {uid for uid in os.environ.get("ECOPETITION_BENCH_DROP_HOOKS", "").split(",") if uid}


def _drop(signal) -> None:
    kept = []
    for entry in signal.receivers:
        key = entry[0]
        uid = key[0] if isinstance(key, tuple) else key
        if uid not in DROP:
            kept.append(entry)
    signal.receivers = kept
    signal.sender_receivers_cache.clear()


def _drop_all() -> None:
    from ecopetition.cases import audit  # only after Django is set up

    _drop(audit.event_appended)
    _drop(audit.event_committed)


_drop_all()
