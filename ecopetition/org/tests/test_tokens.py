"""Tokens for other systems: scopes, `ecopetition token issue|revoke|list`, and issuing and revoking in
the admin (the key shown once, only its hash kept)."""

from __future__ import annotations

import io

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from ecopetition.org.models import ApiToken, TokenScope

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def api_status(client, key: str) -> int:
    return client.get("/api/v1/complaints", HTTP_AUTHORIZATION=f"Bearer {key}").status_code


def open311_status(client, key: str) -> int:
    return client.get("/open311/v2/requests.json", {"api_key": key}).status_code


def test_issue_prints_the_key_once_and_keeps_only_its_hash(client, world):
    out, err = run("issue", "cara", "--name", "city system")
    key = out.strip()
    assert key.startswith("ep_") and "\n" not in key
    row = ApiToken.objects.get()
    assert (row.user.username, row.name, row.scope, row.prefix) == ("cara", "city system", "api", key[:8])
    assert row.key_hash == ApiToken.hash_key(key) and key not in row.key_hash
    assert key not in err and row.prefix in err and "once" in err
    assert api_status(client, key) == 200 and open311_status(client, key) == 403


def test_an_open311_key_opens_only_open311(client, world):
    key = run("issue", "cara", "--scope", "open311")[0].strip()
    row = ApiToken.objects.get()
    assert row.scope == TokenScope.OPEN311 and row.name == "cara (open311)"
    assert open311_status(client, key) == 200 and api_status(client, key) == 401
    # a user without the intake role gets the key, and a note that it cannot create
    _out, err = run("issue", "lee", "--scope", "open311")
    assert "no intake" in err


def test_issue_refuses_unknown_and_inactive_users(world):
    with pytest.raises(CommandError, match="no user"):
        run("issue", "nobody")
    world.users["cara"].is_active = False
    world.users["cara"].save()
    with pytest.raises(CommandError, match="inactive"):
        run("issue", "cara")
    with pytest.raises(CommandError):
        run("issue", "amy", "--scope", "everything")
    assert not ApiToken.objects.exists()


def test_revoke_by_prefix_or_whole_key(client, world):
    key = run("issue", "cara")[0].strip()
    out, _err = run("revoke", key[:8])
    assert "revoked" in out and key[:8] in out
    assert api_status(client, key) == 401 and not ApiToken.objects.get().active
    assert "already revoked" in run("revoke", key[:8])[0]
    other = run("issue", "amy", "--scope", "open311")[0].strip()
    out, _err = run("revoke", other)  # the whole key works too, and is not echoed
    assert other not in out and open311_status(client, other) == 403
    with pytest.raises(CommandError, match="no token"):
        run("revoke", "ep_zzzzz")
    with pytest.raises(CommandError):
        run("revoke", "ep")  # too short to name one


def test_revoke_refuses_a_prefix_shared_by_two_active_tokens(world):
    for user in ("cara", "amy"):
        token = ApiToken(user=world.users[user], name=user)
        token.set_key("ep_SAMEPREFIX" + user)
        token.save()
    with pytest.raises(CommandError, match="several"):
        run("revoke", "ep_SAMEP")
    assert ApiToken.objects.filter(active=True).count() == 2


def test_list_shows_scope_and_no_key(world):
    key = run("issue", "cara", "--scope", "open311", "--name", "city 12345")[0].strip()
    out = run("list")[0]
    assert key[:8] in out and "open311" in out and "city 12345" in out and key not in out
    run("revoke", key[:8])
    assert key[:8] not in run("list")[0]
    assert "revoked" in run("list", "--all")[0]


def test_without_a_subcommand_it_says_how():
    with pytest.raises(CommandError, match="Usage"):
        run()


# --- the admin -----------------------------------------------------------------------------------------

@pytest.fixture
def root(client):
    user = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(user)
    return user


def test_the_admin_issues_a_token_and_shows_its_key_once(client, world, root):
    r = client.post("/admin/org/apitoken/add/", {"user": world.users["cara"].pk, "name": "city 12345",
                                                 "scope": "open311"})
    assert r.status_code == 200
    page = r.content.decode()
    row = ApiToken.objects.get()
    key = page.split('<code id="token-key">')[1].split("<")[0]
    assert key.startswith(row.prefix) and row.key_hash == ApiToken.hash_key(key)
    assert row.scope == "open311" and row.name == "city 12345"
    assert "no-store" in r.get("Cache-Control", "")
    assert open311_status(client, key) == 200
    # never again: not on the list, not on the token's page, not in the admin's history
    for url in ("/admin/org/apitoken/", f"/admin/org/apitoken/{row.pk}/change/"):
        r = client.get(url)
        assert r.status_code == 200 and key not in r.content.decode() and key[8:] not in r.content.decode()
    assert "open311" in client.get("/admin/org/apitoken/?scope__exact=open311").content.decode()
    assert not any(key in (e.change_message + e.object_repr) for e in LogEntry.objects.all())


def test_the_admin_shows_the_scope_and_never_changes_it(client, world, root):
    row, key = ApiToken.issue(world.users["cara"], "city system", TokenScope.OPEN311)
    r = client.get("/admin/org/apitoken/")
    assert r.status_code == 200 and row.get_scope_display() in r.content.decode()
    r = client.post(f"/admin/org/apitoken/{row.pk}/change/", {"name": "renamed", "scope": "api", "active": "on"})
    assert r.status_code == 302
    row.refresh_from_db()
    assert row.name == "renamed" and row.scope == "open311"  # the scope is read-only


def test_the_admin_revokes_selected_tokens(client, world, root):
    rows = [ApiToken.issue(world.users[u], u)[0] for u in ("cara", "amy")]
    r = client.post("/admin/org/apitoken/", {"action": "revoke", "_selected_action": [rows[0].pk]})
    assert r.status_code == 302
    assert list(ApiToken.objects.filter(active=True).values_list("pk", flat=True)) == [rows[1].pk]


def test_tokens_issued_before_scopes_stay_json_api_tokens():
    """The migration fills the new column with `api`: every existing token keeps working where it did."""
    from importlib import import_module

    migration = import_module("ecopetition.org.migrations.0004_api_token_scope").Migration
    added = next(op for op in migration.operations if getattr(op, "name", "") == "scope")
    assert added.field.default == TokenScope.API == "api"


@pytest.mark.django_db(transaction=True)  # as a request runs: outside a test's enclosing transaction
def test_a_lookup_refused_by_a_locked_table_is_asked_again(monkeypatch):
    """On SQLite a table being written by another connection can refuse a read outright ("database table is
    locked"): the token lookup, a read, is asked again instead of failing the sender's request."""
    from django.db import OperationalError
    from django.db.models.query import QuerySet

    user = get_user_model().objects.create_user("robot", password="x-long-password-2026")
    token, key = ApiToken.issue(user, "feed")
    real = QuerySet.first
    refused = []

    def first(self):
        if self.model is ApiToken and len(refused) < 2:
            refused.append(1)
            raise OperationalError("database table is locked: org_apitoken")
        return real(self)

    monkeypatch.setattr(QuerySet, "first", first)
    assert ApiToken.find(key, TokenScope.API) == token
    assert len(refused) == 2
    refused.extend([1] * 100)  # now it keeps refusing: the error reaches the caller, not a wrong answer
    monkeypatch.setattr(QuerySet, "first", lambda self: (_ for _ in ()).throw(OperationalError("locked")))
    with pytest.raises(OperationalError):
        ApiToken.find(key, TokenScope.API)
