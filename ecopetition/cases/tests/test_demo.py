"""The demo loads every state through the real actions, keeps the audit chain intact, and is idempotent."""

from django.core.management import call_command

from ecopetition.cases import audit, demo
from ecopetition.cases.models import Complaint, State


def test_demo_covers_every_state_and_verifies(db):
    added = demo.load(size=demo.DEMO_SIZE)
    assert added == demo.DEMO_SIZE
    # The statistics' cells, refreshed once per case at the end of the load (a bulk load), are what a
    # recount of the register gives.
    from ecopetition.analytics import rollups

    assert rollups.compare(rollups.stored_cells(), rollups.recount()) == []
    states = set(Complaint.objects.values_list("state", flat=True))
    # Stage closing needs the field-work demo's open rectifications, archiving an ended review window: the
    # apps' demo extensions bring those two states (as `ecopetition demo` runs them).
    assert states == set(State.values) - {State.STAGE_CLOSED, State.ARCHIVED}
    import io

    from ecopetition.documents.demo import _archive_some
    from ecopetition.fieldwork import demo as field_demo

    assert _archive_some(io.StringIO()) == 3
    assert field_demo.extend(io.StringIO())["stage_closed"] == 2
    assert set(Complaint.objects.values_list("state", flat=True)) == set(State.values)
    assert list(audit.verify()) == []
    assert demo.load() == 0  # a second run adds nothing
    assert Complaint.objects.count() == demo.DEMO_SIZE
    # Recent: something received in the last 90 days, nothing in the future.
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    assert Complaint.objects.filter(received_at__gte=now - dt.timedelta(days=7)).exists()
    assert not Complaint.objects.filter(received_at__gt=now).exists()
    call_command("audit", "verify")
