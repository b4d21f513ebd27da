"""`ecopetition bench fuzz`: the API, Open311 and the public portal under generated requests; no 5xx allowed.

Runs in process against a throwaway test database made from the configured one
(SQLite: in memory; PostgreSQL: a `test_` database beside it), with attachments and
documents written to a temporary folder and background tasks run in place, so the
installation's own data is never touched. Prints the requests sent per target, the
statuses seen, the 5xx count and each finding with a way to reproduce it; exits
non-zero when there is any. Needs the test extras (schemathesis, hypothesis).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

NAME = "fuzz"
HELP = "Fuzz the JSON API (schemathesis), Open311 and the public portal (hypothesis); print the figures."


def add_arguments(parser) -> None:
    from ecopetition.devtools.fuzz import BUDGET

    parser.add_argument("--seed", type=int, default=0, help="the generators' seed (default 0: repeatable)")
    parser.add_argument("--api-examples", type=int, default=BUDGET["api"],
                        help=f"positive and negative examples per API operation (default {BUDGET['api']})")
    parser.add_argument("--open311", type=int, default=BUDGET["open311"],
                        help=f"Open311 requests (default {BUDGET['open311']})")
    parser.add_argument("--portal", type=int, default=BUDGET["portal"],
                        help=f"portal form requests (default {BUDGET['portal']})")
    parser.add_argument("--advice", action="store_true", help="list the advisory findings one by one")
    parser.add_argument("--operations", action="store_true", help="list the statuses seen per API operation")


def run(options, stdout) -> None:
    from django.conf import settings
    from django.core.management.base import CommandError
    from django.db import connection
    from django.test.utils import override_settings, setup_test_environment, teardown_test_environment
    from huey.contrib.djhuey import HUEY

    from ecopetition.devtools import fuzz

    def say(msg: str) -> None:
        stdout.write(msg)
        stdout.flush()

    folder = Path(tempfile.mkdtemp(prefix="ecopetition-fuzz-"))
    old_name = connection.settings_dict["NAME"]
    immediate = HUEY.immediate
    setup_test_environment()
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        HUEY.immediate = True  # nothing goes to the installation's task queue
        # Pages render without a collected static manifest, as in the tests.
        storages = {**settings.STORAGES,
                    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
        with override_settings(DATA_DIR=folder, ATTACHMENTS_DIR=folder / "attachments",
                               DOCUMENTS_DIR=folder / "documents", STORAGES=storages):
            report = fuzz.run(seed=options["seed"], api_examples=options["api_examples"],
                              open311=options["open311"], portal=options["portal"], progress=say)
    finally:
        HUEY.immediate = immediate
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
        teardown_test_environment()
        shutil.rmtree(folder, ignore_errors=True)
    say(report.table())
    if options.get("operations"):
        say("statuses per API operation (generated requests, without the auth probes):\n" + report.operations())
    if options.get("advice") and report.advice():
        say("advice (requests the schema allows but the API refuses, or the reverse):\n" + report.advice())
    for finding in report.findings:
        say(str(finding))
    if report.server_errors or report.findings:
        raise CommandError(f"{report.server_errors} answers were 5xx; {len(report.findings)} findings")
    say(f"no 5xx and no findings in {report.sent} requests")
