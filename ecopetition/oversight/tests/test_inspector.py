"""The inspector's read-only view: jurisdiction, masked identity, full history export with a verified chain,
missed deadlines and who held the case, accountability marks."""

import json

import pytest
from django.db import connection
from django.urls import reverse

from ecopetition.cases import actions
from ecopetition.cases.models import Event, IdentityGrant
from ecopetition.core.exceptions import PermissionDenied, ValidationError
from ecopetition.org.models import Membership
from ecopetition.oversight import inspection

from .helpers import at, frozen, register, walk_to_reported


@pytest.fixture
def county_inspector(world):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("ivy", password="x")
    Membership.objects.create(user=user, unit=world.units["county_b"], role="inspector")
    return user


def test_jurisdiction_and_masking(world, client, county_inspector):
    a_case = register(world, unit="county_a", clerk="amy")
    city_case = register(world)
    client.force_login(world.users["ian"])
    page = client.get(reverse("oversight:index")).content.decode()
    assert a_case.number in page and city_case.number in page
    client.force_login(county_inspector)
    page = client.get(reverse("oversight:index")).content.decode()
    assert a_case.number not in page and city_case.number not in page
    assert client.get(reverse("oversight:case", args=[a_case.number])).status_code == 404
    assert client.get(reverse("oversight:export_json", args=[a_case.number])).status_code == 404
    # Identity masked for the inspector unless a grant exists.
    client.force_login(world.users["ian"])
    data = json.loads(client.get(reverse("oversight:export_json", args=[city_case.number])).content)
    person = data["complainants"]["people"][0]
    assert data["complainants"]["masked"] and person["name"] == "张**" and "13812345678" not in json.dumps(data)
    actions.do_grant_identity(city_case, actor=world.users["sue"], user=world.users["ian"], reason="纪检调查")
    assert IdentityGrant.objects.filter(user=world.users["ian"]).exists()
    data = json.loads(client.get(reverse("oversight:export_json", args=[city_case.number])).content)
    assert data["complainants"]["people"][0]["phone"] == "13812345678"


def test_pages_are_for_inspectors_and_leaders(world, client):
    client.force_login(world.users["otto"])
    assert client.get(reverse("oversight:index")).status_code == 403
    assert client.get(reverse("oversight:missed")).status_code == 403
    client.force_login(world.users["lee"])
    assert client.get(reverse("oversight:index")).status_code == 200


def test_export_carries_hashes_and_verifies_the_chain(world, client):
    case = walk_to_reported(world)
    # The hashes are for readers with the identity grant (R10-9; test_hash_oracle covers the others).
    actions.do_grant_identity(case, actor=world.users["sue"], user=world.users["ian"], reason="纪检调查")
    client.force_login(world.users["ian"])
    data = json.loads(client.get(reverse("oversight:export_json", args=[case.number])).content)
    events = data["events"]
    assert [e["action"] for e in events][:3] == ["register", "accept", "assign"]
    assert events[0]["prev_hash"] == "" and all(e["prev_hash"] == p["hash"] for p, e in zip(events, events[1:], strict=False))
    assert data["verification"]["ok"] is True and data["verification"]["events"] == len(events)
    assert data["verification"]["head_hash"] == events[-1]["hash"]
    html = client.get(reverse("oversight:export_html", args=[case.number]))
    assert html.status_code == 200 and events[-1]["hash"] in html.content.decode()
    assert 'class="ov-verify ok"' in html.content.decode()
    assert "script-src" not in html["Content-Security-Policy"] and "default-src 'none'" in html["Content-Security-Policy"]
    pdf = client.get(reverse("oversight:export_pdf", args=[case.number]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def _drop_triggers():
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER cases_event_no_update")
        else:
            cur.execute("DROP TRIGGER cases_event_no_change ON cases_event")


def test_export_reports_a_tampered_chain(world, client):
    case = walk_to_reported(world)
    target = Event.objects.get(complaint=case, action="report")
    _drop_triggers()
    with connection.cursor() as cur:
        cur.execute("UPDATE cases_event SET note = %s WHERE id = %s", ["现场核查属实", target.pk])
    client.force_login(world.users["ian"])
    data = json.loads(client.get(reverse("oversight:export_json", args=[case.number])).content)
    assert data["verification"]["ok"] is False
    assert any("altered" in b for b in data["verification"]["breaks"])
    page = client.get(reverse("oversight:case", args=[case.number])).content.decode()
    assert 'class="ov-verify bad"' in page


def test_missed_statutory_limit_names_the_officer_who_signed_for_it(world):
    with frozen(at(2026, 5, 6, 9)):
        case = register(world)
        actions.do_accept(case, actor=world.users["cara"])
        actions.do_assign(case, actor=world.users["dan"], lead_unit=world.units["county_a_eco"])
        actions.do_sign_for(case, actor=world.users["oscar"])
    with frozen(at(2026, 7, 10, 10)):  # 60 days from acceptance ran out on 2026-07-06 17:30
        rows = [r for r in inspection.missed_deadlines(inspection.Complaint.objects.visible_to(world.users["ian"]))
                if r.key == "statutory"]
    assert len(rows) == 1 and rows[0].case == case
    assert rows[0].unit == "亭湖区生态环境局" and rows[0].person.startswith("oscar")
    assert rows[0].due_at == at(2026, 7, 6, 17, 30)


def test_site_clock_missed_while_unit_had_not_signed(world, client):
    with frozen(at(2026, 11, 23, 9)):
        case = register(world)
        actions.do_accept(case, actor=world.users["cara"])
        actions.do_assign(case, actor=world.users["dan"], lead_unit=world.units["county_a_eco"])
    with frozen(at(2026, 11, 26, 10)):
        rows = [r for r in inspection.missed_deadlines(inspection.Complaint.objects.visible_to(world.users["ian"]))
                if r.key == "site"]
        assert len(rows) == 1
        assert rows[0].unit == "亭湖区生态环境局" and rows[0].person == "" and rows[0].unsigned
        assert rows[0].stopped_at is None
        client.force_login(world.users["ian"])
        page = client.get(reverse("oversight:missed")).content.decode()
        assert case.number in page and "亭湖区生态环境局" in page
    with frozen(at(2026, 11, 26, 11)):
        actions.do_sign_for(case, actor=world.users["oscar"])
    assert next(r for r in inspection.missed_deadlines(inspection.Complaint.objects.filter(pk=case.pk))
                if r.key == "site").stopped_at is None  # signed for, not yet on site: still running
    from ecopetition.fieldwork.actions import do_site_visit

    with frozen(at(2026, 11, 26, 14)):
        do_site_visit(case, actor=world.users["oscar"])
    with frozen(at(2026, 11, 27, 10)):
        row = next(r for r in inspection.missed_deadlines(inspection.Complaint.objects.filter(pk=case.pk))
                   if r.key == "site")
        assert row.stopped_at is not None and row.late_by.total_seconds() > 0


def test_accountability_mark_is_audited_and_changes_nothing(world, client):
    case = walk_to_reported(world)
    state, seq = case.state, case.event_seq
    with pytest.raises(PermissionDenied):
        inspection.do_mark_accountability(case, actor=world.users["sue"], reason="x")
    with pytest.raises(ValidationError):
        inspection.do_mark_accountability(case, actor=world.users["ian"], reason=" ")
    ev = inspection.do_mark_accountability(case, actor=world.users["ian"], reason="未按时限办理",
                                           concerning="亭湖区生态环境局")
    case.refresh_from_db()
    assert case.state == state and case.event_seq == seq + 1
    assert (ev.action, ev.from_state, ev.to_state, ev.data["concerning"]) == ("accountability_mark", state, state,
                                                                             "亭湖区生态环境局")
    client.force_login(world.users["ian"])
    assert case.number in client.get(reverse("oversight:marked")).content.decode()
    page = client.get(reverse("oversight:case", args=[case.number])).content.decode()
    assert "未按时限办理" in page


def test_api_history_and_mark(world, client):
    from ecopetition.org.models import ApiToken

    case = walk_to_reported(world)
    _t, key = ApiToken.issue(world.users["ian"], "tool")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    data = client.get(f"/api/v1/oversight/cases/{case.number}/history", **auth).json()
    assert data["verification"]["ok"] and data["events"][-1]["action"] == "report"
    assert [c["number"] for c in client.get("/api/v1/oversight/cases", **auth).json()] == [case.number]
    resp = client.post(f"/api/v1/oversight/cases/{case.number}/accountability", {"reason": "需问责"},
                       content_type="application/json", **auth)
    assert resp.status_code == 201 and resp.json()["action"] == "accountability_mark"
    assert resp.json()["hash"] is None  # no grant: no hash that chains over masked notes
    _t, okey = ApiToken.issue(world.users["otto"], "tool")
    resp = client.get(f"/api/v1/oversight/cases/{case.number}/history", HTTP_AUTHORIZATION=f"Bearer {okey}")
    assert resp.status_code == 403
