"""Scanned letters (来信): checked on upload, read by OCR in the worker, offered to the register form,
and kept with the case as a redacted copy in which the complainant's personal data is blacked out.

The OCR engine (RapidOCR with the Chinese PP-OCRv4 models inside its wheel, offline) is loaded
on first use, never at start-up. Time is bounded: a page is scaled to at most MAX_SIDE pixels, at
most MAX_PAGES pages are accepted, and reading stops after DOC_SECONDS (the rest is said plainly).
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ecopetition.cases.attachments import sniff, strip_file
from ecopetition.cases.masking import personal_spans
from ecopetition.core import clock
from ecopetition.core.exceptions import ValidationError, storage_error

from . import pii
from .models import ScannedLetter

log = logging.getLogger("ecopetition.intake.letters")

MAX_PAGES = 20
MAX_SIDE = 2000  # pixels: the longest side of a page as OCR sees it (bounds the time per page)
PDF_DPI = 150
MAX_PIXELS = 40_000_000  # an A4 page at 600 dpi is 35 million pixels
DOC_SECONDS = 120.0  # reading stops after this; the pages left are named on the page
SLICE_SECONDS = 8.0  # one task reads pages for about this long, then queues the rest behind other work
LOW_CONFIDENCE = 0.85  # below this (weighted by characters) the page says "check every word"
LOW_LINE = 0.7
LETTER_KINDS = ("png", "jpeg", "pdf")
PAD = 4  # pixels of black around a redacted span
MAX_SKEW = 0.05  # a line tilted more than this (about 3 degrees) is blacked out whole where it holds personal data

_engine = None
_engine_lock = threading.Lock()
_run_lock = threading.Lock()
_pdfium_lock = threading.Lock()  # PDFium must not be called from two threads at once


def engine():
    """The OCR engine, loaded once per process on first use (about half a second)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            from rapidocr_onnxruntime import RapidOCR

            _engine = RapidOCR()
        return _engine


def letters_dir() -> Path:
    return Path(settings.ATTACHMENTS_DIR) / "letters"


def letter_path(letter: ScannedLetter) -> Path:
    return Path(settings.ATTACHMENTS_DIR) / letter.storage_name  # storage_name starts with "letters/"


# --- upload --------------------------------------------------------------------------------------

def _count_pages(path: Path, kind: str) -> int:
    if kind != "pdf":
        from PIL import Image

        try:
            with Image.open(path) as im:
                size = im.size
                im.verify()
        except Exception as exc:
            raise ValidationError(_("The picture is damaged and cannot be opened."), field="file") from exc
        if size[0] * size[1] > MAX_PIXELS:
            raise ValidationError(
                _("The picture is %(w)d × %(h)d pixels: too large to read. Scan at 300 dpi or less.")
                % {"w": size[0], "h": size[1]}, field="file")
        return 1
    import pypdfium2 as pdfium

    with _pdfium_lock:
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            raise ValidationError(
                _("The PDF cannot be opened (it is damaged or protected by a password)."), field="file"
            ) from exc
        try:
            return len(pdf)
        finally:
            pdf.close()


def accept_upload(uploaded, *, unit, actor) -> ScannedLetter:
    """Check and keep an uploaded letter; the reading is scheduled after the commit.

    Refused with a plain message: anything but a PNG/JPEG picture or a PDF, a damaged file, a PDF
    of no or more than MAX_PAGES pages. Nothing stays of a refused upload.
    """
    name = os.path.basename(getattr(uploaded, "name", "") or "").strip() or "letter"
    limit = settings.ATTACHMENT_MAX_BYTES
    if (uploaded.size or 0) > limit:
        from django.template.defaultfilters import filesizeformat

        raise ValidationError(_("The file is too large (at most %(size)s).") % {"size": filesizeformat(limit)},
                              field="file")
    now = clock.now()
    storage_name = f"letters/{now:%Y}/{now:%m}/{uuid.uuid4().hex}"
    final = Path(settings.ATTACHMENTS_DIR) / storage_name
    digest, written = hashlib.sha256(), 0
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        with open(final, "wb") as fh:
            for chunk in uploaded.chunks():
                written += len(chunk)
                if written > limit:
                    raise ValidationError(_("The file is too large."), field="file")
                digest.update(chunk)
                fh.write(chunk)
        if written == 0:
            raise ValidationError(_("The file is empty."), field="file")
        with open(final, "rb") as fh:
            kind = sniff(fh.read(64))
        if kind not in LETTER_KINDS:
            raise ValidationError(
                _("“%(name)s” is not a scanned letter: upload a picture (PNG or JPEG) or a PDF. "
                  "Other files can be added to the case as attachments after registering.") % {"name": name},
                field="file",
            )
        clean = strip_file(final, kind)  # the scanner's or phone's metadata stay out, like an attachment's
        if clean is not None:
            digest, written = hashlib.sha256(clean), len(clean)
        pages = _count_pages(final, kind)
        if pages == 0:
            raise ValidationError(_("The PDF has no pages."), field="file")
        if pages > MAX_PAGES:
            raise ValidationError(
                _("This PDF has %(pages)d pages; a scanned letter is read up to %(max)d pages. Upload the letter "
                  "itself (split it if needed) and add the rest of the material as attachments after "
                  "registering.") % {"pages": pages, "max": MAX_PAGES},
                field="file",
            )
        with transaction.atomic():
            letter = ScannedLetter.objects.create(
                unit=unit, uploaded_by=actor, uploaded_at=now, original_name=name[:200], kind=kind,
                storage_name=storage_name, size=written, sha256=digest.hexdigest(), pages_total=pages,
            )
            transaction.on_commit(lambda: schedule(letter.pk))
        return letter
    except OSError as exc:
        _unlink(final)
        raise storage_error(exc, field="file") from exc
    except BaseException:
        _unlink(final)
        raise


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


# Enqueues tasks.read_letter_task; intake/apps.py sets it to enqueue.read_letter at start-up (the task
# calls back into this module, so the task module is not imported from here).
enqueue_reading: Callable[[int], None] | None = None


def schedule(letter_id: int) -> None:
    """Hand the reading to the worker (huey); without a task queue, read it here."""
    if getattr(settings, "HUEY", None) is not None:
        if enqueue_reading is None:
            raise RuntimeError("intake's app is not ready: letters.enqueue_reading is not set")
        enqueue_reading(letter_id)
    else:
        read(letter_id)


# --- reading -------------------------------------------------------------------------------------

def pages(path: Path, kind: str, limit: int = MAX_PAGES, first: int = 1) -> Iterator:
    """The letter's pages from page `first` (counted from 1) up to page `limit`, as Pillow images,
    each scaled to at most MAX_SIDE pixels."""
    from PIL import Image

    if kind == "pdf":
        import pypdfium2 as pdfium

        with _pdfium_lock:
            pdf = pdfium.PdfDocument(str(path))
            count = len(pdf)
        try:
            for i in range(first - 1, min(count, limit)):
                with _pdfium_lock:
                    page = pdf[i]
                    w, h = page.get_size()
                    scale = min(PDF_DPI / 72, MAX_SIDE / max(w, h, 1))
                    img = page.render(scale=scale).to_pil().convert("RGB")
                    page.close()
                yield img
        finally:
            with _pdfium_lock:
                pdf.close()
        return
    if first > 1:
        return
    with Image.open(path) as im:
        im.load()
        img = im.convert("RGB")  # drops EXIF and any other metadata along the way
    if max(img.size) > MAX_SIDE:
        img.thumbnail((MAX_SIDE, MAX_SIDE))
    yield img


def ocr_page(img) -> list[dict]:
    import numpy as np

    ocr = engine()
    with _run_lock:  # one page at a time per process: the engine uses every core already
        result, _elapsed = ocr(np.asarray(img))
    lines = []
    for box, text, score in result or []:
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        (ax, ay), (bx, by) = box[0], box[1]  # the top edge, left to right
        skew = abs(by - ay) / max(abs(bx - ax), 1.0)
        lines.append({"box": [int(min(xs)), int(min(ys)), int(max(xs)) + 1, int(max(ys)) + 1],
                      "text": str(text), "score": round(float(score), 4), "skew": round(float(skew), 3)})
    return lines


def read(letter_id: int) -> None:
    """The worker's part: read pages for at most SLICE_SECONDS, keep lines and progress, and queue the
    rest as a new task, so that other work (deadline sweeps, webhooks) gets the worker in between.
    The whole letter gets DOC_SECONDS of reading; the pages left after that are named on the page."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)  # requests go first
    except (AttributeError, OSError):
        pass
    S = ScannedLetter.Status
    letter = ScannedLetter.objects.filter(pk=letter_id, status__in=(S.QUEUED, S.READING)).first()
    if letter is None:  # read already
        return
    if letter.status == S.QUEUED:
        letter.status, letter.started_at = S.READING, clock.now()
        ScannedLetter.objects.filter(pk=letter.pk).update(status=S.READING, started_at=letter.started_at)
    start = time.monotonic()
    spent = letter.seconds or 0.0
    lines, notes, done = list(letter.lines), dict(letter.notes), letter.pages_done
    more, first = False, done + 1
    try:
        for n, img in enumerate(pages(letter_path(letter), letter.kind, first=first), start=first):
            elapsed = time.monotonic() - start
            if n > 1 and spent + elapsed > DOC_SECONDS:  # the first page is always read
                notes["unread_from"] = n
                break
            if n > first and elapsed > SLICE_SECONDS:  # each task reads at least one page
                more = True
                break
            page_lines = ocr_page(img)
            if not page_lines:
                notes.setdefault("blank_pages", []).append(n)
            for line in page_lines:
                line["page"] = n
            lines.extend(page_lines)
            done = n
            ScannedLetter.objects.filter(pk=letter.pk).update(
                pages_done=done, lines=lines, notes=notes, seconds=round(spent + time.monotonic() - start, 2))
    except Exception as exc:
        log.exception("reading scanned letter %s failed", letter.pk)
        notes["error"] = type(exc).__name__
        ScannedLetter.objects.filter(pk=letter.pk).update(
            status=S.FAILED, finished_at=clock.now(), notes=notes, seconds=round(spent + time.monotonic() - start, 2))
        return
    if more:
        schedule(letter.pk)
        return
    chars = sum(len(line["text"]) for line in lines)
    confidence = (sum(line["score"] * len(line["text"]) for line in lines) / chars) if chars else None
    ScannedLetter.objects.filter(pk=letter.pk).update(
        status=S.DONE if lines else S.EMPTY, pages_done=done, lines=lines, confidence=confidence, notes=notes,
        finished_at=clock.now(), seconds=round(spent + time.monotonic() - start, 2),
    )


# --- what the page and the register form get ----------------------------------------------------

def text_of(letter: ScannedLetter) -> str:
    out, page = [], None
    for line in letter.lines:
        if page is not None and line["page"] != page:
            out.append("")
        page = line["page"]
        out.append(line["text"])
    return "\n".join(out)


def prefill(letter: ScannedLetter) -> dict:
    """Initial values of the register form from what the letter says."""
    text = text_of(letter)
    # a sentence runs on across the lines of a page: read the fields from the lines joined up
    f = pii.extract(text.replace("\n", ""))
    writers = pii.writer_names(text)  # the signature and 我是…居民X, where no cue names the writer
    name = f.name or next(iter(writers), "")
    known = [("name", n) for n in dict.fromkeys([name, *writers]) if n]
    title = pii.summary(text.replace("\n", ""), known=known)  # never the writer's name, however it was found
    initial = {"content": text, "title": title, "channel": "letter", "p0_name": name, "p0_phone": f.phone,
               "p0_id_number": f.id_number, "p0_address": f.address, "address": f.place,
               "reported_party_name": f.reported_party}
    return {k: v for k, v in initial.items() if v}


@dataclass(frozen=True)
class Quality:
    confidence: float | None
    percent: int | None
    low: bool
    doubtful_lines: int


def quality(letter: ScannedLetter) -> Quality:
    c = letter.confidence
    doubtful = sum(1 for line in letter.lines if line["score"] < LOW_LINE)
    return Quality(c, round(c * 100) if c is not None else None, c is not None and c < LOW_CONFIDENCE, doubtful)


# --- redaction -----------------------------------------------------------------------------------

def _weight(ch: str) -> float:
    return 0.55 if ord(ch) < 0x2E80 else 1.0  # Latin letters and digits are about half a Han character wide


def span_boxes(line: dict, spans: list[pii.Span]) -> list[tuple[int, int, int, int]]:
    """The part of a line's box that holds each span, from the characters' share of its width."""
    text = line["text"]
    x0, y0, x1, y1 = line["box"]
    if line.get("skew", 0) > MAX_SKEW or (y1 - y0) > (x1 - x0):
        # a tilted or vertical line: characters do not sit left to right along x; black out all of it
        return [(x0 - PAD, y0 - PAD, x1 + PAD, y1 + PAD)] if spans else []
    weights = [_weight(c) for c in text]
    total = sum(weights) or 1.0
    out = []
    for s in spans:
        left = x0 + (x1 - x0) * sum(weights[: s.start]) / total
        right = x0 + (x1 - x0) * sum(weights[: s.end]) / total
        # OCR boxes and glyph widths are not exact: widen by one character either side
        char = (x1 - x0) / total
        out.append((max(x0, int(left - char * 0.6)) - PAD, y0 - PAD, min(x1, int(right + char * 0.6)) + PAD, y1 + PAD))
    return out


def line_spans(letter: ScannedLetter, known: list[tuple[str, str]], people=()) -> list[list[pii.Span]]:
    """For each line of the letter, the spans to black out: what the finder flags in the line, and in the whole text
    (`text_of`) what crosses lines (R13-2: a phone dictated in pieces over two lines, a signature under 此致), and
    what the case's text masks (`people`: `case_people`, the case's `privacy.case_masks`; R16-1)."""
    # the writer as the letter names them (signature, 居民X) goes under black wherever the name or its
    # fragments stand, even if the clerk left the name field empty
    whole = text_of(letter)
    known = [*known, *(("name", n) for n in pii.writer_names(whole))]
    found = pii.find(whole, known)
    if people:
        found = pii.merge([*found, *(pii.Span(s, e, "case") for s, e in personal_spans(whole, people))])
    out, pos, page = [], 0, None
    for line in letter.lines:
        if page is not None and line["page"] != page:
            pos += 1  # the empty line `text_of` puts between pages
        page = line["page"]
        start, end = pos, pos + len(line["text"])
        spans = pii.find(line["text"], known)
        if people:
            spans += [pii.Span(s, e, "case") for s, e in personal_spans(line["text"], people)]
        spans += [pii.Span(max(f.start, start) - start, min(f.end, end) - start, f.kind) for f in found
                  if f.start < end and f.end > start]
        out.append(pii.merge(spans))
        pos = end + 1
    return out


def case_people(letter: ScannedLetter, case) -> list:
    """The people the redacted copy of `case`'s letter is blacked out against: THE people the case's text is masked
    against (`privacy.case_masks`: its complainants and every name found in any of its texts), and the names the same
    rule finds in the letter as it was read (the clerk may have shortened the content). One rule for the case's text
    and its letter's picture (R16-1: a name found after 我叫 is blacked out wherever it stands, its given name too)."""
    from ecopetition.cases.masking import with_found_names
    from ecopetition.cases.privacy import case_masks

    return with_found_names(case_masks(case), [text_of(letter)], party=case.reported_party_name or "",
                            place=case.address or "")


def redaction_boxes(letter: ScannedLetter, known: list[tuple[str, str]],
                    people=()) -> dict[int, list[tuple[int, int, int, int]]]:
    """Per page, the black boxes: spans the finder flags in each line and across lines, the clerk's confirmed
    values and what the case's text masks (`people`)."""
    boxes: dict[int, list] = {}
    for line, spans in zip(letter.lines, line_spans(letter, known, people), strict=True):
        if spans:
            boxes.setdefault(line["page"], []).extend(span_boxes(line, spans))
    return boxes


def redacted_file(letter: ScannedLetter, known: list[tuple[str, str]], people=()) -> tuple[bytes, str]:
    """The redacted copy's bytes and file name: the read pages re-drawn with the black boxes.

    Drawn from the rendered pages, so nothing of the original file goes along (no text layer of a
    PDF, no EXIF of a photo). Pages left unread are left out: nobody looked for personal data there.
    """
    from PIL import ImageDraw

    boxes = redaction_boxes(letter, known, people)
    images = []
    for n, img in enumerate(pages(letter_path(letter), letter.kind, limit=letter.pages_done), start=1):
        draw = ImageDraw.Draw(img)
        for box in boxes.get(n, []):
            draw.rectangle(box, fill=(0, 0, 0))
        images.append(img)
    if not images:
        raise ValidationError(_("The letter has no page that was read; nothing to attach."))
    buf = io.BytesIO()
    stem = _("Letter (redacted)")
    if len(images) == 1:
        images[0].save(buf, format="PNG", optimize=True)
        return buf.getvalue(), f"{stem}.png"
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=PDF_DPI)
    return buf.getvalue(), f"{stem}.pdf"


def attach_to_case(letter: ScannedLetter, case, *, actor, known: list[tuple[str, str]]) -> None:
    """Link the letter to its newly registered case and attach the redacted copy (in the caller's transaction)."""
    from ecopetition.cases.attachments import store_attachment

    data, name = redacted_file(letter, known, case_people(letter, case))
    att = store_attachment(case, SimpleUploadedFile(name, data), actor=actor)
    updated = ScannedLetter.objects.filter(pk=letter.pk, complaint__isnull=True).update(complaint=case, redacted=att)
    if not updated:
        raise ValidationError(_("This letter was registered already."))


def refresh_redacted_of(case_id: int) -> bool:
    """`refresh_redacted` by the case's id (the hook `registry.CASE_MASKS_CHANGED` calls)."""
    from ecopetition.cases.models import Complaint

    case = Complaint.objects.filter(pk=case_id).first()
    return refresh_redacted(case) if case is not None else False


def refresh_redacted(case) -> bool:
    """Redo the redacted copy of `case`'s letter, if it has one, against the case's masks as they are now (R17-3: a
    name found later, in the officer's report, a reply or a callback, is blacked out in the picture as on every page).
    The stored file is replaced in place (same attachment, same address); the clerk's confirmed values were the
    case's complainants, who are in the masks. Returns whether a copy was redone."""
    from ecopetition.cases.attachments import attachment_path

    letter = ScannedLetter.objects.filter(complaint_id=case.pk, redacted__isnull=False).select_related("redacted").first()
    if letter is None:
        return False
    known = [(k, getattr(p, k)) for p in case.complainants.all() for k in ("name", "phone", "id_number", "address")]
    data, _name = redacted_file(letter, known, case_people(letter, case))
    att = letter.redacted
    final = attachment_path(att)
    tmp = final.with_suffix(".redo")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    except OSError as exc:
        raise storage_error(exc) from exc
    type(att).objects.filter(pk=att.pk).update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
    return True


def may_handle(user, letter: ScannedLetter) -> bool:
    """Who may see a letter's original and what OCR read: its uploader and the intake clerks over its
    unit; once registered, whoever may see the case's complainant identity."""
    from ecopetition.cases.models import Complaint
    from ecopetition.cases.privacy import can_see_identity
    from ecopetition.org import queries as org
    from ecopetition.org.models import Role

    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if letter.complaint_id is not None:
        case = Complaint.objects.visible_to(user).filter(pk=letter.complaint_id).select_related("unit").first()
        return case is not None and can_see_identity(user, case)
    return letter.uploaded_by_id == user.pk or org.holds_role_over(user, Role.CLERK, letter.unit)


# --- housekeeping --------------------------------------------------------------------------------

STUCK_AFTER = 600  # seconds: a reading this old was cut off (the worker stopped); it is marked failed
KEEP_UNREGISTERED_DAYS = 14  # an uploaded letter nobody registered is deleted (it holds someone's identity)


def sweep() -> dict[str, int]:
    """Mark readings cut off by a stopped worker as failed; delete letters never registered."""
    import datetime as dt

    now = clock.now()
    stuck = ScannedLetter.objects.filter(status=ScannedLetter.Status.READING,
                                         started_at__lt=now - dt.timedelta(seconds=STUCK_AFTER))
    failed = stuck.update(status=ScannedLetter.Status.FAILED, finished_at=now, notes={"error": "interrupted"})
    days = int(getattr(settings, "LETTER_KEEP_UNREGISTERED_DAYS", KEEP_UNREGISTERED_DAYS))
    deleted = 0
    for letter in ScannedLetter.objects.filter(complaint__isnull=True, uploaded_at__lt=now - dt.timedelta(days=days)):
        with transaction.atomic():
            if ScannedLetter.objects.filter(pk=letter.pk, complaint__isnull=True).delete()[0]:
                path = letter_path(letter)
                transaction.on_commit(lambda path=path: _unlink(path))
                deleted += 1
    return {"failed": failed, "deleted": deleted}
