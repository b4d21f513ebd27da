"""`ecopetition deadline --start 2026-09-30T10:00 --workdays 3`: when a time limit falls due."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ecopetition.deadlines import workcal


class Command(BaseCommand):
    help = ("Print when a time limit started at --start falls due, as ISO 8601 with offset, followed by "
            "'provisional' when it depends on a year whose holidays are not loaded.")

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True,
                            help="ISO 8601 date and time; without an offset it is China Standard Time.")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--workdays", type=int, help="N working days (end of working hours on the Nth "
                                                       "working day after the day of the start).")
        group.add_argument("--days", type=int, help="N calendar days.")
        group.add_argument("--hours", type=float, help="N hours, round the clock.")

    def handle(self, *args, start, workdays, days, hours, **options):
        try:
            at = dt.datetime.fromisoformat(start)
        except ValueError:
            raise CommandError(f"--start: not an ISO 8601 date and time: {start!r}") from None
        if timezone.is_naive(at):
            at = timezone.make_aware(at, timezone.get_default_timezone())
        if workdays is not None:
            amount, unit = workdays, "workdays"
        elif days is not None:
            amount, unit = days, "days"
        else:
            amount, unit = hours, "hours"
        if amount is None or amount <= 0:
            raise CommandError("The duration must be a positive number.")
        due = workcal.due(at, amount, unit)
        self.stdout.write(due.isoformat() + (" provisional" if due.provisional else ""))
