"""The sweep: levels, urging, escalation, idempotence (twice, concurrently, after a kill), skipped cases."""

import threading

import pytest
from django.db import connection, connections

from ecopetition.cases.models import Event
from ecopetition.core import clock
from ecopetition.deadlines.actions import do_assign_owner
from ecopetition.deadlines.models import CaseClock, ClockNotice, Level
from ecopetition.deadlines.sweep import sweep
from ecopetition.notify.models import Notification

from .helpers import accept_and_assign, at, register


def make_cases(world, n=3):
    cases = []
    for _ in range(n):
        case = register(world, at(2026, 11, 2, 9))  # Monday; letter: assign due Thu 5 Nov 17:30
        cases.append(case)
    return cases


@pytest.mark.django_db
def test_levels_move_and_units_are_urged_once(world):
    (case,) = make_cases(world, 1)
    clk = CaseClock.objects.get(complaint=case, key="assign")
    before = clk.yellow_at - (clk.yellow_at - clk.started_at) / 2
    assert sweep(before).changed == 0
    r = sweep(clk.yellow_at)
    assert (r.changed, r.notices) == (1, 1)
    clk.refresh_from_db()
    assert clk.level == Level.YELLOW and clk.next_check_at == clk.blue_at
    # The dispatcher of the home unit is urged, in the inbox, and the case records it.
    assert list(Notification.objects.values_list("user__username", "kind")) == [("dan", "deadline_yellow")]
    assert list(ClockNotice.objects.filter(complaint=case).values_list("level", "recipients")) == [("yellow", 1)]
    trail = Event.objects.get(complaint=None, action="deadline_sweep")
    assert trail.data["notices"] == [[case.pk, case.number, "assign", "yellow", 1]]
    # Running again at the same moment changes nothing and sends nothing.
    assert sweep(clk.yellow_at).changed == 0
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_red_escalates_to_supervisor_and_owner(world):
    (case,) = make_cases(world, 1)
    with clock.frozen(at(2026, 11, 2, 10)):
        do_assign_owner(case, actor=world.users["lee"], leader=world.users["lee"])
    clk = CaseClock.objects.get(complaint=case, key="assign")
    sweep(clk.red_at)
    clk.refresh_from_db()
    assert clk.level == Level.RED
    users = set(Notification.objects.filter(kind="deadline_red").values_list("user__username", flat=True))
    assert users == {"dan", "sue", "lee"}
    # A sweep that was down for a while sends only the level reached, once.
    assert set(ClockNotice.objects.filter(clock=clk).values_list("level", flat=True)) == {"red"}
    sweep(clk.due_at)
    assert set(ClockNotice.objects.filter(clock=clk).values_list("level", flat=True)) == {"red", "overdue"}
    clk.refresh_from_db()
    assert clk.level == Level.OVERDUE and clk.next_check_at is None


@pytest.mark.django_db
def test_stopped_clocks_are_not_swept(world):
    (case,) = make_cases(world, 1)
    accept_and_assign(world, case, at(2026, 11, 2, 10))
    r = sweep(at(2026, 11, 30, 9))
    keys = set(ClockNotice.objects.values_list("clock__key", flat=True))
    assert "assign" not in keys and {"site"} <= keys
    assert r.skipped == 0


@pytest.mark.django_db
def test_unexpected_state_is_skipped_and_logged(world, caplog):
    a, b = make_cases(world, 2)
    # A clock left running on a case that is no longer open (e.g. edited in the database by hand).
    type(a).objects.filter(pk=a.pk).update(state="closed")
    r = sweep(at(2026, 11, 5, 12))
    assert r.skipped == 1 and "still runs" in r.skipped_reasons[0]
    assert "skipped" in caplog.text
    assert ClockNotice.objects.filter(complaint=b).exists()
    assert not ClockNotice.objects.filter(complaint=a).exists()
    # The skipped clock is retried later rather than read again and again.
    assert CaseClock.objects.get(complaint=a, key="assign").next_check_at > at(2026, 11, 5, 12)


@pytest.mark.django_db
def test_a_sweep_killed_mid_way_is_completed_by_the_next(world, monkeypatch):
    make_cases(world, 4)
    from ecopetition.deadlines import sweep as mod

    real = mod.message
    calls = {"n": 0}

    def dies_on_third(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt("worker killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(mod, "message", dies_on_third)
    with pytest.raises(KeyboardInterrupt):
        sweep(at(2026, 11, 5, 12), batch=10)
    assert ClockNotice.objects.count() == 0  # the batch rolled back as a whole
    monkeypatch.setattr(mod, "message", real)
    sweep(at(2026, 11, 5, 12), batch=10)
    sweep(at(2026, 11, 5, 12), batch=10)
    assert ClockNotice.objects.filter(clock__key="assign").count() == 4
    assert Notification.objects.filter(kind="deadline_red").count() == 4 * 2  # dan and sue


def _run_concurrently(n_threads, fn):
    errors = []
    barrier = threading.Barrier(n_threads)

    def target():
        try:
            barrier.wait()
            fn()
        except Exception as exc:  # reported to the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target) for _ in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_notice_once(world, tmp_path):
    from django.db import transaction

    with transaction.atomic():
        cases = make_cases(world, 30)
        # Other apps' after-commit work on registration (triage, webhooks) is not under test here.
        connection.run_on_commit.clear()
    when = at(2026, 11, 5, 12)  # red for every letter registered on Monday
    settings_dict = connections.settings["default"]
    original = dict(settings_dict)
    if connection.vendor == "sqlite":
        # The in-memory test database cannot be shared by writers in threads: copy it to a file.
        path = tmp_path / "sweep.sqlite3"
        with connection.cursor() as cur:
            cur.execute("VACUUM INTO %s", [str(path)])
        settings_dict["NAME"] = str(path)
    try:
        errors = _run_concurrently(2, lambda: sweep(when, batch=7))
        assert errors == []
        if connection.vendor == "sqlite":
            import sqlite3

            db = sqlite3.connect(path)
            notices = db.execute("SELECT clock_id, level, COUNT(*) FROM deadlines_clocknotice GROUP BY 1, 2").fetchall()
            messages = db.execute("SELECT COUNT(*), COUNT(DISTINCT dedupe_key) FROM notify_notification").fetchone()
            import json

            urges = sum(len(json.loads(d)["notices"]) for (d,) in db.execute(
                "SELECT data FROM cases_event WHERE action = 'deadline_sweep'").fetchall())
            db.close()
        else:
            notices = list(ClockNotice.objects.values_list("clock_id", "level").annotate(n=__import__(
                "django.db.models", fromlist=["Count"]).Count("id")))
            messages = (Notification.objects.count(), Notification.objects.values("dedupe_key").distinct().count())
            urges = sum(len(e.data["notices"]) for e in Event.objects.filter(action="deadline_sweep"))
    finally:
        settings_dict.clear()
        settings_dict.update(original)
    assert len(notices) == len(cases)
    assert all(n == 1 for _c, _l, n in notices)
    assert messages == (len(cases) * 2, len(cases) * 2)
    assert urges == len(cases)


@pytest.mark.django_db
def test_a_failing_batch_is_redone_clock_by_clock(world, monkeypatch):
    a, b, c = make_cases(world, 3)
    from ecopetition.deadlines import sweep as mod

    real = mod.message

    def breaks_for_b(number, *args):
        if number == b.number:
            raise RuntimeError("template broken for this case")
        return real(number, *args)

    monkeypatch.setattr(mod, "message", breaks_for_b)
    r = sweep(at(2026, 11, 5, 12))
    assert r.skipped == 1 and "template broken" in r.skipped_reasons[0]
    assert set(ClockNotice.objects.values_list("complaint_id", flat=True)) == {a.pk, c.pk}


@pytest.mark.django_db
def test_task_force_units_are_urged_too(world):
    from ecopetition.cases import actions as core

    (case,) = make_cases(world, 1)
    with clock.frozen(at(2026, 11, 2, 10)):
        core.do_accept(case, actor=world.users["cara"])
        core.do_assign(case, actor=world.users["dan"], lead_unit=world.units["city_eco"],
                       assisting_units=[world.units["county_a_eco"]])
    site = CaseClock.objects.get(complaint=case, key="site")
    sweep(site.yellow_at)
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"olga", "oscar"}


def test_on_sqlite_one_sweep_at_a_time_and_the_file_lock_dies_with_its_holder(settings, tmp_path):
    import subprocess
    import sys

    from ecopetition.deadlines.worker import _file_lock

    settings.DATA_DIR = tmp_path
    with _file_lock("deadline-sweep") as first:
        with _file_lock("deadline-sweep") as second:
            assert first and not second
    # A process killed while holding it (here: one that exits without letting go) leaves no lock behind.
    lock_file = str(tmp_path / ".deadline-sweep.lock")
    holder = f"import fcntl, os; fh = open({lock_file!r}, 'a'); fcntl.flock(fh, fcntl.LOCK_EX); os._exit(9)"
    assert subprocess.run([sys.executable, "-c", holder]).returncode == 9
    with _file_lock("deadline-sweep") as again:
        assert again


@pytest.mark.django_db
def test_on_postgresql_the_sweep_lock_is_one_for_all_machines_and_dies_with_its_holder(settings, tmp_path):
    """Another machine is another session: it must be refused while the lock is held, whatever its
    data folder, and a worker killed while holding the lock must not keep it."""
    if connection.vendor != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; SQLite keeps the file lock (one machine by design)")
    import signal
    import subprocess
    import sys
    import time

    from ecopetition.deadlines.worker import lock_key, only_one

    settings.DATA_DIR = tmp_path  # a file lock would be this folder's alone
    params = connection.get_connection_params()
    dsn = {k: params[k] for k in ("dbname", "user", "host", "port", "password") if params.get(k)}
    key = lock_key("deadline-sweep")
    holder = (f"import psycopg, sys, time; c = psycopg.connect(**{dsn!r}, autocommit=True); "
              f"assert c.execute('SELECT pg_try_advisory_lock(%s)', [{key}]).fetchone()[0]; "
              "print('held', flush=True); time.sleep(60)")
    with only_one("deadline-sweep") as first:
        assert first
        other = subprocess.run([sys.executable, "-c", holder], capture_output=True, text=True, timeout=30)
        assert other.returncode != 0 and "AssertionError" in other.stderr  # refused while we hold it
    proc = subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"  # we let go: the other machine took it
        with only_one("deadline-sweep") as mine:
            assert not mine
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 10
        while True:  # the server notices the dead session at once, or within moments
            with only_one("deadline-sweep") as mine:
                if mine or time.monotonic() > deadline:
                    break
            time.sleep(0.05)
        assert mine
    finally:
        proc.kill()
