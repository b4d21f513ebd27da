"""Hooks the cases app listens to."""

from django.db.backends.signals import connection_created
from django.dispatch import receiver

from ecopetition.core import auditlock


@receiver(connection_created)
def register_sqlite_functions(sender, connection, **kwargs):
    """SQLite's append-only triggers ask this function whether maintenance (test flush, restore) is on."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "ecopetition_audit_unlocked", 0, lambda: 1 if auditlock.is_unlocked() else 0, deterministic=False
        )
