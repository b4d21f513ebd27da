"""A database that is down or restarting is answered 'busy, retry' (503 + Retry-After), never as a crash."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from ecopetition.org import queries as org


@pytest.mark.parametrize("error", [OperationalError("server closed the connection unexpectedly"),
                                   InterfaceError("connection already closed")])
def test_an_api_write_while_the_database_is_gone_gets_503_json(world, monkeypatch, error):
    def gone(request):
        raise error

    # The first database call of an API write happens in a middleware (the inspector guard),
    # before any view: the 500 handler must still tell the sender to retry.
    monkeypatch.setattr(org, "bearer_token", gone)
    client = Client(raise_request_exception=False)
    r = client.post("/api/v1/complaints", data="{}", content_type="application/json",
                    HTTP_AUTHORIZATION="Bearer ep_whatever")
    assert r.status_code == 503
    assert r["Retry-After"] == "2"
    assert r.json()["code"] == "busy"


def test_a_console_page_while_the_database_is_gone_gets_a_503_page(world, monkeypatch):
    from ecopetition.cases import views

    client = Client(raise_request_exception=False)
    client.force_login(world.users["cara"])

    def gone(*args, **kwargs):
        raise OperationalError("the database system is starting up")

    monkeypatch.setattr(views, "render", gone)
    r = client.get("/staff/")
    assert r.status_code == 503 and r["Retry-After"] == "2"
    assert "Nothing was saved" in r.content.decode() or "未保存" in r.content.decode()


def test_any_other_error_is_a_plain_500_without_details(world, monkeypatch):
    from ecopetition.cases import views

    client = Client(raise_request_exception=False)
    client.force_login(world.users["cara"])

    def broken(*args, **kwargs):
        raise ZeroDivisionError("secret internals")

    monkeypatch.setattr(views, "render", broken)
    r = client.get("/staff/")
    assert r.status_code == 500
    assert "secret internals" not in r.content.decode() and "Traceback" not in r.content.decode()
