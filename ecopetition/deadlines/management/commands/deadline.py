"""`ecopetition deadline --start 2026-09-30T10:00 --workdays 3` or `--policy handover_close`: when a limit falls due."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from ecopetition.cases.models import Channel
from ecopetition.deadlines import workcal
from ecopetition.deadlines.models import CASE_FLAGS, DeadlinePolicy


class Command(BaseCommand):
    help = ("Print when a time limit started at --start falls due, as ISO 8601 with offset, followed by "
            "'provisional' when it depends on a year whose holidays are not loaded. With --policy, a second line "
            "names the policy and says what starts and stops it.")

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True,
                            help="ISO 8601 date and time; without an offset it is China Standard Time.")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--workdays", type=int, help="N working days (end of working hours on the Nth "
                                                       "working day after the day of the start).")
        group.add_argument("--days", type=int, help="N calendar days.")
        group.add_argument("--hours", type=float, help="N hours, round the clock.")
        group.add_argument("--policy", help="A clock key from the policy table (assign, site, callback, "
                                            "handover_distribute, handover_review, handover_close, statutory...).")
        parser.add_argument("--channel", default="", help="With --policy: the case's channel (letter, phone, web, "
                                                          "inspection...), for policies that differ by channel.")
        parser.add_argument("--flags", default="", help="With --policy: comma-separated case flags, e.g. is_urgent.")

    def handle(self, *args, start, workdays, days, hours, policy, channel, flags, **options):
        try:
            at = dt.datetime.fromisoformat(start)
        except ValueError:
            raise CommandError(f"--start: not an ISO 8601 date and time: {start!r}") from None
        if timezone.is_naive(at):
            at = timezone.make_aware(at, timezone.get_default_timezone())
        chosen = None
        if policy:
            chosen = self._policy(policy, channel, flags)
            amount, unit = chosen.amount, chosen.unit
        elif workdays is not None:
            amount, unit = workdays, "workdays"
        elif days is not None:
            amount, unit = days, "days"
        else:
            amount, unit = hours, "hours"
        if amount is None or amount <= 0:
            raise CommandError("The duration must be a positive number.")
        due = workcal.due(at, amount, unit)
        self.stdout.write(due.isoformat() + (" provisional" if due.provisional else ""))
        if chosen is not None:
            self.stdout.write(f"{chosen.name}: {chosen.meaning}")

    def _policy(self, key: str, channel: str, flags: str) -> DeadlinePolicy:
        if channel and channel not in Channel.values:
            raise CommandError(f"--channel: unknown channel {channel!r}; one of {', '.join(Channel.values)}.")
        wanted = {f.strip() for f in flags.split(",") if f.strip()}
        unknown = wanted - set(CASE_FLAGS)
        if unknown:
            raise CommandError(f"--flags: unknown flag {', '.join(sorted(unknown))}; one of {', '.join(CASE_FLAGS)}.")
        case = SimpleNamespace(channel=channel, **{f: f in wanted for f in CASE_FLAGS})
        try:
            candidates = list(DeadlinePolicy.objects.filter(key=key, active=True).order_by("priority", "id"))
        except DatabaseError:
            raise CommandError("The database is not set up: run `ecopetition migrate` first.") from None
        if not candidates:
            keys = sorted(set(DeadlinePolicy.objects.filter(active=True).values_list("key", flat=True)))
            raise CommandError(f"--policy: no active policy {key!r}; the keys are: {', '.join(keys)}.")
        for p in candidates:
            if p.matches(case):
                return p
        raise CommandError(f"--policy {key}: no policy matches channel {channel or '(none)'!r} and flags "
                           f"{', '.join(sorted(wanted)) or '(none)'}; try --channel.")
