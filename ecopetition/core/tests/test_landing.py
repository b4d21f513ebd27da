"""Each role lands where its work is; every error page speaks the user's language and offers a way on."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("user", "where"), [
    ("cara", "cases:queue"), ("otto", "cases:queue"), ("sue", "cases:queue"), ("cole", "cases:queue"),
    ("lee", "analytics:dashboard"), ("ian", "oversight:index"),
])
def test_landing_by_role(client, world, user, where):
    client.force_login(world.users[user])
    r = client.get(reverse("landing"))
    assert r.status_code == 302 and r["Location"] == reverse(where)


def test_login_lands_by_role(client, world, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    lee = world.users["lee"]
    lee.set_password("test-lee-2026")
    lee.save()
    r = client.post(reverse("login"), {"username": "lee", "password": "test-lee-2026"}, follow=True)
    assert r.redirect_chain[-1][0] == reverse("analytics:dashboard")


def test_404_is_in_chinese_with_the_header_and_a_way_on(client, world):
    client.force_login(world.users["cara"])
    r = client.get("/staff/cases/NO-SUCH-CASE/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = r.content.decode()
    assert r.status_code == 404
    assert "Not Found" not in html and 'class="topbar"' in html and reverse("landing") in html
    anon = client.__class__().get("/no/such/page/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert anon.status_code == 404 and "Not Found" not in anon.content.decode()


def test_404_for_machines_is_json(client):
    r = client.get("/open311/v3/requests.json")  # no such version: no view answers it
    assert r.status_code == 404 and r["Content-Type"].startswith("application/json")
    assert r.json()["code"] == "not_found"


def test_an_empty_queue_says_so_and_offers_the_next_step(client, world):
    client.force_login(world.users["cole"])
    html = client.get(reverse("cases:queue")).content.decode()
    assert 'id="queue-empty"' in html and reverse("cases:list") in html
