"""Django's flush, let past the audit table's append-only triggers (tests and restores empty whole databases)."""

from django.core.management.commands.flush import Command as FlushCommand

from ecopetition.core.auditlock import unlocked


class Command(FlushCommand):
    def handle(self, **options):
        with unlocked(options.get("database") or "default"):
            return super().handle(**options)
