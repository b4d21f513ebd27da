"""阶段办结: a case whose rectification stays open is stage-closed, followed up on its own clock, and closed
once the items are struck off."""

import datetime as dt

import pytest

from ecopetition.cases import actions as A
from ecopetition.cases import dispatch, queries, transitions
from ecopetition.cases.models import Event, State
from ecopetition.core import clock
from ecopetition.core.exceptions import TransitionNotAllowed, ValidationError
from ecopetition.deadlines.models import CaseClock, DeadlinePolicy
from ecopetition.fieldwork import actions as F
from ecopetition.fieldwork.models import Rectification

from .helpers import called_back, in_progress


def _with_open_rectifications(world, result="satisfied"):
    case = in_progress(world)
    items = [F.RectifyItem("拆除露天喷涂作业点", clock.localdate() + dt.timedelta(days=10)),
             F.RectifyItem("安装废气收集处理设施", clock.localdate() + dt.timedelta(days=120))]
    F.do_report_findings(case, actor=world.users["otto"], finding="founded", result="x",
                         measures=[F.MeasureInput(kind="rectify", items=items)])
    A.do_review(case, actor=world.users["sue"], passed=True)
    A.do_reply(case, actor=world.users["cara"], text="答复", method="sms")
    return A.do_callback(case, actor=world.users["cole"], result=result)


def _actions(case, user):
    case.refresh_from_db()
    return [t.action for t in transitions.allowed_actions(case, user)]


@pytest.mark.django_db
class TestStageClosing:
    def test_the_clerk_stage_closes_and_the_last_item_struck_off_lets_the_case_close(self, world):
        case = _with_open_rectifications(world)
        cara = world.users["cara"]
        # Plain closing is refused while an item is open; stage closing is offered instead.
        assert "close" not in _actions(case, cara) and "stage_close" in _actions(case, cara)
        with pytest.raises(TransitionNotAllowed) as err:
            A.do_close(case, actor=cara)
        assert err.value.code == "rectification_open"

        done = F.do_stage_close(case, actor=cara, reason="调查处理已答复，整改继续跟踪")
        assert done.state == State.STAGE_CLOSED
        event = Event.objects.filter(complaint=case, action="stage_close").get()
        assert [i["description"] for i in event.data["rectifications"]] == ["拆除露天喷涂作业点", "安装废气收集处理设施"]
        # Its own follow-up clock runs from the stage closing, with its wording.
        follow = CaseClock.objects.get(complaint=case, key="stage_followup")
        assert follow.stopped_at is None and follow.started_at == event.at
        assert follow.due_at - follow.started_at >= dt.timedelta(days=89)
        assert "阶段办结" in follow.policy.meaning or "Stage-close" in follow.policy.meaning
        # The handling clocks do not run on past the stage closing.
        assert not CaseClock.objects.filter(complaint=case, stopped_at__isnull=True).exclude(key="stage_followup")

        # Not closable while one item is open; not in the clerk's close queue either.
        assert "close" not in _actions(case, cara)
        assert case not in queries.work_queue(cara)["close"]
        rects = list(Rectification.objects.filter(complaint=case))
        F.do_verify_rectification(rects[0], actor=world.users["sue"], passed=True, note="已拆除")
        assert "close" not in _actions(case, cara)
        F.do_verify_rectification(rects[1], actor=world.users["sue"], passed=True, note="已安装")
        assert "close" in _actions(case, cara)
        assert case in queries.work_queue(cara)["close"]
        closed = dispatch.run(case, "close", cara, {"reason": "整改完成"})
        assert closed.state == State.CLOSED
        follow.refresh_from_db()
        assert follow.stopped_by == "close"

    def test_without_open_items_the_case_is_closed_not_stage_closed(self, world):
        case = called_back(world)
        assert "stage_close" not in _actions(case, world.users["cara"])
        with pytest.raises(TransitionNotAllowed) as err:
            F.do_stage_close(case, actor=world.users["cara"], reason="x")
        assert err.value.code == "no_open_rectification"

    def test_who_may_stage_close(self, world):
        case = _with_open_rectifications(world)
        for name in ("otto", "cole", "dan", "bea"):  # the officer, callback, dispatcher, a sibling county's clerk
            with pytest.raises(TransitionNotAllowed):
                F.do_stage_close(case, actor=world.users[name], reason="x")
        assert case in queries.work_queue(world.users["cara"])["stage_close"]
        with pytest.raises(ValidationError) as err:
            F.do_stage_close(case, actor=world.users["cara"], reason="  ")
        assert err.value.field == "reason"
        case.refresh_from_db()
        assert case.state == State.CALLED_BACK and not Event.objects.filter(action="stage_close").exists()

    def test_unsatisfied_complainant_needs_the_supervisor_with_reasons(self, world):
        case = _with_open_rectifications(world, result="unsatisfied")
        with pytest.raises(TransitionNotAllowed) as err:
            F.do_stage_close(case, actor=world.users["cara"], reason="跟踪整改")
        assert err.value.code == "not_your_role"
        assert F.do_stage_close(case, actor=world.users["sue"], reason="整改期长，阶段办结").state == State.STAGE_CLOSED

    def test_stage_closed_case_can_be_reopened_by_the_supervisor(self, world):
        case = _with_open_rectifications(world)
        F.do_stage_close(case, actor=world.users["cara"], reason="跟踪整改")
        assert A.do_reopen(case, actor=world.users["sue"], reason="整改不到位，重办").state == State.IN_PROGRESS
        assert CaseClock.objects.get(complaint=case, key="stage_followup").stopped_by == "reopen"

    def test_the_follow_up_policy_is_editable_and_checked(self, world):
        policy = DeadlinePolicy.objects.get(key="stage_followup")
        policy.stop_events = "sign_for"  # can never follow a stage closing
        with pytest.raises(Exception) as err:
            policy.full_clean()
        assert "stop_events" in err.value.message_dict
        policy.stop_events, policy.amount = "close", 180
        policy.full_clean()
        policy.save()
        case = _with_open_rectifications(world)
        F.do_stage_close(case, actor=world.users["cara"], reason="跟踪整改")
        follow = CaseClock.objects.get(complaint=case, key="stage_followup")
        assert follow.due_at - follow.started_at >= dt.timedelta(days=179)

    def test_case_page_shows_where_it_stands(self, world, client):
        case = _with_open_rectifications(world)
        F.do_stage_close(case, actor=world.users["cara"], reason="跟踪整改")
        F.do_verify_rectification(Rectification.objects.filter(complaint=case).first(), actor=world.users["sue"],
                                  passed=True, note="已拆除")
        client.force_login(world.users["cara"])
        page = client.get(f"/staff/cases/{case.number}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert 'id="panel-stage"' in page
        assert "整改事项已销号 1 / 2 项。" in page
        assert "安装废气收集处理设施" in page and "阶段办结后跟踪整改 90日" in page
