"""The deadline rule against chinesecalendar, every day of 2025 and 2026, and the calendar's bad input."""

import datetime as dt
from io import StringIO

import chinese_calendar
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from ecopetition.deadlines import workcal
from ecopetition.deadlines.models import CalendarEntry, CalendarYear, DeadlinePolicy, check_entries

CST = timezone.get_default_timezone()
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def expected_workdays(day: dt.date, n: int) -> tuple[dt.date, bool]:
    """Independent reading of the rule: count chinesecalendar working days after the day of receipt."""
    provisional = False
    while n:
        day += dt.timedelta(days=1)
        try:
            working = chinese_calendar.is_workday(day)
        except NotImplementedError:  # year not in the package: Monday to Friday, provisional
            working, provisional = day.weekday() < 5, True
        n -= working
    return day, provisional


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_every_day_of_2025_and_2026_matches_chinesecalendar(n):
    cal = workcal.get()
    day = dt.date(2025, 1, 1)
    while day.year < 2027:
        for hour, minute in ((0, 5), (10, 0), (23, 59)):
            start = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=CST)
            due = cal.add_workdays(start, n)
            want_day, want_prov = expected_workdays(day, n)
            assert due.at == dt.datetime.combine(want_day, dt.time(17, 30), tzinfo=CST), (day, n)
            assert due.provisional == want_prov, (day, n)
        day += dt.timedelta(days=1)


def test_spring_festival_2026():
    cal = workcal.get()
    # Friday 13 Feb 2026; Saturday 14 Feb is an adjusted working day, then 15–23 Feb are holidays.
    start = dt.datetime(2026, 2, 13, 16, 0, tzinfo=CST)
    assert cal.add_workdays(start, 1).at == dt.datetime(2026, 2, 14, 17, 30, tzinfo=CST)
    assert cal.add_workdays(start, 2).at == dt.datetime(2026, 2, 24, 17, 30, tzinfo=CST)
    # Received during the holiday: the first working day after it counts as day one.
    assert cal.add_workdays(dt.datetime(2026, 2, 17, 9, 0, tzinfo=CST), 3).at == dt.datetime(
        2026, 2, 26, 17, 30, tzinfo=CST)
    # Saturday 28 Feb 2026 is worked.
    assert cal.add_workdays(dt.datetime(2026, 2, 27, 9, 0, tzinfo=CST), 1).at.date() == dt.date(2026, 2, 28)


def test_national_day_2026_and_its_adjusted_weekends():
    cal = workcal.get()
    # Sunday 20 Sep 2026 is an adjusted working day.
    assert cal.add_workdays(dt.datetime(2026, 9, 19, 10, 0, tzinfo=CST), 1).at.date() == dt.date(2026, 9, 20)
    # 1–7 Oct are holidays; 8, 9 Oct and Saturday 10 Oct are working days.
    due = cal.add_workdays(dt.datetime(2026, 9, 30, 10, 0, tzinfo=CST), 3)
    assert due.at == dt.datetime(2026, 10, 10, 17, 30, tzinfo=CST)
    assert not due.provisional


def test_the_command_prints_iso_with_offset():
    out = StringIO()
    call_command("deadline", "--start", "2026-09-30T10:00", "--workdays", "3", stdout=out)
    assert out.getvalue().strip() == "2026-10-10T17:30:00+08:00"
    out = StringIO()
    call_command("deadline", "--start", "2026-09-30T10:00", "--hours", "2", stdout=out)
    assert out.getvalue().strip() == "2026-09-30T12:00:00+08:00"


def test_unloaded_year_is_provisional_and_recomputed_when_loaded():
    out = StringIO()
    call_command("deadline", "--start", "2026-12-30T10:00", "--workdays", "3", stdout=out)
    # 31 Dec, then 1 and 4 Jan 2027 (Mon–Fri, 2027 not loaded).
    assert out.getvalue().strip() == "2027-01-04T17:30:00+08:00 provisional"
    year = CalendarYear.objects.create(year=2027, source="test")
    CalendarEntry.objects.create(year=year, kind="holiday", start=dt.date(2027, 1, 1), end=dt.date(2027, 1, 3),
                                 name="New Year")
    CalendarEntry.objects.create(year=year, kind="holiday", start=dt.date(2027, 1, 4), end=dt.date(2027, 1, 4),
                                 name="Made-up bridge day")
    due = workcal.due(dt.datetime(2026, 12, 30, 10, 0, tzinfo=CST), 3, "workdays")
    assert due.at.date() == dt.date(2027, 1, 6)
    assert not due.provisional


def test_calendar_days_run_on_past_a_holiday():
    # 60 days from 2 Aug 2026 is 1 Oct (National Day): the period runs on to 8 Oct.
    due = workcal.due(dt.datetime(2026, 8, 2, 10, 0, tzinfo=CST), 60, "days")
    assert due.at == dt.datetime(2026, 10, 8, 17, 30, tzinfo=CST)


def test_working_hours_are_configurable():
    from ecopetition.deadlines.models import WorkingHours

    WorkingHours.objects.update(end=dt.time(17, 0))
    WorkingHours.objects.first().save()  # signals clear the cache
    due = workcal.due(dt.datetime(2026, 9, 30, 10, 0, tzinfo=CST), 3, "workdays")
    assert due.at == dt.datetime(2026, 10, 10, 17, 0, tzinfo=CST)
    bad = WorkingHours(start=dt.time(18, 0), end=dt.time(9, 0))
    with pytest.raises(ValidationError):
        bad.clean()


def test_seeded_years_are_consistent():
    for year in CalendarYear.objects.filter(year__gte=2004, year__lte=2026):
        assert check_entries(year.year, [(e.kind, e.start, e.end, e.name) for e in year.entries.all()]) == []
    assert CalendarYear.objects.filter(year__gte=2004, year__lte=2026).count() == 23


def test_overlapping_and_contradictory_entries_are_refused():
    year = CalendarYear.objects.create(year=2028)
    CalendarEntry.objects.create(year=year, kind="holiday", start=dt.date(2028, 10, 1), end=dt.date(2028, 10, 7),
                                 name="National Day")
    overlap = CalendarEntry(year=year, kind="workday", start=dt.date(2028, 10, 7), end=dt.date(2028, 10, 7),
                            name="Adjusted")
    with pytest.raises(ValidationError, match="overlaps"):
        overlap.full_clean()
    weekday = CalendarEntry(year=year, kind="workday", start=dt.date(2028, 9, 27), end=dt.date(2028, 9, 27),
                            name="Wednesday")
    with pytest.raises(ValidationError, match="weekday"):
        weekday.full_clean()
    outside = CalendarEntry(year=year, kind="holiday", start=dt.date(2028, 12, 31), end=dt.date(2029, 1, 1),
                            name="New Year")
    with pytest.raises(ValidationError, match="outside"):
        outside.full_clean()
    backwards = [("holiday", dt.date(2028, 5, 5), dt.date(2028, 5, 1), "Labour Day")]
    assert check_entries(2028, backwards)


@pytest.mark.parametrize("amount", [0, -3])
def test_zero_or_negative_duration_is_refused(amount):
    policy = DeadlinePolicy(key="x", name="x", amount=max(amount, 0), unit="workdays", start_events="accept",
                            stop_events="close")
    policy.amount = amount
    with pytest.raises(ValidationError):
        policy.clean()
    with pytest.raises(ValueError):
        workcal.due(dt.datetime(2026, 1, 5, tzinfo=CST), amount, "workdays")


def test_policy_contradictions_are_refused():
    base = dict(key="x", name="x", amount=3, unit="workdays")
    with pytest.raises(ValidationError):
        DeadlinePolicy(**base, start_events="accept", stop_events="accept").clean()
    with pytest.raises(ValidationError):
        DeadlinePolicy(**base, start_events="accept", stop_events="close", yellow=0.9, red=0.5).clean()
    with pytest.raises(ValidationError):
        DeadlinePolicy(**base, start_events="accept", stop_events="close", channels="fax").clean()
    DeadlinePolicy(**base, start_events="accept", stop_events="close").clean()
