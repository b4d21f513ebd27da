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


@pytest.mark.parametrize("error, status", [
    (OperationalError("the database system is starting up"), 503),
    (ZeroDivisionError("secret internals"), 500),
])
def test_a_console_page_says_busy_when_the_database_is_gone_and_hides_any_other_error(world, monkeypatch,
                                                                                        error, status):
    from ecopetition.cases import views

    client = Client(raise_request_exception=False)
    client.force_login(world.users["cara"])

    def fails(*args, **kwargs):
        raise error

    monkeypatch.setattr(views, "render", fails)
    r = client.get("/staff/")
    body = r.content.decode()
    assert r.status_code == status
    assert "secret internals" not in body and "Traceback" not in body
    if status == 503:
        assert r["Retry-After"] == "2"
