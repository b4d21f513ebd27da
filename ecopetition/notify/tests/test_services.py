"""send_message: inbox and outbox, dedupe, delivery after commit through the configured backend."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from ecopetition.core.exceptions import ValidationError
from ecopetition.notify import services
from ecopetition.notify.models import Notification, OutboundMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return get_user_model().objects.create_user("nina", password="x")


def test_inbox_message_and_unread_count(user):
    n = services.send_message("inbox", user, "Subject", "Body")
    assert n.created and services.unread_count(user) == 1
    again = services.send_message("inbox", user.pk, "Subject", "Body", dedupe_key="k1")
    same = services.send_message("inbox", user.pk, "Subject", "Body", dedupe_key="k1")
    assert again.created and not same.created and same.pk == again.pk
    assert services.mark_read(user) == 2
    assert services.unread_count(user) == 0


def test_sms_goes_to_the_outbox_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        msg = services.send_message("sms", "13800000000", "", "您的信访件已受理", dedupe_key="sms:1")
        dup = services.send_message("sms", "13800000000", "", "您的信访件已受理", dedupe_key="sms:1")
        assert OutboundMessage.objects.get(pk=msg.pk).status == "pending"  # nothing before commit
    assert len(callbacks) == 1 and not dup.created
    msg.refresh_from_db()
    assert msg.status == "sent" and msg.attempts == 1
    assert OutboundMessage.objects.count() == 1


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.send_message("email", "a@example.org", "Hi", "Body")
                raise RuntimeError("the action failed")
        except RuntimeError:
            pass
    assert callbacks == [] and OutboundMessage.objects.count() == 0


class Broken:
    def send(self, message):
        raise ConnectionError("gateway down")


def test_a_failing_backend_keeps_the_message_for_retry(settings, django_capture_on_commit_callbacks):
    settings.ECOPETITION_NOTIFY_BACKEND = "ecopetition.notify.tests.test_services.Broken"
    with django_capture_on_commit_callbacks(execute=True):
        msg = services.send_message("sms", "13800000000", "", "x")
    msg.refresh_from_db()
    assert msg.status == "pending" and "gateway down" in msg.error
    settings.ECOPETITION_NOTIFY_BACKEND = "ecopetition.notify.backends.OutboxBackend"
    assert services.deliver_pending() == 0  # not before its backoff has passed
    from ecopetition.core import clock

    with clock.frozen(msg.next_attempt_at):
        assert services.deliver_pending() == 1
    msg.refresh_from_db()
    assert msg.status == "sent" and msg.attempts == 2


class DiesWhileSending:
    """The process ends (a SIGKILL, as far as the database can tell) while the gateway has the message."""

    def send(self, message):
        raise SystemExit("killed")


def test_a_message_interrupted_while_sending_is_never_sent_twice(settings):
    import datetime as dt

    from ecopetition.core import clock

    msg = OutboundMessage.objects.create(channel="sms", to="13800000000", body="x", created_at=clock.now())
    settings.ECOPETITION_NOTIFY_BACKEND = "ecopetition.notify.tests.test_services.DiesWhileSending"
    with pytest.raises(SystemExit):
        services.deliver(msg.pk)
    msg.refresh_from_db()
    assert msg.status == "sending" and msg.attempts == 1  # claimed before the gateway was called
    settings.ECOPETITION_NOTIFY_BACKEND = "ecopetition.notify.backends.OutboxBackend"
    assert services.deliver_pending() == 0 and services.deliver(msg.pk) is False
    with clock.frozen(msg.sent_at + services.STALE_SENDING + dt.timedelta(seconds=1)):
        assert services.deliver_pending() == 0
    msg.refresh_from_db()
    assert msg.status == "failed" and msg.attempts == 1 and msg.error


@pytest.mark.parametrize("channel,to,body", [("fax", "x", "b"), ("sms", "", "b"), ("sms", "1", " ")])
def test_bad_input_is_refused(channel, to, body):
    with pytest.raises(ValidationError):
        services.send_message(channel, to, "", body)


def test_inbox_page(client, user):
    services.send_message("inbox", user, "Hello", "First")
    client.force_login(user)
    r = client.get("/staff/notifications/")
    assert r.status_code == 200 and "First" in r.content.decode()
    assert client.get("/staff/notifications/unread/").content == b"1"
    note = Notification.objects.get()
    assert client.post(f"/staff/notifications/{note.pk}/open/").status_code == 302
    assert client.get("/staff/notifications/unread/").content == b""
    other = get_user_model().objects.create_user("omar", password="x")
    client.force_login(other)
    assert client.post(f"/staff/notifications/{note.pk}/open/").status_code == 404
