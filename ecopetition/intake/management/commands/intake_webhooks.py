"""`ecopetition intake_webhooks`: send the webhook deliveries that are due (for setups without a worker)."""

import time

from django.core.management.base import BaseCommand

from ecopetition.intake.webhooks import deliver_due


class Command(BaseCommand):
    help = "Send due webhook deliveries once, or keep sending every minute with --loop."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true")

    def handle(self, *args, loop=False, **options):
        while True:
            n = deliver_due()
            self.stdout.write(f"{n} deliveries attempted")
            if not loop:
                return
            time.sleep(60)
