import pytest

from ecopetition.cases import actions as A

from .helpers import reviewed


def inbox(user):
    from ecopetition.notify.models import Notification

    return list(Notification.objects.filter(user=user))


@pytest.mark.django_db
def test_unsatisfied_callback_and_review_request_reach_supervisors(world, django_capture_on_commit_callbacks):
    case = reviewed(world)
    A.do_reply(case, actor=world.users["cara"], text="答复", method="sms")
    with django_capture_on_commit_callbacks(execute=True):
        A.do_callback(case, actor=world.users["cole"], result="satisfied", respondent="resident")
    assert inbox(world.users["sue"]) == []  # a satisfied answer needs nobody
    with django_capture_on_commit_callbacks(execute=True):
        A.do_callback(case, actor=world.users["cole"], result="unsatisfied", note="仍有异味")
    [msg] = inbox(world.users["sue"])
    assert case.number in msg.text
    assert inbox(world.users["ada"]) == []  # county supervisor: not above the city's register
    with django_capture_on_commit_callbacks(execute=True):
        A.do_reopen(case, actor=world.users["sue"], reason="群众不满意，重新核查")
    assert any("重新核查" in m.text for m in inbox(world.users["otto"]))
    assert inbox(world.users["bob"]) == []
