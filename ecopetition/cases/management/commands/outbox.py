"""`ecopetition outbox [status|drain|retry]`: the work waiting for the background worker."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ecopetition.cases import outbox
from ecopetition.cases.models import OutboxItem


class Command(BaseCommand):
    help = "Show, drain, or retry the outbox (the work that follows each action in 'worker' mode)."

    def add_arguments(self, parser):
        parser.add_argument("what", nargs="?", choices=["status", "drain", "retry"], default="status",
                            help="status (default): counts and parked items; drain: do all waiting work now; "
                                 "retry: give parked items another chance")

    def handle(self, *args, what, **options):
        if what == "drain":
            self.stdout.write(f"done {outbox.drain_all()} item(s)")
        elif what == "retry":
            n = OutboxItem.objects.filter(parked=True).update(parked=False, attempts=0)
            self.stdout.write(f"{n} parked item(s) will be tried again")
        counts = outbox.waiting()
        self.stdout.write(f"mode {outbox.settings.OUTBOX_MODE}: {counts['waiting']} waiting, {counts['parked']} parked")
        for item in OutboxItem.objects.filter(parked=True).order_by("pk")[:20]:
            self.stdout.write(f"  parked #{item.pk} {item}: {item.last_error[:200]}")
