"""The case list's search as people use it: the snippet where a search matched (through the identity rule),
and the unit filter by the unit's name with its type-ahead (only units the user may see)."""

import re

import pytest

from ecopetition.cases import actions

from .helpers import register

NAME, PHONE = "欧阳明辉", "13912345678"


@pytest.fixture(autouse=True)
def _no_triage(settings):
    settings.TRIAGE_ON_REGISTER = False


@pytest.fixture
def case(world):
    return register(world, unit="county_a", clerk="amy", title="化工厂夜间偷排",
                    content=f"我叫{NAME}，电话{PHONE}。反映东方化工厂夜间偷排废水，{NAME}家门前的小河发黑。",
                    complainants=[actions.ComplainantInput(name=NAME, phone=PHONE)])


def snippets(client, user, q: str) -> list[str]:
    client.force_login(user)
    html = client.get("/staff/cases/", {"q": q}).content.decode()
    return re.findall(r'<div class="small snippet">(.*?)</div>', html)


def test_the_snippet_marks_the_match_in_the_text_as_the_reader_may_see_it(world, case, client):
    shown = snippets(client, world.users["otto"], "化工厂偷排")
    assert len(shown) == 1
    assert "<mark>化工厂</mark>" in shown[0] or "<mark>化工</mark>" in shown[0]
    assert "<mark>偷排</mark>" in shown[0]
    assert PHONE not in shown[0] and "明辉" not in shown[0] and "139" not in shown[0]
    clerk = snippets(client, world.users["amy"], "化工厂偷排")
    assert len(clerk) == 1 and "<mark>偷排</mark>" in clerk[0]
    assert "明辉" in clerk[0]  # the clerk sees the text as written
    assert snippets(client, world.users["amy"], NAME)[0].count(f"<mark>{NAME}</mark>") == 2


def test_a_snippet_never_marks_or_shows_what_the_reader_may_not_see(world, case, client):
    assert snippets(client, world.users["otto"], "明辉") == []  # no case listed, so nothing shown either
    shown = snippets(client, world.users["otto"], "小河 明")  # 明 alone is matched, masked, as a substring
    assert all("明辉" not in s for s in shown)


def test_the_snippet_escapes_the_text(world, client):
    register(world, unit="county_a", clerk="amy", title="废气", content="<script>alert(1)</script>工厂废气刺鼻")
    shown = snippets(client, world.users["amy"], "废气")
    assert shown and "</script>" not in shown[0] and "&lt;/script&gt;" in shown[0]


def test_the_unit_filter_takes_the_units_name(world, case, client):
    other = register(world, unit="county_b", clerk="bea", title="噪声", content="工地夜间施工噪声。")
    client.force_login(world.users["cara"])
    html = client.get("/staff/cases/", {"unit": "亭湖区"}).content.decode()
    assert case.number in html and other.number not in html
    html = client.get("/staff/cases/", {"unit": "A320902"}).content.decode()  # the code still works
    assert case.number in html and other.number not in html
    html = client.get("/staff/cases/", {"unit": "盐城市"}).content.decode()  # a unit covers the units below it
    assert case.number in html and other.number in html
    html = client.get("/staff/cases/", {"unit": "亭湖区生态环境局"}).content.decode()  # ...not those above
    assert case.number not in html
    html = client.get("/staff/cases/", {"unit": "盐都"}).content.decode()  # a part that fits one unit
    assert other.number in html and case.number not in html
    client.force_login(world.users["amy"])  # a sibling's unit is no unit for amy: said, not obeyed
    html = client.get("/staff/cases/", {"unit": "盐都区"}).content.decode()
    assert "盐都区" in html and ("pick one from the list" in html or "从列表中选择" in html)
    assert other.number not in html


def test_the_type_ahead_offers_only_units_the_user_may_see(world, client):
    client.force_login(world.users["amy"])
    names = [u["name"] for u in client.get("/staff/cases/units/", {"q": "区"}).json()["units"]]
    assert "亭湖区" in names and "盐都区" not in names
    client.force_login(world.users["cara"])
    names = [u["name"] for u in client.get("/staff/cases/units/", {"q": "区"}).json()["units"]]
    assert {"亭湖区", "盐都区"} <= set(names)
    assert "江苏省" not in [u["name"] for u in client.get("/staff/cases/units/", {"q": "江苏"}).json()["units"]]
    client.logout()
    assert client.get("/staff/cases/units/", {"q": "区"}).status_code == 302
