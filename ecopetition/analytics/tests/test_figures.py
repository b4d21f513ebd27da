"""One definition per figure: the tile, the unit table, the report, the API and the case list behind a number
all give the same count; assessment scores are bounded and a unit with no complaints is not assessed."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse

from ecopetition.analytics import assessment, queries, rates
from ecopetition.analytics.models import ScoringSheet
from ecopetition.cases import actions as A
from ecopetition.cases.models import Complaint
from ecopetition.core import clock
from ecopetition.org.models import ApiToken, Membership
from ecopetition.testing import PASSWORD

from .conftest import at, register, run_to_close

PERIOD = {"from": "2026-03", "to": "2026-03"}


@pytest.fixture
def cases(world, refdata):
    """County A: three closed (one unsatisfied, one answered after 60 days), one refused, one referred, one
    open; the city's eco bureau: one assigned. County B: nothing."""
    u = world.users
    made = {}
    for i in range(3):
        c = register(world, when=at(2026, 3, 2 + i), categories=["air"], sector="industry")
        run_to_close(world, c, at(2026, 3, 3 + i), satisfaction="unsatisfied" if i == 1 else "satisfied")
        made[f"closed{i}"] = c
    late = register(world, when=at(2026, 3, 10), categories=["water"])
    with clock.frozen(at(2026, 3, 16)):  # decided after 6 days: not in time
        A.do_accept(late, actor=u["amy"])
    with clock.frozen(at(2026, 3, 17)):
        A.do_assign(late, actor=u["adam"], lead_unit=world.units["county_a_eco"])
    made["late"] = late
    refused = register(world, when=at(2026, 3, 11))
    with clock.frozen(at(2026, 3, 11, 15)):
        A.do_reject(refused, actor=u["amy"], reason="不属于生态环境部门职责", legal_route="向住房城乡建设部门反映")
    made["refused"] = refused
    referred = register(world, when=at(2026, 3, 12))
    with clock.frozen(at(2026, 3, 12, 15)):
        A.do_refer(referred, actor=u["amy"], to_authority="盐城市住房和城乡建设局")
    made["referred"] = referred
    city = register(world, clerk="cara", unit="city", when=at(2026, 3, 5))
    with clock.frozen(at(2026, 3, 6)):
        A.do_accept(city, actor=u["cara"])
        A.do_assign(city, actor=u["dan"], lead_unit=world.units["city_eco"])
    made["city"] = city
    return made


def login(client, who):
    assert client.login(username=who, password=PASSWORD)


def _tile(body: str, key: str) -> tuple[str, int, int]:
    m = re.search(rf'data-figure="{key}">.*?<b><a [^>]*>([^<]*)</a></b>\s*<small class="an-counts"><a [^>]*>(\d+)</a> / '
                  r'<a [^>]*>(\d+)</a>', body, re.S)
    assert m, key
    return m[1], int(m[2]), int(m[3])


def test_tile_table_report_and_api_give_the_same_number(client, world, cases):
    area = world.units["city"]
    period = queries.parse_period("2026-03", "2026-03")
    totals = queries.stats(area, period)["totals"]
    # The rollups agree with the plain recount for every measure a rate uses.
    naive = queries.stats_naive(area, period)["totals"]
    for r in rates.RATES.values():
        assert r.counts(totals) == r.counts(naive), r.key
    expected = {f["key"]: f for f in rates.figures(totals)}
    assert expected["not_accepted"]["numerator"] == 1 and expected["referred"]["numerator"] == 1
    assert expected["satisfaction"]["value"] == 66.7  # 2 of 3 ratings
    assert expected["accepted_in_time"]["numerator"] == expected["accepted_in_time"]["denominator"] - 1
    assert expected["assign_on_time"]["denominator"] >= 5  # the deadlines module's assignment clocks

    login(client, "lee")
    body = client.get(reverse("analytics:dashboard"), PERIOD).content.decode()
    for key in rates.HEADLINE:
        shown, num, den = _tile(body, key)
        f = expected[key]
        assert (num, den) == (f["numerator"], f["denominator"]), key
        assert shown == ("—" if f["value"] is None else f"{f['value']}%"), key
    # The per-clock table's assignment row is the same count as the 按时交办率 tile.
    row = re.search(r'data-clock="assign">.*?<a [^>]*>(\d+)</a>.*?<a [^>]*>(\d+)</a>', body, re.S)
    assert (int(row[2]), int(row[1])) == (expected["assign_on_time"]["numerator"],
                                          expected["assign_on_time"]["denominator"])
    # Each definition is printed once.
    for key in rates.RATES:
        assert body.count(str(rates.RATES[key].definition)) == 1, key

    from openpyxl import load_workbook

    r = client.get(reverse("analytics:report", args=["xlsx"]), PERIOD)
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb.worksheets[1]  # the rates, in the order of rates.RATES, each with its definition
    listed = [row[1:4] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert listed == [(f["value"], f["numerator"], f["denominator"]) for f in expected.values()]

    _token, key = ApiToken.issue(world.users["lee"], "figures")
    api = client.get("/api/v1/analytics/figures", {"period_from": "2026-03", "period_to": "2026-03"},
                     HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert {f["key"]: (f["value"], f["numerator"], f["denominator"]) for f in api["rates"]} == {
        k: (f["value"], f["numerator"], f["denominator"]) for k, f in expected.items()}

    # The unit table: county A's row reads the same rates for county A's cases.
    county = queries.stats(world.units["county_a"], period)["totals"]
    unit_row = re.search(rf'data-unit="{world.units["county_a"].pk}">(.*?)</tr>', body, re.S)[1]
    assert f'>{rates.RATES["satisfaction"].value(county)}%<' in unit_row


def _listed(client, params) -> set[str]:
    r = client.get(reverse("cases:list"), params)
    assert r.status_code == 200
    page = r.context["page"]
    assert page.paginator.count <= 30
    return {c.number for c in page.object_list}


def test_every_number_opens_exactly_the_cases_it_counts(client, world, cases):
    login(client, "lee")
    area = world.units["city"]
    period = queries.parse_period("2026-03", "2026-03")
    totals = queries.stats(area, period)["totals"]
    base = {"area": area.pk, **PERIOD}
    for key, r in rates.RATES.items():
        num, den = r.counts(totals)
        assert len(_listed(client, {**base, "figure": key, "part": "num"})) == num, key
        assert len(_listed(client, {**base, "figure": key, "part": "den"})) == den, key
    assert _listed(client, {**base, "figure": "not_accepted", "part": "num"}) == {cases["refused"].number}
    assert _listed(client, {**base, "figure": "satisfaction", "part": "num"}) == {
        cases[k].number for k in ("closed0", "closed2")}
    assert _listed(client, {**base, "measure": "n"}) == {c.number for c in cases.values()}
    # A unit's row: only that unit's cases; the area itself: only cases whose responsible unit it is.
    assert _listed(client, {**base, "area": world.units["county_a"].pk, "measure": "closed"}) == {
        cases[f"closed{i}"].number for i in range(3)}
    assert _listed(client, {**base, "own": "1", "measure": "n"}) == set()
    assert _listed(client, {**base, "area": world.units["city_eco"].pk, "measure": "n"}) == {cases["city"].number}
    # The assignment clock row and a chart bar.
    assert len(_listed(client, {**base, "clock": "assign", "part": "den"})) == totals["assign_due"]
    assert _listed(client, {**base, "measure": "n", "category": "water"}) == {cases["late"].number}
    assert _listed(client, {**base, "measure": "n", "sector": "industry"}) == {
        cases[f"closed{i}"].number for i in range(3)}
    # The list says what it shows; an unknown figure or a foreign area is refused in words.
    body = client.get(reverse("cases:list"), {**base, "figure": "satisfaction"}).content.decode()
    assert 'id="cases-behind"' in body and 'name="figure" value="satisfaction"' in body
    r = client.get(reverse("cases:list"), {**base, "figure": "nonsense"})
    assert r.context["page"].paginator.count == 0 and r.context["filters"].errors


def test_a_county_supervisor_sees_only_their_county_behind_a_number(client, world, cases):
    login(client, "ada")  # county A's supervisor
    r = client.get(reverse("cases:list"), {"area": world.units["city"].pk, **PERIOD, "measure": "n"})
    assert r.context["page"].paginator.count == 0 and r.context["filters"].errors
    assert _listed(client, {"area": world.units["county_a"].pk, **PERIOD, "measure": "n"}) == {
        cases[k].number for k in ("closed0", "closed1", "closed2", "late", "refused", "referred")}


def _deduct_sheet():
    return ScoringSheet.objects.get(formula="deduct")


def test_scores_are_bounded_and_a_unit_without_cases_is_not_assessed(client, world, cases):
    period = queries.parse_period("2026-03", "2026-03")
    # Forty escalated complaints would cost 80 points on top of the rate losses: the score stops at 0.
    for c in Complaint.objects.filter(lead_unit=world.units["county_a_eco"]):
        Complaint.objects.filter(pk=c.pk).update(is_escalated=True)
    sheet = _deduct_sheet()
    sheet.items = [*sheet.items, {"key": "heavy", "label": "Escalated complaint", "kind": "deduction",
                                  "points": 40, "flag": "escalated"}]
    with clock.frozen(at(2026, 6, 30)):
        rows = assessment.score_units(world.units["city"], period, sheet)
    by = {r.unit.pk: r for r in rows}
    a, b = by[world.units["county_a"].pk], by[world.units["county_b"].pk]
    assert a.score == 0 and a.rank is not None
    assert b.score is None and b.rank is None and not b.assessed and rows[-1] is b
    assert a.refusal == rates.RATES["not_accepted"].value(queries.stats(world.units["county_a"], period)["totals"])
    assert a.refusal_counts == (1, 6) and a.referral_counts == (1, 6)

    weighted = ScoringSheet.objects.get(formula="weighted")
    rows = assessment.score_units(world.units["city"], period, weighted)
    for r in rows:
        assert r.score is None or 0 <= r.score <= 100
    a = next(r for r in rows if r.unit == world.units["county_a"])
    t = queries.stats(world.units["county_a"], period)["totals"]
    got = [(it["weight"], rates.RATES[it["figure"]].counts(t)) for it in weighted.items]
    used = [(w, n / d) for w, (n, d) in got if d]
    assert float(a.score) == pytest.approx(100 * sum(w * v for w, v in used) / sum(w for w, _v in used), abs=0.01)

    login(client, "lee")
    body = client.get(reverse("analytics:assessment"), {**PERIOD, "sheet": weighted.pk}).content.decode()
    assert 'id="formula"' in body and "Σ" in body
    row = re.search(rf'data-unit="{world.units["county_b"].pk}"[^>]*>(.*?)</tr>', body, re.S)[1]
    assert ("not assessed" in row or "不参评" in row) and "<b>" not in row


def test_repeated_escalation_needs_an_earlier_escalation_of_the_same_matter(world, cases):
    period = queries.parse_period("2026-03", "2026-03")
    first, second = cases["closed0"], cases["closed1"]
    Complaint.objects.filter(pk=second.pk).update(is_escalated=True, is_repeat=True)
    second.related.add(first)  # a repeat of a matter that was not escalated before: −2, not −4

    def points():
        with clock.frozen(at(2026, 6, 30)):
            rows = assessment.score_units(world.units["city"], period, _deduct_sheet())
        a = next(r for r in rows if r.unit == world.units["county_a"])
        return {d.item: [n for n, _p, _r in d.cases] for d in a.deductions}

    got = points()
    assert got["escalated"] == [second.number] and got["repeat_escalated"] == []
    Complaint.objects.filter(pk=first.pk).update(is_escalated=True)  # the earlier one was escalated too
    got = points()
    assert got["repeat_escalated"] == [second.number] and got["escalated"] == [first.number]


def test_the_api_sets_the_escalated_flag(client, world, refdata):
    _token, key = ApiToken.issue(world.users["amy"], "intake")
    r = client.post("/api/v1/complaints", {"content": "省里来访反映化工厂排污", "channel": "visit", "is_escalated": True,
                                             "is_anonymous": True},
                    content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 201, r.content
    assert Complaint.objects.get(number=r.json()["number"]).is_escalated


def test_officer_figures_are_for_their_units_leader_only(client, world, cases):
    from django.contrib.auth import get_user_model

    boss = get_user_model().objects.create_user("boss", password=PASSWORD)
    Membership.objects.create(user=boss, unit=world.units["county_a_eco"], role="leader")
    url = reverse("analytics:officers", args=[world.units["county_a_eco"].pk])
    login(client, "boss")
    r = client.get(url, PERIOD)
    assert r.status_code == 200
    oscar = next(row for row in r.context["rows"] if row.user.username == "oscar")
    assert oscar.cases == 3  # signed for the three closed cases; the late one was assigned, not signed for
    for who in ("lee", "ada", "oscar", "olga"):  # a leader above, a supervisor, the officer, another unit's officer
        client.logout()
        login(client, who)
        assert client.get(url, PERIOD).status_code == 404, who
    client.logout()
    assert client.get(url, PERIOD).status_code == 302  # to the login page
    # The assessment page offers the link to the unit's own leader only.
    login(client, "lee")
    assert url not in client.get(reverse("analytics:assessment"), PERIOD).content.decode()


def test_clock_rows_are_named_for_their_key(world, cases):
    names = queries.clock_labels()
    assert "其他渠道" not in names["assign"] and "(" in names["assign"]


def test_a_period_on_the_sheet_is_used(world, cases):
    period = queries.parse_period("2026-03")
    assert period.first == dt.date(2026, 3, 1)
    sheet = ScoringSheet.objects.get(formula="weighted")
    sheet.period = "bogus"
    from ecopetition.analytics.admin import ScoringSheetForm

    form = ScoringSheetForm(data={"name": sheet.name, "formula": "weighted", "items": '[{"kind": "figure"}]',
                                  "period": "bogus", "active": True}, instance=sheet)
    assert not form.is_valid()
    assert "items" in form.errors and "period" in form.errors


def test_every_officer_figure_opens_exactly_the_cases_it_counts(client, world, cases):
    """The per-officer page's numbers link to the case list narrowed to that officer's counted cases, for the
    unit's own leader only; anyone else gets an empty list and a message, never more cases."""
    from django.contrib.auth import get_user_model

    boss = get_user_model().objects.create_user("boss", password=PASSWORD)
    unit = world.units["county_a_eco"]
    Membership.objects.create(user=boss, unit=unit, role="leader")
    login(client, "boss")
    r = client.get(reverse("analytics:officers", args=[unit.pk]), PERIOD)
    body = r.content.decode()
    checked = 0
    for row in r.context["rows"]:
        base = {"area": unit.pk, **PERIOD, "officer": row.user.pk}
        assert len(_listed(client, base)) == row.cases
        for f in row.figures:
            for part, count in (("num", f["numerator"]), ("den", f["denominator"])):
                q = {**base, "figure": f["key"], "part": part}
                assert len(_listed(client, q)) == count, (row.user.username, f["key"], part)
                assert f"officer={row.user.pk}&amp;figure={f['key']}&amp;part={part}" in body
                checked += count
    assert checked > 0
    oscar = world.users["oscar"]
    assert _listed(client, {"area": unit.pk, **PERIOD, "officer": oscar.pk}) == {
        cases[f"closed{i}"].number for i in range(3)}
    # Not an officer of the unit, or not this unit's leader: nothing, with a message.
    for who, officer in (("boss", world.users["olga"].pk), ("boss", "x"), ("lee", oscar.pk), ("ada", oscar.pk)):
        client.logout()
        login(client, who)
        r = client.get(reverse("cases:list"), {"area": unit.pk, **PERIOD, "officer": officer})
        assert r.context["page"].paginator.count == 0 and r.context["filters"].errors, who


def test_every_assessment_figure_opens_exactly_the_cases_it_counts(client, world, cases):
    """Per unit: complaints, refusal and referral rates, and (for the unit opened) each item's counts."""
    login(client, "lee")
    r = client.get(reverse("analytics:assessment"), PERIOD)
    assert r.status_code == 200
    checked = 0
    for row in r.context["rows"]:
        base = {"area": row.unit.pk, **PERIOD}
        assert len(_listed(client, {**base, "measure": "n"})) == row.n, row.unit.name
        for key, (num, den) in (("not_accepted", row.refusal_counts), ("referred", row.referral_counts)):
            assert len(_listed(client, {**base, "figure": key, "part": "num"})) == num, (row.unit.name, key)
            assert len(_listed(client, {**base, "figure": key, "part": "den"})) == den, (row.unit.name, key)
            checked += num
        if row.n:  # the weighted sheet's items for the unit opened
            sheet = ScoringSheet.objects.get(formula="weighted")
            page = client.get(reverse("analytics:assessment"), {**PERIOD, "sheet": sheet.pk, "unit": row.unit.pk})
            assert page.context["detail"].figures
            for f in page.context["detail"].figures:
                for part, count in (("num", f.numerator), ("den", f.denominator)):
                    assert len(_listed(client, {**base, "figure": f.key, "part": part})) == count, f.key
                    checked += count
    assert checked >= 2  # the refused and the referred case of county A
