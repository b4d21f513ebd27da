"""Huey tasks of the deadlines app: the periodic sweep (every minute by default)."""

from __future__ import annotations

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

log = logging.getLogger("ecopetition.deadlines")


@db_periodic_task(crontab(minute=getattr(settings, "ECOPETITION_SWEEP_CRON_MINUTES", "*")), name="deadline_sweep")
def deadline_sweep() -> dict:
    """Sweep the clocks, then retry messages a killed worker or a failed gateway left pending."""
    from ecopetition.notify.services import deliver_pending

    from .sweep import sweep
    from .worker import database_work, only_one

    # One sweep at a time across every worker (a PostgreSQL advisory lock; on SQLite a file lock); a
    # second worker's overlapping run would be harmless, only wasted. The fork guard is taken first,
    # so no server worker forked meanwhile inherits the lock or its connection.
    with database_work(), only_one("deadline-sweep") as mine:
        if not mine:
            log.info("deadline sweep: another sweep is running; this one is skipped")
            return {"changed": 0, "notices": 0, "skipped": 0, "retried": 0, "busy": True}
        result = sweep()
        retried = deliver_pending()
    if result.changed or result.skipped:
        log.info("deadline sweep: %s changed, %s notices, %s skipped, %s retried", result.changed,
                 result.notices, result.skipped, retried)
    return {"changed": result.changed, "notices": result.notices, "skipped": result.skipped, "retried": retried}
