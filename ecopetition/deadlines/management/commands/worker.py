"""`ecopetition worker`: run the task consumer (the deadline sweep every minute) until stopped."""

from __future__ import annotations

import logging

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the background worker: the periodic deadline sweep and other queued tasks."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=1, help="Worker threads (default 1).")
        parser.add_argument("--once", action="store_true", help="Run one sweep now and exit.")

    def handle(self, *args, workers, once, **options):
        if once:
            from ecopetition.deadlines.sweep import sweep
            from ecopetition.notify.services import deliver_pending

            r = sweep()
            retried = deliver_pending()
            self.stdout.write(f"examined {r.examined}, changed {r.changed}, notices {r.notices}, "
                              f"messages {r.messages}, skipped {r.skipped}, retried {retried}")
            for reason in r.skipped_reasons:
                self.stdout.write(f"  skipped: {reason}")
            return
        logging.getLogger("huey").setLevel(logging.INFO)
        from ecopetition.deadlines.worker import queue_problem, run_forever

        problem = queue_problem()
        if problem:
            raise CommandError(problem)

        self.stdout.write("worker running; Ctrl-C to stop")
        run_forever(workers=workers)
