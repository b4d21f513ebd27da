"""The free-text search matches a case's text only as the searcher may see it.

Red-team finding: an officer who saw `电话***********` asked for `?q=电话1`, `?q=电话13`... keeping the digit whose
query still listed the case, and read the whole phone (and ID number, and name) off the list. Outside the
cases whose identity the searcher may see, words are now matched against the masked copy of the text
(`Complaint.search_masked`), which must stay what the pages show whenever the text or the people change.
"""

import importlib
import io
import threading
import time
import zipfile

import pytest
from django.core.management import call_command

from ecopetition.cases import actions, privacy
from ecopetition.cases.models import Complainant, Complaint
from ecopetition.org.models import ApiToken
from ecopetition.testfixtures import no_triage_on_register  # noqa: F401

from .helpers import found, register

NAME, PHONE, ID_NUMBER = "欧阳明辉", "13912345678", "110101199003078515"
CONTENT = (f"我叫{NAME}，电话{PHONE}，身份证号{ID_NUMBER}，住在幸福小区3栋201室。"
           "反映东方化工厂夜间偷排废水，明辉家门前的小河发黑。")
# What a reader without the identity must not be able to confirm, each of which is written in the content only.
SECRETS = [NAME, "明辉", "欧阳", PHONE, "电话139", "1391234", "5678", ID_NUMBER, ID_NUMBER[-6:], ID_NUMBER[6:14],
           "幸福小区3栋"]
MASKED_READERS = ["otto", "adam", "ada", "dan", "sue", "lee", "ian", "cole"]  # see county A's cases, no identity



@pytest.fixture
def case(world):
    """A county A case whose complainant wrote name, phone, ID number and home into the content."""
    return register(world, unit="county_a", clerk="amy", title="化工厂夜间偷排废水", content=CONTENT,
                    address="亭湖区五星街道东方化工厂",
                    complainants=[actions.ComplainantInput(name=NAME, phone=PHONE, id_number=ID_NUMBER)])



def as_shown(case: Complaint, who_user) -> str:
    """The title, content and address as the case page shows them to `who_user`."""
    identity = privacy.identity_for(who_user, case)
    return "\n".join(identity.text(getattr(case, f)) for f in ("title", "content", "address"))


def test_masked_readers_find_the_case_by_its_matter_but_never_by_the_person(world, case):
    for who in MASKED_READERS:
        assert found(world, who, "化工厂") == {case.number}, who
        assert found(world, who, "偷排 小河") == {case.number}, who
        for secret in SECRETS:
            assert found(world, who, secret) == set(), (who, secret)
            assert found(world, who, f"化工厂 {secret}") == set(), (who, secret)


def test_who_may_see_the_identity_finds_it_by_the_person(world, case):
    for who in ("amy", "cara"):  # the registering unit's clerk, and the clerk above
        for secret in SECRETS:
            assert found(world, who, secret) == {case.number}, (who, secret)
    assert found(world, "bea", PHONE) == set()  # a sibling's clerk sees no case at all
    assert found(world, "otto", PHONE) == set()
    actions.do_grant_identity(case, actor=world.users["sue"], user=world.users["otto"], reason="回访需要核实身份")
    assert found(world, "otto", PHONE) == {case.number}  # a grant holder searches as written
    assert found(world, "otto", NAME) == {case.number}
    assert found(world, "adam", PHONE) == set()  # nobody else got it


def test_stars_are_no_wildcard_and_never_match_masks(world, case):
    stored = Complaint.objects.values_list("search_masked", flat=True).get(pk=case.pk)
    assert "***" in stored and PHONE not in stored and "明辉" not in stored
    for who in ("otto", "amy"):
        assert found(world, who, "*") == set()
        assert found(world, who, "***") == set()
        assert found(world, who, "电话****") == {case.number}  # "电话": visible to both
    assert found(world, "otto", "139****5678") == set()  # typed back, a mask finds only what is shown
    assert found(world, "amy", "139****5678") == {case.number}


def guess_phone(fetch, positions: int = 3) -> list[list[str]]:
    """The attack: after `电话` + the digits found so far, try each digit; keep the one still listed."""
    known, trace = "电话", []
    for _ in range(positions):
        hits = [d for d in "0123456789" if fetch(known + d)]
        trace.append(hits)
        if len(hits) != 1:
            break
        known += hits[0]
    return trace


def test_the_extraction_loop_learns_nothing(world, case, client):
    otto = world.users["otto"]
    by_query = lambda q: Complaint.objects.visible_to(otto).search(q, otto).filter(pk=case.pk).exists()  # noqa: E731
    assert guess_phone(by_query) == [[]]  # no digit tells itself apart
    client.force_login(otto)
    by_page = lambda q: case.number in client.get("/staff/cases/", {"q": q}).content.decode()  # noqa: E731
    assert by_page("化工厂")
    assert guess_phone(by_page, positions=1) == [[]]
    # The same loop run by the clerk, who may see the phone, does read it: the loop itself works.
    amy = world.users["amy"]
    by_clerk = lambda q: Complaint.objects.visible_to(amy).search(q, amy).filter(pk=case.pk).exists()  # noqa: E731
    assert guess_phone(by_clerk) == [["1"], ["3"], ["9"]]


def test_the_api_and_the_oversight_lists_search_the_same_way(world, case, client):
    def api(who, url, q):
        _row, key = ApiToken.issue(world.users[who], "t")
        r = client.get(url, {"q": q}, HTTP_AUTHORIZATION=f"Bearer {key}")
        assert r.status_code == 200, r.content
        body = r.json()
        rows = body["results"] if isinstance(body, dict) else body
        return {row["number"] for row in rows}

    for who in ("otto", "lee", "ian"):
        assert api(who, "/api/v1/complaints", "化工厂") == {case.number}, who
        for secret in (PHONE, "电话139", NAME, ID_NUMBER[-6:]):
            assert api(who, "/api/v1/complaints", secret) == set(), (who, secret)
    assert api("amy", "/api/v1/complaints", "电话139") == {case.number}
    for who in ("lee", "ian"):  # the oversight view is for leaders and inspectors
        assert api(who, "/api/v1/oversight/cases", "化工厂") == {case.number}, who
        client.force_login(world.users[who])
        assert case.number in client.get("/staff/oversight/", {"q": "化工厂"}).content.decode()
        for secret in (PHONE, "电话139", NAME, ID_NUMBER[-6:]):
            assert api(who, "/api/v1/oversight/cases", secret) == set(), (who, secret)
            assert case.number not in client.get("/staff/oversight/", {"q": secret}).content.decode(), (who, secret)
            assert case.number not in client.get("/staff/cases/", {"q": secret}).content.decode(), (who, secret)
    client.force_login(world.users["otto"])  # the intake export filters as the list does
    assert case.number in export_text(client, "化工厂")
    assert case.number not in export_text(client, "电话139")
    client.force_login(world.users["amy"])
    assert case.number in export_text(client, "电话139")


def export_text(client, q: str) -> str:
    r = client.get("/staff/intake/export.xlsx", {"q": q})
    assert r.status_code == 200
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))


def test_the_stored_text_is_what_the_page_shows(world, case):
    case = Complaint.objects.get(pk=case.pk)
    stored = Complaint.objects.values_list("search_masked", flat=True).get(pk=case.pk)
    assert stored == as_shown(case, world.users["otto"])
    assert as_shown(case, world.users["amy"]) != stored  # the clerk sees it as written


def test_a_new_or_changed_complainant_changes_what_the_search_matches(world):
    case = register(world, unit="county_a", clerk="amy", content="东方化工厂偷排废水，连王建华也闻到了。", complainants=[],
                    is_anonymous=True)
    assert found(world, "otto", "建华") == {case.number}  # no cue, not recorded: shown, so findable

    person = Complainant.objects.create(complaint=case, name="王建华")
    assert found(world, "otto", "建华") == set() and found(world, "otto", "王建华") == set()
    assert found(world, "amy", "建华") == {case.number}

    person.name = "李四"  # the recorded person changes: the name written in the content is shown again
    person.save()
    assert found(world, "otto", "建华") == {case.number}

    Complainant.objects.filter(pk=person.pk).update(name="王建华")
    assert found(world, "otto", "建华") == set()
    person.refresh_from_db()
    person.delete()
    assert found(world, "otto", "建华") == {case.number}

    Complainant.objects.bulk_create([Complainant(complaint=case, name="王建华")])
    assert found(world, "otto", "建华") == set()
    Complainant.objects.filter(complaint=case).delete()
    assert found(world, "otto", "建华") == {case.number}

    case.complainants.create(name="王建华")
    assert found(world, "otto", "建华") == set()
    fresh = Complaint.objects.get(pk=case.pk)
    assert fresh.search_masked == as_shown(fresh, world.users["otto"])


def test_a_changed_text_is_masked_again(world, case):
    Complainant.objects.create(complaint=case, name="赵铁柱")
    Complaint.objects.filter(pk=case.pk).update(content=CONTENT + "邻居铁柱家的养猪场也受影响。")
    assert found(world, "otto", "养猪场") == {case.number}
    assert found(world, "otto", "铁柱") == set()

    edited = Complaint.objects.get(pk=case.pk)
    edited.content = "某厂噪声扰民，我的电话是13800001111。"
    edited.save()
    assert found(world, "otto", "小河") == set()  # only the old content had it
    assert found(world, "otto", "噪声") == {case.number}
    assert found(world, "otto", "1380000") == set() and found(world, "amy", "1380000") == {case.number}
    edited.title = "噪声扰民"
    edited.save(update_fields=["title"])
    assert Complaint.objects.get(pk=case.pk).search_masked.startswith("噪声扰民\n")


def test_an_old_copy_of_the_case_never_writes_its_masked_text_back(world):
    case = register(world, unit="county_a", clerk="amy", content="东方化工厂偷排废水，连王建华也闻到了。", complainants=[],
                    is_anonymous=True)
    stale = Complaint.objects.get(pk=case.pk)
    assert "王建华" in stale.search_masked  # read into memory; then the people change behind its back
    Complainant.objects.create(complaint=case, name="王建华")
    assert found(world, "otto", "建华") == set()
    stale.is_starred = True
    stale.save()  # an ordinary save of the old copy (as every action does)
    assert found(world, "otto", "建华") == set()
    case.is_urgent = True  # the instance registration returned, from before its complainants were stored
    case.save()
    assert found(world, "otto", "建华") == set()


def test_the_migration_and_the_command_fill_every_case(world, case):
    from django.apps import apps

    other = register(world, unit="county_a", clerk="amy", content="电话13700001111，化工厂偷排。")
    Complaint.objects.filter(pk__in=[case.pk, other.pk]).update(search_masked="", search_tokens_masked="",
                                                                search_tokens_full="")
    assert found(world, "otto", "化工厂") == set()
    assert found(world, "amy", NAME) == set()
    migration = importlib.import_module("ecopetition.cases.migrations.0013_fill_search_tokens")
    migration.fill(apps, None)
    assert found(world, "otto", "化工厂") == {case.number, other.number}
    assert found(world, "otto", "1370000") == set()
    Complaint.objects.filter(pk=other.pk).update(search_masked=other.content)  # as if the rules had changed
    assert found(world, "otto", "1370000") == {other.number}
    out = io.StringIO()
    call_command("search_reindex", batch=1, stdout=out)
    assert "2 case(s)" in out.getvalue()
    assert found(world, "otto", "1370000") == set()
    assert found(world, "otto", "化工厂") == {case.number, other.number}
    assert found(world, "amy", NAME) == {case.number}
    Complaint.objects.filter(pk=case.pk).update(search_tokens_masked=" 欧阳 明辉 ")  # as if segmented otherwise
    assert found(world, "otto", "明辉") == {case.number}
    call_command("search_reindex", stdout=io.StringIO())
    assert found(world, "otto", "明辉") == set()


@pytest.mark.django_db(transaction=True)
def test_two_people_added_to_one_case_at_once_both_end_up_masked(world, monkeypatch):
    """Each recomputation reads the people and writes the copy under the case's row lock: without it, the
    one that writes last would have read the case without the other's person (unmasked)."""
    from django.db import connection

    from ecopetition.cases import models

    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite runs one writer at a time")
    case = register(world, unit="county_a", clerk="amy", content="王建华和李秀英反映东方化工厂偷排废水。",
                    complainants=[], is_anonymous=True)
    both_inserted = threading.Barrier(2, timeout=20)
    real_refresh, real_text = models.refresh_search, models.search_text

    def refresh_after_both_inserts(ids, **kw):
        both_inserted.wait()
        return real_refresh(ids, **kw)

    def slow_text(*args):  # widen the window between reading the people and writing the copy
        time.sleep(0.5)
        return real_text(*args)

    monkeypatch.setattr(models, "refresh_search", refresh_after_both_inserts)
    monkeypatch.setattr(models, "search_text", slow_text)
    errors: list[Exception] = []

    def add(name):
        try:
            Complainant.objects.create(complaint_id=case.pk, name=name)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(n,)) for n in ("王建华", "李秀英")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    monkeypatch.undo()
    assert errors == []
    assert found(world, "otto", "化工厂") == {case.number}
    assert found(world, "otto", "建华") == set() and found(world, "otto", "秀英") == set()


# --- Segmented search (jieba): the tokens -----------------------------------------------------------------------


def test_a_run_on_query_finds_what_its_words_find(world):
    """化工厂排污 written without a space finds what 化工 排污 finds; 河道死鱼 finds a case about dead fish in the river."""
    plant = register(world, unit="county_a", clerk="amy", title="化工厂偷偷排污", content="东方化工厂向河里偷偷排污，水发黑。")
    fish = register(world, unit="county_a", clerk="amy", title="河里死鱼",
                    content="村东河道里这两天出现大量死鱼，散发臭味。")
    other = register(world, unit="county_a", clerk="amy", title="噪声扰民", content="工地夜间施工噪声很大。")
    for who in ("otto", "amy"):
        assert found(world, who, "化工 排污") == {plant.number}, who
        assert found(world, who, "化工厂排污") == {plant.number}, who
        assert found(world, who, "河道死鱼") == {fish.number}, who
        assert found(world, who, "夜间噪声") == {other.number}, who
        assert found(world, who, "化工厂死鱼") == set(), who


def test_the_masked_tokens_hold_nothing_of_the_person(world, case):
    tokens = Complaint.objects.values_list("search_tokens_masked", flat=True).get(pk=case.pk).split()
    full = Complaint.objects.values_list("search_tokens_full", flat=True).get(pk=case.pk).split()
    for secret in ("欧阳", "明辉", "阳明", PHONE, ID_NUMBER, "幸福"):
        assert secret not in tokens, secret
        assert secret in full, secret
    assert "化工厂" in tokens and "偷排" in tokens


def test_a_complainant_is_found_by_name_and_phone_only_by_who_may_see_them(world):
    """The person is recorded, but named nowhere in the text: the clerk finds the case by the name or the
    phone (the case list is where a caller is looked up); nobody else learns that this person complained."""
    case = register(world, unit="county_a", clerk="amy", title="养猪场臭味", content="村里养猪场臭味很大。",
                    complainants=[actions.ComplainantInput(name="司马相如", phone="13600001234")])
    for q in ("司马相如", "相如", "13600001234", "0001234", "相如 养猪场"):
        assert found(world, "amy", q) == {case.number}, q
        assert found(world, "cara", q) == {case.number}, q
        for who in MASKED_READERS:
            assert found(world, who, q) == set(), (who, q)
    assert found(world, "otto", "养猪场") == {case.number}
    actions.do_grant_identity(case, actor=world.users["sue"], user=world.users["otto"], reason="回访需要核实身份")
    assert found(world, "otto", "相如") == {case.number}
    assert found(world, "otto", "0001234") == {case.number}


def test_findings_are_searched_masked_for_readers_without_the_identity(world, case):
    Complaint.objects.filter(pk=case.pk).update(result_summary="经现场核查，已责令停产整改；欧阳明辉反映属实。")
    for who in ("otto", "amy"):
        assert found(world, who, "停产整改") == {case.number}, who
    assert found(world, "otto", "明辉") == set()
    assert found(world, "amy", "明辉") == {case.number}


def test_results_are_ranked_and_the_rank_reads_only_what_the_reader_may_match(world):
    once = register(world, unit="county_a", clerk="amy", title="异味", content="附近偶尔有异味，疑似废气。")
    often = register(world, unit="county_a", clerk="amy", title="废气扰民",
                     content="工厂排放废气，废气刺鼻，夜里废气更重。")
    for who in ("otto", "amy"):
        user = world.users[who]
        ranked = list(Complaint.objects.visible_to(user).search("废气", user).values_list("number", flat=True))
        assert ranked == [often.number, once.number], who
    # A name the masked reader cannot see, written many times, must not lift the case in that reader's order.
    named = register(world, unit="county_a", clerk="amy", title="废气", content="我叫王秀兰，王秀兰家旁边有废气。",
                     complainants=[actions.ComplainantInput(name="王秀兰", phone="13700002222")])
    otto, amy = world.users["otto"], world.users["amy"]
    assert not Complaint.objects.visible_to(otto).search("秀兰", otto).exists()
    assert Complaint.objects.visible_to(amy).search("秀兰", amy).get().number == named.number


def test_the_reported_party_is_searched_only_as_the_reader_may_see_it(world):
    """R7-1: a complainant wrote themselves into the reported party; a reader without the identity finds the case
    by the party's name, never by the complainant's name, phone or its last digits in that field."""
    party = f"幸福小区烧烤店（举报人{NAME}，电话{PHONE}）"
    case = register(world, unit="county_a", clerk="amy", title="烧烤油烟", content="烧烤店油烟直排。",
                    reported_party_name=party,
                    complainants=[actions.ComplainantInput(name=NAME, phone=PHONE)])
    stored = Complaint.objects.values_list("search_masked", flat=True).get(pk=case.pk)
    assert PHONE not in stored and NAME not in stored and "烧烤店" in stored
    for who in MASKED_READERS:
        assert case.number in found(world, who, "烧烤店"), who
        for secret in (NAME, "明辉", PHONE, "5678", "1391234", "电话139"):
            assert case.number not in found(world, who, secret), (who, secret)
    for secret in (NAME, PHONE, "5678"):  # the clerk who may see the identity finds it as written
        assert case.number in found(world, "amy", secret), secret
    # A company's own phone in the field is the party's: readable, and found by everyone.
    other = register(world, unit="county_a", clerk="amy", title="印染废水", content="印染厂废水直排。",
                     reported_party_name="振阳印染有限公司 0515-88886666",
                     complainants=[actions.ComplainantInput(name=NAME, phone=PHONE)])
    assert found(world, "otto", "88886666") == {other.number}
    assert privacy.identity_for(world.users["otto"], other).party() == "振阳印染有限公司 0515-88886666"
