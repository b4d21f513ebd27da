"""Case meetings: the automatic agenda, decisions carried out by the supervision actions, the carry-over to
the next meeting, printing with masked titles, and who sees what (a sibling county sees nothing)."""

import datetime as dt

import pytest
from django.urls import reverse

from ecopetition.cases import actions as core
from ecopetition.core import clock
from ecopetition.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationError
from ecopetition.deadlines import actions as supervision
from ecopetition.deadlines import clocks
from ecopetition.deadlines.models import CaseClock, SupervisionOrder
from ecopetition.meetings import actions, printing, queries
from ecopetition.meetings.models import DecisionKind, Meeting
from ecopetition.testing import PASSWORD

pytestmark = pytest.mark.django_db

NAME = "张三丰"


def register(world, *, unit="city", clerk="cara", **kw):
    data = dict(channel="phone", content="化工厂夜间偷排废水。", title=f"{NAME}反映化工厂偷排",
                complainants=[core.ComplainantInput(name=NAME, phone="13812345678")],
                address="盐城市亭湖区五星街道", division_code="320902")
    data.update(kw)
    return core.do_register(core.NewComplaint(**data), unit=world.units[unit], actor=world.users[clerk])


@pytest.fixture
def cases(world):
    starred = register(world, is_starred=True)
    plain = register(world, unit="county_a", clerk="amy")
    late = register(world)
    now = clock.now()
    clocks.start_custom_clock(late, key="test", label="test", started_at=now - dt.timedelta(days=3),
                              due_at=now - dt.timedelta(hours=1))
    sibling = register(world, unit="county_b", clerk="bea", is_escalated=True, division_code="320903")
    return {"starred": starred, "plain": plain, "late": late, "sibling": sibling}


def meeting(world, **kw):
    args = dict(actor=world.users["lee"], unit=world.units["city"], held_on=clock.localdate(),
                chair=world.users["lee"], attending=[world.units["county_a_eco"]])
    args.update(kw)
    return actions.do_create_meeting(**args)


def test_agenda_is_built_from_the_cases_that_need_it(world, cases):
    m = meeting(world)
    on = {i.complaint_id: i.reasons for i in m.items.all()}
    assert on[cases["starred"].pk] == ["starred"]
    assert on[cases["late"].pk] == ["overdue"]
    assert cases["plain"].pk not in on
    assert cases["sibling"].pk in on  # the city's area includes county B's escalated case
    # A county A meeting leaves out county B's case: its area is county A only.
    county = meeting(world, actor=world.users["ada"], unit=world.units["county_a"], attending=[])
    assert cases["sibling"].pk not in set(county.items.values_list("complaint_id", flat=True))


def test_agenda_is_editable_and_refuses_other_areas(world, cases):
    m = meeting(world, actor=world.users["ada"], unit=world.units["county_a"], attending=[])
    with pytest.raises(ValidationError):
        actions.do_add_item(m, actor=world.users["ada"], case=cases["sibling"])
    item = actions.do_add_item(m, actor=world.users["lee"], case=cases["plain"])
    assert item.reasons == ["added"]
    with pytest.raises(ValidationError):
        actions.do_add_item(m, actor=world.users["lee"], case=cases["plain"])
    actions.do_remove_item(item, actor=world.users["ada"])
    assert not m.items.filter(complaint=cases["plain"]).exists()
    with pytest.raises(PermissionDenied):
        actions.do_add_item(m, actor=world.users["otto"], case=cases["plain"])


def test_only_leaders_and_supervisors_convene_and_the_chair_is_a_leader(world, cases):
    with pytest.raises(PermissionDenied):
        meeting(world, actor=world.users["otto"], unit=world.units["county_a"])
    with pytest.raises(ValidationError):
        meeting(world, chair=world.users["sue"])  # a supervisor is no leader


def test_a_decision_becomes_a_supervision_order_and_the_next_meeting_sees_it_done(world, cases):
    m = meeting(world)
    item = m.items.get(complaint=cases["starred"])
    actions.do_record_minutes(item, actor=world.users["sue"], minutes=f"{NAME}多次来电，需现场核查")
    due = clock.now() + dt.timedelta(days=5)
    d = actions.do_decide(item, actor=world.users["sue"], kind=DecisionKind.ORDER, text="五日内查清并上报",
                          unit=world.units["county_a_eco"], due_at=due)
    order = SupervisionOrder.objects.get(pk=d.order_id)
    assert order.complaint_id == cases["starred"].pk and m.number in order.requirements
    assert CaseClock.objects.filter(complaint=cases["starred"], key=order.clock_key, stopped_at__isnull=True).exists()
    assert cases["starred"].events.filter(action="meeting_decision", data__meeting=m.number).exists()
    with pytest.raises(TransitionNotAllowed):
        actions.do_complete_decision(d, actor=world.users["oscar"], note="done")

    later = meeting(world, held_on=clock.localdate() + dt.timedelta(days=7))
    prev, carried = queries.carried_over(later, world.users["lee"])
    assert prev == m and [r["done"] for r in carried] == [False]
    supervision.do_respond_supervision(order, actor=world.users["oscar"], response="已查清，责令停产整改")
    _prev, carried = queries.carried_over(later, world.users["lee"])
    assert [r["done"] for r in carried] == [True]


def test_an_instruction_has_its_own_clock_stopped_when_carried_out(world, cases):
    m = meeting(world)
    item = m.items.get(complaint=cases["late"])
    due = clock.now() + dt.timedelta(days=3)
    with pytest.raises(PermissionDenied):  # an instruction (批示) is a leader's
        actions.do_decide(item, actor=world.users["sue"], kind=DecisionKind.INSTRUCTION, text="x", due_at=due)
    with pytest.raises(ValidationError):
        actions.do_decide(item, actor=world.users["lee"], kind=DecisionKind.INSTRUCTION, text="x",
                          due_at=clock.now() - dt.timedelta(hours=1))
    d = actions.do_decide(item, actor=world.users["lee"], kind=DecisionKind.INSTRUCTION, text="三日内约谈企业",
                          due_at=due)
    clk = CaseClock.objects.get(complaint=cases["late"], key=d.clock_key)
    assert clk.due_at == due and clk.stopped_at is None
    with pytest.raises(PermissionDenied):
        actions.do_complete_decision(d, actor=world.users["bob"], note="x")
    actions.do_complete_decision(d, actor=world.users["sue"], note="已约谈")
    clk.refresh_from_db()
    assert clk.stopped_at is not None
    d.refresh_from_db()
    assert d.is_done


def test_owner_decision_names_the_leader(world, cases):
    m = meeting(world)
    item = m.items.get(complaint=cases["starred"])
    d = actions.do_decide(item, actor=world.users["lee"], kind=DecisionKind.OWNER, text="周局长包案",
                          leader=world.users["lee"])
    assert d.ownership.leader == world.users["lee"] and d.ownership.active


def test_closed_minutes_refuse_changes(world, cases):
    m = meeting(world)
    actions.do_close_meeting(m, actor=world.users["lee"])
    with pytest.raises(TransitionNotAllowed):
        actions.do_record_minutes(m.items.first(), actor=world.users["lee"], minutes="late")


def test_who_sees_a_meeting(world, cases):
    m = meeting(world)  # city meeting, county A's eco bureau attends
    seen = lambda who: set(queries.meetings_for(world.users[who]).values_list("pk", flat=True))  # noqa: E731
    assert m.pk in seen("lee") and m.pk in seen("oscar")
    assert m.pk in seen("otto")  # county A's officer: county A's eco bureau attends
    assert m.pk not in seen("bob") and m.pk not in seen("bea")
    county = meeting(world, actor=world.users["ada"], unit=world.units["county_a"], attending=[])
    assert county.pk in seen("otto") and county.pk not in seen("bea")


def test_pages_mask_titles_and_refuse_a_sibling(world, cases, client):
    m = meeting(world)
    item = m.items.get(complaint=cases["starred"])
    actions.do_record_minutes(item, actor=world.users["lee"], minutes=f"{NAME}本人到会")
    item.refresh_from_db()
    assert NAME not in item.minutes and "本人到会" in item.minutes  # masked as written: it travels to every unit
    client.login(username="lee", password=PASSWORD)
    page = client.get(reverse("meetings:detail", args=[m.pk])).content.decode()
    assert cases["starred"].number in page and NAME not in page and "反映化工厂偷排" in page
    text = printing.text(m, "minutes", world.users["lee"])
    assert cases["starred"].number in text and NAME not in text
    pdf = client.get(reverse("meetings:print", args=[m.pk, "agenda", "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("meetings:print", args=[m.pk, "minutes", "docx"]))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    client.logout()
    client.login(username="bob", password=PASSWORD)
    assert client.get(reverse("meetings:detail", args=[m.pk])).status_code == 404
    assert client.get(reverse("meetings:print", args=[m.pk, "agenda", "pdf"])).status_code == 404
    assert client.post(reverse("meetings:minutes", args=[item.pk]), {"minutes": "x"}).status_code == 404


def test_other_attendees_are_masked_like_the_minutes(world, cases, client):
    """A complainant attending (信访人列席) is written in "other attendees": it travels to every attending unit
    on the page and in the agenda and minutes, so it is masked as written (R4-6)."""
    m = meeting(world, others=f"市公安局、{NAME}列席（13812345678）")
    m.refresh_from_db()
    assert NAME not in m.others and "13812345678" not in m.others and "市公安局" in m.others
    client.login(username="lee", password=PASSWORD)
    page = client.get(reverse("meetings:detail", args=[m.pk])).content.decode()
    assert "市公安局" in page and NAME not in page and "13812345678" not in page
    for kind in ("agenda", "minutes"):
        text = printing.text(m, kind, world.users["lee"])
        assert "市公安局" in text and NAME not in text and "13812345678" not in text


def test_console_creates_a_meeting_and_a_decision(world, cases, client):
    client.login(username="sue", password=PASSWORD)
    r = client.post(reverse("meetings:create"), {
        "unit": world.units["city"].pk, "kind": "joint", "held_on": f"{clock.localdate():%Y-%m-%d}",
        "chair": world.users["lee"].pk, "attending": [world.units["county_a_eco"].pk]})
    m = Meeting.objects.get()
    assert r.status_code == 302 and m.kind == "joint" and m.items.count() == 3
    item = m.items.get(complaint=cases["starred"])
    due = (clock.localdate() + dt.timedelta(days=3)).isoformat() + "T18:00"
    client.post(reverse("meetings:decide", args=[item.pk]), {"kind": "order", "text": "限期查处",
                                                             "unit": world.units["county_a_eco"].pk, "due_at": due})
    assert SupervisionOrder.objects.filter(complaint=cases["starred"], unit=world.units["county_a_eco"]).exists()
    bad = client.post(reverse("meetings:create"), {"unit": world.units["city"].pk, "kind": "weekly",
                                                   "held_on": "not a date", "chair": world.users["lee"].pk},
                      follow=True)
    assert Meeting.objects.count() == 1 and "请填写日期" in bad.content.decode()  # the page speaks Chinese


def test_an_attendee_reads_only_the_agenda_lines_of_cases_they_may_open(world, cases, client):
    """A meeting goes to every role of each attending unit; its agenda also holds cases of other units those
    people cannot open (a sibling county's, the city's own). Those lines say only that there is such a case:
    no number, title, reasons, minutes or decision, on the page, in the printouts and in the carry-over."""
    from django.utils import timezone

    from ecopetition.cases.models import Assignment

    Assignment.objects.create(complaint=cases["late"], unit=world.units["county_a_eco"], is_lead=True,
                              assigned_at=timezone.now())
    m = meeting(world)
    hidden = [cases["starred"], cases["sibling"]]
    for case in [*hidden, cases["late"]]:
        item = m.items.get(complaint=case)
        actions.do_record_minutes(item, actor=world.users["lee"], minutes=f"会商纪要{case.number[-4:]}号件")
        actions.do_decide(item, actor=world.users["lee"], kind=DecisionKind.INSTRUCTION,
                          text=f"限期办结{case.number[-4:]}号件", unit=world.units["county_a_eco"],
                          due_at=clock.now() + dt.timedelta(days=3))
    later = meeting(world, held_on=clock.localdate() + dt.timedelta(days=7))
    client.login(username="oscar", password=PASSWORD)
    for mt in (m, later):
        page = client.get(reverse("meetings:detail", args=[mt.pk])).content.decode()  # in Chinese, the default
        assert "（无权查看的信访件）" in page
        texts = [page] + [printing.text(mt, kind, world.users["oscar"]) for kind in ("agenda", "minutes")]
        for shown in texts:
            assert cases["late"].number in shown
            assert any(mark in shown for mark in HIDDEN_MARKS)
            for case in hidden:
                assert case.number not in shown and f"{case.number[-4:]}号件" not in shown
    assert f"限期办结{cases['late'].number[-4:]}号件" in printing.text(m, "minutes", world.users["oscar"])
    # The convener, who may open them all, reads every line.
    text = printing.text(m, "minutes", world.users["lee"])
    assert all(c.number in text for c in hidden) and not any(mark in text for mark in HIDDEN_MARKS)


HIDDEN_MARKS = ("（无权查看的信访件）", "(a case you may not open)")  # the page's request leaves Chinese active


def test_other_attendees_and_minutes_are_masked_against_the_agenda_as_it_is_now(world, cases, client):
    """R5-5: "慕容秋水列席" stored before her case was put on the agenda, and a minute of one item naming
    another item's complainant: masked when shown, against the cases on the agenda now."""
    other = register(world, unit="county_a", clerk="amy",
                     complainants=[core.ComplainantInput(name="慕容秋水", phone="13566667777")])
    m = meeting(world, others="市公安局、慕容秋水列席")
    assert other.pk not in set(m.items.values_list("complaint_id", flat=True))
    actions.do_add_item(m, actor=world.users["lee"], case=other)
    item = m.items.get(complaint=cases["starred"])
    actions.do_record_minutes(item, actor=world.users["lee"], minutes="秋水女士也到会，慕容秋水表示同意")
    client.login(username="lee", password=PASSWORD)
    page = client.get(reverse("meetings:detail", args=[m.pk])).content.decode()
    assert "市公安局" in page and "表示同意" in page
    assert "慕容秋水" not in page and "秋水" not in page
    for kind in ("agenda", "minutes"):
        text = printing.text(m, kind, world.users["lee"])
        assert "市公安局" in text and "慕容秋水" not in text and "秋水" not in text
