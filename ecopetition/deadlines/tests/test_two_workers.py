"""Two workers as on two machines: one PostgreSQL, one Redis, separate data folders.

Both run the production worker command (`ecopetition worker`: huey consumer on Redis plus the
outbox drainer) while cases are registered and moved here (this process plays the web server) and
deadline sweeps are queued on Redis. Afterwards everything is counted against a recount: nothing done twice, nothing
left undone, every audit chain intact.
"""

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from ecopetition.analytics import rollups
from ecopetition.analytics.models import CaseFact
from ecopetition.cases import audit
from ecopetition.cases.models import Event, OutboxItem
from ecopetition.deadlines.models import ClockNotice
from ecopetition.deadlines.sweep import sweep
from ecopetition.notify.models import Notification

from .helpers import accept_and_assign, register

REPO = Path(__file__).resolve().parents[3]
ON_POSTGRESQL = django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
pytestmark = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="several workers share one database only on PostgreSQL; SQLite is one machine by design")


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_two_workers_on_one_postgresql_and_one_redis_double_nothing_and_lose_nothing(world, redis_url,
                                                                                     tmp_path, settings):
    import redis
    from huey import RedisHuey

    settings.OUTBOX_MODE = "worker"  # this process is the web server: it leaves the follow-up work
    settings.TRIAGE_ON_REGISTER = "index"
    redis.Redis.from_url(redis_url).flushdb()
    queue = RedisHuey(django_settings.HUEY["name"], url=redis_url)
    env = {**os.environ, "DATABASE_URL": _database_url(), "ECOPETITION_HUEY_CLASS": "huey.RedisHuey",
           "ECOPETITION_HUEY_URL": redis_url, "ECOPETITION_OUTBOX": "worker",
           "DJANGO_SETTINGS_MODULE": "ecopetition.deadlines.tests.worker_settings",
           "PYTHONPATH": str(REPO), "LOG_LEVEL": "INFO", "PYTHONUNBUFFERED": "1"}
    env.pop("ECOPETITION_HUEY_FILE", None)
    logs, workers = [], []
    for machine in ("a", "b"):
        data = tmp_path / f"machine-{machine}"  # nothing on disk is shared between the two
        data.mkdir()
        log = open(tmp_path / f"worker-{machine}.log", "w+")
        logs.append(log)
        workers.append(subprocess.Popen([sys.executable, "-m", "ecopetition", "worker", "--workers", "2"],
                                        env={**env, "ECOPETITION_DATA_DIR": str(data)}, cwd=REPO,
                                        stdout=log, stderr=subprocess.STDOUT))
    try:
        _wait_for(lambda: all("consumer started" in Path(lg.name).read_text() for lg in logs), 40,
                  "both workers to start")
        # Cases registered three weeks ago: their clocks are due, so the sweeps have work.
        past = timezone.now() - dt.timedelta(days=21)
        cases = []
        for i in range(24):
            case = register(world, past + dt.timedelta(minutes=i), channel=("letter", "phone", "web")[i % 3])
            if i % 3 == 0:
                accept_and_assign(world, case, past + dt.timedelta(hours=1, minutes=i))
            cases.append(case)
        assert OutboxItem.objects.exists()
        # Sweeps queued on Redis as the consumers' schedulers queue them each minute: a message naming the
        # task, which whichever consumer takes it looks up in its own registry.
        from ecopetition.deadlines.tasks import deadline_sweep

        queue._registry.register(deadline_sweep.task_class)
        for _ in range(10):
            queue.enqueue(deadline_sweep.s())
        assert queue.pending_count() > 0

        def ran_sweeps(log):
            log.flush()
            return len(re.findall(r"Executing \S*deadline_sweep", Path(log.name).read_text()))

        def settled():
            for w in workers:
                if w.poll() is not None:
                    pytest.fail(f"a worker exited ({w.returncode}):\n" + "".join(Path(lg.name).read_text()
                                                                               for lg in logs))
            if queue.pending_count():
                return False
            if not all(ran_sweeps(lg) for lg in logs):  # one consumer took them all: queue one more
                queue.enqueue(deadline_sweep.s())
                return False
            return not OutboxItem.objects.exists() and sum(ran_sweeps(lg) for lg in logs) >= 10

        _wait_for(settled, 60, "both workers to drain the outbox and run the queued sweeps")
        time.sleep(0.5)  # a sweep taken last may still be committing
    finally:
        for w in workers:
            w.send_signal(signal.SIGTERM)
        for w in workers:
            try:
                w.wait(20)
            except subprocess.TimeoutExpired:
                w.kill()
                w.wait()
    texts = [Path(lg.name).read_text() for lg in logs]
    for lg in logs:
        lg.close()
    assert all(w.returncode is not None for w in workers)
    assert "Traceback" not in "".join(texts), "".join(texts)
    # The queued sweeps went to both machines, and the lock kept them from sweeping at once.
    assert all(ran_sweeps_ := [len(re.findall(r"Executing \S*deadline_sweep", t)) for t in texts]), ran_sweeps_
    assert sum(ran_sweeps_) >= 10  # the consumers' own schedulers may add one each at a minute's turn

    # Outbox: every item done once, none parked; the statistics equal a recount.
    assert OutboxItem.objects.count() == 0
    assert rollups.compare(rollups.stored_cells(), rollups.recount()) == []
    assert CaseFact.objects.count() == len(cases)

    # Sweeps: each (clock, level) urged once, the audit trail lists each once, each message once.
    notices = list(ClockNotice.objects.values_list("clock_id", "level"))
    assert notices and len(notices) == len(set(notices))
    listed = [tuple(n) for e in Event.objects.filter(action="deadline_sweep") for n in e.data["notices"]]
    assert len(listed) == len(set(listed)) == len(notices)
    keys = list(Notification.objects.values_list("dedupe_key", flat=True))
    assert keys and len(keys) == len(set(keys))
    # Nothing left undone: a sweep now finds nothing due.
    again = sweep()
    assert (again.changed, again.notices) == (0, 0)
    assert list(audit.verify()) == []
