"""In a real browser (Debian's Chromium, headless): the city leader convenes a meeting from the automatic agenda,
records minutes and a decision that becomes a supervision order, prints the agenda, and a supervisor sends a
typical problem to a department."""

import os
import re

import pytest

from ecopetition.testing import log_in

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
if not os.path.exists(CHROMIUM):
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing on CI")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)


def test_meeting_and_typical_problem(world, live_server, page):
    from ecopetition.cases import actions as core
    from ecopetition.deadlines.models import SupervisionOrder
    from ecopetition.meetings.models import Meeting, TypicalProblem

    case = core.do_register(core.NewComplaint(
        channel="phone", content="化工厂夜间偷排", title="王小明反映化工厂偷排", is_starred=True,
        complainants=[core.ComplainantInput(name="王小明", phone="13812345678")], division_code="320902"),
        unit=world.units["city"], actor=world.users["cara"])
    base = live_server.url
    log_in(page, base, "lee")
    page.goto(f"{base}/staff/meetings/")
    page.check(f"#mt-new input[name=attending][value='{world.units['county_a_eco'].pk}']")
    page.click("#mt-new button.primary")
    page.wait_for_url(re.compile(r".*/staff/meetings/\d+/$"))
    item = page.locator(".mt-item").first
    assert case.number in item.inner_text() and "王小明" not in page.content()
    item.locator("textarea[name=minutes]").fill("承办单位汇报现场情况")
    item.locator(".mt-minutes button").click()
    item = page.locator(".mt-item").first
    item.locator("textarea[name=text]").fill("五日内查清上报")
    item.locator("select[name=unit]").select_option(str(world.units["county_a_eco"].pk))
    item.locator(".mt-decide button").click()
    assert SupervisionOrder.objects.filter(complaint=case).count() == 1
    assert "DB" in page.locator(".mt-item").first.inner_text()
    m = Meeting.objects.get()
    with page.expect_download() as dl:
        page.click("#mt-print a:first-child")
    assert dl.value.suggested_filename == f"{m.number}-agenda.pdf"

    log_in(page, base, "sue")
    page.goto(f"{base}/staff/meetings/problems/?area={world.units['city'].pk}")
    page.fill("#mt-new-problem input[name=title]", "餐饮油烟投诉反复")
    page.fill("#mt-new-problem textarea[name=analysis]", "本月餐饮油烟投诉增加")
    page.fill("#mt-new-problem textarea[name=requirements]", "开展专项整治并书面反馈")
    page.select_option("#mt-new-problem select[name=department]", str(world.units["city_urban"].pk))
    page.click("#mt-new-problem button.primary")
    page.wait_for_url(re.compile(r".*/staff/meetings/problems/\d+/$"))
    p = TypicalProblem.objects.get()
    assert p.department == world.units["city_urban"] and p.status == "open"
