import datetime as dt
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from ecopetition.cases import actions as ca
from ecopetition.cases.actions import NewComplaint, do_register
from ecopetition.core import clock
from ecopetition.intake import webhooks
from ecopetition.intake.models import WebhookDelivery, WebhookSubscription


class Receiver:
    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.got = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.got.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *a):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def only_our_receiver():
    """Keep just the intake webhook receiver on `event_committed` (other domains render documents
    and notices there, which is slow and not what these tests are about); proves our wiring."""
    from ecopetition.cases import audit

    saved = list(audit.event_committed.receivers)
    ours = [r for r in saved if isinstance(r[0], tuple) and r[0][0] == "intake-webhooks"]
    assert ours, "the intake webhook receiver is not connected"
    audit.event_committed.receivers = ours
    audit.event_committed.sender_receivers_cache.clear()
    yield
    audit.event_committed.receivers = saved
    audit.event_committed.sender_receivers_cache.clear()


@pytest.fixture
def receiver():
    r = Receiver([500, 200])
    yield r
    r.close()


def _register(world, unit="county_a"):
    return do_register(NewComplaint(channel="web", content="异味"), unit=world.units[unit], actor=None, via="api")


@pytest.mark.django_db
def test_signed_delivery_retried_with_backoff(world, receiver, django_capture_on_commit_callbacks):
    WebhookSubscription.objects.create(name="执法平台", url=receiver.url, secret="s3cret",
                                       events=["register", "accept"], unit=world.units["county_a"])
    with django_capture_on_commit_callbacks(execute=True):
        case = _register(world)
        _register(world, unit="county_b")  # outside the subscription's unit: not sent
        ca.do_accept(case, actor=world.users["amy"])
    ds = list(WebhookDelivery.objects.order_by("id"))
    assert [d.action for d in ds] == ["register", "accept"] and all(d.complaint_id == case.pk for d in ds)
    first = ds[0]
    t0 = clock.now()
    with clock.frozen(t0):
        webhooks.deliver(first.pk)
    first.refresh_from_db()
    assert first.status == "pending" and first.attempts == 1 and first.last_status_code == 500
    assert first.next_attempt_at == t0 + webhooks.backoff(1)
    with clock.frozen(t0 + dt.timedelta(seconds=10)):
        assert webhooks.deliver_due() == 1  # the accept event is due; the retry is not yet
    with clock.frozen(t0 + webhooks.backoff(1) + dt.timedelta(seconds=1)):
        assert webhooks.deliver_due() == 1
    first.refresh_from_db()
    assert first.status == "delivered" and first.attempts == 2
    headers, body = receiver.got[-1]
    expected = "sha256=" + hmac.new(b"s3cret", headers["X-Ecopetition-Timestamp"].encode() + b"." + body,
                                    hashlib.sha256).hexdigest()
    assert headers["X-Ecopetition-Signature"] == expected
    payload = json.loads(body)
    assert payload["event"] == "register" and payload["case"]["number"] == case.number
    assert "complainants" not in payload["case"]
    assert webhooks.backoff(2) == 2 * webhooks.backoff(1)


@pytest.mark.django_db
def test_gives_up_after_max_attempts(world, django_capture_on_commit_callbacks):
    sub = WebhookSubscription.objects.create(name="down", url="http://127.0.0.1:9/", secret="x",
                                             unit=world.units["city"])
    with django_capture_on_commit_callbacks(execute=True):
        _register(world)
    d = WebhookDelivery.objects.get(subscription=sub)
    for _ in range(webhooks.MAX_ATTEMPTS):
        webhooks.deliver(d.pk)
    d.refresh_from_db()
    assert d.status == "failed" and d.attempts == webhooks.MAX_ATTEMPTS and d.last_error
    assert webhooks.deliver(d.pk) is None


@pytest.mark.django_db
def test_worker_task_sends_the_first_attempt(world, receiver, django_capture_on_commit_callbacks):
    from huey.contrib.djhuey import HUEY

    from ecopetition.intake import tasks

    assert hasattr(tasks, "deliver_webhook") and hasattr(tasks, "sweep_webhooks")
    receiver.statuses = [200]
    WebhookSubscription.objects.create(name="督查平台", url=receiver.url, secret="k", unit=world.units["city"])
    saved = HUEY.immediate
    HUEY.immediate = True  # the task runs in-process, as `ecopetition serve` without a worker would
    try:
        with django_capture_on_commit_callbacks(execute=True):
            _register(world)
    finally:
        HUEY.immediate = saved
    d = WebhookDelivery.objects.get()
    assert d.status == "delivered" and len(receiver.got) == 1


@pytest.mark.django_db
def test_the_worker_queues_a_delivery_only_for_actions_a_subscription_wants(world, settings, monkeypatch):
    """In "worker" mode the receiver is skipped (with its savepoint) for an action no active subscription wants;
    an action one wants still gets its delivery, read once per batch."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ecopetition.cases import outbox

    settings.OUTBOX_MODE = "worker"
    settings.TRIAGE_ON_REGISTER = False
    monkeypatch.setattr(outbox, "SQLITE_BATCH", 50)
    sub = WebhookSubscription.objects.create(name="督查平台", url="http://127.0.0.1:9/", secret="k",
                                             unit=world.units["city"], events=["accept"])
    _register(world)
    with CaptureQueriesContext(connection) as seen:
        outbox.drain_all()
    assert not WebhookDelivery.objects.exists()  # it wants "accept" only
    assert sum("intake_webhooksubscription" in q["sql"] for q in seen.captured_queries) == 1
    sub.events = ["register"]
    sub.save()
    case = _register(world)
    outbox.drain_all()
    assert list(WebhookDelivery.objects.values_list("complaint_id", "action")) == [(case.pk, "register")]
