"""The console over HTTP: queue, list, register form, the case page's buttons and refusals."""

import re

import pytest

from ecopetition.cases.models import Complaint, State
from ecopetition.testing import PASSWORD

from .helpers import register


@pytest.fixture
def login(client):
    def as_(username):
        client.logout()
        assert client.login(username=username, password=PASSWORD)
        return client
    return as_


def test_login_required(client, db):
    r = client.get("/staff/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_register_form_creates_a_case(world, login):
    c = login("cara")
    r = c.get("/staff/cases/new/")
    assert r.status_code == 200 and "登记".encode() in r.content
    r = c.post("/staff/cases/new/", {
        "unit": world.units["city"].pk, "channel": "visit", "head_count": 8, "content": "养猪场粪污直排入河",
        "p0_name": "王五", "p0_phone": "13900001111", "categories": ["water", "odour"], "sector": "livestock",
    })
    assert r.status_code == 302
    case = Complaint.objects.get()
    assert r["Location"] == f"/staff/cases/{case.number}/"
    assert case.is_collective and case.head_count == 8
    assert sorted(case.categories.values_list("code", flat=True)) == ["odour", "water"]


def test_register_form_shows_errors_not_500(world, login):
    c = login("cara")
    r = c.post("/staff/cases/new/", {"unit": world.units["city"].pk, "channel": "phone", "content": "噪声扰民",
                                     "p0_name": "王五", "p0_id_number": "123"})
    assert r.status_code == 200
    assert b"ID number" in r.content or "身份证".encode() in r.content
    assert not Complaint.objects.exists()


def test_register_page_is_for_clerks_only(world, login):
    assert login("dan").get("/staff/cases/new/").status_code == 404


def test_case_page_shows_exactly_the_allowed_buttons(world, login):
    case = register(world)
    page = login("cara").get(f"/staff/cases/{case.number}/").content.decode()
    assert set(re.findall(r'data-action="(\w+)"', page)) == {"accept", "reject", "refer", "merge", "attach"}
    page = login("dan").get(f"/staff/cases/{case.number}/").content.decode()
    assert set(re.findall(r'data-action="(\w+)"', page)) == {"refer", "merge"}
    assert "张**" in page and "张三丰" not in page  # the dispatcher sees the complainant masked


def test_walk_through_the_console(world, login):
    case = register(world)
    url = f"/staff/cases/{case.number}/act/"
    login("cara").post(url + "accept/", {"accept-note": ""})
    login("dan").post(url + "assign/", {"assign-lead_unit": world.units["city_eco"].pk})
    c = login("olga")
    assert case.number in c.get("/staff/").content.decode()  # in the officer's queue
    c.post(url + "sign_for/")
    c.post(url + "report/", {"report-finding": "founded", "report-result": "已责令整改"})
    login("sue").post(url + "review/", {"review-note": ""})
    # The reply: the case page's button opens the letter's draft; sent from there (with a reason: the
    # reply check finds the finding's explanation still to be written).
    c = login("cara")
    reply_page = c.post(url + "reply/", {"reply-method": "sms", "reply-text": "已处理"})["Location"]
    assert reply_page == f"/staff/documents/case/{case.number}/reply/"
    c.get(reply_page)
    draft = case.reply_drafts.get()
    c.post(reply_page, {"op": "send", "text": draft.text, "revision": draft.revision, "method": "sms",
                        "reason": "已当面说明调查情况"})
    login("cole").post(url + "callback/", {"callback-respondent": "complainant", "callback-result": "satisfied"})
    login("cara").post(url + "close/", {"close-reason": ""})
    case.refresh_from_db()
    assert case.state == State.CLOSED


def test_refused_action_explains_why(world, login):
    case = register(world)
    r = login("cara").post(f"/staff/cases/{case.number}/act/sign_for/", follow=True)
    assert r.status_code == 200
    text = r.content.decode()
    assert "信访件处于“已登记”状态，不能“签收”" in text
    case.refresh_from_db()
    assert case.state == State.REGISTERED


def test_invalid_action_form_is_400_with_message(world, login):
    case = register(world)
    r = login("cara").post(f"/staff/cases/{case.number}/act/reject/", {"reject-reason": "x"})
    assert r.status_code == 400
    assert not Complaint.objects.filter(state=State.NOT_ACCEPTED).exists()


def test_other_units_cases_and_unknown_numbers_are_404(world, login):
    case = register(world, unit="county_a", clerk="amy")
    c = login("bea")
    assert c.get(f"/staff/cases/{case.number}/").status_code == 404
    assert c.post(f"/staff/cases/{case.number}/act/accept/").status_code == 404
    assert c.get("/staff/cases/NOPE-1/").status_code == 404
    assert case.number not in c.get("/staff/cases/").content.decode()


def test_list_filters_and_search(world, login):
    register(world, content="化工厂偷排废水", categories=["water"])
    register(world, content="烧烤油烟扰民", categories=["air"], channel="web", is_anonymous=True, complainants=[])
    c = login("cara")
    assert "烧烤油烟" in c.get("/staff/cases/?q=油烟").content.decode()
    assert "化工厂" not in c.get("/staff/cases/?q=油烟").content.decode()
    page = c.get("/staff/cases/?channel=web&category=air").content.decode()
    assert "烧烤油烟" in page and "化工厂偷排" not in page
    r = c.get("/staff/cases/?state=bogus&since=2026-13-01")
    assert r.status_code == 200 and ("Unknown state" in r.content.decode() or "未知" in r.content.decode())


def test_case_page_names_the_place_and_reads_the_first_event_as_its_state(world, login):
    """The division code is the place's name on the page (a town's code falls back to its county), and the
    timeline's first line is "registered", not a change from nothing."""
    case = register(world, division_code="320902003")
    page = login("cara").get(f"/staff/cases/{case.number}/").content.decode()
    assert "· 亭湖区" in page and "320902" not in page
    assert "— →" not in page and "已登记 → 已登记" not in page
    unknown = register(world, division_code="320999")
    page = login("cara").get(f"/staff/cases/{unknown.number}/").content.decode()
    assert "320999" not in page


def test_an_empty_queue_offers_ways_on_but_not_itself(world, login):
    """The inspector's work queue is empty: it says so and offers the other pages of the role, without a
    link back to the queue itself or a second one to the case list."""
    html = login("ian").get("/staff/").content.decode()
    nxt = html.split("目前没有需要您办理的事项")[1].split("</p>", 2)[1]
    assert 'href="/staff/cases/"' in nxt and nxt.count('href="/staff/cases/"') == 1
    assert 'href="/staff/"' not in nxt and 'href="/staff/oversight/"' in nxt
