"""`ecopetition restore FILE`: verify a backup's checksums, then put it back into an empty installation."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ecopetition.ops.databases import OpsError
from ecopetition.ops.restore import restore_backup


class Command(BaseCommand):
    help = ("Restore a backup made by `ecopetition backup`. Every checksum is verified before anything is "
            "touched; an installation that holds data is refused unless --force. Stop the server and the "
            "worker first.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup archive")
        parser.add_argument("--force", action="store_true",
                            help="replace an installation that already holds data (its files are kept aside)")

    def handle(self, *args, file, force=False, **options):
        def say(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

        try:
            result = restore_backup(Path(file), force=force, say=say)
        except OpsError as exc:
            raise CommandError(str(exc)) from exc
        if result.problems:
            for problem in result.problems:
                self.stderr.write(_("PROBLEM: %(problem)s") % {"problem": problem})
            raise CommandError(_("The backup was restored, but the checks above failed."), returncode=2)
        self.stdout.write(self.style.SUCCESS(_("Restore complete; checks passed (row counts, audit chains, files).")))
