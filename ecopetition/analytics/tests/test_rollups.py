import pytest
from django.core.management import call_command

from ecopetition.analytics import queries, rollups
from ecopetition.analytics.models import CaseFact, Rollup
from ecopetition.cases import actions as A
from ecopetition.core import clock
from ecopetition.core.exceptions import TransitionNotAllowed

from .conftest import at, register, run_to_close


@pytest.fixture
def cases(world, refdata):
    made = []
    made.append(register(world, categories=["air"], sector="industry", division_code="320902"))
    made.append(register(world, categories=["air", "water"], channel="letter", when=at(2026, 3, 20),
                         is_escalated=True, is_repeat=True))
    made.append(register(world, clerk="bea", unit="county_b", categories=["noise"], when=at(2026, 4, 3)))
    run_to_close(world, made[0], at(2026, 3, 3))
    return made


def test_rollups_follow_every_event_and_agree_with_recount(world, cases):
    assert rollups.compare(rollups.stored_cells(), rollups.recount()) == []
    area = world.units["city"]
    period = queries.parse_period("2026")
    s = queries.stats(area, period)
    t = s["totals"]
    assert t["n"] == 3 and t["closed"] == 1 and t["founded"] == 1 and t["satisfied"] == 1
    assert t["escalated"] == 1 and t["repeat_escalated"] == 1
    # Two categories on one case count in both, not twice in the total.
    assert s["by"]["category"]["air"]["n"] == 2 and s["by"]["category"]["water"]["n"] == 1
    assert s["trend"]["2026-03"]["n"] == 2 and s["trend"]["2026-04"]["n"] == 1
    # The closed case is now led by A's eco bureau: it stays inside county A's figures.
    a_id, b_id = world.units["county_a"].pk, world.units["county_b"].pk
    assert s["by_unit"][a_id]["n"] == 2 and s["by_unit"][b_id]["n"] == 1
    naive = queries.stats_naive(area, period)
    assert naive == queries.stats(area, period, measures=queries.MEASURES_NAIVE)


def test_only_the_area_counts(world, cases):
    s = queries.stats(world.units["county_b"], queries.parse_period("2026"))
    assert s["totals"]["n"] == 1
    with pytest.raises(Exception, match="outside"):
        queries.resolve_area(world.users["ada"], world.units["county_b"].pk)


def test_rolled_back_action_leaves_rollups_untouched(world, cases):
    before = rollups.stored_cells()
    with pytest.raises(TransitionNotAllowed):
        A.do_close(cases[1], actor=world.users["amy"])  # no callback yet: refused
    assert rollups.stored_cells() == before


def test_check_detects_tampering_and_rebuild_repairs(world, cases, capsys):
    call_command("analytics", "check")
    Rollup.objects.filter(dim="all").update(n=99)
    with pytest.raises(SystemExit) as exc:
        call_command("analytics", "check")
    assert exc.value.code == 1
    call_command("analytics", "rebuild")
    call_command("analytics", "check")
    assert CaseFact.objects.count() == 3
    assert "agree" in capsys.readouterr().out


def test_bad_periods_are_refused_clearly(db):
    from ecopetition.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="before it starts"):
        queries.parse_period("2026-05", "2026-01")
    with pytest.raises(ValidationError, match="at most"):
        queries.parse_period("1990", "2026")
    with pytest.raises(ValidationError, match="not a period"):
        queries.parse_period("yesterday")
    assert queries.parse_period("2026-Q2").months == 3


def test_clocks_roll_up_per_key_and_agree(world, cases):
    from django.apps import apps

    if not apps.is_installed("ecopetition.deadlines"):
        pytest.skip("deadlines app not installed")
    CaseClock = apps.get_model("deadlines", "CaseClock")
    finished = CaseClock.objects.filter(stopped_at__isnull=False).exclude(stopped_by__startswith="restart:")
    assert finished.exists()  # the closed case ran its clocks to the end
    s = queries.stats(world.units["city"], queries.parse_period("2026"))
    assert sum(v["clock_done"] for v in s["by"]["clock"].values()) == finished.count()
    assert rollups.compare(rollups.stored_cells(), rollups.recount()) == []
    naive = queries.stats_naive(world.units["city"], queries.parse_period("2026"))
    assert naive["by"]["clock"] == s["by"]["clock"]


def test_enforcement_outcomes_roll_up_and_agree(world, cases):
    """Seed 004's tools (daily fines, seals, limits, closure, detention) count once per case and add to fines."""
    from ecopetition.fieldwork import actions as F

    case = register(world, categories=["water"], when=at(2026, 5, 6))
    u = world.users
    with clock.frozen(at(2026, 5, 7)):
        A.do_accept(case, actor=u["amy"])
        A.do_assign(case, actor=u["adam"], lead_unit=world.units["county_a_eco"])
        A.do_sign_for(case, actor=u["oscar"])
        F.do_report_findings(case, actor=u["oscar"], finding="founded", result="偷排属实", measures=[
            F.MeasureInput(kind="daily_fine", daily_amount="10000", penalty_days="12"),
            F.MeasureInput(kind="seal"), F.MeasureInput(kind="limit"), F.MeasureInput(kind="close_down"),
            F.MeasureInput(kind="detention"),
        ])
    assert rollups.compare(rollups.stored_cells(), rollups.recount()) == []
    period = queries.parse_period("2026")
    t = queries.stats(world.units["city"], period)["totals"]
    assert (t["daily_fine"], t["sealed"], t["limited"], t["closed_down"], t["detained"]) == (1, 1, 1, 1, 1)
    assert t["fines"] == 120000
    assert queries.stats_naive(world.units["city"], period)["totals"]["daily_fine"] == 1
    assert queries.stats(world.units["county_b"], period)["totals"]["daily_fine"] == 0


def test_a_large_worker_batch_reads_and_adds_its_cells(world, cases):
    """A worker batch touches thousands of cells; one OR over all of them is deeper than SQLite allows, so the
    cells are read in slices. Existing cells are added to, new ones created, none counted twice."""
    import datetime as dt

    unit = world.units["city"].pk
    before = Rollup.objects.count()
    deltas = {(dt.date(2020, 1 + i % 12, 1), unit, "bench", f"k{i}"): {"n": 1} for i in range(1500)}
    rollups._apply(deltas)
    rollups._apply({k: {"n": 2} for k in list(deltas)[:700]})
    assert Rollup.objects.count() == before + 1500
    cells = Rollup.objects.filter(dim="bench")
    assert sorted(cells.values_list("n", flat=True)) == [1] * 800 + [3] * 700
