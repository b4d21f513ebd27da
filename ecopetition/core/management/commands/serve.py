"""`ecopetition serve`: migrate when needed, collect static files, start the background worker, serve with gunicorn."""

from __future__ import annotations

import importlib
import logging
import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

log = logging.getLogger("ecopetition")


class Command(BaseCommand):
    help = "Serve ecopetition with the production WSGI server (gunicorn) and the background worker in-process."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
        parser.add_argument("--no-worker", action="store_true", help="do not run the background job worker")

    def handle(self, *args, **options):
        executor = MigrationExecutor(connections["default"])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write("Applying database migrations…")
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self._check_queue()  # web servers queue tasks too, with or without a worker of their own
        if not options["no_worker"]:
            self._start_worker()
        self._serve(options)

    def _check_queue(self) -> None:
        try:
            worker = importlib.import_module("ecopetition.deadlines.worker")
        except ModuleNotFoundError:
            return
        problem = getattr(worker, "queue_problem", lambda: None)()
        if problem:
            raise CommandError(problem)

    def _start_worker(self) -> None:
        try:
            worker = importlib.import_module("ecopetition.deadlines.worker")
        except ModuleNotFoundError:
            return
        starter = getattr(worker, "start_in_process", None)
        if starter is not None:
            starter()
            if "ECOPETITION_OUTBOX" not in os.environ:
                # The worker runs here: leave the work that follows each action to it.
                settings.OUTBOX_MODE = "worker"
            self.stdout.write(f"Background worker started (outbox: {settings.OUTBOX_MODE}).")

    def _serve(self, options) -> None:
        from gunicorn.app.base import BaseApplication

        from ecopetition.wsgi import application

        bind = f"{options['host']}:{options['port']}"
        sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")

        class App(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", bind)
                # SQLite has one writer: threads in one process queue on it more gently than processes.
                self.cfg.set("workers", 1 if sqlite else options["workers"])
                self.cfg.set("threads", 4 if sqlite else 1)
                self.cfg.set("accesslog", "-")
                # Queries redacted (an Open311 api_key, a query code, a searched name): core/accesslog.py.
                self.cfg.set("logger_class", "ecopetition.core.accesslog.AccessLogger")
                self.cfg.set("timeout", 60)
                self.cfg.set("graceful_timeout", 10)

            def load(self):
                return application

        # The migration check above opened a database connection in this process. gunicorn forks its
        # workers from here: each would inherit that one socket and they would talk over each other
        # (answers of one worker's query read by another). Close it; every worker opens its own.
        connections.close_all()
        self.stdout.write(self.style.SUCCESS(f"Serving on http://{bind}/staff/  (Ctrl-C to stop)"))
        App().run()
