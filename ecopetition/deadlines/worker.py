"""Running the huey consumer: as its own process (`ecopetition worker`) or in a thread of the web server.

`start_in_process()` is what `ecopetition serve` calls: worker and scheduler
threads in the server process, no signal handlers of their own (those belong
to the server). Calling it twice starts nothing new.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from huey.consumer import Consumer, Scheduler, Worker

log = logging.getLogger("ecopetition.deadlines")

_lock = threading.Lock()
_running: Consumer | None = None

# SQLite must never be forked while a connection of this process holds a lock: the child would
# inherit SQLite's record of the lock without the lock itself, and every write there then fails
# with "database is locked". The web server forks its workers after the consumer threads start,
# so a task holds this guard while it uses the database (and closes its connections before
# letting go), and fork() waits for it.
_fork_guard = threading.RLock()


def _after_fork_in_child() -> None:
    global _fork_guard, _running, _drainer
    _fork_guard = threading.RLock()
    _running = None  # the consumer's threads stay in the parent
    _drainer = None


os.register_at_fork(before=lambda: _fork_guard.acquire(), after_in_parent=lambda: _fork_guard.release(),
                    after_in_child=_after_fork_in_child)


@contextlib.contextmanager
def database_work() -> Iterator[None]:
    """Hold off fork() while a task uses the database; close this thread's connections at the end."""
    from django.db import connections

    with _fork_guard:
        try:
            yield
        finally:
            connections.close_all()


def lock_key(name: str) -> int:
    """The PostgreSQL advisory-lock key of `name`: a signed 64-bit number, the same on every machine."""
    digest = hashlib.sha256(f"ecopetition:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextlib.contextmanager
def only_one(name: str) -> Iterator[bool]:
    """True for the one holder of `name`, False for anyone else meanwhile.

    On PostgreSQL: a session-level advisory lock on this thread's database connection, so one
    holder across every machine that shares the database. The server lets go of it when the
    connection ends, which a killed worker's does. (A transaction-level lock would not do: the
    sweep commits batch by batch.) Behind a pooler in transaction mode (pgbouncer) session locks
    do not hold; connect workers to PostgreSQL directly, see docs/operations.md.

    On SQLite (one machine by design): a lock on a file in the data folder, which the kernel lets
    go of when its process ends, even by SIGKILL.

    (huey's lock_task keeps its lock in the queue's storage, where a killed worker leaves it
    behind and every later run is refused: the sweep would silently stop for good.)
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with _advisory_lock(connection, lock_key(name)) as mine:
            yield mine
        return
    with _file_lock(name) as mine:
        yield mine


@contextlib.contextmanager
def _advisory_lock(connection, key: int) -> Iterator[bool]:
    with connection.cursor() as cur:
        cur.execute("SELECT pg_try_advisory_lock(%s)", [key])
        mine = bool(cur.fetchone()[0])
    if not mine:
        yield False
        return
    try:
        yield True
    finally:
        try:
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_unlock(%s)", [key])
        except Exception:
            # The connection is broken (its session, and so the lock, is gone with it) or inside an
            # aborted transaction: closing it ends the session and so the lock.
            log.warning("could not release advisory lock %s; closing the connection", key, exc_info=True)
            if not connection.in_atomic_block:
                connection.close()


@contextlib.contextmanager
def _file_lock(name: str) -> Iterator[bool]:
    from django.conf import settings

    path = Path(settings.DATA_DIR) / f".{name}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


class GuardedWorker(Worker):
    """A worker thread that reads the queue and runs each task under the fork guard, sleeping outside it."""

    def loop(self, now=None):
        failed = False
        with _fork_guard:
            try:
                task = self.huey.dequeue()
            except Exception:
                self._logger.exception("Error reading from queue")
                task, failed = None, True
        if task is None:
            if failed or not self.huey.storage.blocking:
                self.sleep()
            return
        self.delay = self.default_delay
        self.task_count += 1
        with database_work():
            try:
                self.huey.execute(task, now)
            except Exception:
                self._logger.exception("Unhandled error during execution of task %s.", task.id)


class GuardedScheduler(Scheduler):
    """The scheduler enqueues under the fork guard and sleeps outside it."""

    def loop(self, now=None):
        real_sleep = self.sleep_for_interval
        naps: list[tuple] = []
        self.sleep_for_interval = lambda *args: naps.append(args)
        try:
            with _fork_guard:
                super().loop(now)
        finally:
            self.sleep_for_interval = real_sleep
        for args in naps:
            real_sleep(*args)


class InProcessConsumer(Consumer):
    """A consumer whose threads run inside another program (the web server's master process).

    It leaves that program's signals alone, and its threads touch SQLite only
    under the fork guard, so the server may fork workers at any time.
    """

    worker_class = GuardedWorker
    scheduler_class = GuardedScheduler

    def _set_signal_handlers(self):
        return None


def _huey():
    """Huey, with every app's `tasks` module imported so the consumer knows all their tasks."""
    from huey.contrib.djhuey import HUEY

    from ecopetition.core.discovery import app_modules

    app_modules("tasks")
    return HUEY


def queue_problem() -> str | None:
    """One plain sentence when the configured task queue cannot be used (e.g. Redis is down), else None."""
    from django.conf import settings

    conf = getattr(settings, "HUEY", None) or {}
    if "redis" not in str(conf.get("huey_class", "")).lower():
        return None
    url = conf.get("url") or "redis://localhost:6379"
    where = _masked(url)
    try:
        import redis
    except ImportError:
        return ("The task queue is set to Redis (ECOPETITION_HUEY_CLASS) but the Python package 'redis' "
                "is not installed: pip install redis.")
    try:
        # A timeout of our own: an unreachable host would otherwise hang here for minutes.
        redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5).ping()
    except Exception as exc:
        return (f"The task queue is set to Redis at {where} (ECOPETITION_HUEY_URL) but Redis does not "
                f"answer ({type(exc).__name__}): start Redis there or fix the setting.")
    return None


def _masked(url: str) -> str:
    """A URL without its password, fit for a message."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        host = parts.hostname or ""
        netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


def start_in_process(workers: int = 1) -> Consumer:
    """Start the consumer (workers + periodic scheduler) in background daemon threads; returns it."""
    global _running
    with _lock:
        if _running is not None:
            return _running
        huey = _huey()
        consumer = InProcessConsumer(huey, workers=workers, periodic=True, worker_type="thread",
                                     check_worker_health=False, scheduler_interval=1)
        consumer.start()
        _running = consumer
        _start_drainer(guard=database_work)
        log.info("deadline worker started in-process (%d worker thread(s))", workers)
        return consumer


_drainer = None


def _start_drainer(guard=None):
    """The outbox drainer thread (cases/outbox.py): the work that follows each action."""
    global _drainer
    from ecopetition.cases.outbox import Drainer

    if _drainer is None or not _drainer.is_alive():
        _drainer = Drainer(guard=guard)
        _drainer.start()
    return _drainer


def stop_in_process() -> None:
    global _running, _drainer
    with _lock:
        if _running is not None:
            _running.stop(graceful=True)
            _running = None
        if _drainer is not None:
            _drainer.stop()
            _drainer = None


def run_forever(workers: int = 1, worker_type: str = "thread") -> None:
    """The `ecopetition worker` process: a full consumer with its own signal handling (SIGINT/SIGTERM)."""
    huey = _huey()
    consumer = huey.create_consumer(workers=workers, periodic=True, worker_type=worker_type)
    _start_drainer()
    consumer.run()
