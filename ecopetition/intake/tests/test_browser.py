"""The portal and the phone form in a real browser (Debian Chromium via Playwright), under the CSP."""

import os

import pytest
from django.conf import settings

from ecopetition.cases.actions import ComplainantInput, NewComplaint, do_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _shot(page, name):
    folder = os.environ.get("INTAKE_DUMP_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, name), full_page=True)


def _watch(page):
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(f"{m.text} {m.location}")
            if m.type == "error" and "favicon" not in str(m.location.get("url", "")) else None)
    return problems


def test_portal_and_phone_intake(reseeded, page, live_server, world, tmp_path, client):
    # One test on purpose: a transactional test flushes the reference rows other domains' hooks
    # point to, so a second one in this module would fail for reasons that are not ours.
    resident_submits_on_a_phone_and_tracks(page, live_server, tmp_path)
    clerk_sees_earlier_complaints_while_typing_the_number(page, live_server, world, client)
    api_docs_render_without_a_cdn(page, live_server)


def api_docs_render_without_a_cdn(page, live_server):
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector("#swagger-ui .opblock", timeout=20000)
    assert "/api/v1/complaints" in page.locator("#swagger-ui").text_content()
    assert not [u for u in outside if not u.startswith("data:")], outside


def resident_submits_on_a_phone_and_tracks(page, live_server, tmp_path):
    problems = _watch(page)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{live_server.url}/")
    page.click("a[href='/submit/']")
    page.fill("#id_content", "小区旁边的饭店油烟直排，晚上特别严重")
    page.fill("#id_address", "亭湖区解放南路88号")
    page.check("#id_anonymous")
    # a photo over the portal's limit is stopped before sending: what was typed stays
    big = tmp_path / "big.png"
    big.write_bytes(PNG + b"\x00" * settings.INTAKE_PORTAL_PHOTO_MAX_BYTES)
    page.set_input_files("#id_photos", str(big))
    page.click("form.portal-form button.primary")
    page.wait_for_selector("#photos-problem:not([hidden])")
    assert "MB" in page.locator("#photos-problem").text_content()
    assert page.url.endswith("/submit/") and page.input_value("#id_content") == "小区旁边的饭店油烟直排，晚上特别严重"
    photo = tmp_path / "smoke.png"
    photo.write_bytes(PNG)
    page.set_input_files("#id_photos", str(photo))
    _shot(page, "portal-submit.png")
    page.click("form.portal-form button.primary")
    _shot(page, "portal-done.png")
    number = page.locator("#tracking-number").text_content().strip()
    code = page.locator("#query-code").text_content().strip()
    assert number and len(code) == 8
    page.goto(f"{live_server.url}/track/")
    page.fill("#id_number", number)
    page.fill("#id_code", code)
    page.click("form.portal-form button.primary")
    page.wait_for_selector("#case-status")
    assert number in page.locator("#case-status h1").text_content()
    assert not problems, problems


def clerk_sees_earlier_complaints_while_typing_the_number(page, live_server, world, client):
    do_register(NewComplaint(channel="phone", content="去年反映过的噪声", complainants=[ComplainantInput(phone="13700009999")]),
                unit=world.units["county_a"], actor=world.users["amy"])
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    client.force_login(world.users["amy"])
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])
    page.goto(f"{live_server.url}/staff/intake/phone/")
    page.keyboard.type("1370000999")
    page.wait_for_selector("#history-list li", timeout=10000)
    _shot(page, "phone-intake.png")
    assert "去年反映过的噪声" in page.locator("#history-list").text_content()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert not problems, problems
