"""In a real browser (Debian's Chromium, headless): a clerk registers a complaint, the dispatcher finds it."""

import os
import re

import pytest

from ecopetition.testing import log_in

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
if not os.path.exists(CHROMIUM):
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing on CI: .ci/run should have installed Debian's chromium")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)




def test_clerk_registers_and_dispatcher_finds_it(world, live_server, page, tmp_path):
    base = live_server.url
    log_in(page, base, "cara")
    page.click("nav a[href=\"/staff/cases/new/\"]")
    page.select_option("select[name=channel]", "visit")
    assert page.is_visible("input[name=head_count]")  # visits show the head count
    page.fill("input[name=head_count]", "6")
    page.fill("input[name=p0_name]", "刘建国")
    page.fill("input[name=p0_phone]", "13951234567")
    page.fill("textarea[name=content]", "村东头的养猪场粪水直接排进河里，整条河又黑又臭，请尽快处理。")
    page.fill("input[name=address]", "盐城市亭湖区南洋镇")
    page.check("input[name=categories][value=water]")
    page.click("#register-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/staff/cases/C3209-\d{8}-\d{4}/$"))
    number = page.url.rstrip("/").rsplit("/", 1)[1]
    assert page.inner_text("#case-state") == "已登记"
    page.screenshot(path=str(tmp_path / "case.png"), full_page=True)
    # Accept it as the clerk, then the dispatcher sees it waiting to be assigned.
    page.click("details[data-action=accept] summary")
    page.click("details[data-action=accept] button")
    assert page.inner_text("#case-state") == "已受理"
    log_in(page, base, "dan")
    group = page.locator("section[data-queue=assign]")
    assert number in group.inner_text()
    group.locator(f"text={number}").click()
    assert "刘**" in page.inner_text("#complainants")  # masked for the dispatcher
    assert "刘建国" not in page.content()
