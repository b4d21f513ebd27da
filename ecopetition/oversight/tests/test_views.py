"""Every oversight page answers the roles it is for, and only them; the register-form hint."""

import pytest
from django.urls import reverse

from ecopetition.cases.models import Complaint
from ecopetition.oversight import inspection, recheck

from .helpers import register, walk_to_closed


@pytest.fixture
def data(world):
    case = walk_to_closed(world)
    task = recheck.do_open_recheck(case, actor=world.users["ada"], reason="复核")
    inspection.do_mark_accountability(case, actor=world.users["ian"], reason="需问责")
    return case, task


PAGES = [
    ("ian", "oversight:index", [], 200),
    ("ian", "oversight:missed", [], 200),
    ("ian", "oversight:marked", [], 200),
    ("ian", "oversight:refused", [], 200),
    ("ian", "oversight:case", ["case"], 200),
    ("ian", "oversight:export_json", ["case"], 200),
    ("ian", "oversight:export_html", ["case"], 200),
    ("lee", "oversight:case", ["case"], 200),
    ("ada", "oversight:rechecks", [], 200),
    ("ada", "oversight:recheck", ["task"], 200),
    ("sue", "oversight:emergencies", [], 200),
    ("otto", "oversight:case", ["case"], 403),
    ("bob", "oversight:recheck", ["task"], 404),
    ("bea", "oversight:index", [], 403),
]


def test_pages(world, data, client):
    case, task = data
    for user, name, args, status in PAGES:
        real = [case.number if a == "case" else task.pk for a in args]
        client.force_login(world.users[user])
        assert client.get(reverse(name, args=real)).status_code == status, (user, name)


def test_pages_need_a_login(world, data, client):
    case, task = data
    for name, args in (("oversight:index", []), ("oversight:case", [case.number]), ("oversight:rechecks", []),
                       ("oversight:emergencies", [])):
        resp = client.get(reverse(name, args=args))
        assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]


def test_marked_and_index_filters(world, data, client):
    case, _task = data
    other = register(world, content="另一件")
    client.force_login(world.users["ian"])
    page = client.get(reverse("oversight:index") + "?marked=1").content.decode()
    assert case.number in page and other.number not in page
    page = client.get(reverse("oversight:marked")).content.decode()
    assert case.number in page and "需问责" in page
    assert Complaint.objects.count() == 2


def test_register_form_hint(world, client):
    client.force_login(world.users["cara"])
    page = client.get(reverse("oversight:suggest"), {"content": "小区自来水有异味"}).content.decode()
    assert 'id="emergency-suggestion"' in page and "自来水有异味" in page
    page = client.get(reverse("oversight:suggest"), {"content": "烧烤油烟"}).content.decode()
    assert "emergency-suggestion" not in page


def test_declare_from_the_case_page(world, client, django_capture_on_commit_callbacks):
    case = register(world, content="工厂起火冒浓烟")
    client.force_login(world.users["cara"])
    page = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert reverse("oversight:declare", args=[case.number]) in page
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(reverse("oversight:declare", args=[case.number]), {"reason": "回电确认"})
    assert resp.status_code == 302
    case.refresh_from_db()
    assert case.is_emergency
    # The inspector sees the case but gets no declare form.
    client.force_login(world.users["ian"])
    other = register(world, content="河里死鱼")
    page = client.get(reverse("cases:detail", args=[other.number])).content.decode()
    assert reverse("oversight:declare", args=[other.number]) not in page
