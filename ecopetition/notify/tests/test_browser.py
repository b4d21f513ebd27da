"""The administrator's outbox page and the "to call" list in a real browser (Debian Chromium via Playwright)."""

import os

import pytest
from django.contrib.auth import get_user_model

from ecopetition.core import clock
from ecopetition.notify.models import OutboundMessage
from ecopetition.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    folder = os.environ.get("NOTIFY_DUMP_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, name), full_page=True)


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_load_state()


def test_outbox_and_calls_in_a_browser(page, live_server, settings):
    get_user_model().objects.create_superuser("root", password=PASSWORD)
    now = clock.now()
    OutboundMessage.objects.create(channel="sms", to="13912345678", body="您的信访件已受理", kind="notice_accepted",
                                   status="sent", backend="stub", attempts=1, created_at=now)
    OutboundMessage.objects.create(channel="sms", to="13800001111", body="x", kind="query_code", status="pending",
                                   backend="aliyun", attempts=1, provider_code="isv.BUSINESS_LIMIT_CONTROL",
                                   error="触发号码天级流控", next_attempt_at=now, created_at=now)
    call = OutboundMessage.objects.create(
        channel="sms", to="0515-88881234", subject="疑似突发环境事件", status="to_call", created_at=now,
        body="请确认收到：https://xf.example.gov.cn/staff/oversight/ack/averyveryveryverylongtokenwithoutanybreak/")
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    _login(page, live_server.url, "root")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/staff/notifications/outbox/")
    assert page.locator("#sms-stub").is_visible() and "开发用模拟通道" in page.locator("#sms-stub").text_content()
    assert "仅记录，未发出" in page.locator("#outbox").text_content()
    assert "短信服务商流控" in page.locator("#outbox").text_content()
    assert "13912345678" not in page.content()
    _shot(page, "outbox.png")

    page.set_viewport_size({"width": 390, "height": 844})  # the callback officer on a phone
    page.goto(f"{live_server.url}/staff/notifications/calls/")
    assert "0515-88881234" in page.locator("#calls").text_content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the list is wider than the phone"
    _shot(page, "calls-phone.png")
    page.click("#calls button.done")
    page.wait_for_load_state()
    assert "暂无需要电话告知的通知" in page.locator("#calls").text_content()
    call.refresh_from_db()
    assert call.status == "called" and call.handled_by.username == "root"
    assert not problems, problems


def test_the_callback_officer_asks_for_the_number_on_a_phone(page, live_server, world):
    """The callback officer reads a landline notice masked, asks for the number (recorded on the case),
    calls and marks it done, on a 390 px phone."""
    from ecopetition.cases.actions import ComplainantInput, NewComplaint, do_register
    from ecopetition.notify import services

    case = do_register(NewComplaint(channel="phone", content="夜间噪声扰民", address="盐城市某路", complainants=[
        ComplainantInput(name="王五", phone="0515-88881234")]), unit=world.units["city"], actor=world.users["cara"],
        via="web")
    services.send_message("sms", "0515-88881234", "信访事项已受理", "王五：您反映的问题已受理。", case=case,
                          kind="notice_accepted")
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.set_viewport_size({"width": 390, "height": 844})
    _login(page, live_server.url, "cole")
    page.goto(f"{live_server.url}/staff/notifications/calls/")
    table = page.locator("#calls")
    assert "0515-88881234" not in table.text_content() and "王五" not in table.text_content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the list is wider than the phone"
    _shot(page, "calls-masked-phone.png")
    table.locator("button.reveal").first.click()
    page.wait_for_load_state()
    assert page.locator('#calls a[href="tel:0515-88881234"]').count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "calls-revealed-phone.png")
    assert case.events.filter(action="phone_view", actor=world.users["cole"]).exists()
    page.locator("#calls button.done").first.click()
    page.wait_for_load_state()
    assert not problems, problems
