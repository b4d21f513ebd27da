"""Provisional clocks recomputed when a year is loaded; the JSON API."""

import datetime as dt

import pytest

from ecopetition.deadlines import clocks
from ecopetition.deadlines.models import CalendarEntry, CalendarYear, CaseClock

from .helpers import CST, accept_and_assign, at, register

pytestmark = pytest.mark.django_db


def test_loading_a_year_recomputes_provisional_clocks(world):
    case = register(world, at(2026, 12, 29, 9))  # letter: 3 working days -> 30, 31 Dec, then 2027
    clk = CaseClock.objects.get(complaint=case, key="assign")
    assert clk.provisional and clk.due_at == dt.datetime(2027, 1, 1, 17, 30, tzinfo=CST)
    year = CalendarYear.objects.create(year=2027, source="test notice")
    CalendarEntry.objects.create(year=year, kind="holiday", start=dt.date(2027, 1, 1), end=dt.date(2027, 1, 3),
                                 name="元旦")
    assert clocks.recompute_provisional() == 1
    clk.refresh_from_db()
    assert not clk.provisional and clk.due_at == dt.datetime(2027, 1, 4, 17, 30, tzinfo=CST)
    assert clk.next_check_at == clk.yellow_at


def test_api_clocks_and_board(world, client):
    case = register(world, at(2026, 11, 2, 9))
    accept_and_assign(world, case, at(2026, 11, 2, 10))
    client.force_login(world.users["sue"])
    r = client.get(f"/api/v1/deadlines/cases/{case.number}/clocks")
    assert r.status_code == 200
    assert {c["key"] for c in r.json()} == {"assign", "site", "statutory"}
    r = client.get("/api/v1/deadlines/board")
    assert r.status_code == 200 and r.json()[0]["number"] == case.number
    client.force_login(world.users["bob"])  # county B: not his case
    assert client.get(f"/api/v1/deadlines/cases/{case.number}/clocks").status_code == 404


def test_admin_refuses_a_self_contradicting_year(client, settings):
    from django.contrib.auth import get_user_model
    from django.utils import translation

    admin = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(admin)
    data = {
        "year": "2029", "source": "国办发明电〔2028〕x号",
        "entries-TOTAL_FORMS": "2", "entries-INITIAL_FORMS": "0", "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
        "entries-0-kind": "holiday", "entries-0-start": "2029-10-01", "entries-0-end": "2029-10-07",
        "entries-0-name": "国庆节",
        "entries-1-kind": "workday", "entries-1-start": "2029-10-06", "entries-1-end": "2029-10-06",
        "entries-1-name": "调休",
    }
    with translation.override("en"):
        r = client.post("/admin/deadlines/calendaryear/add/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200  # the form comes back with the message
    assert "overlaps" in r.content.decode() or "重叠" in r.content.decode()
    assert not CalendarYear.objects.filter(year=2029).exists()
    data["entries-1-start"] = data["entries-1-end"] = "2029-09-29"  # a Saturday: fine
    r = client.post("/admin/deadlines/calendaryear/add/", data)
    assert r.status_code == 302
    assert CalendarYear.objects.get(year=2029).entries.count() == 2


def test_worker_once_and_deadline_command_errors(world):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from ecopetition.core import clock

    register(world, at(2026, 11, 2, 9))
    out = StringIO()
    with clock.frozen(at(2026, 11, 5, 12)):
        call_command("worker", "--once", stdout=out)
    assert "changed 1, notices 1" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("deadline", "--start", "yesterday", "--workdays", "3")
    with pytest.raises(CommandError):
        call_command("deadline", "--start", "2026-09-30T10:00", "--days", "0")
    out = StringIO()
    call_command("deadline", "--start", "2026-09-30T10:00+08:00", "--days", "1", stdout=out)
    assert out.getvalue().strip() == "2026-10-08T17:30:00+08:00"  # 1 Oct is a holiday: runs on to the 8th
