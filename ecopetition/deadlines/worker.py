"""Running the huey consumer: as its own process (`ecopetition worker`) or in a thread of the web server.

`start_in_process()` is what `ecopetition serve` calls: worker and scheduler
threads in the server process, no signal handlers of their own (those belong
to the server). Calling it twice starts nothing new.
"""

from __future__ import annotations

import logging
import threading

from huey.consumer import Consumer

log = logging.getLogger("ecopetition.deadlines")

_lock = threading.Lock()
_running: Consumer | None = None


class InProcessConsumer(Consumer):
    """A consumer whose threads run inside another program: it leaves that program's signals alone."""

    def _set_signal_handlers(self):
        return None


def _huey():
    from huey.contrib.djhuey import HUEY

    from . import tasks  # noqa: F401  (registers the periodic sweep)

    return HUEY


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
        log.info("deadline worker started in-process (%d worker thread(s))", workers)
        return consumer


def stop_in_process() -> None:
    global _running
    with _lock:
        if _running is not None:
            _running.stop(graceful=True)
            _running = None


def run_forever(workers: int = 1, worker_type: str = "thread") -> None:
    """The `ecopetition worker` process: a full consumer with its own signal handling (SIGINT/SIGTERM)."""
    huey = _huey()
    consumer = huey.create_consumer(workers=workers, periodic=True, worker_type=worker_type)
    consumer.run()
