"""`ecopetition backup [FILE]`: database, attachments and documents in one archive with SHA-256 checksums."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ecopetition.ops.backup import create_backup, default_name
from ecopetition.ops.databases import OpsError


class Command(BaseCommand):
    help = ("Back up the installation: the database (one consistent snapshot), the attachments and the "
            "generated documents, in one tar archive with a manifest of SHA-256 checksums.")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="archive to write (default: ecopetition-backup-DATE-TIME.tar.gz "
                                                    "here); .tar.gz/.tgz is compressed, .tar is not")
        parser.add_argument("--no-secret-key", action="store_true",
                            help="leave the data folder's generated secret key out of the archive")

    def handle(self, *args, file=None, no_secret_key=False, **options):
        def say(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

        try:
            create_backup(Path(file or default_name()), say=say, include_secret=not no_secret_key)
        except OpsError as exc:
            raise CommandError(str(exc)) from exc
