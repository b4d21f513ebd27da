"""The case list's search as people use it: the snippet where a search matched (through the identity rule),
and the unit filter by the unit's name with its type-ahead (only units the user may see)."""

import re

import pytest

from ecopetition.cases import actions
from ecopetition.testfixtures import no_triage_on_register  # noqa: F401

from .helpers import register

NAME, PHONE = "欧阳明辉", "13912345678"



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


def _received(case, days_ago: int):
    import datetime as dt

    from ecopetition.cases.models import Complaint
    from ecopetition.core import clock

    Complaint.objects.filter(pk=case.pk).update(received_at=clock.now() - dt.timedelta(days=days_ago))
    return case


@pytest.fixture
def fumes(world):
    """Four cases about 废气, newest first (registered last); the oldest matches best."""
    texts = ["附近有废气。", "废气扰民，废气刺鼻，晚上废气更重。", "偶尔闻到废气。", "废气很重，晚上废气刺鼻，早上废气熏人，白天废气扰民，一直有废气。"]
    cases = [_received(register(world, unit="county_a", clerk="amy", title="气味", content=t), days_ago=i + 1)
             for i, t in reversed(list(enumerate(texts)))]
    return cases[::-1]


@pytest.fixture
def client(client):
    client.cookies["django_language"] = "en"  # English, unless a test switches
    return client


def listed(html: str) -> list[str]:
    return re.findall(r'<td class="num"><a href="[^"]*">([^<]+)</a>', html)


def test_a_search_with_more_matches_than_the_cap_ranks_the_most_recent_and_says_so(world, fumes, client,
                                                                                  monkeypatch):
    from ecopetition.cases import queries

    newest, often, rare, oldest_best = fumes
    client.force_login(world.users["otto"])
    html = client.get("/staff/cases/", {"q": "废气"}).content.decode()
    assert listed(html) == [oldest_best.number, often.number, newest.number, rare.number]  # all, ranked
    assert "4 cases" in html and "search-capped" not in html
    monkeypatch.setattr(queries, "SEARCH_CAP", 3)
    html = client.get("/staff/cases/", {"q": "废气"}).content.decode()
    # The three registered last, best match first (ties: newest first); the older one is left out, and said so.
    assert listed(html) == [often.number, newest.number, rare.number]
    assert "3+ cases" in html and 'id="search-capped"' in html and "narrow the search" in html
    client.cookies["django_language"] = "zh-hans"
    html = client.get("/staff/cases/", {"q": "废气"}).content.decode()
    assert "3+ 件" in html and "缩小" in html
    client.cookies["django_language"] = "en"
    assert "search-capped" not in client.get("/staff/cases/", {"q": "废气 熏人"}).content.decode()
    monkeypatch.setattr(queries, "SEARCH_CAP", 2)  # the pages stop at the cap
    page2 = client.get("/staff/cases/", {"q": "废气", "page": "2"}).content.decode()
    assert listed(page2) == [often.number, newest.number]  # only one page: Django's paginator shows the last one
    assert "page 1 of 1" in page2


def test_the_capped_list_counts_only_what_the_reader_may_match(world, client, monkeypatch):
    """The bound is taken over the reader's own matches: hidden names neither fill nor widen it."""
    from ecopetition.cases import queries

    hidden = [_received(register(world, unit="county_a", clerk="amy", title="反映问题", content=f"我叫{NAME}，有废气。",
                                 complainants=[actions.ComplainantInput(name=NAME, phone=PHONE)]), days_ago=1)
              for _ in range(2)]
    plain = _received(register(world, unit="county_a", clerk="amy", title="废气", content="工厂废气。", channel="web",
                               complainants=[]), days_ago=5)
    monkeypatch.setattr(queries, "SEARCH_CAP", 1)
    client.force_login(world.users["otto"])  # sees county A's cases, no identity
    html = client.get("/staff/cases/", {"q": NAME}).content.decode()
    assert listed(html) == [] and "0 cases" in html and "search-capped" not in html
    html = client.get("/staff/cases/", {"q": f"废气 {NAME}"}).content.decode()
    assert listed(html) == [] and "search-capped" not in html
    client.force_login(world.users["amy"])  # the registering clerk finds the person, and is told there are more
    html = client.get("/staff/cases/", {"q": NAME}).content.decode()
    assert len(listed(html)) == 1 and set(listed(html)) < {c.number for c in hidden} and "1+ cases" in html
    assert plain.number not in html


def test_the_oversight_list_is_bounded_the_same_way(world, fumes, client, monkeypatch):
    from ecopetition.cases import queries

    monkeypatch.setattr(queries, "SEARCH_CAP", 3)
    client.force_login(world.users["ian"])
    r = client.get("/staff/oversight/", {"q": "废气"})
    assert r.status_code == 200, r.status_code
    html = r.content.decode()
    assert [fumes[0].number, fumes[1].number, fumes[2].number] == [n for n in listed(html) if n.startswith(
        fumes[0].number[:4])][:3]
    assert fumes[3].number not in html and "3+ cases" in html and 'id="search-capped"' in html
