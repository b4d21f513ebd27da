"""`ecopetition analytics check` compares the rollups with a recount; `analytics rebuild` recomputes them."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from ecopetition.analytics import rollups


class Command(BaseCommand):
    help = "Check the command centre's rollups against the register, or rebuild them."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="op", metavar="check|rebuild")
        sub.add_parser("check", help="Recount from the register; exit 1 when a rollup differs.")
        sub.add_parser("rebuild", help="Recompute every rollup from the register.")

    def handle(self, *args, op=None, **options):
        if op == "rebuild":
            n = rollups.rebuild(progress=lambda k: self.stderr.write(f"\r{k} cases", ending=""))
            self.stdout.write(f"Rebuilt rollups from {n} complaints.")
            return
        if op == "check":
            problems = rollups.compare(rollups.stored_cells(), rollups.recount())
            if problems:
                for p in problems[:50]:
                    self.stdout.write(p)
                self.stdout.write(f"{len(problems)} rollup cells differ from the register.")
                sys.exit(1)
            self.stdout.write("Rollups agree with the register.")
            return
        raise CommandError("Say `analytics check` or `analytics rebuild`.")
