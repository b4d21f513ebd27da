"""In a real browser (Debian's Chromium, headless): a re-check overturns an "unfounded" finding, the leader on
duty acknowledges an emergency and marks it handled, and the inspector reads the verified history and marks it."""

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




def test_three_oversight_flows(world, live_server, page):
    from ecopetition.core import clock
    from ecopetition.oversight import emergency
    from ecopetition.oversight.models import DutyRoster, EmergencyContact

    from .helpers import register, walk_to_closed

    base = live_server.url
    # 1. Re-check: the county above the eco bureau overturns its "unfounded" finding.
    case = walk_to_closed(world)
    log_in(page, base, "ada")
    page.goto(f"{base}/staff/cases/{case.number}/")
    page.fill("#panel-recheck input[name=reason]", "群众再次反映夜间偷排")
    page.click("#panel-recheck button")
    page.wait_for_url(re.compile(r".*/staff/oversight/rechecks/\d+/$"))
    page.fill("textarea[name=findings]", "夜间暗管排放属实")
    page.check("input[name=decision][value=overturn]")
    page.click("form.ov-form button")
    assert page.is_visible("#responsibility")
    page.goto(f"{base}/staff/cases/{case.number}/")
    assert page.inner_text("#case-state") == "办理中"

    # 2. Emergency: the leader on duty acknowledges and marks it handled.
    DutyRoster.objects.create(unit=world.units["city"], date=clock.localdate(), leader=world.users["lee"])
    EmergencyContact.objects.create(division_code="320902", kind="police", name="亭湖公安分局", phone="110")
    em = register(world, content="河里大量死鱼，疑似化工泄漏", is_emergency=True)
    emergency.raise_alert(em.pk)  # the hook runs on commit; live-server tests commit, but keep it explicit
    log_in(page, base, "lee")
    page.goto(f"{base}/staff/cases/{em.number}/")
    leader_row = page.locator("#panel-emergency tr[data-recipient=leader]")
    leader_row.locator("button").click()
    assert "✔" in page.locator("#panel-emergency tr[data-recipient=leader]").inner_text()
    page.fill("#panel-emergency form[action$='/handled/'] input[name=note]", "公安已封控现场，监测人员已到场")
    page.locator("#panel-emergency form[action$='/handled/'] button").click()
    assert "已处置" in page.inner_text("#panel-emergency")

    # 3. Inspector: reads the verified history, marks the re-checked case; no action buttons anywhere.
    log_in(page, base, "ian")
    page.goto(f"{base}/staff/cases/{case.number}/")
    assert page.locator("#actions details").count() == 0
    page.goto(f"{base}/staff/oversight/cases/{case.number}/")
    assert "审计链校验通过" in page.inner_text("#verification")
    page.fill("#ov-marks textarea[name=reason]", "核查推翻不属实结论，需倒查责任")
    page.click("#ov-marks button")
    assert "核查推翻不属实结论" in page.inner_text("#ov-marks")
