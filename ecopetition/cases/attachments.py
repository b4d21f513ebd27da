"""Attachments: checked by content, stored outside the web root, served only through a permission check.

A file is accepted when its first bytes match a known type and its name's
extension agrees with that type; anything else (an executable renamed to
.jpg, an HTML page called .pdf) is refused. The file is written under a
random name, then the row and the audit event are written in one
transaction; if either fails the file is removed, so nothing is half-written.
"""

from __future__ import annotations

import hashlib
import io
import os
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ecopetition.core import clock
from ecopetition.core.exceptions import ValidationError, storage_error

from . import audit, metadata, transitions
from .models import Attachment, Complaint


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extensions: tuple[str, ...]


KINDS = {
    "jpeg": FileKind("image/jpeg", (".jpg", ".jpeg")),
    "png": FileKind("image/png", (".png",)),
    "gif": FileKind("image/gif", (".gif",)),
    "webp": FileKind("image/webp", (".webp",)),
    "heic": FileKind("image/heic", (".heic", ".heif")),
    "pdf": FileKind("application/pdf", (".pdf",)),
    "docx": FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "xlsx": FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "mp3": FileKind("audio/mpeg", (".mp3",)),
    "m4a": FileKind("audio/mp4", (".m4a",)),
    "mp4": FileKind("video/mp4", (".mp4", ".mov")),
    "wav": FileKind("audio/wav", (".wav",)),
    "amr": FileKind("audio/amr", (".amr",)),
    "txt": FileKind("text/plain", (".txt",)),
}


def sniff(head: bytes, path: Path | None = None) -> str | None:
    """The kind of a file from its first bytes (and, for Office files, its zip directory)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
            return "heic"
        if brand in (b"M4A ", b"M4B "):
            return "m4a"
        return "mp4"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    if head.startswith(b"#!AMR"):
        return "amr"
    if head.startswith(b"PK\x03\x04") and path is not None:
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
        return None
    if head and b"\x00" not in head:
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError:
            return None
        lowered = text.lstrip().lower()
        if lowered.startswith(("<!doctype", "<html", "<script", "<svg", "<?xml")):
            return None  # markup is never accepted as "text"
        return "txt"
    return None


def store_attachment(case: Complaint | int, uploaded, *, actor, via: str | None = None) -> Attachment:
    """Check and keep one uploaded file with the case; records an `attach` event.

    `uploaded` is a Django UploadedFile (or anything with .name, .size, .chunks()).
    A person must be allowed the `attach` transition; system channels (portal,
    API intake) pass actor=None with `via`, and only right after registering.
    """
    name = os.path.basename(getattr(uploaded, "name", "") or "").strip() or "file"
    size = getattr(uploaded, "size", None)
    limit = settings.ATTACHMENT_MAX_BYTES
    if size is not None and size > limit:
        raise _too_large(limit)
    if size == 0:
        raise ValidationError(_("The file is empty."), field="file")
    now = clock.now()
    folder = Path(settings.ATTACHMENTS_DIR) / f"{now:%Y}" / f"{now:%m}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise storage_error(exc, field="file") from exc
    storage_name = f"{now:%Y}/{now:%m}/{uuid.uuid4().hex}"
    final = Path(settings.ATTACHMENTS_DIR) / storage_name
    tmp = final.with_suffix(".part")
    digest = hashlib.sha256()
    written = 0
    try:
        with open(tmp, "wb") as fh:
            for chunk in uploaded.chunks():
                written += len(chunk)
                if written > limit:
                    raise _too_large(limit)
                digest.update(chunk)
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        if written == 0:
            raise ValidationError(_("The file is empty."), field="file")
        with open(tmp, "rb") as fh:
            head = fh.read(64)
        kind = sniff(head, tmp)
        if kind is None:
            raise ValidationError(
                _("“%(name)s” is not a picture, PDF, Office document, audio/video recording or text file.")
                % {"name": name},
                field="file",
            )
        ext = os.path.splitext(name)[1].lower()
        if ext not in KINDS[kind].extensions:
            raise ValidationError(
                _("“%(name)s” does not contain what its name says (its content is %(kind)s).")
                % {"name": name, "kind": kind.upper()},
                field="file",
            )
        clean = strip_file(tmp, kind)  # no GPS position, camera or owner fields travel with a picture
        if clean is not None:
            written, digest = len(clean), hashlib.sha256(clean)
        os.replace(tmp, final)
        _sync_folder(folder)  # the new name is on disk before the row that points to it can commit
        with transaction.atomic():
            locked = Complaint.objects.select_for_update(of=("self",)).select_related("unit", "lead_unit").get(
                pk=case.pk if isinstance(case, Complaint) else case
            )
            if actor is not None:
                transitions.check(locked, "attach", actor)
            elif via is None:
                raise ValidationError(_("Unknown uploader."), field="file")
            att = Attachment.objects.create(
                complaint=locked, original_name=name[:200], content_type=KINDS[kind].content_type, size=written,
                sha256=digest.hexdigest(), storage_name=storage_name, uploaded_by=actor, uploaded_at=now,
            )
            audit.append(
                locked, actor=actor, via=via, action="attach", from_state=locked.state, to_state=locked.state,
                data={"attachment": att.pk, "name": att.original_name, "sha256": att.sha256, "size": written},
            )
        return att
    except OSError as exc:  # a full disk, most likely: nothing of the upload may stay
        _remove(tmp, final)
        raise storage_error(exc, field="file") from exc
    except BaseException:
        _remove(tmp, final)
        raise


def strip_file(path: Path, kind: str) -> bytes | None:
    """Rewrite the picture at `path` without its metadata (`metadata.strip`); its new bytes, or None when
    it had none to drop. Every stored picture passes here: attachments and scanned letters."""
    if kind not in metadata.STRIPPED_KINDS:
        return None
    data = path.read_bytes()
    clean = metadata.strip(data, kind)
    if clean == data:
        return None
    with open(path, "wb") as fh:
        fh.write(clean)
        fh.flush()
        os.fsync(fh.fileno())
    return clean


def open_served(att: Attachment):
    """The stored file of `att` as it may be served: a picture stored before metadata were stripped on
    upload is stripped now (`metadata.strip`), so no reader gets its GPS position. Raises
    FileNotFoundError like `open`."""
    path = attachment_path(att)
    kind = next((k for k, v in KINDS.items() if v.content_type == att.content_type), None)
    if kind not in metadata.STRIPPED_KINDS:
        return open(path, "rb")  # noqa: SIM115 - the response closes it
    return io.BytesIO(metadata.strip(path.read_bytes(), kind))


def _too_large(limit: int) -> ValidationError:
    return ValidationError(_("The file is too large (at most %(size)s).") % {"size": filesizeformat(limit)},
                           field="file")


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(*paths: Path) -> None:
    for p in paths:
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def attachment_path(att: Attachment) -> Path:
    return Path(settings.ATTACHMENTS_DIR) / att.storage_name
