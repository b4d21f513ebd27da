from pathlib import Path

import pytest
from django.urls import reverse

from ecopetition.analytics import assessment, disclosure, queries
from ecopetition.cases.models import Complainant
from ecopetition.core import clock
from ecopetition.testing import PASSWORD

from .conftest import at, register, run_to_close

NAMES = ["张三丰", "李四光", "王小明"]
PHONES = ["13800138000", "13912345678", "13700001111"]


@pytest.fixture
def closed_cases(world, refdata):
    made = []
    for i, (name, phone) in enumerate(zip(NAMES, PHONES, strict=True)):
        from ecopetition.cases.actions import ComplainantInput

        c = register(world, people=[ComplainantInput(name=name, phone=phone, address=f"亭湖区文港南路{i}号")],
                     categories=["air"], address=f"盐城市亭湖区文港南路{18 + i}号{name}家楼下",
                     division_code="320902", when=at(2026, 3, 2 + i), lat=33.38, lon=120.16,
                     content=f"{name}反映：{phone} 工厂废气", reported_party_name="某某化工有限公司",
                     is_escalated=(i == 2))
        run_to_close(world, c, at(2026, 3, 3 + i), satisfaction="unsatisfied" if i == 1 else "satisfied")
        made.append(c)
    return made


def login(client, world, who):
    assert client.login(username=who, password=PASSWORD)


def test_dashboard_renders_figures_for_a_leader(client, world, closed_cases):
    login(client, world, "lee")
    r = client.get(reverse("analytics:dashboard"), {"from": "2026"})
    assert r.status_code == 200
    body = r.content.decode()
    import re

    assert re.search(r'id="kpi-n"><a [^>]*>3</a>', body) and "dash-data" in body
    assert "<script>" not in body.split("dash-data")[0][-200:]  # data travels as JSON, not inline script


@pytest.mark.parametrize("params", [
    {"from": "2026-05", "to": "2026-01"}, {"from": "1990", "to": "2026"}, {"from": "garbage"},
    {"area": "999999"}, {"area": "abc"}, {"from": "2031"},
])
def test_bad_input_gives_a_clear_answer(client, world, closed_cases, params):
    login(client, world, "lee")
    r = client.get(reverse("analytics:dashboard"), params)
    assert r.status_code == 200
    assert "an-error" in r.content.decode() or "an-empty" in r.content.decode()


def test_a_county_supervisor_cannot_look_at_a_sibling(client, world, closed_cases):
    login(client, world, "ada")
    r = client.get(reverse("analytics:dashboard"), {"area": world.units["county_b"].pk, "from": "2026"})
    assert "outside your jurisdiction" in r.content.decode() or "管辖" in r.content.decode()
    assert r.context["area"] == world.units["county_a"]


def test_clerks_and_officers_get_no_dashboard(client, world, closed_cases):
    login(client, world, "otto")
    r = client.get(reverse("analytics:dashboard"))
    assert r.status_code == 403


def test_assessment_drill_down_adds_up(world, closed_cases):
    period = queries.parse_period("2026")
    with clock.frozen(at(2026, 6, 30)):
        rows = assessment.score_units(world.units["city"], period)
    a = next(r for r in rows if r.unit == world.units["county_a"])
    lost = sum(p for d in a.deductions for _n, p, _r in d.cases)
    assert a.score == (100 - lost).quantize(assessment.Q2)
    assert a.score < 100
    escalated = next(d for d in a.deductions if d.item == "escalated")
    assert [n for n, _p, _r in escalated.cases] == [closed_cases[2].number]
    assert escalated.points == 2
    unsatisfied = next(d for d in a.deductions if d.item == "satisfaction")
    assert [n for n, _p, _r in unsatisfied.cases] == [closed_cases[1].number]
    # County B had no case: not assessed, no rank (it used to come first with full marks).
    b = next(r for r in rows if r.unit == world.units["county_b"])
    assert b.score is None and b.rank is None and not b.assessed and a.rank == 1
    assert rows[-1] is b


def test_public_page_shows_no_personal_data(client, world, closed_cases):
    period = queries.parse_period("2026-03")
    with clock.frozen(at(2026, 4, 1)):
        pub = disclosure.do_publish(actor=world.users["cara"], area=world.units["city"], period=period)
    assert len(pub.items) == 3
    client.logout()
    pages = [client.get(reverse("disclosure:index")), client.get(reverse("disclosure:detail", args=[pub.number]))]
    assert all(p.status_code == 200 for p in pages)
    text = "".join(p.content.decode() for p in pages)
    assert "文港南路" in text and "大气" in text
    secrets = list(Complainant.objects.values_list("name", flat=True)) + list(
        Complainant.objects.values_list("phone", flat=True))
    assert secrets
    for s in secrets:
        assert s not in text
    assert "18号" not in text and "楼下" not in text  # cut to the street
    from ecopetition.cases.models import Event

    ev = Event.objects.filter(complaint__isnull=True, action="publish").get()
    assert ev.data["count"] == 3 and ev.actor == world.users["cara"]


def test_publishing_needs_a_role_and_something_to_publish(world, closed_cases):
    from ecopetition.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        disclosure.do_publish(actor=world.users["bob"], area=world.units["city"], period=queries.parse_period("2026-03"))
    with pytest.raises(ValidationError, match="nothing to publish"):
        disclosure.do_publish(actor=world.users["cara"], area=world.units["city"], period=queries.parse_period("2025"))


def test_street_cut():
    assert disclosure.street_of("盐城市亭湖区文港南路18号华润万家") == "盐城市亭湖区文港南路"
    assert disclosure.street_of("亭湖区黄尖镇新民村五组张三家") == "亭湖区黄尖镇新民村"
    assert disclosure.street_of("12号") == ""


def test_reports_come_out(client, world, closed_cases, tmp_path):
    login(client, world, "lee")
    r = client.get(reverse("analytics:report", args=["pdf"]), {"from": "2026-03"})
    assert r.status_code == 200 and r.content[:4] == b"%PDF"
    import os

    (Path(os.environ.get("ANALYTICS_DUMP_DIR", tmp_path)) / "report.pdf").write_bytes(r.content)
    r = client.get(reverse("analytics:report", args=["xlsx"]), {"from": "2026-Q1"})
    assert r.status_code == 200 and r.content[:2] == b"PK"
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content) if r.streaming else r.content))
    summary = wb.worksheets[0]
    assert summary["B2"].value == 3
    assert wb.worksheets[1].title != wb.worksheets[2].title and wb.worksheets[2]._charts  # summary, rates, trend


def test_geo_and_points(client, world, closed_cases):
    login(client, world, "lee")
    r = client.get(reverse("analytics:geo", args=["320900"]))
    assert r.status_code == 200
    assert client.get(reverse("analytics:geo", args=["123456"])).status_code == 404
    pts = client.get(reverse("analytics:points"), {"from": "2026"}).json()["points"]
    assert len(pts) == 3 and pts[0]["value"] == [120.16, 33.38]


def test_staff_pages_render_and_act(client, world, closed_cases):
    login(client, world, "lee")
    q = {"from": "2026"}
    r = client.get(reverse("analytics:assessment"), {**q, "unit": world.units["county_a"].pk})
    assert r.status_code == 200 and closed_cases[2].number in r.content.decode()
    assert client.get(reverse("analytics:publish"), {"from": "2026-03"}).status_code == 200
    r = client.post(reverse("analytics:campaigns"), {
        "area": world.units["city"].pk, "name": "百日攻坚", "starts": "2026-03-01", "ends": "2026-06-08",
        "phase1_name": "排查", "phase1_starts": "2026-03-01", "phase1_ends": "2026-03-15"})
    assert r.status_code == 302
    detail = r.headers["Location"]
    r = client.post(detail, {"op": "add", "town": world.units["county_a"].pk, "kind": "existing",
                             "number": closed_cases[0].number, "description": "化工厂异味", "plan": "限期整改"})
    assert r.status_code == 302
    body = client.get(detail).content.decode()
    assert "化工厂异味" in body and "限期整改" in body
    r = client.post(detail, {"op": "add", "town": world.units["county_a"].pk, "kind": "bogus", "description": "x"},
                    follow=True)
    assert r.status_code == 200 and "msg-error" in r.content.decode()  # a message, not a 500
    dash = client.get(reverse("analytics:dashboard"), q).content.decode()
    assert "百日攻坚" in dash


def test_campaign_page_shows_a_county_supervisor_only_their_county(client, world, refdata):
    """A city campaign seen from 亭湖区: its own lines and cases, never 盐都区's (the case door decides)."""
    import datetime as dt

    from ecopetition.analytics import campaigns

    own = register(world, categories=["air"], content="亭湖区化工厂异味")
    sibling = register(world, categories=["air"], unit="county_b", clerk="bea", content="盐都区养殖场粪污")
    lee = world.users["lee"]
    with clock.frozen(at(2026, 3, 1)):
        c = campaigns.do_create_campaign(actor=lee, unit=world.units["city"], name="百日攻坚",
                                         starts=dt.date(2026, 3, 1), ends=dt.date(2026, 6, 8))
        campaigns.do_add_item(c, actor=lee, town=world.units["county_a"], kind="existing", complaint=own,
                              description="亭湖问题")
        sib = campaigns.do_add_item(c, actor=lee, town=world.units["county_b"], kind="existing", complaint=sibling,
                                    description="盐都问题")
    login(client, world, "ada")  # supervisor of 亭湖区
    body = client.get(reverse("analytics:campaign", args=[c.pk])).content.decode()
    assert own.number in body and "亭湖问题" in body
    assert sibling.number not in body and "盐都问题" not in body and "盐都区" not in body
    assert "(0/1)" in body  # the progress counts her county's one line, not the sibling's too
    # Nor can a line of the sibling county be changed by posting its id.
    client.post(reverse("analytics:campaign", args=[c.pk]), {"op": "update", "item": sib.pk, "status": "done"})
    sib.refresh_from_db()
    assert sib.status != "done"
    login(client, world, "lee")  # the city's leader sees both
    body = client.get(reverse("analytics:campaign", args=[c.pk])).content.decode()
    assert own.number in body and sibling.number in body
    assert "(0/2)" in body
