"""China's working calendar and the rules that turn a time limit into a due moment.

The rules (also in docs/deadlines.md):

* **N working days from receipt** is the end of working hours (default 17:30
  China Standard Time) on the Nth working day *after* the day of receipt. The
  day of receipt never counts, whatever the hour and whether or not it is a
  working day. Working days are Monday to Friday, minus the official holidays,
  plus the adjusted working Saturdays and Sundays (调休) of the State Council
  notice for that year.
* **N calendar days** end at the end of working hours on the Nth day after the
  starting day; when that day is not a working day the period runs on to the
  next working day (the usual rule for periods in Chinese administrative law).
* **N hours** run round the clock: the start plus N hours.

A year whose holidays are not loaded is computed Monday to Friday and every
due moment that depends on one of its days is marked *provisional*; it is
recomputed when an administrator loads that year.
"""

from __future__ import annotations

import datetime as dt
import threading
import time as _time
from dataclasses import dataclass

from django.utils import timezone

DEFAULT_START = dt.time(8, 30)
DEFAULT_END = dt.time(17, 30)
_STALE_AFTER = 30.0  # seconds before another process's calendar edits are picked up


@dataclass(frozen=True)
class Due:
    at: dt.datetime
    provisional: bool = False

    def isoformat(self) -> str:
        return timezone.localtime(self.at).isoformat()


class WorkCalendar:
    """An in-memory view of the calendar tables: loaded years plus the days that differ from Mon–Fri."""

    def __init__(
        self,
        loaded_years: set[int],
        overrides: dict[dt.date, bool],
        office: tuple[dt.time, dt.time] = (DEFAULT_START, DEFAULT_END),
        tz: dt.tzinfo | None = None,
    ) -> None:
        self.loaded_years = set(loaded_years)
        self.overrides = dict(overrides)
        self.office_start, self.office_end = office
        self.tz = tz or timezone.get_default_timezone()

    # --- days ---------------------------------------------------------------
    def is_loaded(self, year: int) -> bool:
        return year in self.loaded_years

    def is_workday(self, day: dt.date) -> bool:
        if day.year in self.loaded_years and day in self.overrides:
            return self.overrides[day]
        return day.weekday() < 5

    def next_workday(self, day: dt.date) -> tuple[dt.date, bool]:
        """The first working day strictly after `day`, and whether an unloaded year was crossed."""
        provisional = False
        while True:
            day += dt.timedelta(days=1)
            provisional |= not self.is_loaded(day.year)
            if self.is_workday(day):
                return day, provisional

    def local_date(self, at: dt.datetime) -> dt.date:
        return at.astimezone(self.tz).date()

    def end_of_day(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.office_end, tzinfo=self.tz)

    # --- the rules -----------------------------------------------------------
    def add_workdays(self, start: dt.datetime, n: int) -> Due:
        """End of working hours on the Nth working day after the day of `start` (the day of receipt)."""
        if n <= 0:
            raise ValueError("a number of working days must be positive")
        day = self.local_date(start)
        provisional = False
        for _ in range(n):
            day, crossed = self.next_workday(day)
            provisional |= crossed
        return Due(self.end_of_day(day), provisional)

    def add_days(self, start: dt.datetime, n: int) -> Due:
        """End of working hours on the Nth calendar day after the day of `start`, run on past non-working days."""
        if n <= 0:
            raise ValueError("a number of days must be positive")
        day = self.local_date(start) + dt.timedelta(days=n)
        provisional = not self.is_loaded(day.year)
        if not self.is_workday(day):
            day, crossed = self.next_workday(day)
            provisional |= crossed
        return Due(self.end_of_day(day), provisional)

    def add_day_n(self, start: dt.datetime, n: int) -> Due:
        """The end of day N, the day of `start` being day 1, weekends and holidays included.

        The inspection handover's "1+3+5+7" counts this way (seed 003): a handover received on a Monday is
        closed and reported by the end of Sunday; one received on a Saturday by the end of Friday.
        """
        if n <= 0:
            raise ValueError("a number of days must be positive")
        day = self.local_date(start) + dt.timedelta(days=n - 1)
        # 23:59:59 rather than midnight, so that the due moment reads as day N on every page.
        return Due(dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=self.tz), False)

    def start_of_day(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(0, 0), tzinfo=self.tz)

    def add_hours(self, start: dt.datetime, n: float) -> Due:
        if n <= 0:
            raise ValueError("a number of hours must be positive")
        return Due(start + dt.timedelta(hours=n), False)

    def due(self, start: dt.datetime, amount: float, unit: str) -> Due:
        if unit == "workdays":
            return self.add_workdays(start, int(amount))
        if unit == "days":
            return self.add_days(start, int(amount))
        if unit == "hours":
            return self.add_hours(start, amount)
        if unit == "day_n":
            return self.add_day_n(start, int(amount))
        raise ValueError(f"unknown duration unit {unit!r}")


# --- the shared instance, read from the tables ------------------------------------------

_lock = threading.Lock()
_cached: WorkCalendar | None = None
_checked_at = 0.0
_stamp: tuple | None = None


def _read_stamp() -> tuple:
    from django.db.models import Count, Max

    from .models import CalendarEntry, CalendarYear, WorkingHours

    years = CalendarYear.objects.aggregate(n=Count("id"), t=Max("loaded_at"))
    entries = CalendarEntry.objects.aggregate(n=Count("id"), m=Max("id"))
    hours = WorkingHours.objects.values_list("start", "end").first()
    return (years["n"], years["t"], entries["n"], entries["m"], hours)


def _load() -> WorkCalendar:
    from .models import CalendarEntry, CalendarYear, WorkingHours

    years = set(CalendarYear.objects.values_list("year", flat=True))
    overrides: dict[dt.date, bool] = {}
    for kind, start, end in CalendarEntry.objects.values_list("kind", "start", "end"):
        day = start
        while day <= end:
            overrides[day] = kind == "workday"
            day += dt.timedelta(days=1)
    hours = WorkingHours.objects.first()
    office = (hours.start, hours.end) if hours else (DEFAULT_START, DEFAULT_END)
    return WorkCalendar(years, overrides, office)


def get() -> WorkCalendar:
    """The calendar as the tables hold it; re-read after local edits at once, others' within 30 s."""
    global _cached, _checked_at, _stamp
    with _lock:
        now = _time.monotonic()
        if _cached is not None and now - _checked_at < _STALE_AFTER:
            return _cached
        stamp = _read_stamp()
        if _cached is None or stamp != _stamp:
            _cached = _load()
            _stamp = stamp
        _checked_at = now
        return _cached


def invalidate() -> None:
    global _cached, _stamp
    with _lock:
        _cached = None
        _stamp = None


def due(start: dt.datetime, amount: float, unit: str) -> Due:
    return get().due(start, amount, unit)
