"""The portal sends the query code by SMS; the administrator's outbox page; the "to call" list."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ecopetition.cases.actions import ComplainantInput, NewComplaint, do_register
from ecopetition.cases.models import Channel
from ecopetition.notify import services
from ecopetition.notify.models import OutboundMessage
from ecopetition.org.models import Membership, Role
from ecopetition.testfixtures import no_triage, no_triage_on_register  # noqa: F401

from .fakes import FakeAliyunSms

pytestmark = pytest.mark.django_db



@pytest.fixture
def sms(settings):
    with FakeAliyunSms() as fake:
        settings.ECOPETITION_SMS_PROVIDER = "aliyun"
        settings.ECOPETITION_SMS_ENDPOINT = fake.url
        settings.ECOPETITION_SMS_KEY_ID = fake.key_id
        settings.ECOPETITION_SMS_KEY_SECRET = fake.secret
        settings.ECOPETITION_SMS_SIGN_NAME = "生态环境局"
        settings.ECOPETITION_SMS_TEMPLATES = "query_code=SMS_200,notice_accepted=SMS_100"
        settings.ECOPETITION_SITE_URL = "https://xf.example.gov.cn"
        yield fake


def _submit(client, phone):
    return client.post(reverse("portal:submit"), {
        "content": "河边小厂晚上偷排污水，河水发黑发臭", "address": "亭湖区某河边", "category": "water",
        "name": "李四", "phone": phone})


def test_the_portal_sends_the_query_code_to_a_mobile(client, world, sms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = _submit(client, "139 1234 5678")
    html = r.content.decode()
    code = html.split('id="query-code">')[1].split("<")[0]
    number = html.split('id="tracking-number">')[1].split("<")[0]
    assert 'id="code-sent"' in html and "139****5678" in html
    [sent] = sms.delivered
    assert sent["to"] == "13912345678" and sent["template"] == "SMS_200"
    assert sent["params"] == {"number": number, "code": code, "url": "https://xf.example.gov.cn/track/"}
    row = OutboundMessage.objects.get(kind="query_code")
    assert row.status == "sent" and code not in row.body and code not in str(row.params)


def test_no_query_code_sms_to_a_landline(client, world, sms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = _submit(client, "0515-88881234")
    assert r.status_code == 200 and 'id="code-sent"' not in r.content.decode()
    assert not OutboundMessage.objects.filter(kind="query_code").exists() and sms.requests == 0


def _case(world, phone="0515-88881234"):
    data = NewComplaint(channel=Channel.PHONE, content="夜间噪声扰民", address="盐城市某路",
                        complainants=[ComplainantInput(name="王五", phone=phone)])
    return do_register(data, unit=world.units["city"], actor=world.users["cara"], via="web")


def test_outbox_page_says_the_stub_sends_nothing_and_masks_numbers(client, world, settings):
    admin = get_user_model().objects.create_user("root", password="x")
    Membership.objects.create(user=admin, unit=world.units["province"], role=Role.ADMIN)
    case = _case(world)
    services.send_message("sms", "13912345678", "", "您的信访件已受理", case=case, kind="notice_accepted")
    OutboundMessage.objects.update(status="sent", backend="stub")
    client.force_login(world.users["cara"])
    assert client.get(reverse("notify:outbox")).status_code == 403
    client.force_login(admin)
    html = client.get(reverse("notify:outbox")).content.decode()
    assert 'id="sms-stub"' in html and "开发用模拟通道" in html and "仅记录，未发出" in html
    assert "139****5678" in html and "13912345678" not in html
    settings.ECOPETITION_SMS_PROVIDER = "aliyun"
    OutboundMessage.objects.update(status="failed", backend="aliyun", provider_code="isv.BUSINESS_LIMIT_CONTROL",
                                   error="触发号码天级流控Permits:10")
    html = client.get(reverse("notify:outbox") + "?status=failed").content.decode()
    assert 'id="sms-stub"' not in html and "短信服务商流控" in html and "isv.BUSINESS_LIMIT_CONTROL" in html
    assert "重新发送" in html
    # Provider chosen but not configured: said at the top of the page, with what is missing.
    assert "ECOPETITION_SMS_KEY_ID 未设置" in html and "受理告知" in html


def test_a_landline_notice_waits_for_a_call_by_the_callback_officer(client, world):
    case = _case(world)
    msg = services.send_message("sms", "0515-88881234", "信访事项已受理", "您反映的问题已受理", case=case,
                                kind="notice_accepted")
    assert OutboundMessage.objects.get(pk=msg.pk).status == "to_call"
    client.force_login(world.users["bea"])  # another county's clerk: not her case, not her complainant
    assert "0515-88881234" not in client.get(reverse("notify:calls")).content.decode()
    assert client.post(reverse("notify:call_done", args=[msg.pk])).status_code == 404
    client.force_login(world.users["cole"])  # the callback officer: the notice, the number only on asking
    html = client.get(reverse("notify:calls")).content.decode()
    assert "0515-88881234" not in html and case.number in html and "您反映的问题已受理" in html
    assert not case.events.filter(action="phone_view").exists()
    html = client.post(reverse("notify:call_reveal", args=[msg.pk])).content.decode()
    assert 'href="tel:0515-88881234"' in html
    view = case.events.get(action="phone_view")
    assert view.actor == world.users["cole"]
    assert client.post(reverse("notify:call_done", args=[msg.pk])).status_code == 302
    msg.refresh_from_db()
    assert msg.status == "called" and msg.handled_by == world.users["cole"]
    assert "暂无需要电话告知的通知" in client.get(reverse("notify:calls")).content.decode()


def test_the_call_list_masks_the_notice_and_keeps_staff_alerts_to_administrators(client, world):
    case = _case(world)
    name = case.complainants.first().name
    notice = services.send_message("sms", "0515-88881234", "信访事项不予受理",
                                   f"您反映的“{name}反映的问题”不予受理：{name}电话0515-88881234", case=case,
                                   kind="notice_rejected")
    alert = services.send_message("sms", "0515-86660000", "疑似突发环境事件", "请确认收到：/staff/oversight/ack/tok123/",
                                  case=case, kind="emergency")
    assert OutboundMessage.objects.get(pk=notice.pk).status == "to_call"
    assert OutboundMessage.objects.get(pk=alert.pk).status == "to_call"
    client.force_login(world.users["cole"])
    html = client.get(reverse("notify:calls")).content.decode()
    assert "不予受理" in html and name not in html and "0515-88881234" not in html
    assert "tok123" not in html and "0515-86660000" not in html
    assert client.post(reverse("notify:call_reveal", args=[alert.pk])).status_code == 404
    client.force_login(world.users["cara"])  # the registering clerk sees her complainant's notice in full
    html = client.get(reverse("notify:calls")).content.decode()
    assert name in html and "0515-88881234" in html
