"""A scanned letter in a real browser: the clerk uploads, watches the progress, confirms the
pre-filled form; the handling unit's officer then sees only the redacted copy."""

import os
import threading
import time

import pytest
from django.conf import settings

from ecopetition.cases import actions
from ecopetition.cases.models import Complaint
from ecopetition.intake import letters

from . import letter_images as li

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    folder = os.environ.get("INTAKE_DUMP_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, name), full_page=True)


def _login(page, client, live_server, user):
    page.context.clear_cookies()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])


def test_clerk_registers_a_scanned_letter_and_the_officer_sees_it_redacted(
        reseeded, page, live_server, world, tmp_path, client, monkeypatch):
    def worker(letter_id):  # the background worker, a moment later (as `ecopetition worker` would)
        def run():
            time.sleep(1.5)
            letters.read(letter_id)
        threading.Thread(target=run, daemon=True).start()

    monkeypatch.setattr(letters, "schedule", worker)
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.set_viewport_size({"width": 1280, "height": 900})
    _login(page, client, live_server, world.users["amy"])
    # bad input first: a spreadsheet as a letter, then a blank page
    page.goto(f"{live_server.url}/staff/intake/letters/")
    sheet = tmp_path / "名单.xlsx"
    sheet.write_bytes(b"PK\x03\x04 not a letter")
    page.set_input_files("#id_file", str(sheet))
    page.click("#letter-form button[type=submit]")
    _shot(page, "letter-bad-file.png")
    assert "不是扫描来信" in page.locator("#letter-form").text_content()
    blank = tmp_path / "空白.png"
    blank.write_bytes(li.png(li.blank_page(600, 800)))
    page.set_input_files("#id_file", str(blank))
    page.click("#letter-form button[type=submit]")
    page.wait_for_selector("text=没有识别出文字", timeout=30000)
    _shot(page, "letter-blank.png")

    page.goto(f"{live_server.url}/staff/cases/new/")
    page.click("text=扫描来信登记")
    scan = tmp_path / "来信.png"
    scan.write_bytes(li.png(li.letter_page()))
    page.set_input_files("#id_file", str(scan))
    _shot(page, "letter-upload.png")
    page.click("#letter-form button[type=submit]")
    page.wait_for_selector("#letter-progress")
    _shot(page, "letter-progress.png")
    page.wait_for_url("**/staff/cases/new/?letter=*", timeout=30000)
    _shot(page, "letter-register.png")
    assert page.input_value("[name=p0_name]") == li.NAME
    assert page.input_value("[name=p0_phone]") == li.PHONE
    assert "识别可信度" in page.locator("#letter-card").text_content()
    page.click("#register-form button[type=submit]")
    page.wait_for_url("**/staff/cases/*/")
    _shot(page, "letter-case-clerk.png")
    assert page.locator("#panel-letter").count() == 1

    case = Complaint.objects.get()
    assert case.attachments.count() == 1
    actions.do_accept(case, actor=world.users["amy"])
    actions.do_assign(case, actor=world.users["adam"], lead_unit=world.units["county_a_eco"])
    _login(page, client, live_server, world.users["oscar"])
    page.goto(f"{live_server.url}/staff/cases/{case.number}/")
    _shot(page, "letter-case-officer.png")
    # no original for the officer; the content as written is masked by the identity rule, not here
    assert page.locator("#panel-letter").count() == 0
    title = page.locator("main h2").first.text_content()  # the summary, shown on every list
    assert li.PARTY in title and li.NAME not in title and li.PHONE not in title
    att = case.attachments.get()
    page.goto(f"{live_server.url}/staff/cases/{case.number}/files/{att.pk}/")
    _shot(page, "letter-redacted-officer.png")
    r = page.request.get(f"{live_server.url}/staff/intake/letters/{case.scanned_letter.pk}/original/")
    assert r.status == 404
    assert not problems, problems
