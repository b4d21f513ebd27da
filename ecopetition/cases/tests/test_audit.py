"""The tamper-evident trail: triggers refuse changes; verify catches what gets past them."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from ecopetition.cases import audit
from ecopetition.cases.models import Event

from .helpers import register, walk_to_replied


def _drop_triggers():
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER cases_event_no_update")
            cur.execute("DROP TRIGGER cases_event_no_delete")
        else:
            cur.execute("DROP TRIGGER cases_event_no_change ON cases_event")


def test_triggers_refuse_update_and_delete(world):
    register(world)
    for sql in ("UPDATE cases_event SET note = 'edited'", "DELETE FROM cases_event"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    assert Event.objects.filter(note="edited").count() == 0
    assert Event.objects.count() == 1


def test_verify_passes_on_honest_history(world):
    walk_to_replied(world)
    walk_to_replied(world)
    assert list(audit.verify()) == []
    call_command("audit", "verify")


@pytest.mark.parametrize("tamper", ["edit_note", "edit_actor", "delete_middle", "delete_last"])
def test_verify_names_the_first_broken_event(world, tamper):
    case = walk_to_replied(world)
    events = list(Event.objects.filter(complaint=case).order_by("seq"))
    target = events[3]
    _drop_triggers()
    with connection.cursor() as cur:
        if tamper == "edit_note":
            cur.execute("UPDATE cases_event SET note = %s WHERE id = %s", ["看过了，没问题", target.pk])
        elif tamper == "edit_actor":
            cur.execute("UPDATE cases_event SET actor_label = %s WHERE id = %s", ["someone else", target.pk])
        elif tamper == "delete_middle":
            cur.execute("DELETE FROM cases_event WHERE id = %s", [target.pk])
        else:
            cur.execute("DELETE FROM cases_event WHERE id = %s", [events[-1].pk])
    breaks = list(audit.verify())
    assert breaks, tamper
    first = breaks[0]
    assert first.complaint_id == case.pk
    if tamper.startswith("edit"):
        assert first.event_id == target.pk and "altered" in first.reason
    elif tamper == "delete_middle":
        assert first.seq == target.seq + 1 and "missing" in first.reason
    else:
        assert "removed" in first.reason
    with pytest.raises(CommandError) as err:
        call_command("audit", "verify")
    assert err.value.returncode == 2


def test_hash_covers_the_data(world):
    case = register(world)
    ev = case.events.get()
    assert audit.event_hash(ev) == ev.hash
    ev.data = {**ev.data, "channel": "letter"}
    assert audit.event_hash(ev) != ev.hash
