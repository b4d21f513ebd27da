"""In a phone-sized browser: the officer signs for a case, arrives on site, adds a photo, reports findings and measures."""

import datetime as dt
import os
import re

import pytest

from ecopetition.cases import actions as A
from ecopetition.cases.models import Complaint
from ecopetition.core import clock
from ecopetition.fieldwork.models import Measure, Rectification, SiteVisit
from ecopetition.testing import PASSWORD, log_in

from .helpers import new_case

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
if not os.path.exists(CHROMIUM):
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing on CI")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SITE = {"latitude": 33.3862, "longitude": 120.1631}


@pytest.fixture(autouse=True)
def _fresh_policy_cache():
    # The deadlines app caches its policies for 30 s; a flushed and restored database gives them new ids.
    try:
        from ecopetition.deadlines.clocks import invalidate_policies
    except ImportError:
        yield
        return
    invalidate_policies()
    yield
    invalidate_policies()


@pytest.fixture(autouse=True)
def _document_templates(transactional_db):
    # A live-server test flushes the tables after it, seeded rows included: put the templates back.
    from ecopetition.documents.defaults import DEFAULT_TEMPLATES
    from ecopetition.documents.models import DocumentTemplate

    for kind, (title, body) in DEFAULT_TEMPLATES.items():
        DocumentTemplate.objects.get_or_create(kind=kind, active=True, defaults={"title": title, "body": body})


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
    page.click("button:has-text('上传照片')")  # the hint above the form names the step too
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




PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


def open_action(page, action: str):
    if page.get_attribute(f"details[data-action={action}]", "open") is None:
        page.click(f"details[data-action={action}] summary")


def act(page, action: str):
    open_action(page, action)
    with page.expect_navigation():
        page.click(f"details[data-action={action}] button[name=go]")


def test_from_report_to_closing_on_a_phone(world, live_server, page):
    from ecopetition.fieldwork import actions as F

    page.on("dialog", lambda dialog: dialog.accept())
    case = new_case(world)
    A.do_accept(case, actor=world.users["cara"])
    A.do_assign(case, actor=world.users["dan"], lead_unit=world.units["county_a"])
    A.do_sign_for(case, actor=world.users["otto"])
    F.do_site_visit(case, actor=world.users["otto"], lat=33.38, lon=120.16)
    F.do_report_findings(case, actor=world.users["otto"], finding="partly", result="部分属实，已责令整改。", measures=[
        F.MeasureInput("rectify", items=[F.RectifyItem("清运露天堆放的危险废物", clock.localdate() + dt.timedelta(days=7))])])
    base = live_server.url
    detail = f"{base}/staff/cases/{case.number}/"
    # Supervisor, clerk and callback officer work at a desk: the console's case page does not fold to
    # a phone's width yet (its two columns and the clocks table overflow). The officer's steps are on a phone.
    page.set_viewport_size(DESK)

    log_in(page, base, "sue")  # the supervisor reviews
    page.goto(detail)
    act(page, "review")
    assert page.inner_text("#case-state") == "已审核"

    log_in(page, base, "cara")  # the clerk opens the reply draft and sends it (the check's findings overridden)
    page.goto(detail)
    page.click("[data-action=reply] a")
    page.wait_for_url(re.compile(r".*/reply/$"))
    page.select_option("select[name=method]", "sms")
    page.fill("textarea[name=reason]", "事实部分已在电话中向信访人说明")
    page.once("dialog", lambda d: d.accept())
    page.click("#send-reply")
    page.wait_for_url(re.compile(r".*/staff/cases/[^/]+/$"))
    assert page.locator("#panel-documents a[href$='.pdf']").count() == 1
    assert page.inner_text("#case-state") == "已答复"
    # The documents panel never forces the page wider than a phone (its narrowest layout fits).
    assert page.evaluate("""() => { const p = document.getElementById('panel-documents');
        p.style.width = '10px'; const w = p.scrollWidth; p.style.width = ''; return w; }""") <= 360

    log_in(page, base, "cole")  # the callback officer asks the complainant and a resident
    for respondent, name, result in (("complainant", "", "satisfied"), ("resident", "李四", "basic")):
        page.goto(detail)
        open_action(page, "callback")
        form = page.locator("details[data-action=callback] form")
        form.locator("select[name$=respondent]").select_option(respondent)
        form.locator("input[name$=respondent_name]").fill(name)
        form.locator(f"input[name$=result][value={result}]").check()
        with page.expect_navigation():
            form.locator("button[name=go]").click()
    assert page.inner_text("#case-state") == "已回访"
    assert "100%" in page.inner_text("#panel-callbacks")

    log_in(page, base, "cara")  # while the rectification is open, closing is not offered: stage closing is
    page.goto(detail)
    assert page.locator("details[data-action=close]").count() == 0
    assert page.locator("details[data-action=stage_close]").count() == 1
    assert "清运露天堆放的危险废物" in page.content()
    assert Complaint.objects.get(pk=case.pk).state == "called_back"

    page.set_viewport_size(PHONE)
    # Not the lead unit's own officer: the supervisor checks on site and strikes it off, from a phone.
    log_in(page, base, "sue")
    page.goto(detail)
    page.fill("form.verify input[name=note]", "已全部清运，现场无残留。")
    page.click("form.verify button[value='1']")
    page.wait_for_selector(".messages .msg-success")

    assert fits_the_screen(page)
    page.set_viewport_size(DESK)
    log_in(page, base, "cara")
    page.goto(detail)
    act(page, "close")
    assert page.inner_text("#case-state") == "已办结"
    assert Rectification.objects.get(complaint=case).status == "verified"


def test_stage_closing_by_the_clerk_followed_up_on_the_officers_phone(world, live_server, page):
    """阶段办结: the clerk stage-closes from the case page; the officer's phone shows the follow-up."""
    from ecopetition.cases.models import State
    from ecopetition.deadlines.models import DeadlinePolicy
    from ecopetition.deadlines.seed import seed_policies
    from ecopetition.fieldwork import actions as F

    from .helpers import in_progress

    seed_policies(DeadlinePolicy)  # the live server's flush removed the shipped policies
    case = in_progress(world)
    item = F.RectifyItem("安装活性炭吸附装置", clock.localdate() + dt.timedelta(days=60))
    F.do_report_findings(case, actor=world.users["otto"], finding="founded", result="属实",
                         measures=[F.MeasureInput(kind="rectify", items=[item])])
    A.do_review(case, actor=world.users["sue"], passed=True)
    A.do_reply(case, actor=world.users["cara"], text="答复", method="sms")
    A.do_callback(case, actor=world.users["cole"], result="satisfied")
    base = live_server.url

    log_in(page, base, "cara")
    page.goto(f"{base}/staff/cases/{case.number}/")
    assert page.locator("details[data-action=close]").count() == 0  # plain closing waits for the item
    page.on("dialog", lambda d: d.accept())
    page.click("details[data-action=stage_close] summary")
    page.fill("details[data-action=stage_close] textarea", "调查和答复已完成，整改跟踪至销号。")
    page.click("details[data-action=stage_close] button[name=go]")
    page.wait_for_selector("#panel-stage")
    assert "整改事项已销号 0 / 1 项。" in page.inner_text("#panel-stage")
    assert Complaint.objects.get(pk=case.pk).state == State.STAGE_CLOSED

    log_in(page, base, "otto")
    page.goto(f"{base}/staff/fieldwork/")
    assert "阶段办结" in page.inner_text(".field-list >> nth=-1")
    page.goto(f"{base}/staff/fieldwork/{case.number}/")
    follow = page.inner_text("#stage-followup")
    assert "跟踪整改期限至" in follow and "0 / 1" in follow
    assert fits_the_screen(page)
