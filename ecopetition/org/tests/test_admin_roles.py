"""R10-14: a role held in a unit is what opens identities (a clerk sees every complainant of the unit's tree).
Role assignments changed in /admin/ (the role list, or the unit page's inline) go into the hash-chained audit
trail, and nobody adds or changes a role for themself there: another administrator must do it."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict

from ecopetition.cases import audit, privacy
from ecopetition.cases.models import Event
from ecopetition.cases.tests.helpers import register
from ecopetition.org.models import Membership

pytestmark = pytest.mark.django_db



def _refused(resp) -> bool:
    body = resp.content.decode()
    return resp.status_code == 200 and ("另一名管理员" in body or "another administrator" in body)


@pytest.fixture
def admins(world):
    User = get_user_model()
    return (User.objects.create_superuser("root", password="x"), User.objects.create_superuser("root2", password="x"))


def _role_events():
    return list(Event.objects.filter(complaint=None, action="role_membership").order_by("seq"))


def _unit_post(unit, rows, *, initial=0):
    data = {k: ("" if v is None else v) for k, v in model_to_dict(unit).items() if k not in ("id",)}
    data["active"] = "on" if unit.active else ""
    prefix = "memberships"
    data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial),
                 f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    for i, row in enumerate(rows):
        for k, v in row.items():
            data[f"{prefix}-{i}-{k}"] = v
    return data


def test_a_superuser_cannot_give_themself_a_role(world, client, admins):
    root, _root2 = admins
    case = register(world)
    client.force_login(root)
    city = world.units["city"]
    resp = client.post("/admin/org/membership/add/", {"user": root.pk, "unit": city.pk, "role": "clerk"})
    assert _refused(resp)
    # Nor through the unit page's inline.
    resp = client.post(f"/admin/org/unit/{city.pk}/change/",
                       _unit_post(city, [{"user": root.pk, "unit": city.pk, "role": "clerk", "phone": ""}]))
    assert _refused(resp)
    assert not Membership.objects.filter(user=root).exists()
    assert not privacy.can_see_identity(root, case)
    # Nor by moving someone else's role onto themself.
    cara = Membership.objects.get(user=world.users["cara"], role="clerk")
    resp = client.post(f"/admin/org/membership/{cara.pk}/change/", {"user": root.pk, "unit": city.pk, "role": "clerk"})
    assert _refused(resp)
    assert Membership.objects.get(pk=cara.pk).user == world.users["cara"]
    assert _role_events() == []


def test_role_changes_in_the_admin_are_audited(world, client, admins):
    root, root2 = admins
    city = world.units["city"]
    client.force_login(root2)
    resp = client.post("/admin/org/membership/add/", {"user": root.pk, "unit": city.pk, "role": "clerk"})
    assert resp.status_code == 302
    m = Membership.objects.get(user=root)
    resp = client.post(f"/admin/org/membership/{m.pk}/change/", {"user": root.pk, "unit": city.pk, "role": "leader"})
    assert resp.status_code == 302
    resp = client.post(f"/admin/org/membership/{m.pk}/delete/", {"post": "yes"})
    assert resp.status_code == 302 and not Membership.objects.filter(user=root).exists()
    # The unit page's inline: add, then delete.
    resp = client.post(f"/admin/org/unit/{city.pk}/change/", _unit_post(
        city, [*_existing(city), {"user": root.pk, "unit": city.pk, "role": "callback", "phone": ""}],
        initial=city.memberships.count()))
    assert resp.status_code == 302, resp.content.decode()[:3000]
    m2 = Membership.objects.get(user=root, role="callback")
    rows = [{**r, **({"DELETE": "on"} if r["id"] == m2.pk else {})} for r in _existing(city)]
    resp = client.post(f"/admin/org/unit/{city.pk}/change/", _unit_post(city, rows, initial=len(rows)))
    assert resp.status_code == 302 and not Membership.objects.filter(pk=m2.pk).exists()
    # The list's bulk delete.
    m3 = Membership.objects.create(user=root2, unit=city, role="leader")  # as a script would: not the admin
    resp = client.post("/admin/org/membership/", {"action": "delete_selected", "_selected_action": [m3.pk],
                                                   "post": "yes"})
    assert resp.status_code == 302 and not Membership.objects.filter(pk=m3.pk).exists()

    # Given by another, one's own work phone may be changed (no role moves: no event).
    mine = Membership.objects.create(user=root2, unit=city, role="admin")
    resp = client.post(f"/admin/org/membership/{mine.pk}/change/",
                       {"user": root2.pk, "unit": city.pk, "role": "admin", "phone": "0515-1234567"})
    assert resp.status_code == 302 and Membership.objects.get(pk=mine.pk).phone == "0515-1234567"
    resp = client.post(f"/admin/org/membership/{mine.pk}/change/",
                       {"user": root2.pk, "unit": city.pk, "role": "clerk", "phone": "0515-1234567"})
    assert _refused(resp) and Membership.objects.get(pk=mine.pk).role == "admin"
    mine.delete()

    events = _role_events()
    ops = [(e.data["op"], e.data["user"], e.data["role"]) for e in events]
    assert ops == [("add", "root", "clerk"), ("change", "root", "leader"), ("delete", "root", "leader"),
                   ("add", "root", "callback"), ("delete", "root", "callback"), ("delete", "root2", "leader")]
    assert all(e.actor == root2 and e.data["unit"] == city.code for e in events)
    assert events[1].data["before"] == {"user": "root", "unit": city.code, "role": "clerk"}
    assert list(audit.verify()) == []


def _existing(unit):
    return [{"id": m.pk, "user": m.user_id, "unit": unit.pk, "role": m.role, "phone": m.phone}
            for m in unit.memberships.order_by("pk")]
