"""The demo extension shows every colour; the in-process worker starts once and stops."""

import datetime as dt
from io import StringIO

import pytest

from ecopetition.cases import actions as core
from ecopetition.core import clock
from ecopetition.deadlines import demo, queries


@pytest.mark.django_db
def test_demo_puts_every_colour_on_the_board(world):
    now = clock.now()
    with clock.frozen(now - dt.timedelta(minutes=30)):
        for i in range(12):
            core.do_register(core.NewComplaint(channel="web", content=f"噪声扰民 {i}", is_anonymous=True),
                             unit=world.units["city"], actor=world.users["cara"])
    out = StringIO()
    with clock.frozen(now):
        result = demo.extend(out)
        tiles, counts = queries.board(world.users["sue"])
    assert result["made"]["orders"] == 10
    for colour in ("normal", "yellow", "blue", "red", "overdue"):
        assert counts[colour] >= 1, (colour, counts)
    assert result["made"]["owners"] >= 1 and result["made"]["stars"] >= 1
    assert "supervision orders" in out.getvalue()
    # Most urgent first.
    assert tiles[0].level_code == "overdue"


def test_in_process_worker_starts_once(monkeypatch):
    from huey import MemoryHuey

    from ecopetition.deadlines import worker

    huey = MemoryHuey("test", immediate=False)
    monkeypatch.setattr(worker, "_huey", lambda: huey)
    monkeypatch.setattr(worker, "_running", None)
    c1 = worker.start_in_process()
    try:
        assert worker.start_in_process() is c1
        assert c1.scheduler.is_alive()
        assert all(t.is_alive() for _w, t in c1.worker_threads)
    finally:
        worker.stop_in_process()
    assert worker._running is None
