"""Login throttling (django-axes): failures counted per user name and per client address, a clear
Chinese refusal while locked, the same answer for real and made-up user names, and the lock lifts.
Wrong old passwords on the password change pages (console and admin) count under the same throttle."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from ecopetition.testing import PASSWORD

LOCKED_ZH = "登录失败次数过多"


@pytest.fixture
def throttle(settings, world):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return world


def attempt(username: str, password: str, ip: str):
    client = Client(REMOTE_ADDR=ip)
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return client, response


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def page_text(response) -> str:
    """The page without what differs between two renders (the CSRF token)."""
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", response.content.decode())


def test_failures_per_user_name_lock_that_name_from_any_address(throttle):
    for i in range(2):
        _client, r = attempt("amy", "wrong", f"10.0.0.{i + 1}")
        assert r.status_code == 200  # the ordinary "did not match" answer
    assert attempt("amy", "wrong", "10.0.0.3")[1].status_code == 429  # the third failure locks
    client, r = attempt("amy", PASSWORD, "10.0.9.9")  # the right password, a fresh address
    assert r.status_code == 429 and not logged_in(client)
    body = r.content.decode()
    assert LOCKED_ZH in body and "15" in body
    assert "Traceback" not in body and "amy" not in body
    assert int(r["Retry-After"]) == 15 * 60
    # Another person from the same addresses is not affected.
    client, r = attempt("bea", PASSWORD, "10.0.0.1")
    assert r.status_code == 302 and logged_in(client)


def test_failures_per_address_lock_that_address_for_every_name(throttle):
    for name in ("x1", "x2", "x3"):
        attempt(name, "wrong", "192.0.2.7")
    client, r = attempt("bea", PASSWORD, "192.0.2.7")
    assert r.status_code == 429 and not logged_in(client)
    client, r = attempt("bea", PASSWORD, "192.0.2.8")
    assert r.status_code == 302 and logged_in(client)


def test_locked_answer_does_not_tell_whether_the_user_exists(throttle):
    for i in range(4):
        _c, real = attempt("amy", "wrong", f"10.1.0.{i}")
        _c, made_up = attempt("no-such-person", "wrong", f"10.2.0.{i}")
    assert real.status_code == made_up.status_code == 429
    assert page_text(real) == page_text(made_up)
    # Before the lock, too: one answer for a wrong password and an unknown name.
    _c, a = attempt("bea", "wrong", "10.3.0.1")
    _c, b = attempt("nobody-here", "wrong", "10.3.0.2")
    assert a.status_code == b.status_code == 200
    assert page_text(a).replace('value="bea"', "") == page_text(b).replace('value="nobody-here"', "")


def test_the_lock_lifts_after_the_cool_off_and_success_resets_the_count(throttle, settings):
    from axes.models import AccessAttempt

    for i in range(3):
        attempt("amy", "wrong", f"10.4.0.{i}")
    assert attempt("amy", PASSWORD, "10.4.1.1")[1].status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(minutes=1))
    client, r = attempt("amy", PASSWORD, "10.4.1.1")
    assert r.status_code == 302 and logged_in(client)
    # The count started again from zero: two more failures do not lock.
    for i in range(2):
        attempt("amy", "wrong", f"10.5.0.{i}")
    assert attempt("amy", PASSWORD, "10.5.1.1")[1].status_code == 302


def test_the_admin_log_in_is_throttled_too(throttle):
    for i in range(3):
        Client(REMOTE_ADDR=f"10.6.0.{i}").post("/admin/login/", {"username": "cara", "password": "wrong"})
    r = Client(REMOTE_ADDR="10.6.1.1").post("/admin/login/", {"username": "cara", "password": PASSWORD})
    assert r.status_code == 429 and LOCKED_ZH in r.content.decode()


# --- changing one's password: wrong old passwords are failed log-ins, under the same throttle ---------

CHANGE_LOCKED_ZH = "密码错误次数过多"
NEW_PASSWORD = "a-New-test-passphrase-2026"


def logged_in_client(username: str, ip: str, path: str = "/accounts/login/") -> Client:
    client = Client(REMOTE_ADDR=ip)
    r = client.post(path, {"username": username, "password": PASSWORD})
    assert r.status_code == 302 and logged_in(client)
    return client


def change(client: Client, old: str, path: str = "/accounts/password_change/"):
    return client.post(path, {"old_password": old, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})


def test_wrong_old_passwords_lock_the_password_change_and_the_log_in(throttle, settings):
    from axes.models import AccessAttempt
    from django.contrib.auth import get_user_model

    client = logged_in_client("amy", "10.8.0.1")
    for _i in range(2):
        r = change(client, "guess-one-two")
        assert r.status_code == 200 and CHANGE_LOCKED_ZH not in r.content.decode()  # "old password incorrect"
    r = change(client, "guess-one-two")  # the third wrong one locks
    assert r.status_code == 429 and int(r["Retry-After"]) == 15 * 60
    body = r.content.decode()
    assert CHANGE_LOCKED_ZH in body and "15" in body and "Traceback" not in body
    # While locked the right old password is refused too, and the password stays as it was.
    r = change(client, PASSWORD)
    assert r.status_code == 429 and CHANGE_LOCKED_ZH in r.content.decode()
    amy = get_user_model().objects.get(username="amy")
    assert amy.check_password(PASSWORD) and not amy.check_password(NEW_PASSWORD)
    # It is one throttle: the user name is locked for logging in as well, from any address.
    assert attempt("amy", PASSWORD, "10.8.9.9")[1].status_code == 429
    # What django-axes keeps of the attempts never holds a password.
    kept = " ".join(a.post_data + a.get_data for a in AccessAttempt.objects.all())
    assert "guess-one-two" not in kept and NEW_PASSWORD not in kept and PASSWORD not in kept
    # After the cool-off the right old password changes it.
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(minutes=1))
    r = change(client, PASSWORD)
    assert r.status_code == 302 and r["Location"] == "/accounts/password_change/done/"
    amy.refresh_from_db()
    assert amy.check_password(NEW_PASSWORD)


def test_a_wrong_old_password_below_the_limit_is_the_ordinary_error(throttle):
    client = logged_in_client("bea", "10.9.0.1")
    r = change(client, "not-it")
    assert r.status_code == 200 and CHANGE_LOCKED_ZH not in r.content.decode()
    assert change(client, PASSWORD).status_code == 302


def test_the_admin_password_change_is_throttled_too(throttle):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("root", password=PASSWORD)
    client = logged_in_client("root", "10.10.0.1", path="/admin/login/")
    assert client.get("/admin/password_change/").status_code == 200
    for _i in range(2):
        assert change(client, "wrong", path="/admin/password_change/").status_code == 200
    r = change(client, "wrong", path="/admin/password_change/")
    assert r.status_code == 429 and CHANGE_LOCKED_ZH in r.content.decode()
    r = change(client, PASSWORD, path="/admin/password_change/")
    assert r.status_code == 429
    assert get_user_model().objects.get(username="root").check_password(PASSWORD)
