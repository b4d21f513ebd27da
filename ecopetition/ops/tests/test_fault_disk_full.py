"""Fault: the disk fills up while a file is being saved.

The data folder's attachments and documents live on a real, tiny file system (a tmpfs mounted for
the test, when the test may mount one: as root) that is nearly full; otherwise writes under that
folder fail with ENOSPC the way a full disk makes them fail. Uploads over the API, from the public
portal and generated documents are refused with a clear message (never a 500); no half-written file
stays, no attachment row exists without its file, the audit trail records nothing that did not happen.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ecopetition.cases import actions as ca
from ecopetition.cases import audit
from ecopetition.cases.models import Attachment, Complaint, Event
from ecopetition.core.exceptions import DomainError
from ecopetition.org.models import ApiToken

from .scenario import PNG

FREE = 64 * 1024  # what is left on the disk when the test starts
BIG = 256 * 1024  # an upload that does not fit


def png(size: int) -> bytes:
    return PNG + b"\x00" * (size - len(PNG))


class InjectedFullDisk:
    """Writes under `root` fail with ENOSPC once `free` bytes are used, as on a full file system."""

    def __init__(self, root: Path, free: int, monkeypatch) -> None:
        self.root, self.free = str(root), free
        real_open = builtins.open
        disk = self

        class Limited(io.FileIO):
            def write(self, b):
                if len(b) > disk.free:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                disk.free -= len(b)
                return super().write(b)

        def limited_open(file, mode="r", *args, **kwargs):
            if any(m in mode for m in "wax+") and os.path.abspath(os.fspath(file)).startswith(disk.root):
                raw = Limited(file, mode.replace("b", "").replace("t", "") or "r")
                return raw if "b" in mode and kwargs.get("buffering", -1) == 0 else io.BufferedWriter(raw)
            return real_open(file, mode, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", limited_open)
        monkeypatch.setattr(io, "open", limited_open)


@pytest.fixture
def full_disk(tmp_path, settings, monkeypatch):
    """ATTACHMENTS_DIR and DOCUMENTS_DIR on a disk with FREE bytes left; yields how it is full."""
    mount = tmp_path / "small"
    mount.mkdir()
    mounted = False
    if os.geteuid() == 0 and shutil.which("mount"):
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k,mode=0700", "tmpfs", str(mount)],  # noqa: S607
                                 capture_output=True).returncode == 0
    settings.ATTACHMENTS_DIR = mount / "attachments"
    settings.DOCUMENTS_DIR = mount / "documents"
    try:
        if mounted:
            st = os.statvfs(mount)
            filler = st.f_bavail * st.f_frsize - FREE
            with open(mount / "filler", "wb") as fh:
                fh.write(b"\x00" * filler)
            yield "tmpfs"
        else:
            InjectedFullDisk(mount, FREE, monkeypatch)
            yield "injected ENOSPC"
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(mount)], check=False)  # noqa: S607


def stored_files(settings) -> list[str]:
    out = []
    for root in (Path(settings.ATTACHMENTS_DIR), Path(settings.DOCUMENTS_DIR)):
        if root.is_dir():
            out += [str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()]
    return sorted(out)


def chains_intact() -> bool:
    return next(iter(audit.verify()), None) is None


@pytest.fixture
def case(world):
    c = ca.do_register(ca.NewComplaint(channel="phone", content="河道排污口冒黄水", is_anonymous=True), unit=world.units["city"],
                       actor=world.users["cara"])
    return ca.do_accept(c, actor=world.users["cara"])


@pytest.mark.django_db
def test_api_upload_on_a_full_disk_is_refused_cleanly(full_disk, case, world, client, settings):
    _row, key = ApiToken.issue(world.users["cara"], "test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    url = f"/api/v1/complaints/{case.number}/attachments"
    events = Event.objects.count()

    small = client.post(url, {"file": SimpleUploadedFile("小.png", png(2048))}, **auth)
    assert small.status_code == 201, small.content
    big = client.post(url, {"file": SimpleUploadedFile("大.png", png(BIG))}, **auth)
    assert big.status_code == 503, (full_disk, big.content)
    body = big.json()
    assert body["code"] == "storage_full" and body["field"] == "file"
    assert "存储空间已满" in body["message"]
    assert big["Retry-After"]

    atts = list(Attachment.objects.filter(complaint=case))
    assert len(atts) == 1 and atts[0].original_name == "小.png"
    assert stored_files(settings) == [atts[0].storage_name]  # the refused upload left no .part behind
    assert Event.objects.count() == events + 1 and chains_intact()


@pytest.mark.django_db
def test_console_upload_on_a_full_disk_shows_the_reason(full_disk, case, world, client, settings):
    client.force_login(world.users["cara"])
    r = client.post(f"/staff/cases/{case.number}/act/attach/", {"attach-file": SimpleUploadedFile("大.png", png(BIG))})
    assert r.status_code in (200, 400, 503)  # the case page again, with the reason; never a 500
    assert "存储空间已满" in r.content.decode()
    assert not Attachment.objects.exists() and stored_files(settings) == []


@pytest.mark.django_db
def test_portal_submission_with_a_photo_that_does_not_fit_leaves_nothing(full_disk, world, settings):
    from ecopetition.intake.actions import do_portal_submit

    settings.TRIAGE_ON_REGISTER = False
    before = (Complaint.objects.count(), Event.objects.count())
    photos = [SimpleUploadedFile("1.png", png(4096)), SimpleUploadedFile("2.png", png(BIG))]
    with pytest.raises(DomainError) as refused:
        do_portal_submit(ca.NewComplaint(channel="web", content="化工厂偷排", is_anonymous=True), files=photos)
    assert "存储空间已满" in str(refused.value.message)
    assert (Complaint.objects.count(), Event.objects.count()) == before
    # The first photo fitted and was saved before the second failed: it must not stay without its case.
    assert stored_files(settings) == []
    assert chains_intact()


@pytest.mark.django_db
def test_generating_a_document_on_a_full_disk_is_refused_cleanly(full_disk, case, world, settings):
    from ecopetition.documents.actions import do_generate_document
    from ecopetition.documents.models import Document

    events = Event.objects.count()
    with pytest.raises(DomainError) as refused:
        do_generate_document(case, actor=world.users["cara"], kind="acceptance")
    assert refused.value.status == 503 and "存储空间已满" in str(refused.value.message)
    assert not Document.objects.exists() and stored_files(settings) == []
    assert Event.objects.count() == events and chains_intact()


@pytest.mark.django_db
def test_after_space_is_freed_uploads_work_again(full_disk, case, world, settings):
    from ecopetition.cases.attachments import store_attachment

    with pytest.raises(DomainError):
        store_attachment(case, SimpleUploadedFile(f"{uuid.uuid4().hex}.png", png(BIG)), actor=world.users["cara"])
    if full_disk == "tmpfs":
        (Path(settings.ATTACHMENTS_DIR).parent / "filler").unlink()
    else:
        pytest.skip("the injected full disk cannot be emptied")
    att = store_attachment(case, SimpleUploadedFile("大.png", png(BIG)), actor=world.users["cara"])
    assert stored_files(settings) == [att.storage_name] and chains_intact()
