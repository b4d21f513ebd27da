"""In a phone-sized browser: the officer signs for a case, arrives on site, adds a photo, reports findings and measures."""

import datetime as dt
import os
import re

import pytest

from ecopetition.cases import actions as A
from ecopetition.cases.models import Complaint
from ecopetition.core import clock
from ecopetition.fieldwork.models import Measure, Rectification, SiteVisit
from ecopetition.testing import PASSWORD

from .helpers import new_case

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
if not os.path.exists(CHROMIUM):
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing on CI")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SITE = {"latitude": 33.3862, "longitude": 120.1631}


@pytest.fixture
def browser_context_args(browser_context_args):
    # An iPhone-sized screen, touch, and a position the page may read.
    return {
        **browser_context_args,
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "geolocation": SITE,
        "permissions": ["geolocation"],
        "locale": "zh-CN",
    }


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_officer_field_flow_on_a_phone(world, live_server, page, tmp_path):
    case = new_case(world)
    A.do_accept(case, actor=world.users["cara"])
    A.do_assign(case, actor=world.users["dan"], lead_unit=world.units["county_a"])
    base = live_server.url

    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "otto")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/staff/$"))

    page.goto(f"{base}/staff/fieldwork/")
    page.click(f"text={case.number}")
    page.wait_for_url(re.compile(rf".*/staff/fieldwork/{case.number}/$"))
    page.click("#sign-for")
    page.wait_for_selector("#arrived")
    assert fits_the_screen(page)

    page.click("#arrived")  # the page asks the phone for its position, then sends
    page.wait_for_selector("p.visit")
    visit = SiteVisit.objects.get(complaint=case)
    assert abs(visit.lat - SITE["latitude"]) < 1e-4 and abs(visit.lon - SITE["longitude"]) < 1e-4

    assert page.get_attribute("#photo", "capture") == "environment"
    page.set_input_files("#photo", files=[{"name": "site.png", "mimeType": "image/png", "buffer": PNG}])
    page.click("text=上传照片")
    page.wait_for_selector("text=site.png")

    # A fine without its amount is refused with a message naming it; what was typed stays.
    page.check("input[name=finding][value=founded]")
    page.fill("#result", "喷涂车间夜间未开启废气处理设施，直排属实。")
    page.check("input[name=measure][value=fine]")
    assert page.is_visible("#fine_amount")  # ticking a measure shows its fields
    page.click("#send-report")
    page.wait_for_selector(".messages .msg-error")
    assert "罚款金额" in page.inner_text(".messages")
    assert page.input_value("#result").startswith("喷涂车间")

    page.fill("#fine_amount", "50000")
    page.check("input[name=measure][value=rectify]")
    page.fill("#rectify_items", "安装活性炭吸附装置\n建立废气处理设施运行台账")
    page.fill("#rectify_deadline", (clock.localdate() + dt.timedelta(days=15)).isoformat())
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    page.click("#send-report")
    page.wait_for_selector(".messages .msg-success")
    assert page.inner_text("#case-state") == "已上报"
    assert fits_the_screen(page)

    case = Complaint.objects.get(pk=case.pk)
    assert case.state == "reported" and case.finding == "founded"
    assert Measure.objects.get(complaint=case, kind="fine").fine_amount == 50000
    assert Rectification.objects.filter(complaint=case).count() == 2
    assert case.attachments.count() == 1
