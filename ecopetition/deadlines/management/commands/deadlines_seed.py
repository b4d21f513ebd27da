"""`ecopetition deadlines_seed`: load missing calendar years from chinesecalendar and the default policies."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ecopetition.deadlines import clocks, seed, workcal
from ecopetition.deadlines.models import CalendarEntry, CalendarYear, DeadlinePolicy


class Command(BaseCommand):
    help = ("Load the years 2004-2026 from the chinesecalendar package where they are missing, add the default "
            "deadline policies that are missing, and recompute provisional clocks.")

    def handle(self, *args, **options):
        years = seed.seed_calendar(CalendarYear, CalendarEntry)
        policies = seed.seed_policies(DeadlinePolicy)
        workcal.invalidate()
        clocks.invalidate_policies()
        recomputed = clocks.recompute_provisional()
        self.stdout.write(f"{years} calendar years loaded, {policies} policies added, "
                          f"{recomputed} provisional clocks recomputed")
