"""In a real browser: as the clerk types, suggestions appear beside the register form; "apply all" fills it."""

import os
import re

import pytest

from ecopetition.testing import PASSWORD

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)


def test_clerk_sees_and_applies_suggestions(world, live_server, page, django_capture_on_commit_callbacks):
    from ecopetition.cases import actions

    with django_capture_on_commit_callbacks(execute=True):
        earlier = actions.do_register(actions.NewComplaint(
            channel="phone", content="南洋镇养猪场粪水排进河里", complainants=[
                actions.ComplainantInput(name="刘建国", phone="13951234567")]),
            unit=world.units["city"], actor=world.users["cara"])
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "cara")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/staff/$"))
    page.goto(f"{base}/staff/cases/new/")
    page.fill("input[name=p0_phone]", "13951234567")
    page.fill("input[name=address]", "盐城市亭湖区南洋镇")
    page.fill("textarea[name=content]", "村东头的养猪场粪水直接排进河里，整条河又黑又臭，请尽快处理。")
    box = page.locator("#triage-suggestions")
    box.locator("[data-triage-apply=all]").wait_for(timeout=20000)
    assert earlier.number in box.inner_text()
    box.locator("[data-triage-apply=all]").click()
    assert page.is_checked("input[name=categories][value=water]")
    assert page.input_value("select[name=sector]") == "livestock"
    assert page.input_value("input[name=division_code]") == "320902"
