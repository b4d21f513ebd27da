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


def _refuse_reading(monkeypatch):
    from django.http import request as http_request

    read = []
    monkeypatch.setattr(http_request.HttpRequest, "_load_post_and_files",
                        lambda self: read.append(1) or (_ for _ in ()).throw(AssertionError("body read")))
    return read


def test_the_portal_refuses_unread_more_than_its_photos_can_make(client, monkeypatch, settings):
    """A 30 MB 'photo' to the public portal was spooled to disk before being refused as no picture: the
    portal's limit is its photos (INTAKE_PORTAL_MAX_PHOTOS × INTAKE_PORTAL_PHOTO_MAX_BYTES) and its text."""
    from ecopetition.intake.actions import PORTAL_FORM_SLACK, portal_body_limit

    limit = portal_body_limit()
    assert limit == settings.INTAKE_PORTAL_MAX_PHOTOS * settings.INTAKE_PORTAL_PHOTO_MAX_BYTES + PORTAL_FORM_SLACK
    assert limit < 30 * 2**20 < settings.REQUEST_MAX_UPLOAD_BYTES
    read = _refuse_reading(monkeypatch)
    for length in (limit + 1, 30 * 2**20):
        r = client.post(reverse("portal:submit"), {"content": "x"}, CONTENT_LENGTH=str(length))
        assert r.status_code == 413 and not read
        html = r.content.decode()
        # the portal's own page, in Chinese: nothing was received, fill the form in again
        assert "未能提交" in html and "每张不超过 5 MB" in html and f'href="{reverse("portal:submit")}"' in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    r = client.post(reverse("portal:submit"), {"content": "x"}, CONTENT_LENGTH=str(limit + 1))
    assert r.status_code == 413 and "Not sent" in r.content.decode()


def test_a_portal_submission_at_the_limit_is_read(client, monkeypatch):
    from django.http import QueryDict
    from django.http import request as http_request
    from django.utils.datastructures import MultiValueDict

    from ecopetition.intake.actions import portal_body_limit

    read = []

    def load(self):
        read.append(1)
        self._post, self._files = QueryDict(), MultiValueDict()

    monkeypatch.setattr(http_request.HttpRequest, "_load_post_and_files", load)
    r = client.post(reverse("portal:submit"), {"content": "x"}, CONTENT_LENGTH=str(portal_body_limit()))
    assert r.status_code == 200 and read  # the form, with what is missing


def test_tracking_and_open311_take_no_files(client, monkeypatch):
    read = _refuse_reading(monkeypatch)
    six_mb = str(6 * 2**20)  # under the general limit for files, over the one for forms
    r = client.post(reverse("portal:track"), {"number": "x"}, CONTENT_LENGTH=six_mb)
    assert r.status_code == 413 and not read
    r = client.post("/open311/v2/requests.json", {"api_key": "x"}, CONTENT_LENGTH=six_mb)
    assert r.status_code == 400 and not read  # Open311's error list knows no 413
    assert r.json()[0]["code"] == 400


def test_a_normal_portal_submission_with_a_photo_passes(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    r = client.post(reverse("portal:submit"), {
        "content": "河边小厂晚上偷排污水", "address": "亭湖区某河边", "anonymous": "on",
        "photos": [SimpleUploadedFile("p.png", png, content_type="image/png")]})
    assert r.status_code == 200 and 'id="tracking-number"' in r.content.decode()
