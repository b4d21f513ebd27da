"""Records that only actions write (each with its audit event) are read-only in the admin, for a superuser
too: no add, change or delete page answers, no bulk delete, and the list and the record still show."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from ecopetition.cases.tests.helpers import register
from ecopetition.core import clock

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world):
    from ecopetition.deadlines.models import (
        CaseClock,
        ClockNotice,
        Instruction,
        Ownership,
        SupervisionOrder,
        Urging,
    )

    case = register(world)
    now = clock.now()
    u = world.users
    clock_row = CaseClock.objects.filter(complaint=case).first() or CaseClock.objects.create(
        complaint=case, key="assign", label="分办", started_at=now, due_at=now + dt.timedelta(days=3),
        yellow_at=now, blue_at=now, red_at=now)
    return {
        "caseclock": clock_row,
        "clocknotice": ClockNotice.objects.create(clock=clock_row, complaint=case, level="yellow", sent_at=now),
        "urging": Urging.objects.create(complaint=case, unit=world.units["city"], by=u["sue"], text="请加快办理", at=now),
        "supervisionorder": SupervisionOrder.objects.create(
            complaint=case, number="DB-TEST-1", issued_by=u["sue"], unit=world.units["city_eco"],
            requirements="限期办结", issued_at=now, due_at=now + dt.timedelta(days=5)),
        "instruction": Instruction.objects.create(complaint=case, leader=u["lee"], text="请依法处理", at=now),
        "ownership": Ownership.objects.create(complaint=case, leader=u["lee"], assigned_by=u["sue"], since=now),
    }


@pytest.fixture
def root_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", password="x"))
    return client


@pytest.mark.parametrize("model", ["caseclock", "clocknotice", "urging", "supervisionorder", "instruction",
                                   "ownership"])
def test_a_superuser_may_view_but_not_add_change_or_delete(root_client, records, model):
    obj = records[model]
    base = f"/admin/deadlines/{model}/"
    r = root_client.get(base)
    assert r.status_code == 200 and f"{base}{obj.pk}/change/" in r.content.decode()
    assert 'value="delete_selected"' not in r.content.decode()  # no bulk delete action offered
    r = root_client.get(f"{base}{obj.pk}/change/")
    assert r.status_code == 200 and 'name="_save"' not in r.content.decode()  # shown read-only
    assert root_client.get(f"{base}add/").status_code == 403
    assert root_client.post(f"{base}add/", {}).status_code == 403
    assert root_client.post(f"{base}{obj.pk}/change/", {}).status_code == 403
    assert root_client.get(f"{base}{obj.pk}/delete/").status_code == 403
    assert root_client.post(f"{base}{obj.pk}/delete/", {"post": "yes"}).status_code == 403
    r = root_client.post(base, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
    assert r.status_code in (200, 302)  # the admin answers "no such action"; nothing is deleted
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_the_oversight_records_share_the_rule(root_client, world):
    from ecopetition.oversight.models import RefusedAttempt

    row = RefusedAttempt.objects.create(user=world.users["ian"], at=clock.now(), method="POST", path="/staff/x/")
    base = "/admin/oversight/refusedattempt/"
    assert root_client.get(base).status_code == 200
    assert root_client.get(f"{base}add/").status_code == 403
    assert root_client.post(f"{base}{row.pk}/change/", {}).status_code == 403
    assert root_client.post(f"{base}{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert RefusedAttempt.objects.filter(pk=row.pk).exists()
