"""Django's flush, let past the audit table's append-only triggers (tests and restores empty whole
databases); afterwards every in-process cache registered with `registry.on_flush` forgets its rows."""

from django.core.management.commands.flush import Command as FlushCommand

from ecopetition.core import registry
from ecopetition.core.auditlock import unlocked


class Command(FlushCommand):
    def handle(self, **options):
        try:
            with unlocked(options.get("database") or "default"):
                return super().handle(**options)
        finally:
            for hook in registry.FLUSH_HOOKS:
                hook()
