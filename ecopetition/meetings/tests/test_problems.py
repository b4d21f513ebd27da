"""Typical problems: the monthly analysis from the register, the task to a department answered in writing and
closed, the typical case published without personal data, and who sees what."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from ecopetition.analytics.models import Publication
from ecopetition.cases import actions as core
from ecopetition.cases.models import Category
from ecopetition.core import clock
from ecopetition.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationError
from ecopetition.meetings import actions, queries
from ecopetition.meetings.models import ProblemStatus
from ecopetition.testing import PASSWORD

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
NAME = "李四光"


def at(y, m, d):
    return dt.datetime(y, m, d, 10, tzinfo=TZ)


def register(world, when, *, unit="county_a", clerk="amy", **kw):
    kw.setdefault("division_code", "320902")
    kw.setdefault("complainants", [core.ComplainantInput(name=NAME, phone="13900001111")])
    data = core.NewComplaint(channel="phone", content="饭店油烟扰民", received_at=when,
                             address="盐城市亭湖区五星街道青年路8号", **kw)
    with clock.frozen(when):
        return core.do_register(data, unit=world.units[unit], actor=world.users[clerk])


@pytest.fixture
def register_data(world):
    Category.objects.get_or_create(code="air", defaults={"name": "大气"})
    Category.objects.get_or_create(code="noise", defaults={"name": "噪声"})
    for month, n in ((9, 1), (10, 1), (11, 4)):
        for i in range(n):
            register(world, at(2026, month, 3 + i), categories=["air"], reported_party_name="好味饭店")
    register(world, at(2026, 10, 5), categories=["noise"])
    register(world, at(2026, 11, 5), unit="county_b", clerk="bea", categories=["noise"], division_code="320903")


def test_analysis_shows_growth_repeats_and_recurring_parties(world, register_data):
    report = queries.analysis(world.units["county_a"], dt.date(2026, 11, 1))
    assert report["total"] == 4 and report["total_prev"] == 2
    cats = {ln.key: ln for ln in report["dims"]["category"]}
    assert (cats["air"].n, cats["air"].prev, cats["air"].growth, cats["air"].repeats) == (4, 1, 3, True)
    assert (cats["noise"].n, cats["noise"].growth, cats["noise"].repeats) == (0, -1, False)
    assert report["dims"]["category"][0].key == "air"  # what grew most first
    assert [(p.label, p.n) for p in report["parties"]] == [("好味饭店", 6)]
    # County B's case belongs to county B's area only.
    assert queries.analysis(world.units["county_b"], dt.date(2026, 11, 1))["total"] == 1


def test_a_problem_goes_to_a_department_is_answered_and_closed(world, register_data):
    u = world.users
    with clock.frozen(at(2026, 12, 2)):
        with pytest.raises(PermissionDenied):
            actions.do_create_problem(actor=u["otto"], area=world.units["county_a"], month=dt.date(2026, 11, 1),
                                      title="x", analysis="x", requirements="x", due_on=dt.date(2026, 12, 20),
                                      department=world.units["county_a_eco"])
        with pytest.raises(ValidationError):
            actions.do_create_problem(actor=u["ada"], area=world.units["county_a"], month=dt.date(2026, 11, 1),
                                      title="x", analysis="x", requirements="x", due_on=dt.date(2026, 12, 20))
        p = actions.do_create_problem(
            actor=u["ada"], area=world.units["county_a"], month=dt.date(2026, 11, 1), dimension="party",
            key="好味饭店", title="餐饮油烟反复投诉", analysis="11月4件，较上月增加3件", requirements="制定餐饮油烟整治方案",
            due_on=dt.date(2026, 12, 20), department=world.units["county_a_eco"])
        with pytest.raises(PermissionDenied):
            actions.do_answer_problem(p, actor=u["bob"], response="x")
        with pytest.raises(TransitionNotAllowed):
            actions.do_close_problem(p, actor=u["ada"], accept=True)
        actions.do_answer_problem(p, actor=u["oscar"], response="已开展专项整治，安装油烟净化器12台")
        with pytest.raises(ValidationError):  # sending back needs a reason
            actions.do_close_problem(p, actor=u["ada"], accept=False)
        actions.do_close_problem(p, actor=u["ada"], accept=False, note="请补充长效机制")
        p.refresh_from_db()
        assert p.status == ProblemStatus.OPEN
        actions.do_answer_problem(p, actor=u["oscar"], response="已建立巡查机制")
        actions.do_close_problem(p, actor=u["ada"], accept=True)
        p.refresh_from_db()
        assert p.status == ProblemStatus.CLOSED and p.closed_by == u["ada"]
    seen = lambda who: queries.problems_for(u[who]).filter(pk=p.pk).exists()  # noqa: E731
    assert seen("oscar") and seen("otto") and seen("lee") and not seen("bob") and not seen("bea")


def test_outside_department_and_typical_case_published_without_personal_data(world, register_data, client):
    u = world.users
    case = register(world, at(2026, 11, 20), categories=["air"], title=f"{NAME}反映好味饭店油烟")
    for step in (lambda: core.do_accept(case, actor=u["amy"]),
                 lambda: core.do_assign(case, actor=u["adam"], lead_unit=world.units["county_a_eco"]),
                 lambda: core.do_sign_for(case, actor=u["oscar"]),
                 lambda: core.do_report(case, actor=u["oscar"], finding="founded", result=f"{NAME}反映属实"),
                 lambda: core.do_review(case, actor=u["ada"], passed=True),
                 lambda: core.do_reply(case, actor=u["amy"], text="已答复", method="phone"),
                 lambda: core.do_callback(case, actor=u["cole"], result="satisfied"),
                 lambda: core.do_close(case, actor=u["amy"], reason="办结")):
        with clock.frozen(at(2026, 11, 25)):
            step()
    with clock.frozen(at(2026, 12, 2)):
        p = actions.do_create_problem(actor=u["lee"], area=world.units["county_a"], month=dt.date(2026, 11, 1),
                                      title="餐饮油烟", analysis="a", requirements="r", due_on=dt.date(2026, 12, 30),
                                      department_name="亭湖区市场监督管理局")
        assert p.department_label == "亭湖区市场监督管理局"
        with pytest.raises(PermissionDenied):
            actions.do_answer_problem(p, actor=u["oscar"], response="x")
        actions.do_answer_problem(p, actor=u["ada"], response="书面答复已收到")  # recorded on its behalf
        open_case = register(world, at(2026, 11, 21))
        with pytest.raises(ValidationError):
            actions.do_set_typical_case(p, actor=u["ada"], case=open_case)
        actions.do_set_typical_case(p, actor=u["ada"], case=case, publish=True)
    p.refresh_from_db()
    pub = Publication.objects.get(pk=p.publication_id)
    assert len(pub.items) == 1 and NAME not in str(pub.items) and NAME not in pub.title and "青年路8号" not in str(
        pub.items)
    client.login(username="ada", password=PASSWORD)
    page = client.get(reverse("meetings:problem", args=[p.pk])).content.decode()
    assert pub.number in page and NAME not in page
    client.logout()
    public = client.get(reverse("disclosure:detail", args=[pub.number]))  # the public disclosure site
    assert public.status_code == 200 and "餐饮油烟" in public.content.decode() and NAME not in public.content.decode()
    client.login(username="bea", password=PASSWORD)
    assert client.get(reverse("meetings:problem", args=[p.pk])).status_code == 404
    assert client.post(reverse("meetings:problem_act", args=[p.pk, "answer"]), {"response": "x"}).status_code == 404


def test_analysis_page_renders_for_a_supervisor(world, register_data, client):
    client.login(username="ada", password=PASSWORD)
    r = client.get(reverse("meetings:problems"), {"area": world.units["county_a"].pk, "month": "2026-11"})
    page = r.content.decode()
    assert r.status_code == 200 and "好味饭店" in page and "+3" in page
    client.logout()
    client.login(username="bea", password=PASSWORD)
    r = client.get(reverse("meetings:problems"), {"area": world.units["county_a"].pk, "month": "2026-11"})
    assert "好味饭店" not in r.content.decode()


def test_every_analysis_count_opens_exactly_the_cases_it_counts(world, register_data, client):
    """By place, sector and category: each month's count links to the case list narrowed to those cases."""
    from ecopetition.cases.models import Sector

    Sector.objects.get_or_create(code="catering", defaults={"name": "餐饮服务"})
    register(world, at(2026, 11, 20), categories=["noise"], sector="catering", division_code="320904")
    client.login(username="ada", password=PASSWORD)
    r = client.get(reverse("meetings:problems"), {"area": world.units["county_a"].pk, "month": "2026-11"})
    page = r.content.decode()
    checked = set()
    for dim, lines in r.context["report"]["dims"].items():
        for ln in lines:
            if not ln.key:  # cases without a sector: nothing to filter on, no link
                assert not ln.cases
                continue
            assert ln.cases.replace("&", "&amp;") in page
            listed = client.get(ln.cases)
            assert listed.status_code == 200 and not listed.context["filters"].errors
            assert listed.context["page"].paginator.count == ln.n, (dim, ln.key)
            checked.add(dim)
    assert checked == {"division", "sector", "category"}
    # County B's supervisor follows the same link and sees nothing of county A's.
    air = next(ln for ln in r.context["report"]["dims"]["category"] if ln.key == "air")
    client.logout()
    client.login(username="bea", password=PASSWORD)
    assert client.get(air.cases).context["page"].paginator.count == 0


def test_problem_texts_and_the_answer_notice_are_masked_as_written(world, register_data):
    """A problem goes to every role of the department: a complainant named in it is masked (R4-4)."""
    from ecopetition.notify.models import Notification

    u = world.users
    case = register(world, at(2026, 11, 20), categories=["air"])
    with clock.frozen(at(2026, 12, 2)):
        p = actions.do_create_problem(
            actor=u["ada"], area=world.units["county_a"], month=dt.date(2026, 11, 1), title="餐饮油烟",
            analysis=f"{case.number}信访人{NAME}（13900001111）多次反映", requirements=f"请联系{NAME}",
            due_on=dt.date(2026, 12, 20), department=world.units["county_a_eco"])
        actions.do_answer_problem(p, actor=u["oscar"], response=f"已约谈，{case.number}信访人{NAME}（139 0000 1111）表示满意")
        actions.do_close_problem(p, actor=u["ada"], accept=False, note="身份证320902199001010020的材料请补充")
    p.refresh_from_db()
    stored = " ".join([p.analysis, p.response, p.close_note])
    for needle in (NAME, "13900001111", "139 0000 1111", "320902199001010020"):
        assert needle not in stored
    assert case.number in p.analysis and "多次反映" in p.analysis  # the rest stays readable
    assert "请联系" in p.requirements and NAME not in p.requirements  # the case is named in the analysis
    note = Notification.objects.get(user=u["ada"], subject__contains=p.number)
    assert NAME not in note.text and "139 0000 1111" not in note.text


def test_a_problem_naming_no_case_is_masked_against_the_areas_cases_when_shown(world, register_data, client):
    """R5-5: the analysis names the complainant but no case number; the answer too. Every reader (the
    department's officer, the organiser) sees the name masked, on the page, in the list and in the notice."""
    from ecopetition.notify.models import Notification

    u = world.users
    register(world, at(2026, 11, 20), categories=["air"],
             complainants=[core.ComplainantInput(name="慕容秋水", phone="13566667777")])
    with clock.frozen(at(2026, 12, 2)):
        p = actions.do_create_problem(
            actor=u["ada"], area=world.units["county_a"], month=dt.date(2026, 11, 1), title="慕容秋水反映的油烟问题",
            analysis="春晖花园慕容秋水多次反映饭店油烟", requirements="请当面向慕容秋水反馈",
            due_on=dt.date(2026, 12, 20), department=world.units["county_a_eco"])
        actions.do_answer_problem(p, actor=u["oscar"], response="已向慕容秋水当面反馈，秋水表示满意")
    for who in ("oscar", "ada"):
        client.logout()
        client.login(username=who, password=PASSWORD)
        page = client.get(reverse("meetings:problem", args=[p.pk])).content.decode()
        assert "多次反映饭店油烟" in page and "表示满意" in page
        assert "慕容秋水" not in page and "秋水" not in page, who
        listing = client.get(reverse("meetings:problems")).content.decode()
        assert p.number in listing and "慕容秋水" not in listing
    for note in Notification.objects.filter(subject__contains=p.number):
        assert "慕容秋水" not in note.subject + note.text and "秋水" not in note.text


def test_a_problem_naming_an_old_case_s_complainant_is_masked_whatever_its_month(world, register_data, client):
    """R7-3: a 每月一题 about a long-running matter names the complainant of a case received long before its month
    (and of another unit of the area); the name and phone are masked for every reader."""
    u = world.users
    register(world, at(2025, 3, 9), categories=["air"], complainants=[core.ComplainantInput(name="吕超然", phone="13490374378")])
    register(world, at(2024, 6, 1), categories=["air"], complainants=[core.ComplainantInput(name="诸葛青云", phone="13612347788")])
    with clock.frozen(at(2026, 12, 2)):
        p = actions.do_create_problem(
            actor=u["ada"], area=world.units["county_a"], month=dt.date(2026, 12, 1), title="化工厂异味",
            analysis="去年以来吕超然、诸葛青云多次来电，吕超然电话13490374378，青云家就在厂界外。",
            requirements="请联系诸葛青云", due_on=dt.date(2026, 12, 20), department=world.units["county_a_eco"])
    for who in ("oscar", "ada"):
        client.logout()
        client.login(username=who, password=PASSWORD)
        page = client.get(reverse("meetings:problem", args=[p.pk])).content.decode()
        assert "多次来电" in page and "厂界外" in page
        for needle in ("吕超然", "超然", "13490374378", "诸葛青云", "青云"):
            assert needle not in page, (who, needle)


def test_a_problem_month_after_the_current_one_is_refused(world, register_data):
    with clock.frozen(at(2026, 12, 2)):
        with pytest.raises(ValidationError) as e:
            actions.do_create_problem(
                actor=world.users["ada"], area=world.units["county_a"], month=dt.date(2027, 1, 1), title="化工厂异味",
                analysis="多次来电", requirements="请处理", due_on=dt.date(2026, 12, 20),
                department=world.units["county_a_eco"])
    assert e.value.field == "month"
