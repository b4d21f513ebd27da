"""The items the seventeenth outside review left open: R17-10 a name found in a case meeting's minutes or decisions
joins the case's masks; report phrasings (接王建国来电, 化工厂与王建国之间的纠纷…); self-naming forms (王建国书记家,
鄙姓王，贱名建国…); R17-6 the recorded given name after 让/给/替/帮/等/对/向; R17-9 names in an anonymous case's place
field; the house number written apart from its road. Each with what must stay readable beside it."""

import datetime as dt

import pytest

from ecopetition.cases import privacy
from ecopetition.cases.models import Complaint
from ecopetition.testfixtures import fresh_deadline_caches  # noqa: F401, F811

from .helpers import found, register


def _anonymous(world, content, **kw):
    return register(world, content=content, title=kw.pop("title", "化工厂排臭气"), is_anonymous=True,
                    complainants=[], **kw)


# --- R17-10: a name found in the minutes or a decision joins the case's masks ----------------------------------------

MISSED = "化工厂排臭气，熏到了郑大宝的菜地，今年七十了。"  # a form the detector does not read as a name


@pytest.mark.django_db
def test_r17_10_a_name_found_in_the_minutes_masks_the_case(world, no_triage, fresh_deadline_caches):  # noqa: F811
    from ecopetition.core import clock
    from ecopetition.meetings import actions as meetings
    from ecopetition.meetings import queries

    case = _anonymous(world, MISSED, title="")
    assert "郑大宝" in privacy.mask_for(world.users["dan"], case, case.content)  # missed by the detector alone
    m = meetings.do_create_meeting(actor=world.users["lee"], unit=world.units["city"], held_on=clock.localdate(),
                                   chair=world.users["lee"], attending=[world.units["county_a_eco"]])
    item = m.items.filter(complaint=case).first() or meetings.do_add_item(m, actor=world.users["lee"], case=case)
    meetings.do_record_minutes(item, actor=world.users["lee"], minutes="举报人：郑大宝，会上决定先装净化器。")
    case = Complaint.objects.get(pk=case.pk)
    for who in ("dan", "lee", "ian"):
        shown = privacy.mask_for(world.users[who], case, case.content)
        assert "郑大宝" not in shown and "大宝" not in shown, (who, shown)
        assert "化工厂排臭气" in shown and "今年七十了" in shown
        row = next(r for r in queries.agenda_rows(m, world.users[who]) if r["case"] == case)
        assert "大宝" not in row["title"] and "大宝" not in row["minutes"], row
        assert "会上决定先装净化器" in row["minutes"]
    for who in ("dan", "ian"):  # the search columns are redone
        assert case.number not in found(world, who, "郑大宝"), who
        assert case.number in found(world, who, "今年七十了"), who
    # minutes rewritten later (shown masked) keep the name found before
    meetings.do_record_minutes(item, actor=world.users["lee"], minutes="会上决定先装净化器。")
    case = Complaint.objects.get(pk=case.pk)
    assert "郑大宝" not in privacy.mask_for(world.users["dan"], case, case.content)


@pytest.mark.django_db
def test_r17_10_a_name_found_in_a_decision_masks_the_case(world, no_triage, fresh_deadline_caches):  # noqa: F811
    from ecopetition.core import clock
    from ecopetition.meetings import actions as meetings
    from ecopetition.meetings.models import DecisionKind

    case = _anonymous(world, MISSED, title="")
    m = meetings.do_create_meeting(actor=world.users["lee"], unit=world.units["city"], held_on=clock.localdate(),
                                   chair=world.users["lee"], attending=[world.units["county_a_eco"]])
    item = m.items.filter(complaint=case).first() or meetings.do_add_item(m, actor=world.users["lee"], case=case)
    d = meetings.do_decide(item, actor=world.users["lee"], kind=DecisionKind.INSTRUCTION,
                           due_at=clock.now() + dt.timedelta(days=5), text="请联系举报人：郑大宝，先装净化器。")
    assert "大宝" not in d.text and "先装净化器" in d.text
    case = Complaint.objects.get(pk=case.pk)
    shown = privacy.mask_for(world.users["dan"], case, case.content)
    assert "郑大宝" not in shown and "今年七十了" in shown, shown


@pytest.mark.django_db
def test_r17_10_minutes_that_name_no_one_change_nothing(world, no_triage, fresh_deadline_caches):  # noqa: F811
    from ecopetition.core import clock
    from ecopetition.meetings import actions as meetings

    case = _anonymous(world, "化工厂排臭气，新华村受影响。", title="")
    m = meetings.do_create_meeting(actor=world.users["lee"], unit=world.units["city"], held_on=clock.localdate(),
                                   chair=world.users["lee"], attending=[world.units["county_a_eco"]])
    item = m.items.filter(complaint=case).first() or meetings.do_add_item(m, actor=world.users["lee"], case=case)
    item = meetings.do_record_minutes(item, actor=world.users["lee"], minutes="化工厂负责人到会，会上决定先装净化器。")
    assert item.found_names == ""
    case = Complaint.objects.get(pk=case.pk)
    assert privacy.mask_for(world.users["dan"], case, case.content) == "化工厂排臭气，新华村受影响。"
