"""Tencent Cloud SMS (TC3-HMAC-SHA256) against a local fake that recomputes the signature."""

import datetime as dt
import json
import time

import pytest

from ecopetition.core import clock
from ecopetition.notify import services, tencent
from ecopetition.notify.models import OutboundMessage

from .fakes import FakeTencentSms

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sms(settings):
    with FakeTencentSms() as fake:
        settings.ECOPETITION_NOTIFY_BACKEND = "ecopetition.notify.backends.GatewayBackend"
        settings.ECOPETITION_SMS_PROVIDER = "tencent"
        settings.ECOPETITION_SMS_ENDPOINT = fake.url
        settings.ECOPETITION_SMS_KEY_ID = fake.secret_id
        settings.ECOPETITION_SMS_KEY_SECRET = fake.secret_key
        settings.ECOPETITION_SMS_APP_ID = fake.app_id
        settings.ECOPETITION_SMS_SIGN_NAME = "生态环境局"
        settings.ECOPETITION_SMS_TEMPLATES = "notice_accepted=1000001:case_number,query_code=2000002:number|code|url"
        settings.ECOPETITION_SMS_TIMEOUT = 0.5
        yield fake


def _sms(kind="query_code", params=None):
    return services.send_message("sms", "+86 139-1234-5678", "", "x", kind=kind,
                                 params=params or {"url": "https://x/track/", "code": "ABCD2345", "number": "N1"})


def test_authorization_names_the_scope_and_covers_the_body():
    # The credential scope is the UTC date of the timestamp; a changed body changes the signature.
    a = tencent.authorization("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
                              "sms.tencentcloudapi.com", b'{"a":1}', 1551113065)
    assert a.startswith("TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/sms/tc3_request, "
                        "SignedHeaders=content-type;host, Signature=")
    assert a != tencent.authorization("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
                                      "sms.tencentcloudapi.com", b'{"a":2}', 1551113065)


def test_an_sms_goes_out_with_positional_variables(sms):
    msg = _sms()
    msg.refresh_from_db()
    assert msg.status == "sent" and msg.backend == "tencent" and msg.provider_id.startswith("2028:")
    assert sms.delivered == [{"to": "+8613912345678", "template": "2000002",
                              "params": ["N1", "ABCD2345", "https://x/track/"], "context": f"ecopetition-{msg.pk}"}]


def test_bad_secret_stale_timestamp_and_unknown_template_are_refused(sms, settings):
    settings.ECOPETITION_SMS_KEY_SECRET = "wrong"
    msg = _sms()
    msg.refresh_from_db()
    assert msg.status == "failed" and msg.provider_code == "AuthFailure.SignatureFailure"
    assert "签名" in services.describe(msg)
    settings.ECOPETITION_SMS_KEY_SECRET = sms.secret_key
    headers, body = tencent.request(OutboundMessage.objects.get(pk=msg.pk), now=time.time() - 600)
    assert sms.check({**headers, **{k.lower(): v for k, v in headers.items()}}, body)["Error"]["Code"] == \
        "AuthFailure.SignatureExpire"
    settings.ECOPETITION_SMS_TEMPLATES = "query_code=9999999:number|code|url"
    msg = _sms()
    msg.refresh_from_db()
    assert msg.provider_code == "FailedOperation.TemplateIncorrectOrUnapproved" and "模板" in services.describe(msg)
    assert sms.delivered == []


def test_a_daily_limit_is_retried_later_and_sent_once(sms):
    sms.quota_left = 0
    msg = _sms()
    msg.refresh_from_db()
    assert msg.status == "pending" and msg.provider_code == "LimitExceeded.PhoneNumberDailyLimit"
    assert "流控" in services.describe(msg)
    sms.quota_left = None
    with clock.frozen(msg.next_attempt_at + dt.timedelta(seconds=1)):
        assert services.deliver_pending() == 1
    assert len(sms.delivered) == 1
    row = OutboundMessage.objects.get(pk=msg.pk)
    assert row.status == "sent" and "ABCD2345" not in json.dumps(row.params)


def test_a_time_out_is_never_sent_again(sms):
    sms.hang_seconds = 1.5
    msg = _sms()
    msg.refresh_from_db()
    assert msg.status == "failed" and msg.maybe_delivered and len(sms.delivered) == 1
    sms.hang_seconds = 0
    with clock.frozen(clock.now() + dt.timedelta(days=1)):
        assert services.deliver_pending() == 0
    assert len(sms.delivered) == 1
