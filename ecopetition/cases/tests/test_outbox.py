"""The outbox ("worker" mode): the work that follows an action is done once, later, by the worker."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection

from ecopetition.analytics import rollups
from ecopetition.analytics.models import CaseFact
from ecopetition.cases import actions, audit, outbox
from ecopetition.cases.models import OutboxItem
from ecopetition.triage.models import RepeatKey

from .helpers import register


@pytest.fixture
def worker_mode(settings):
    settings.OUTBOX_MODE = "worker"
    settings.TRIAGE_ON_REGISTER = "index"  # the classifier is tested in triage; here: the hand-over
    return settings


@pytest.fixture
def announced():
    seen = []

    def receiver(sender, case_id, action, **kwargs):
        seen.append((case_id, action))

    audit.event_committed.connect(receiver, dispatch_uid="test-outbox-announced")
    yield seen
    audit.event_committed.disconnect(dispatch_uid="test-outbox-announced")


def _rollups_match_recount():
    return rollups.compare(rollups.stored_cells(), rollups.recount()) == []


def test_an_action_leaves_its_follow_up_work_for_the_worker(world, worker_mode, announced):
    case = register(world)
    actions.do_accept(case, actor=world.users["cara"])
    kinds = sorted(OutboxItem.objects.values_list("kind", "action"))
    assert kinds == [("announce", "accept"), ("announce", "register"), ("event", "accept"), ("event", "register")]
    # Nothing followed yet: no statistics, no repeat index, no announcement.
    assert not CaseFact.objects.filter(pk=case.pk).exists()
    assert not RepeatKey.objects.filter(complaint_id=case.pk).exists()
    assert announced == []

    assert outbox.drain() == 4
    assert OutboxItem.objects.count() == 0
    assert CaseFact.objects.get(pk=case.pk).measures["accepted"] == 1
    assert _rollups_match_recount()
    assert RepeatKey.objects.filter(complaint_id=case.pk).exists()
    assert announced == [(case.pk, "register"), (case.pk, "accept")]
    # Draining again does nothing more: each item was done once.
    assert outbox.drain() == 0
    assert announced == [(case.pk, "register"), (case.pk, "accept")]
    assert _rollups_match_recount()


def test_many_cases_in_one_batch_count_as_the_recount_does(world, worker_mode):
    cases = [register(world, channel=ch) for ch in ("phone", "letter", "web", "phone", "visit")]
    actions.do_accept(cases[0], actor=world.users["cara"])
    actions.do_reject(cases[1], actor=world.users["cara"], reason="不属于本部门职责", legal_route="向法院起诉")
    assert OutboxItem.objects.count() == 14
    assert outbox.drain_all(limit=3) == 14
    assert _rollups_match_recount()
    assert CaseFact.objects.count() == 5


def test_a_worker_killed_mid_batch_loses_nothing_and_doubles_nothing(world, worker_mode, announced):
    case = register(world)
    actions.do_accept(case, actor=world.users["cara"])

    class Killed(BaseException):
        """Stands in for SIGKILL: nothing after it runs, and the transaction never commits."""

    def dies(items):
        rollups.refresh_many({i.complaint_id for i in items})  # half the work done ...
        raise Killed

    outbox.register("zz-dies", dies)
    try:
        with pytest.raises(Killed):
            outbox.drain()
    finally:
        outbox._consumers.pop("zz-dies")
    assert OutboxItem.objects.count() == 4  # ... and rolled back with the batch
    assert not CaseFact.objects.filter(pk=case.pk).exists()
    assert announced == []
    assert outbox.drain() == 4
    assert announced == [(case.pk, "register"), (case.pk, "accept")]
    assert _rollups_match_recount()


def test_an_item_that_keeps_failing_is_parked_and_the_rest_go_on(world, worker_mode):
    bad, good = register(world), register(world)

    def picky(items):
        if any(i.complaint_id == bad.pk for i in items):
            raise RuntimeError("this case upsets the consumer")

    outbox.register("zz-picky", picky)
    try:
        outbox.drain()
        assert CaseFact.objects.filter(pk=good.pk).exists()  # done, one by one
        assert list(OutboxItem.objects.values_list("complaint_id", "attempts", "parked")) == [(bad.pk, 1, False)]
        for _ in range(outbox.MAX_ATTEMPTS - 1):
            outbox.drain()
        item = OutboxItem.objects.get()
        assert item.parked and item.attempts == outbox.MAX_ATTEMPTS
        assert "upsets" in item.last_error
        assert outbox.drain() == 0  # parked items wait for an administrator
    finally:
        outbox._consumers.pop("zz-picky")
    call_command("outbox", "retry", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert outbox.drain() == 1
    assert OutboxItem.objects.count() == 0
    assert _rollups_match_recount()


def test_inline_mode_writes_no_outbox(world, settings):
    settings.OUTBOX_MODE = "inline"
    case = register(world)
    assert OutboxItem.objects.count() == 0
    assert CaseFact.objects.filter(pk=case.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_two_drainers_never_take_the_same_item(world, worker_mode):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED needs PostgreSQL; SQLite runs one writer at a time anyway")
    for _ in range(12):
        register(world)
    taken: list[int] = []
    lock = threading.Lock()

    def record(items):
        with lock:
            taken.extend(i.pk for i in items)

    outbox.register("zz-record", record)
    try:
        def run():
            try:
                outbox.drain_all(limit=2)
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        outbox._consumers.pop("zz-record")
    assert len(taken) == len(set(taken)) == 12
    assert OutboxItem.objects.count() == 0


def test_triage_thinks_about_the_next_batch_before_its_transaction_opens(world, worker_mode, monkeypatch):
    """On SQLite the batch's transaction holds the one write lock from its start: triage's classifier and
    repeat search run in the prepare step, outside it, and the consumer only writes what they found; the
    batch is small there, so a request that writes waits for one small batch at most."""
    from ecopetition.triage import reading
    from ecopetition.triage.models import CaseTriage

    worker_mode.TRIAGE_ON_REGISTER = True
    cases = [register(world, content=f"某化工厂夜间偷排废水，第{n}次反映，河水发黑发臭。") for n in range(3)]
    depth = len(connection.atomic_blocks)
    depths = []
    real = reading._classify_many  # the model itself, as triage and the emergency suggestion ask it
    monkeypatch.setattr(reading, "_classify_many", lambda texts, model=None: depths.extend(
        [len(connection.atomic_blocks) - depth] * len(texts)) or real(texts, model=model))
    monkeypatch.setattr(outbox, "SQLITE_BATCH", 2)
    waiting = OutboxItem.objects.count()
    first = 2 if connection.vendor == "sqlite" else waiting  # the batch is small on SQLite
    assert waiting > 2 and outbox.drain() == first
    assert outbox.drain_all() >= waiting - first  # (the work may leave more work)
    assert OutboxItem.objects.count() == 0
    # Each case's text at least twice (triage: the content; the emergency suggestion: title and content; the
    # repeat search reads its candidates too), never in a transaction.
    assert len(depths) >= 6 and set(depths) == {0}
    assert CaseTriage.objects.filter(complaint__in=cases).count() == 3
