"""`ecopetition audit verify`: walk every hash chain; exit non-zero naming the first broken event."""

from django.core.management.base import BaseCommand, CommandError

from ecopetition.cases import audit
from ecopetition.cases.models import Event
from ecopetition.core.progress import counter


class Command(BaseCommand):
    help = "Verify the tamper-evident audit trail."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", metavar="verify")
        v = sub.add_parser("verify", help="Recompute every chain and report breaks.")
        v.add_argument("--all", action="store_true", help="List every broken chain, not only the first.")

    def handle(self, *args, **options):
        if options.get("sub") != "verify":
            raise CommandError("Usage: ecopetition audit verify [--all]")
        total = Event.objects.count()
        seen = [0]
        bar = counter("verifying", total, unit="event")

        def tick():
            seen[0] += 1
            if seen[0] % 1000 == 0:
                bar(seen[0])

        breaks = []
        for brk in audit.verify(progress=tick):
            breaks.append(brk)
            if not options["all"]:
                break
        bar.close()
        if breaks:
            for brk in breaks:
                self.stderr.write(f"BROKEN: {brk}")
            raise CommandError(f"audit chain broken at {breaks[0]}", returncode=2)
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {total} events verified"))
