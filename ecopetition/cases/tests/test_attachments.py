"""Uploads are checked by content, kept outside the web root, and served only to those who may see the case."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ecopetition.cases.attachments import attachment_path, sniff, store_attachment
from ecopetition.cases.models import Attachment, Event
from ecopetition.core.exceptions import TransitionNotAllowed, ValidationError
from ecopetition.testing import PASSWORD

from .helpers import register

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def docx_bytes():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def test_sniffing():
    assert sniff(PNG) == "png"
    assert sniff(PDF) == "pdf"
    assert sniff(b"MZ\x90\x00\x03\x00\x00\x00") is None  # a Windows executable
    assert sniff(b"<html><script>alert(1)</script>") is None
    assert sniff("现场情况说明".encode()) == "txt"


def test_good_files_are_kept_with_an_event(world, settings):
    case = register(world)
    att = store_attachment(case, SimpleUploadedFile("现场.png", PNG), actor=world.users["cara"])
    assert att.content_type == "image/png" and att.size == len(PNG)
    path = attachment_path(att)
    assert path.read_bytes() == PNG
    assert str(path).startswith(str(settings.ATTACHMENTS_DIR))
    assert not str(path).startswith(str(settings.STATIC_ROOT))
    ev = Event.objects.get(complaint=case, action="attach")
    assert ev.data["sha256"] == att.sha256
    doc = store_attachment(case, SimpleUploadedFile("说明.docx", docx_bytes()), actor=world.users["cara"])
    assert doc.content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize("name,content,why", [
    ("photo.jpg", b"MZ\x90\x00" + b"\x00" * 100, "not a picture"),
    ("photo.jpg", PNG, "does not contain what its name says"),
    ("page.pdf", b"<html><body>hi</body></html>", "not a picture"),
    ("empty.png", b"", "empty"),
])
def test_disguised_or_empty_files_are_refused(world, name, content, why):
    case = register(world)
    with pytest.raises(ValidationError) as err:
        store_attachment(case, SimpleUploadedFile(name, content), actor=world.users["cara"])
    assert err.value.field == "file"
    assert not Attachment.objects.exists()
    assert not Event.objects.filter(action="attach").exists()


def test_oversized_files_are_refused_and_nothing_is_left(world, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    case = register(world)
    with pytest.raises(ValidationError, match="too large|过大"):
        store_attachment(case, SimpleUploadedFile("big.png", PNG + b"\x00" * 200), actor=world.users["cara"])
    assert not any(p.is_file() for p in settings.ATTACHMENTS_DIR.rglob("*"))


def test_only_allowed_roles_attach(world):
    case = register(world)
    with pytest.raises(TransitionNotAllowed):
        store_attachment(case, SimpleUploadedFile("a.png", PNG), actor=world.users["lee"])  # leaders read


def test_download_needs_sight_of_the_case(world, client):
    case = register(world, unit="county_a", clerk="amy")
    att = store_attachment(case, SimpleUploadedFile("a.png", PNG), actor=world.users["amy"])
    url = f"/staff/cases/{case.number}/files/{att.pk}/"
    client.login(username="amy", password=PASSWORD)
    r = client.get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content) == PNG
    assert r["X-Content-Type-Options"] == "nosniff"
    client.login(username="bea", password=PASSWORD)  # sibling county
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
