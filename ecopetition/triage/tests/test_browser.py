"""In a real browser: as the clerk types, suggestions appear beside the register form; "apply all" fills it."""

import os
import re

import pytest

from ecopetition.testing import PASSWORD, log_in

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


def test_clerk_sees_unsure_and_emergency_plainly(world, live_server, page):
    shots = os.environ.get("TRIAGE_SHOTS", "")
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "cara")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/staff/$"))
    page.goto(f"{base}/staff/cases/new/")
    box = page.locator("#triage-suggestions")
    page.fill("textarea[name=content]", "嗯嗯")
    box.get_by_text("不确定——由登记员判断").first.wait_for(timeout=20000)
    if shots:
        page.screenshot(path=f"{shots}/unsure.png", full_page=True)
    page.fill("textarea[name=content]", "拉化工料的车翻进沟里，沟里直冒烟，味道呛人，快来人！")
    box.get_by_text("疑似突发环境事件").wait_for(timeout=20000)
    assert "值班领导" in box.inner_text()
    if shots:
        page.screenshot(path=f"{shots}/emergency.png", full_page=True)
    page.fill("textarea[name=content]", "文港路上的顺达汽修厂天天露天喷漆，油漆味很大。")
    box.get_by_text("被反映对象（从内容中识别）").wait_for(timeout=20000)
    assert "顺达汽修厂" in box.inner_text()
    if shots:
        page.screenshot(path=f"{shots}/party.png", full_page=True)


def test_clerk_sees_the_same_matter_from_another_person_with_why(world, live_server, page,
                                                                  django_capture_on_commit_callbacks):
    """A neighbour names the foundry by its trade's common name (翻砂厂): the earlier case is shown, with why."""
    from ecopetition.cases import actions

    shots = os.environ.get("TRIAGE_SHOTS", "")
    with django_capture_on_commit_callbacks(execute=True):
        earlier = actions.do_register(actions.NewComplaint(
            channel="phone", content="永兴铸造有限公司冲天炉废气未经处理排放，周边粉尘严重。", address="阜宁县益林镇新民路",
            reported_party_name="阜宁县永兴铸造有限公司",
            complainants=[actions.ComplainantInput(name="刘建国", phone="13951234567")]),
            unit=world.units["city"], actor=world.users["cara"])
    base = live_server.url
    log_in(page, base, "cara")
    page.goto(f"{base}/staff/cases/new/")
    page.fill("input[name=p0_phone]", "13800001111")
    page.fill("input[name=address]", "阜宁县益林镇新民路")
    page.fill("textarea[name=content]", "新民路那个翻砂厂又冒黑烟了，灰落得到处都是。")
    box = page.locator("#triage-suggestions")
    box.get_by_text(earlier.number).first.wait_for(timeout=20000)
    text = box.inner_text()
    assert "新民路" in text and "翻砂" in text and "foundry" not in text
    assert "依据地址" in text and "· address" not in text  # where the division was read from, in words
    if shots:
        page.screenshot(path=f"{shots}/same_matter.png", full_page=True)
