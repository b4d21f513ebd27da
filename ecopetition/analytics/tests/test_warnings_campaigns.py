import datetime as dt

import pytest

from ecopetition.analytics import campaigns, demo, rollups
from ecopetition.analytics import warnings as early
from ecopetition.analytics.models import InventoryItem
from ecopetition.cases.actions import ComplainantInput
from ecopetition.core import clock
from ecopetition.core.exceptions import PermissionDenied, ValidationError

from .conftest import at, register

NOW = at(2026, 6, 1, 12)


def test_poisson_tail():
    assert early.poisson_upper_tail(0, 1.0) == 1.0
    assert abs(early.poisson_upper_tail(1, 1.0) - (1 - 0.36787944)) < 1e-6
    assert early.poisson_upper_tail(5, 0.5) < 0.001


def test_spike_against_own_baseline(world, refdata):
    # Noise in county A: one a week for 12 weeks is its usual level; then 4 in the last 7 days.
    for w in range(1, 13):
        register(world, categories=["noise"], division_code="320902", when=NOW - dt.timedelta(days=7 * w + 1),
                 people=[ComplainantInput(name=f"居民{w}", phone=f"1390000{w:04d}")])
    for d in range(4):
        register(world, categories=["noise"], division_code="320902", when=NOW - dt.timedelta(days=d, hours=1),
                 people=[ComplainantInput(name=f"新{d}", phone=f"1370000{d:04d}")])
    found = early.spikes(world.units["city"], NOW)
    assert not found  # 4 against a usual 1 a week: P(X>=4 | 1) = 0.019, not below 1 %
    for d in range(3):
        register(world, categories=["noise"], division_code="320902", when=NOW - dt.timedelta(days=d, hours=2),
                 people=[ComplainantInput(name=f"再{d}", phone=f"1360000{d:04d}")])
    found = early.spikes(world.units["city"], NOW)
    assert len(found) == 1 and len(found[0].numbers) == 7
    assert "p =" in found[0].detail


def test_repeat_parties_key_persons_and_push(world, refdata):
    for d in range(3):
        register(world, categories=["air"], reported_party_name="盐城某化工有限公司", when=NOW - dt.timedelta(days=d + 1),
                 people=[ComplainantInput(name="赵钱孙", phone="13812345678")])
    register(world, categories=["air"], when=NOW - dt.timedelta(days=4), is_anonymous=True,
             people=[ComplainantInput(name="", phone="13812345678")])
    # Grouping by a person is itself a disclosure: only among the cases whose identity the reader may see
    # (the supervisor sees none), and an anonymous case is never tied to the person.
    assert "person" not in {w.kind for w in early.warnings_for(world.units["city"], NOW, user=world.users["sue"])}
    ws = early.warnings_for(world.units["city"], NOW, user=world.users["amy"])
    kinds = {w.kind for w in ws}
    assert {"party", "person"} <= kinds
    person = next(w for w in ws if w.kind == "person")
    assert "13812345678" not in person.title and "赵钱孙" not in person.title  # shown masked
    assert len(person.numbers) == 3  # not the anonymous fourth
    with clock.frozen(NOW):
        sent = early.push(person, world.units["city"], actor=world.users["sue"])
        again = early.push(person, world.units["city"], actor=world.users["sue"])
    assert sent == 1 and again == 0
    from ecopetition.notify.models import Notification

    note = Notification.objects.get(user=world.users["lee"])
    assert "13812345678" not in note.text and "盐城" not in note.subject[:2]


def test_a_recurring_party_is_shown_masked_against_its_cases_complainants(world, refdata):
    """R7-1: the party is free text of the cases; the "reported again and again" warning pushed to units masks the
    complainant written into it, and leaves the company's own phone."""
    party = "东河村烧烤店（举报人赵钱孙，电话13812345678）"
    for d in range(3):
        register(world, categories=["air"], reported_party_name=party, when=NOW - dt.timedelta(days=d + 1),
                 people=[ComplainantInput(name="赵钱孙", phone="13812345678")])
        register(world, categories=["air"], reported_party_name="盐城某化工有限公司 0515-88886666",
                 when=NOW - dt.timedelta(days=d + 1), people=[ComplainantInput(name="李四", phone="13912345678")])
    titles = [w.title for w in early.warnings_for(world.units["city"], NOW, user=world.users["sue"]) if w.kind == "party"]
    assert len(titles) == 2, titles
    assert not any("赵钱孙" in t or "钱孙" in t or "13812345678" in t for t in titles), titles
    assert any("东河村烧烤店" in t for t in titles) and any("0515-88886666" in t for t in titles), titles


def test_campaign_lifecycle(world, refdata):
    case = register(world, categories=["air"])
    lee = world.users["lee"]
    with clock.frozen(at(2026, 3, 1)):
        c = campaigns.do_create_campaign(
            actor=lee, unit=world.units["city"], name="百日攻坚", starts=dt.date(2026, 3, 1), ends=dt.date(2026, 6, 8),
            phases=[("排查", dt.date(2026, 3, 1), dt.date(2026, 3, 15)), ("攻坚", dt.date(2026, 3, 16), dt.date(2026, 6, 8))])
        item = campaigns.do_add_item(c, actor=lee, town=world.units["county_a"], kind="existing", complaint=case,
                                     description="化工厂异味", plan="一案一策：限期整改")
        campaigns.do_add_item(c, actor=lee, town=world.units["county_b"], kind="potential", description="排口隐患")
        with pytest.raises(ValidationError):
            campaigns.do_add_item(c, actor=lee, town=world.units["county_a"], kind="existing", description="x")
        with pytest.raises(PermissionDenied):
            campaigns.do_create_campaign(actor=world.users["bob"], unit=world.units["city"], name="x",
                                         starts=dt.date(2026, 3, 1), ends=dt.date(2026, 4, 1))
    with clock.frozen(at(2026, 3, 10)):
        campaigns.do_update_item(item, actor=lee, status=InventoryItem.Status.DONE)
    p = campaigns.progress_for(world.units["city"])[0]
    assert p["summary"] == {"items": 2, "done": 1, "existing": 1, "potential": 1}
    assert [ph["done"] for ph in p["phases"]] == [1, 1]
    with clock.frozen(at(2026, 5, 1)), pytest.raises(ValidationError, match="evaluated at its end"):
        campaigns.do_evaluate(c, actor=lee, evaluation="好")
    with clock.frozen(at(2026, 6, 9)):
        campaigns.do_evaluate(c, actor=lee, evaluation="存量清零")
    from ecopetition.cases.models import Event

    assert Event.objects.filter(action__startswith="campaign_").count() == 5


def test_a_potential_problem_naming_an_old_case_s_complainant_is_masked(world, refdata):
    """R7-3: a campaign line written from a case received long before the campaign's start."""
    register(world, categories=["air"], when=at(2024, 5, 6), people=[ComplainantInput(name="诸葛青云", phone="13612347788")])
    lee = world.users["lee"]
    with clock.frozen(at(2026, 3, 1)):
        c = campaigns.do_create_campaign(actor=lee, unit=world.units["city"], name="百日攻坚", starts=dt.date(2026, 3, 1),
                                         ends=dt.date(2026, 6, 8))
        item = campaigns.do_add_item(c, actor=lee, town=world.units["county_a"], kind="potential",
                                     description="居民诸葛青云多次反映排口异味，电话13612347788", plan="请联系诸葛青云")
    shown = campaigns.shown_item(item)
    assert "多次反映排口异味" in shown["description"] and "请联系" in shown["plan"]
    for needle in ("诸葛青云", "青云", "13612347788"):
        assert needle not in shown["description"] + shown["plan"], shown


def test_demo_extend_runs_on_a_small_world(world, refdata):
    register(world, categories=["air"])
    lines = []

    class Out:
        def write(self, s):
            lines.append(s)

    demo.extend(Out())
    assert any("check: ok" in line for line in lines)
    assert rollups.compare(rollups.stored_cells(), rollups.recount()) == []
