"""The clerk's suggestion fragment, the key lists page, the JSON API and the command line."""

import io
import json
import sys

import pytest
from django.urls import reverse

from ecopetition.org.models import ApiToken
from ecopetition.testing import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, world, name):
    assert client.login(username=name, password=PASSWORD)
    return world.users[name]


def test_suggest_fragment_offers_apply_controls(client, world, reg):
    earlier = reg(phone="13912340000")
    login(client, world, "amy")
    resp = client.post(reverse("triage:suggest"), {
        "content": "鑫源化工有限公司晚上偷排废水，河水发黑发臭", "address": "盐城市亭湖区南洋镇",
        "p0_phone": "13912340000", "unit": world.units["county_a"].pk,
    })
    assert resp.status_code == 200
    html = resp.content.decode()
    assert 'data-triage-apply="categories"' in html and "water" in html
    assert 'data-triage-apply="division_code" data-value="320902"' in html
    assert earlier.number in html  # the similar earlier case, with its reason
    assert "triage/suggest.js" in html


def test_suggest_hides_cases_the_clerk_cannot_see(client, world, reg):
    earlier = reg(unit="county_a", clerk="amy", phone="13912340000")
    login(client, world, "bea")  # county B: a sibling
    resp = client.post(reverse("triage:suggest"), {"content": "化工厂偷排废水", "phone": "13912340000"})
    assert resp.status_code == 200
    assert earlier.number not in resp.content.decode()


def test_suggest_refuses_get_and_strangers(client, world):
    login(client, world, "amy")
    assert client.get(reverse("triage:suggest")).status_code == 405
    client.logout()
    assert client.post(reverse("triage:suggest"), {"content": "x"}).status_code == 302


@pytest.mark.parametrize("content", ["", "？？？", "😡" * 50, "污" * 50_000])
def test_suggest_survives_bad_input(client, world, content):
    login(client, world, "amy")
    resp = client.post(reverse("triage:suggest"), {"content": content, "address": "不知道"})
    assert resp.status_code == 200


def test_key_lists_for_leaders_only(client, world, reg):
    for _ in range(3):
        reg(phone="13955556666", reported_party_name="盐城鑫源化工有限公司")
    login(client, world, "amy")
    assert client.get(reverse("triage:key")).status_code == 403
    client.logout()
    login(client, world, "lee")
    resp = client.get(reverse("triage:key"))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "13955556666" not in html
    assert "盐城鑫源化工有限公司" in html


def test_key_persons_only_within_identity_scope_and_never_anonymous(client, world, reg):
    """Grouping cases by a person says who complained about each (R3-9's rule, on this page too)."""
    from ecopetition.cases.models import IdentityGrant
    from ecopetition.core import clock

    named = [reg(phone="13955556666", name="公孙青山") for _ in range(2)]
    anonymous = reg(phone="13955556666", name="", is_anonymous=True)
    login(client, world, "lee")  # a leader without grants: no person at all
    html = client.get(reverse("triage:key"), {"min": 2}).content.decode()
    assert "139****6666" not in html
    assert not any(c.number in html for c in (*named, anonymous))
    for c in (*named, anonymous):
        IdentityGrant.objects.create(complaint=c, user=world.users["lee"], granted_by=world.users["amy"],
                                     reason="test", granted_at=clock.now())
    html = client.get(reverse("triage:key"), {"min": 2}).content.decode()
    assert "139****6666" in html and all(c.number in html for c in named)
    assert anonymous.number not in html  # never tied to the person
    client.logout()
    login(client, world, "ada")  # a county supervisor: no clerk role, no grant
    assert "139****6666" not in client.get(reverse("triage:key"), {"min": 2}).content.decode()


def test_api_triage(client, world, reg):
    earlier = reg(phone="13912340000")
    _token, key = ApiToken.issue(world.users["amy"], "test")
    resp = client.post("/api/v1/triage", data=json.dumps({
        "text": "楼下饭店油烟太大，窗户都不敢开", "address": "盐城市亭湖区文港路", "phone": "13912340000"}),
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert resp.status_code == 200, resp.content
    body = resp.json()
    for field in ("in_scope", "route", "categories", "sector", "division_code", "unit", "confidence", "similar"):
        assert field in body
    assert body["in_scope"] is True and "air" in body["categories"]
    assert body["division_code"] == "320902"
    assert body["similar"][0]["number"] == earlier.number
    resp = client.post("/api/v1/triage", data=json.dumps({"text": "拖欠工资"}), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {key}")
    assert resp.json()["in_scope"] is False and resp.json()["route"]
    assert client.post("/api/v1/triage", data="{}", content_type="application/json").status_code == 401


def test_command_line_json_lines(monkeypatch, world):
    from django.core.management import call_command

    lines = [
        {"text": "养猪场粪水直接排进河里", "address": "亭湖区南洋镇"},
        {"text": ""},
        "not json",
        {"text": "隔壁邻居天天吵架", "lat": 33.38, "lon": 120.15},
    ]
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("triage", stdout=out)
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(answers) == 4
    assert answers[0]["in_scope"] is True and answers[0]["sector"] == "livestock"
    assert answers[0]["division_code"] == "320902"
    assert answers[1]["confidence"] < 0.2
    assert "error" in answers[2]
    assert answers[3]["in_scope"] is False


def test_command_line_answers_in_chunks_as_line_by_line(monkeypatch, world, reg):
    """The command reads its lines in chunks and classifies each chunk's texts in one prediction: the answers are
    the ones `engine.triage` gives line by line, in order, with an error for each bad line, flushed per chunk."""
    from django.core.management import call_command

    from ecopetition.triage import engine
    from ecopetition.triage.management.commands import triage as command

    earlier = reg(phone="13700001234")  # a line below with the same phone finds it
    monkeypatch.setattr(command, "CHUNK", 3)
    lines = [
        {"id": "a", "text": "养猪场粪水直接排进河里", "address": "亭湖区南洋镇", "division_code": "320902"},
        "not json",
        {"text": "养猪场粪水直接排进河里", "address": "盐都区"},  # the same text in the same chunk, another place
        "",
        {"id": "b", "text": "化工厂半夜偷排废水，河里死鱼", "phone": "13700001234", "lat": 33.38, "lon": 120.15},
        [1, 2],
        {"id": 7, "text": "隔壁邻居天天吵架"},
        {"text": "", "lat": "north"},
    ]
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines)

    class Out(io.StringIO):
        flushes = 0

        def flush(self):
            Out.flushes += 1
            super().flush()

    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out = Out()
    call_command("triage", stdout=out)
    got = [json.loads(line) for line in out.getvalue().splitlines()]

    want = []
    for lineno, raw in enumerate(stdin.split("\n"), 1):
        if not raw:
            continue
        try:
            item = json.loads(raw)
        except ValueError as exc:
            want.append({"line": lineno, "error": str(exc)})
            continue
        if not isinstance(item, dict):
            want.append({"line": lineno, "error": "each line must be a JSON object"})
            continue
        answer = engine.public_answer(engine.triage(engine.TriageInput(
            text=item.get("text") or "", address=item.get("address") or "", lat=item.get("lat"),
            lon=item.get("lon"), phone=item.get("phone") or "", division_hint=item.get("division_code") or "")))
        want.append({"id": item["id"], **answer} if "id" in item else answer)
    assert got == json.loads(json.dumps(want, ensure_ascii=False))
    assert [a.get("id") for a in got] == ["a", None, None, "b", None, 7, None]
    assert got[1] == {"line": 2, "error": got[1]["error"]} and got[4] == {"line": 6, "error": got[4]["error"]}
    assert got[3]["similar"] and got[3]["similar"][0]["number"] == earlier.number
    assert got[0]["division_code"] == "320902" and got[2]["division_code"] != got[0]["division_code"]
    assert Out.flushes >= 3  # seven answers in chunks of three


def test_case_page_shows_the_rule_that_chose_the_unit(client, world, reg):
    first = reg(phone="13912340000")
    case = reg(phone="13912340000", sector="industry", categories=["water"])
    login(client, world, "amy")
    resp = client.get(reverse("cases:detail", args=[case.number]))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert 'id="panel-triage"' in html
    assert "工业企业 → 生态环境局" in html  # the routing rule
    assert "亭湖区生态环境局" in html  # the unit it chose
    assert first.number in html  # linked as a repeat


def test_similar_cases_are_no_oracle_for_a_reader_without_the_identity(client, world, reg):
    """Similar cases are scored on text as written: a supervisor who sees the content masked would read a
    phone back digit by digit from the scores. Matching runs only among cases whose identity one may see."""
    text = "亭湖区南洋镇鑫源化工有限公司晚上偷排废水，我叫欧阳娜娜，电话13912345678，河水发黑发臭。"
    earlier = reg(phone="13912345678", name="欧阳娜娜", content=text)
    from ecopetition.cases.models import Complaint

    assert Complaint.objects.visible_to(world.users["ada"]).filter(pk=earlier.pk).exists()  # she sees the case
    for username, sees in (("ada", False), ("amy", True)):
        _token, key = ApiToken.issue(world.users[username], "test")
        numbers = {s["number"] for s in client.post(
            "/api/v1/triage", data=json.dumps({"text": text}), content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}").json()["similar"]}
        assert (earlier.number in numbers) is sees, username
        login(client, world, username)
        html = client.post(reverse("triage:suggest"), {"content": text}).content.decode()
        assert (earlier.number in html) is sees, username
        client.logout()


def test_case_page_panel_is_no_person_matching_oracle(client, world, reg):
    """(R4-3) A clerk of a lower unit who sees a higher unit's case masked registers a case of their own with
    a guessed phone: neither the triage panel's similar cases nor its linked repeats may say whether the
    guess was right. The person keys match only where the reader (for a link: the registering unit's
    clerks) may see the identity; the registering unit's clerk above still finds the same person."""
    from django.utils import timezone

    from ecopetition.cases.models import Assignment, Complaint

    text = "盐城市区某小区旁工地夜间施工噪声扰民，影响休息。"
    theirs = reg(unit="city", clerk="cara", phone="18655553333", name="诸葛亮亮", content=text)
    Assignment.objects.create(complaint=theirs, unit=world.units["county_a"], is_lead=True, assigned_at=timezone.now())
    assert Complaint.objects.visible_to(world.users["amy"]).filter(pk=theirs.pk).exists()
    other = "亭湖区南洋镇鑫源化工有限公司晚上偷排废水，河水发黑发臭，熏得人头疼。"
    pages, mine_of = {}, {}
    for guess in ("18655553333", "18655553334"):
        mine = mine_of[guess] = reg(phone=guess, name="王五", content=other)
        assert not mine.related.filter(pk=theirs.pk).exists(), guess  # no link made on a person key
        login(client, world, "amy")
        pages[guess] = client.get(reverse("cases:detail", args=[mine.number])).content.decode()
        client.logout()
        assert theirs.number not in pages[guess], guess
        assert "同一电话" not in pages[guess], guess
        # …nor the page of the case they see masked, whose phone would match their own case's.
        login(client, world, "amy")
        page = client.get(reverse("cases:detail", args=[theirs.number])).content.decode()
        client.logout()
        assert mine.number not in page and "同一电话" not in page, guess
    # The registering unit's clerk (who may see both identities) does find the same person.
    again = reg(unit="city", clerk="cara", phone="18655553333", name="诸葛亮亮", content=other)
    assert again.related.filter(pk=theirs.pk).exists()
    login(client, world, "cara")
    html = client.get(reverse("cases:detail", args=[again.number])).content.decode()
    assert theirs.number in html
    client.logout()
    # A link the city made by the phone alone (its clerk may see both) is not listed to the county's clerk,
    # who sees the city's case masked: it would say whose phone it is. The city's clerk sees it.
    by_phone = reg(unit="city", clerk="cara", phone="18655553333", name="诸葛亮亮",
                   content="另外小区东门外每天傍晚有人焚烧垃圾，烟雾很大。")
    Assignment.objects.create(complaint=by_phone, unit=world.units["county_a"], is_lead=True,
                              assigned_at=timezone.now())
    hit = mine_of["18655553333"]
    assert by_phone.related.filter(pk=hit.pk).exists()
    for username, sees in (("amy", False), ("cara", True)):
        login(client, world, username)
        html = client.get(reverse("cases:detail", args=[hit.number])).content.decode()
        client.logout()
        assert (by_phone.number in html) is sees, username
