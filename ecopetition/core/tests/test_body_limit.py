"""An oversized request is refused before its body is read: no parsing, no file spooled to disk (finding 7)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_anonymous_300_mb_upload_is_refused_unread(client, monkeypatch):
    from django.http import request as http_request

    read = []
    monkeypatch.setattr(http_request.HttpRequest, "_load_post_and_files",
                        lambda self: read.append(1) or (_ for _ in ()).throw(AssertionError("body read")))
    r = client.post(reverse("portal:submit"), {"content": "x"}, CONTENT_LENGTH=str(300 * 2**20))
    assert r.status_code == 413 and not read
    assert "MB" in r.content.decode() and 'class="topbar"' in r.content.decode()


def test_a_6_mb_json_body_gets_a_json_413(client):
    body = '{"content": "' + "x" * (6 * 2**20) + '"}'
    r = client.post("/api/v1/complaints", body, content_type="application/json", HTTP_AUTHORIZATION="Bearer x")
    assert r.status_code == 413 and r["Content-Type"].startswith("application/json")
    assert r.json()["code"] == "too_large"


def test_a_normal_request_passes(client):
    assert client.get(reverse("portal:submit")).status_code == 200
