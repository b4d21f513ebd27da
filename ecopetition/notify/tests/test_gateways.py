"""Real gateways against local fakes: Alibaba Cloud SMS (signed requests) and SMTP (AUTH, envelope)."""

import datetime as dt
import json
import socket

import pytest

from ecopetition.core import clock
from ecopetition.notify import aliyun, services
from ecopetition.notify.models import OutboundMessage
from ecopetition.notify.sealing import MASK

from .fakes import FakeAliyunSms, FakeSmtp

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sms(settings):
    with FakeAliyunSms() as fake:
        settings.ECOPETITION_NOTIFY_BACKEND = "ecopetition.notify.backends.GatewayBackend"
        settings.ECOPETITION_SMS_PROVIDER = "aliyun"
        settings.ECOPETITION_SMS_ENDPOINT = fake.url
        settings.ECOPETITION_SMS_KEY_ID = fake.key_id
        settings.ECOPETITION_SMS_KEY_SECRET = fake.secret
        settings.ECOPETITION_SMS_SIGN_NAME = "生态环境局"
        settings.ECOPETITION_SMS_TEMPLATES = "notice_accepted=SMS_100, query_code=SMS_200"
        settings.ECOPETITION_SMS_TIMEOUT = 0.5
        yield fake


def _sms(kind="notice_accepted", to="138 0000 0001", params=None, key=None):
    return services.send_message("sms", to, "", "您的信访件已受理", kind=kind,
                                 params=params if params is not None else {"number": "XF2026-0001"}, dedupe_key=key)


def test_signature_matches_the_published_example():
    # The worked example of the RPC signature description (DescribeRegions, secret "testsecret").
    params = {"AccessKeyId": "testid", "Action": "DescribeRegions", "Format": "XML",
              "SignatureMethod": "HMAC-SHA1", "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
              "SignatureVersion": "1.0", "Timestamp": "2016-02-23T12:46:24Z", "Version": "2014-05-26"}
    assert aliyun.string_to_sign("GET", params).startswith("GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions")
    assert aliyun.sign("GET", params, "testsecret") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    assert aliyun.percent_encode("a b*~é") == "a%20b%2A~%C3%A9"


def test_an_sms_goes_out_signed_with_its_template(sms):
    msg = _sms()
    msg.refresh_from_db()
    assert msg.status == "sent" and msg.backend == "aliyun" and msg.provider_id.startswith("9000")
    assert sms.delivered == [{"to": "13800000001", "template": "SMS_100", "params": {"number": "XF2026-0001"},
                              "out_id": f"ecopetition-{msg.pk}", "sign": "生态环境局"}]


def test_a_wrong_secret_is_refused_as_a_bad_signature_and_not_retried(sms, settings):
    settings.ECOPETITION_SMS_KEY_SECRET = "not-the-secret"
    msg = _sms()
    msg.refresh_from_db()
    assert msg.status == "failed" and msg.provider_code == "SignatureDoesNotMatch" and not msg.maybe_delivered
    assert sms.delivered == []
    assert services.describe(msg).startswith("短信服务商拒绝了签名") or "签名" in services.describe(msg)


def test_replayed_nonce_and_stale_timestamp_are_refused(sms, settings):
    msg = OutboundMessage.objects.create(channel="sms", to="13800000001", body="x", kind="notice_accepted",
                                         params={"number": "A"}, created_at=clock.now())
    import urllib.request
    from urllib.parse import urlencode

    def post(params):
        req = urllib.request.Request(sms.url, data=urlencode(params).encode(), method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(req, timeout=2) as r:  # noqa: S310 - the local fake
                return json.loads(r.read())
        except urllib.error.HTTPError as e:
            return json.loads(e.read())

    fixed = aliyun.request_params(msg, nonce="n-1")
    assert post(fixed)["Code"] == "OK"
    assert post(fixed)["Code"] == "SignatureNonceUsed"
    old = aliyun.request_params(msg, now=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20))
    assert post(old)["Code"] == "InvalidTimeStamp.Expired"
    tampered = dict(aliyun.request_params(msg), PhoneNumbers="13900000009")
    assert post(tampered)["Code"] == "SignatureDoesNotMatch"
    missing = {k: v for k, v in aliyun.request_params(msg).items() if k != "SignName"}
    assert post(missing)["Code"] == "MissingSignName"
    assert len(sms.delivered) == 1


def test_a_template_the_provider_does_not_know_fails_visibly(sms, settings):
    settings.ECOPETITION_SMS_TEMPLATES = "notice_accepted=SMS_999"
    msg = _sms()
    msg.refresh_from_db()
    assert msg.status == "failed" and msg.provider_code == "isv.SMS_TEMPLATE_ILLEGAL" and msg.attempts == 1
    assert "模板" in services.describe(msg)
    no_template = _sms(kind="emergency")
    no_template.refresh_from_db()
    assert no_template.status == "failed" and no_template.provider_code == "no_template"
    assert sms.requests == 1  # the one with no template never left


def test_a_quota_limit_is_retried_with_backoff_and_sent_once(sms):
    sms.quota_left = 0
    msg = _sms()
    msg.refresh_from_db()
    assert msg.status == "pending" and msg.provider_code == "isv.BUSINESS_LIMIT_CONTROL" and msg.attempts == 1
    assert msg.next_attempt_at > clock.now() and "流控" in services.describe(msg)
    assert services.deliver_pending() == 0  # the backoff has not passed: not even tried
    assert sms.requests == 1
    sms.quota_left = 5
    with clock.frozen(msg.next_attempt_at + dt.timedelta(seconds=1)):
        assert services.deliver_pending() == 1
        assert services.deliver_pending() == 0
    msg.refresh_from_db()
    assert msg.status == "sent" and msg.attempts == 2 and len(sms.delivered) == 1


def test_a_quota_limit_that_lasts_gives_up_after_the_last_attempt(sms):
    sms.quota_left = 0
    msg = _sms()
    for day in range(1, services.MAX_ATTEMPTS):
        with clock.frozen(clock.now() + dt.timedelta(days=day)):
            services.deliver_pending()
    msg.refresh_from_db()
    assert msg.status == "failed" and msg.attempts == services.MAX_ATTEMPTS and sms.delivered == []
    assert sms.requests == services.MAX_ATTEMPTS
    assert services.retry_failed(msg.pk)  # the provider answered, so an administrator may send it again
    sms.quota_left = None
    assert services.deliver_pending() == 1 and len(sms.delivered) == 1


def test_a_provider_that_times_out_is_never_sent_twice(sms):
    sms.hang_seconds = 1.5
    msg = _sms()
    msg.refresh_from_db()
    assert msg.status == "failed" and msg.maybe_delivered and msg.provider_code == "timeout"
    assert len(sms.delivered) == 1  # the provider took it: a resend would be a second SMS
    sms.hang_seconds = 0
    with clock.frozen(clock.now() + dt.timedelta(days=1)):
        assert services.deliver_pending() == 0
    assert not services.retry_failed(msg.pk)
    assert len(sms.delivered) == 1 and "可能已" in services.describe(msg)


def test_a_provider_that_is_down_is_retried_later(sms, settings):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        settings.ECOPETITION_SMS_ENDPOINT = f"http://127.0.0.1:{s.getsockname()[1]}/"  # nobody listens
    msg = _sms()
    msg.refresh_from_db()
    assert msg.status == "pending" and msg.provider_code == "unreachable" and not msg.maybe_delivered
    settings.ECOPETITION_SMS_ENDPOINT = sms.url
    with clock.frozen(msg.next_attempt_at):
        assert services.deliver_pending() == 1
    assert len(sms.delivered) == 1


def test_a_landline_gets_no_sms_but_a_call(sms):
    msg = _sms(to="0515-88888888")
    msg.refresh_from_db()
    assert msg.status == "to_call" and sms.requests == 0
    assert services.deliver_pending() == 0 and sms.requests == 0


def test_the_query_code_is_sealed_while_waiting_and_erased_after(sms):
    sms.quota_left = 0
    msg = _sms(kind="query_code", params={"number": "XF1", "code": "ABCD2345"})
    row = OutboundMessage.objects.get(pk=msg.pk)
    assert "ABCD2345" not in json.dumps(row.params) and row.params["code"].startswith("sealed:")
    sms.quota_left = None
    with clock.frozen(row.next_attempt_at):
        assert services.deliver_pending() == 1
    assert sms.delivered[0]["params"] == {"number": "XF1", "code": "ABCD2345"}
    row.refresh_from_db()
    assert row.params == {"number": "XF1", "code": MASK}


@pytest.fixture
def smtp(settings):
    with FakeSmtp() as fake:
        settings.ECOPETITION_NOTIFY_BACKEND = "ecopetition.notify.backends.GatewayBackend"
        settings.EMAIL_URL = f"smtp://mailer:pa55@127.0.0.1:{fake.port}/?from=xf@example.gov.cn&timeout=2"
        yield fake


def test_an_email_goes_through_smtp_with_auth_and_envelope(smtp):
    msg = services.send_message("email", "police@example.org", "紧急：XF1", "请确认：https://x/ack/1/")
    msg.refresh_from_db()
    assert msg.status == "sent" and msg.backend == "smtp" and msg.provider_id
    [mail] = smtp.mails
    assert mail["from"] == "xf@example.gov.cn" and mail["to"] == ["police@example.org"]
    assert "请确认".encode() in mail["data"] or b"Subject: =?utf-8?" in mail["data"]


def test_smtp_wrong_password_and_refused_recipient_fail_visibly(smtp, settings):
    settings.EMAIL_URL = f"smtp://mailer:wrong@127.0.0.1:{smtp.port}/"
    msg = services.send_message("email", "a@example.org", "S", "B")
    msg.refresh_from_db()
    assert msg.status == "failed" and msg.provider_code == "smtp_auth" and smtp.auth_failures >= 1
    assert "登录" in services.describe(msg)
    settings.EMAIL_URL = f"smtp://mailer:pa55@127.0.0.1:{smtp.port}/"
    msg = services.send_message("email", "nobody@example.org", "S", "B")
    msg.refresh_from_db()
    assert msg.status == "failed" and msg.provider_code == "smtp_recipient" and smtp.mails == []


def test_email_url_forms():
    from ecopetition.notify.smtp import parse_email_url

    c = parse_email_url("smtp://u%40x:p%2Fw@mail.example.org:587/?tls=1&from=a@b.c")
    assert (c.host, c.port, c.user, c.password, c.starttls, c.ssl, c.sender) == (
        "mail.example.org", 587, "u@x", "p/w", True, False, "a@b.c")
    c = parse_email_url("smtps://mail.example.org/", "d@e.f")
    assert (c.port, c.ssl, c.starttls, c.sender) == (465, True, False, "d@e.f")
    with pytest.raises(ValueError):
        parse_email_url("http://mail.example.org/")


def test_a_pending_landline_from_before_is_kept_for_a_call(sms):
    msg = OutboundMessage.objects.create(channel="sms", to="0515-88888888", body="x", kind="notice_accepted",
                                         params={"number": "A"}, created_at=clock.now())
    assert services.deliver_pending() == 0
    msg.refresh_from_db()
    assert msg.status == "to_call" and sms.requests == 0


def test_a_query_code_left_sending_by_a_dead_worker_is_erased_when_given_up(sms):
    from ecopetition.notify.sealing import seal_params

    msg = OutboundMessage.objects.create(channel="sms", to="13800000001", body="x", kind="query_code",
                                         params=seal_params({"number": "A", "code": "ZZZZ2222"}),
                                         status="sending", sent_at=clock.now(), created_at=clock.now())
    with clock.frozen(clock.now() + services.STALE_SENDING + dt.timedelta(seconds=1)):
        assert services.deliver_pending() == 0
    msg.refresh_from_db()
    assert msg.status == "failed" and msg.maybe_delivered and msg.params == {"number": "A", "code": MASK}
    assert sms.requests == 0
