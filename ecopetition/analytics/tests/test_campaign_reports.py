"""Campaign phase reports, non-petition records and the scored evaluation with the grid zero-out rule (004)."""

import datetime as dt

import pytest
from django.urls import reverse

from ecopetition.analytics import assessment, campaigns, queries
from ecopetition.analytics.models import NonPetition
from ecopetition.cases.actions import ComplainantInput
from ecopetition.core import clock
from ecopetition.core.exceptions import PermissionDenied, ValidationError
from ecopetition.testing import PASSWORD

from .conftest import at, register, run_to_close

pytestmark = pytest.mark.django_db
D = dt.date
AFTER = at(2026, 4, 12)


@pytest.fixture
def drive(world, refdata):
    """A city campaign of three phases; an escalated case closed in phase 1 (亭湖区), a repeat and a case of
    盐都区 in phase 2, a rectification order on the repeat."""
    from ecopetition.fieldwork.models import Measure

    lee = world.users["lee"]
    with clock.frozen(at(2026, 2, 20)):
        c = campaigns.do_create_campaign(actor=lee, unit=world.units["city"], name="百日攻坚", starts=D(2026, 3, 1),
                                         ends=D(2026, 4, 10), phases=[("自查自纠", D(2026, 3, 1), D(2026, 3, 10)),
                                                                      ("攻坚化解", D(2026, 3, 11), D(2026, 3, 31)),
                                                                      ("总结评估", D(2026, 4, 1), D(2026, 4, 10))])
    esc = register(world, categories=["air"], division_code="320902", when=at(2026, 3, 2), is_escalated=True)
    run_to_close(world, esc, at(2026, 3, 3))
    rep = register(world, categories=["air"], division_code="320902", when=at(2026, 3, 12), is_repeat=True)
    Measure.objects.create(complaint=rep, kind="rectify", by=world.users["oscar"], at=at(2026, 3, 13))
    other = register(world, unit="county_b", clerk="bea", division_code="320903", when=at(2026, 3, 15),
                     people=[ComplainantInput(name="李四", phone="13911112222")])
    return c, esc, rep, other


def figures(c, i, area):
    ph = list(c.phases.all())[i]
    f = campaigns.phase_figures(area, queries.DaySpan.of(ph.starts, ph.ends))
    return {r["key"]: r["value"] for r in f["rows"]}, {m["key"]: m["value"] for m in f["measures"]}


def test_phase_figures_come_from_the_register_for_the_phase_dates(world, drive):
    c, esc, rep, other = drive
    city = world.units["city"]
    one, _m = figures(c, 0, city)
    assert one == {"received": 1, "closed": 1, "repeat": 0, "escalated": 1, "non_petition": 0}
    with clock.frozen(AFTER):
        campaigns.do_record_non_petition(actor=world.users["lee"], complaint=other, kind="beijing",
                                         occurred_on=D(2026, 3, 20), place="北京某地")
        # A second record on the same case: the figure counts cases, as the list behind it shows them.
        campaigns.do_record_non_petition(actor=world.users["lee"], complaint=other, kind="beijing",
                                         occurred_on=D(2026, 3, 21), place="北京另一地")
    two, measures = figures(c, 1, city)
    assert two == {"received": 2, "closed": 0, "repeat": 1, "escalated": 0, "non_petition": 1}
    assert measures["rectify"] == 1
    # A county's part of the city's campaign counts only its own cases.
    two_b, _m = figures(c, 1, world.units["county_b"])
    assert two_b == {"received": 1, "closed": 0, "repeat": 0, "escalated": 0, "non_petition": 1}


def test_phase_report_is_written_by_the_campaign_leaders_once_the_phase_began(world, drive):
    c = drive[0]
    first, _second, last = c.phases.all()
    with clock.frozen(at(2026, 3, 5)):
        with pytest.raises(ValidationError):
            campaigns.do_write_phase_report(last, actor=world.users["lee"], text="提前写")
        with pytest.raises(PermissionDenied):
            campaigns.do_write_phase_report(first, actor=world.users["amy"], text="镇里写")
        with pytest.raises(ValidationError):
            campaigns.do_write_phase_report(first, actor=world.users["lee"], text="  ")
        campaigns.do_write_phase_report(first, actor=world.users["sue"], text="全面梳理信访积案12件")
    first.refresh_from_db()
    assert first.report == "全面梳理信访积案12件" and first.reported_by == world.users["sue"]


def test_non_petition_is_checked(world, drive):
    _c, esc, _rep, other = drive
    with clock.frozen(AFTER):
        with pytest.raises(PermissionDenied):  # a county clerk of another county
            campaigns.do_record_non_petition(actor=world.users["amy"], complaint=other, kind="beijing",
                                             occurred_on=D(2026, 3, 20), place="北京")
        with pytest.raises(ValidationError):
            campaigns.do_record_non_petition(actor=world.users["lee"], complaint=other, kind="nonsense",
                                             occurred_on=D(2026, 3, 20), place="北京")
        with pytest.raises(ValidationError):
            campaigns.do_record_non_petition(actor=world.users["lee"], complaint=other, kind="beijing",
                                             occurred_on=D(2026, 5, 1), place="北京")
        with pytest.raises(ValidationError):
            campaigns.do_record_non_petition(actor=world.users["lee"], complaint=other, kind="beijing",
                                             occurred_on=D(2026, 3, 20), place=" ")
        with pytest.raises(ValidationError):  # a person of another case
            campaigns.do_record_non_petition(actor=world.users["lee"], complaint=other, kind="beijing",
                                             occurred_on=D(2026, 3, 20), place="北京",
                                             person=esc.complainants.first())
        rec = campaigns.do_record_non_petition(actor=world.users["bea"], complaint=other, kind="gathering",
                                               occurred_on=D(2026, 3, 20), place="区政府门口",
                                               person=other.complainants.first())
    assert rec.unit == world.units["county_b"]
    assert NonPetition.objects.count() == 1


def test_evaluation_scores_by_the_sheet_and_zeroes_grids_with_escalations_or_non_petition(world, drive):
    c, esc, _rep, other = drive
    grid = {g.unit.code: g for g in campaigns.evaluation(c)}
    sheet = {r.unit.code: r.score for r in assessment.score_units(c.unit, queries.DaySpan.of(c.starts, c.ends))}
    assert {k: g.sheet_score for k, g in grid.items()} == sheet  # the sheet's own scores, not a copy
    a, b = grid["A320902"], grid["B320903"]
    assert a.zeroed and a.escalated == [esc.number] and a.score == 0
    assert not b.zeroed and b.score == b.sheet_score > 0
    with clock.frozen(AFTER):
        campaigns.do_record_non_petition(actor=world.users["lee"], complaint=other, kind="beijing",
                                         occurred_on=D(2026, 3, 20), place="北京")
        outside = register(world, unit="county_b", clerk="bea", when=at(2026, 4, 11), is_escalated=True)
    b = {g.unit.code: g for g in campaigns.evaluation(c)}["B320903"]
    assert b.zeroed and b.non_petitions == 1 and b.escalated == [] and b.score == 0
    assert outside.number not in b.escalated  # after the campaign: not counted
    assert {g.unit.code: g for g in campaigns.evaluation(c)}["C3209-UM"].n == 0


def test_campaign_page_masks_non_petition_for_roles_without_identity(client, world, drive):
    c, _esc, _rep, other = drive
    with clock.frozen(AFTER):
        campaigns.do_record_non_petition(actor=world.users["bea"], complaint=other, kind="gathering",
                                         occurred_on=D(2026, 3, 20), place="李四家门口 13911112222",
                                         note="李四带人聚集", person=other.complainants.first())
        campaigns.do_write_phase_report(c.phases.all()[1], actor=world.users["lee"], text="攻坚化解阶段完成")
    assert client.login(username="lee", password=PASSWORD)
    with clock.frozen(AFTER):
        r = client.get(reverse("analytics:campaign", args=[c.pk]))
    body = r.content.decode()
    assert r.status_code == 200
    assert "攻坚化解阶段完成" in body and 'data-figure="received"' in body
    assert "13911112222" not in body and "李四" not in body  # the leader holds no identity right on it
    assert 'class="an-zeroed"' in body
    # The registering unit's clerk sees the person (rows built the same way as the page's).
    from ecopetition.analytics.views import _non_petition_rows
    from ecopetition.cases.models import Complaint

    bea = world.users["bea"]
    rows = _non_petition_rows(bea, c, world.units["county_b"], Complaint.objects.visible_to(bea))
    assert rows[0]["person"] == "李四" and "13911112222" in rows[0]["place"]


def test_campaign_inventory_line_of_a_case_shown_by_the_identity_rule(client, world, drive):
    """A line's problem and plan name the case's complainant: shown masked to a leader without the identity
    (R4-5), as written to no one else here; sending the masked plan back unchanged keeps the plan as written."""
    from ecopetition.analytics.models import InventoryItem
    from ecopetition.cases import privacy

    c, _esc, _rep, other = drive
    lee = world.users["lee"]
    with clock.frozen(AFTER):
        item = campaigns.do_add_item(c, actor=lee, town=world.units["county_b"], kind="existing", complaint=other,
                                     description="粉尘，信访人李四（13911112222）多次反映", plan="由李四所在村协调，电话139 1111 2222")
    assert client.login(username="lee", password=PASSWORD)
    with clock.frozen(AFTER):
        body = client.get(reverse("analytics:campaign", args=[c.pk])).content.decode()
    assert "多次反映" in body and "所在村协调" in body
    for needle in ("李四", "13911112222", "139 1111 2222"):
        assert needle not in body
    with clock.frozen(AFTER):
        client.post(reverse("analytics:campaign", args=[c.pk]), {
            "op": "update", "item": item.pk, "status": "in_hand",
            "plan": privacy.identity_for(lee, other).text(item.plan)})
    item = InventoryItem.objects.get(pk=item.pk)
    assert item.status == "in_hand" and item.plan == "由李四所在村协调，电话139 1111 2222"


def test_campaign_potential_problem_line_is_masked_against_the_area_cases(client, world, drive):
    """R6-6: a potential problem links no case, yet names the complainant of a case of the campaign's area and
    a phone nobody recorded: both are masked for every reader, as a typical problem's text is; sending the
    masked plan back unchanged keeps the plan as written."""
    from ecopetition.analytics.models import InventoryItem

    c, _esc, _rep, other = drive
    lee = world.users["lee"]
    with clock.frozen(AFTER):
        item = campaigns.do_add_item(c, actor=lee, town=world.units["county_b"], kind="potential",
                                     description="另有居民李四反映同一问题，电话13811112233",
                                     plan="联系李四，电话139 1111 2222")
    assert client.login(username="lee", password=PASSWORD)
    with clock.frozen(AFTER):
        body = client.get(reverse("analytics:campaign", args=[c.pk])).content.decode()
    assert "反映同一问题" in body and "联系" in body
    for needle in ("李四", "13811112233", "1111 2222", "13911112222"):
        assert needle not in body, needle
    shown = campaigns.shown_item(item)
    assert "李四" not in shown["plan"]
    with clock.frozen(AFTER):
        client.post(reverse("analytics:campaign", args=[c.pk]), {
            "op": "update", "item": item.pk, "status": "in_hand", "plan": shown["plan"]})
    item = InventoryItem.objects.get(pk=item.pk)
    assert item.status == "in_hand" and item.plan == "联系李四，电话139 1111 2222"


def test_phase_report_prints_and_the_page_refuses_bad_input(client, world, drive):
    c = drive[0]
    assert client.login(username="sue", password=PASSWORD)
    first = c.phases.all()[0]
    with clock.frozen(AFTER):
        r = client.post(reverse("analytics:campaign", args=[c.pk]), {"op": "non_petition", "number": "NOPE",
                                                                     "kind": "beijing", "occurred_on": "2026-03-20",
                                                                     "place": "x"}, follow=True)
        assert "No visible case has that number" in r.content.decode() or "没有" in r.content.decode()
        client.post(reverse("analytics:campaign", args=[c.pk]), {"op": "phase_report", "phase": first.pk,
                                                                 "report": "摸清底数"})
        pdf = client.get(reverse("analytics:campaign_phase_pdf", args=[c.pk, first.pk]))
    first.refresh_from_db()
    assert first.report == "摸清底数"
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    assert client.get(reverse("analytics:campaign_phase_pdf", args=[c.pk, 999999])).status_code == 404


def _listed(client, params) -> tuple[set[str], object]:
    r = client.get(reverse("cases:list"), params)
    assert r.status_code == 200
    return {c.number for c in r.context["page"].object_list}, r.context["filters"]


def test_every_phase_figure_opens_exactly_the_cases_it_counts(client, world, drive):
    """Each figure of a phase report links to the case list narrowed to the phase's exact days; the list holds
    as many cases as the figure counts (非访: the cases its records are on)."""
    c, esc, rep, other = drive
    with clock.frozen(AFTER):
        campaigns.do_record_non_petition(actor=world.users["lee"], complaint=other, kind="beijing",
                                         occurred_on=D(2026, 3, 20), place="北京某地")
    # A case received a day before phase 2 must stay out of phase 2's figures and of its list.
    register(world, categories=["air"], division_code="320902", when=at(2026, 3, 10), is_repeat=True)
    # A case received before the campaign and closed in phase 1 counts (and is listed) as closed in phase 1.
    early = register(world, categories=["air"], division_code="320902", when=at(2026, 2, 20))
    run_to_close(world, early, at(2026, 2, 25))  # closed on 4 March
    assert client.login(username="lee", password=PASSWORD)
    with clock.frozen(AFTER):
        body = client.get(reverse("analytics:campaign", args=[c.pk])).content.decode()
    city = world.units["city"]
    checked = 0
    for i, ph in enumerate(c.phases.all()):
        rows, measures = figures(c, i, city)
        for key, value in [*rows.items(), *((k, v) for k, v in measures.items() if v)]:
            link = reverse("cases:list") + "?" + queries_link(city, ph, key)
            assert link.replace("&", "&amp;") in body, key
            listed, filters = _listed(client, {"area": city.pk, "day_from": ph.starts.isoformat(),
                                               "day_to": ph.ends.isoformat(), "phase": key})
            assert not filters.errors
            assert len(listed) == value, (ph.name, key)
            checked += 1
        if i == 1:
            assert _listed(client, {"area": city.pk, "day_from": "2026-03-11", "day_to": "2026-03-31",
                                    "phase": "repeat"})[0] == {rep.number}
            assert _listed(client, {"area": city.pk, "day_from": "2026-03-11", "day_to": "2026-03-31",
                                    "phase": "rectify"})[0] == {rep.number}
            assert _listed(client, {"area": city.pk, "day_from": "2026-03-11", "day_to": "2026-03-31",
                                    "phase": "non_petition"})[0] == {other.number}
    assert checked >= 16
    assert _listed(client, {"area": city.pk, "day_from": "2026-03-01", "day_to": "2026-03-10",
                            "phase": "closed"})[0] == {esc.number, early.number}
    # Exact days also narrow the dashboard's figures; months alone would take in the case of 10 March.
    assert _listed(client, {"area": city.pk, "day_from": "2026-03-11", "day_to": "2026-03-31", "measure": "repeat"}
                   )[0] == {rep.number}


def queries_link(area, phase, key):
    from ecopetition.analytics import drill

    return drill.link_days(area, queries.DaySpan.of(phase.starts, phase.ends), phase=key)


@pytest.mark.parametrize("params, words", [
    ({"day_from": "2026-03-11", "phase": "received"}, "最后一天"),
    ({"day_from": "2026-03-11", "day_to": "2026-02-30", "phase": "received"}, "不是日期"),
    ({"day_from": "11/03/2026", "day_to": "2026-03-31", "phase": "received"}, "不是日期"),
    ({"day_from": "2026-03-31", "day_to": "2026-03-11", "phase": "received"}, "请交换日期"),
    ({"day_from": "1890-03-31", "day_to": "2026-03-11", "phase": "received"}, "1990年"),
    ({"day_from": "2026-03-11", "day_to": "2026-03-31", "phase": "nonsense"}, "未知的统计指标"),
])
def test_day_bounds_are_refused_in_words(client, world, drive, params, words):
    assert client.login(username="lee", password=PASSWORD)
    listed, filters = _listed(client, {"area": world.units["city"].pk, **params})
    assert listed == set() and any(words in str(e) for e in filters.errors), filters.errors


def test_a_county_leader_sees_only_their_part_behind_a_phase_figure(client, world, drive):
    c, _esc, _rep, other = drive
    assert client.login(username="ada", password=PASSWORD)  # county A's supervisor
    q = {"day_from": "2026-03-11", "day_to": "2026-03-31", "phase": "received"}
    listed, filters = _listed(client, {"area": world.units["city"].pk, **q})
    assert listed == set() and filters.errors
    listed, filters = _listed(client, {"area": world.units["county_a"].pk, **q})
    assert not filters.errors and other.number not in listed
