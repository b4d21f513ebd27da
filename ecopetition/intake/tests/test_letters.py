"""Scanned letters: OCR into a pre-filled register form, a redacted copy with no readable personal
data (checked by OCR-ing it again), the original for identity holders only, and bad input refused."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecopetition.cases.attachments import attachment_path
from ecopetition.cases.models import Complaint
from ecopetition.intake import letters
from ecopetition.intake.models import ScannedLetter
from ecopetition.testing import PASSWORD

from . import letter_images as li

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate():
    """The worker's task runs in-process right after the commit, as with `ecopetition serve`."""
    from huey.contrib.djhuey import HUEY

    saved = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = saved


def _client(client, username):
    client.logout()
    assert client.login(username=username, password=PASSWORD)
    return client


def _upload(client, world, name, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("intake:letter_upload"), {
            "unit": world.units["county_a"].pk, "file": SimpleUploadedFile(name, data)})


def _ocr_text(data: bytes) -> str:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        img = im.convert("RGB")
    return "".join(line["text"] for line in letters.ocr_page(img))


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def test_scanned_letter_prefills_the_register_form_and_only_a_redacted_copy_reaches_others(
        client, world, immediate, django_capture_on_commit_callbacks):
    c = _client(client, "amy")
    r = _upload(c, world, "来信.png", li.png(li.letter_page()), django_capture_on_commit_callbacks)
    letter = ScannedLetter.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("intake:letter", args=[letter.pk])
    assert letter.status == "done" and letter.pages_done == 1 and letter.confidence > 0.9

    # the status page moves on to the register form, filled in from the letter
    r = c.get(reverse("intake:letter", args=[letter.pk]))
    assert r.status_code == 302 and r["Location"].endswith(f"/staff/cases/new/?letter={letter.pk}")
    r = c.get(r["Location"])
    form = r.context["form"]
    assert form["p0_name"].value() == li.NAME and form["p0_phone"].value() == li.PHONE
    assert form["p0_id_number"].value() == li.id_number() and form["p0_address"].value() == li.ADDRESS
    assert form["reported_party_name"].value() == li.PARTY and form["channel"].value() == "letter"
    assert form["address"].value() == "亭湖区南洋镇工业园"  # the place runs on to the next line
    assert "偷排废水" in form["content"].value()
    title = form["title"].value()  # shown on every list: a summary without the personal data
    assert li.PARTY in title and li.NAME not in title and li.PHONE not in title
    assert "识别可信度" in r.content.decode()

    # the clerk confirms what was offered: nothing typed again
    post = {k: v for k, v in ((name, form[name].value()) for name in form.fields) if v not in (None, "", [])}
    post["letter"] = letter.pk
    r = c.post(reverse("cases:register"), post)
    assert r.status_code == 302, r.content.decode()[:2000]
    case = Complaint.objects.get()
    letter.refresh_from_db()
    assert letter.complaint_id == case.pk
    [att] = case.attachments.all()
    assert att.pk == letter.redacted_id and att.content_type == "image/png"

    # the redacted copy, read again by OCR, holds none of the personal data, not even fragments
    seen = _ocr_text(attachment_path(att).read_bytes())
    assert "偷排废水" in seen and li.PARTY[:6] in seen  # the complaint itself is still readable
    for fragment in (li.NAME, li.NAME[2:], "合德镇幸福路", "幸福路18"):
        assert fragment not in seen, fragment
    digits = _digits(seen)
    for number in (li.PHONE, li.PHONE[-8:], li.id_number()[-6:], li.id_number()[6:14]):
        assert number not in digits, number

    # the dispatcher of the unit (no identity grant) gets the case and its redacted copy, never the original
    d = _client(client, "adam")
    page = d.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert reverse("intake:letter_original", args=[letter.pk]) not in page
    assert reverse("cases:attachment", args=[case.number, att.pk]) in page
    assert d.get(reverse("intake:letter_original", args=[letter.pk])).status_code == 404
    assert d.get(reverse("intake:letter_progress", args=[letter.pk])).status_code == 404
    # a sibling county's clerk: nothing at all
    b = _client(client, "bea")
    assert b.get(reverse("intake:letter_original", args=[letter.pk])).status_code == 404
    # the registering clerk: the original, from the case page
    c = _client(client, "amy")
    page = c.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert reverse("intake:letter_original", args=[letter.pk]) in page
    r = c.get(reverse("intake:letter_original", args=[letter.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content) == letters.letter_path(letter).read_bytes()
    # the same letter cannot be registered twice
    assert c.get(reverse("cases:register") + f"?letter={letter.pk}").status_code == 404


def test_a_signed_letter_of_a_resident_prefills_the_name_keeps_it_out_of_the_title_and_blacks_it_out(
        client, world, immediate, django_capture_on_commit_callbacks):
    """R5-4: 我是…居民上官飞燕, 飞燕…, 上官女士 and the signature 上官飞燕 2026年12月1日, no 我叫 anywhere."""
    c = _client(client, "amy")
    _upload(c, world, "来信.png", li.png(li.letter_page(lines=li.signed_letter_lines())),
            django_capture_on_commit_callbacks)
    letter = ScannedLetter.objects.get()
    assert letter.status == "done", letter.notes
    r = c.get(reverse("cases:register") + f"?letter={letter.pk}")
    form = r.context["form"]
    assert form["p0_name"].value() == li.WRITER
    assert form["p0_phone"].value() == li.WRITER_PHONE
    title = form["title"].value()
    assert "偷排废水" in title and "上官" not in title and "飞燕" not in title, title
    post = {k: v for k, v in ((name, form[name].value()) for name in form.fields) if v not in (None, "", [])}
    post["letter"] = letter.pk
    post["p0_name"] = ""  # even a clerk who clears the name field gets the writer blacked out
    r = c.post(reverse("cases:register"), post)
    assert r.status_code == 302, r.content.decode()[:2000]
    case = Complaint.objects.get()
    assert li.WRITER not in case.title
    [att] = case.attachments.all()
    seen = _ocr_text(attachment_path(att).read_bytes())
    assert "偷排废水" in seen and "此致" in seen  # the letter itself is still readable
    for fragment in ("飞燕", "上官", "官飞"):
        assert fragment not in seen, (fragment, seen)
    assert li.WRITER_PHONE[-4:] not in _digits(seen)


def test_pdf_pages_progress_blank_page_and_time_limit(client, world, immediate, monkeypatch,
                                                      django_capture_on_commit_callbacks):
    monkeypatch.setattr(letters, "DOC_SECONDS", 0.0)  # after the first page, time is up
    c = _client(client, "amy")
    data = li.pdf(li.letter_page(), li.blank_page(), li.blank_page())
    _upload(c, world, "来信.pdf", data, django_capture_on_commit_callbacks)
    letter = ScannedLetter.objects.get()
    assert letter.kind == "pdf" and letter.pages_total == 3 and letter.pages_done == 1
    assert letter.notes == {"unread_from": 2}
    r = c.get(reverse("cases:register") + f"?letter={letter.pk}")
    assert r.context["form"]["p0_phone"].value() == li.PHONE
    assert "第 2 页起没有识别" in r.content.decode()


def test_blank_pdf_page_is_named_and_pages_are_read_in_slices(client, world, immediate, monkeypatch,
                                                               django_capture_on_commit_callbacks):
    monkeypatch.setattr(letters, "SLICE_SECONDS", 0.0)  # one page per task: other tasks get the worker between
    calls = []
    real = letters.read
    monkeypatch.setattr(letters, "read", lambda pk: (calls.append(pk), real(pk)))
    c = _client(client, "amy")
    _upload(c, world, "来信.pdf", li.pdf(li.blank_page(400, 560), li.blank_page(400, 560)),
            django_capture_on_commit_callbacks)
    letter = ScannedLetter.objects.get()
    assert letter.status == "empty" and letter.notes == {"blank_pages": [1, 2]}
    listed = c.get(reverse("intake:letter_upload")).content.decode()  # the clerk finds it again
    assert "letters-waiting" in listed and reverse("intake:letter", args=[letter.pk]) in listed
    assert "letters-waiting" not in _client(client, "cara").get(reverse("intake:letter_upload")).content.decode()
    c = _client(client, "amy")
    assert len(calls) == 2  # a task per page
    r = c.get(reverse("intake:letter", args=[letter.pk]))
    assert r.status_code == 200 and "没有识别出文字" in r.content.decode()
    assert c.get(reverse("cases:register") + f"?letter={letter.pk}").status_code == 404


def test_bad_uploads_get_a_plain_message_and_leave_nothing(client, world, immediate, settings,
                                                          django_capture_on_commit_callbacks):
    from PIL import Image

    c = _client(client, "amy")
    r = _upload(c, world, "来信.png", b"MZ\x90\x00 not a picture", django_capture_on_commit_callbacks)
    assert r.status_code == 400 and "不是扫描来信" in r.content.decode()
    r = _upload(c, world, "来信.docx", b"%PDF-1.4 broken", django_capture_on_commit_callbacks)
    assert r.status_code == 400 and "无法打开" in r.content.decode()
    tiny = Image.new("RGB", (20, 20), "white")
    r = _upload(c, world, "卷宗.pdf", li.pdf(*([tiny] * 200)), django_capture_on_commit_callbacks)
    body = r.content.decode()
    assert r.status_code == 400 and "200" in body and str(letters.MAX_PAGES) in body
    huge = io.BytesIO()
    Image.new("1", (7000, 6000), 1).save(huge, format="PNG")  # 42 million pixels in a few kilobytes
    r = _upload(c, world, "巨幅.png", huge.getvalue(), django_capture_on_commit_callbacks)
    assert r.status_code == 400 and "7000 × 6000" in r.content.decode()
    r = _upload(c, world, "空.png", b"", django_capture_on_commit_callbacks)
    assert r.status_code == 400
    assert not ScannedLetter.objects.exists()
    folder = letters.letters_dir()
    assert not folder.exists() or not [p for p in folder.rglob("*") if p.is_file()]


def test_only_clerks_upload_letters(client, world):
    assert _client(client, "adam").get(reverse("intake:letter_upload")).status_code == 403
    assert _client(client, "amy").get(reverse("intake:letter_upload")).status_code == 200


def test_sweep_fails_cut_off_readings_and_deletes_unregistered_letters(world, settings,
                                                                        django_capture_on_commit_callbacks):
    import datetime as dt

    from ecopetition.core import clock

    now = clock.now()
    path = letters.letters_dir() / "x"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"original")
    common = {"unit": world.units["county_a"], "uploaded_by": world.users["amy"], "original_name": "a.png",
              "kind": "png", "size": 8, "sha256": ""}
    old = ScannedLetter.objects.create(storage_name="letters/x", uploaded_at=now - dt.timedelta(days=15), **common)
    cut = ScannedLetter.objects.create(storage_name="letters/y", uploaded_at=now, status="reading",
                                       started_at=now - dt.timedelta(minutes=11), **common)
    fresh = ScannedLetter.objects.create(storage_name="letters/z", uploaded_at=now, status="reading",
                                         started_at=now - dt.timedelta(minutes=1), **common)
    with django_capture_on_commit_callbacks(execute=True):
        assert letters.sweep() == {"failed": 1, "deleted": 1}
    assert not ScannedLetter.objects.filter(pk=old.pk).exists() and not path.exists()
    assert ScannedLetter.objects.get(pk=cut.pk).status == "failed"
    assert ScannedLetter.objects.get(pk=fresh.pk).status == "reading"


def test_low_confidence_is_said_plainly(world, rf):
    from django.template.loader import render_to_string
    from django.utils import translation

    letter = ScannedLetter(lines=[{"page": 1, "box": [0, 0, 10, 10], "text": "潦草字迹", "score": 0.55}],
                           confidence=0.55, notes={"blank_pages": [2]})
    with translation.override("zh-hans"):
        html = render_to_string("intake/_letter_notes.html", {"letter": letter, "quality": letters.quality(letter)})
    assert "识别可信度：55%" in html and "可能是手写" in html and "第 2 页未识别出文字" in html
    letter.confidence = 0.97
    letter.lines[0]["score"] = 0.97
    with translation.override("zh-hans"):
        html = render_to_string("intake/_letter_notes.html", {"letter": letter, "quality": letters.quality(letter)})
    assert "识别可信度：97%" in html and "可能是手写" not in html


def test_pdf_with_a_text_layer_gives_a_redacted_pdf_without_it(client, world, immediate,
                                                               django_capture_on_commit_callbacks):
    import pypdfium2 as pdfium

    c = _client(client, "amy")
    _upload(c, world, "来信.pdf", li.weasy_pdf(), django_capture_on_commit_callbacks)
    letter = ScannedLetter.objects.get()
    assert letter.status == "done" and letter.pages_done == 2
    form = c.get(reverse("cases:register") + f"?letter={letter.pk}").context["form"]
    assert form["p0_name"].value() == li.NAME and form["reported_party_name"].value() == li.PARTY
    post = {k: v for k, v in ((name, form[name].value()) for name in form.fields) if v not in (None, "", [])}
    post["letter"] = letter.pk
    assert c.post(reverse("cases:register"), post).status_code == 302
    att = Complaint.objects.get().attachments.get()
    assert att.content_type == "application/pdf"
    pdf = pdfium.PdfDocument(str(attachment_path(att)))
    try:
        assert len(pdf) == 2
        layer = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        pages = [pdf[i].render(scale=150 / 72).to_pil().convert("RGB") for i in range(len(pdf))]
    finally:
        pdf.close()
    assert layer.strip() == ""  # pictures only: the original's text layer did not come along
    seen = "".join(line["text"] for img in pages for line in letters.ocr_page(img))
    assert "偷排废水" in seen
    assert li.NAME not in seen and li.NAME[2:] not in seen and "幸福路18" not in seen
    assert li.PHONE not in _digits(seen) and li.id_number()[-6:] not in _digits(seen)
