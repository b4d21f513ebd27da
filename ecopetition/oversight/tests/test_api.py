"""The re-check and emergency flows over the JSON API (the inspector's are in test_inspector.py)."""

from ecopetition.cases.models import State
from ecopetition.org.models import ApiToken
from ecopetition.oversight.models import DutyRoster, EmergencyContact, RecheckTask

from .helpers import at, frozen, register, walk_to_closed


def _auth(user):
    _t, key = ApiToken.issue(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_recheck_over_the_api(world, client):
    case = walk_to_closed(world)
    founded = walk_to_closed(world, finding="founded")
    ada = _auth(world.users["ada"])
    resp = client.post("/api/v1/oversight/rechecks", {"case": founded.number, "reason": "复核"},
                       content_type="application/json", **ada)
    assert resp.status_code == 400 and resp.json()["field"] == "case" and resp.json()["message"]
    resp = client.post("/api/v1/oversight/rechecks", {"case": case.number, "reason": "复核"},
                       content_type="application/json", **ada)
    assert resp.status_code == 201, resp.content
    task_id = resp.json()["id"]
    assert [t["id"] for t in client.get("/api/v1/oversight/rechecks?status=open", **ada).json()] == [task_id]
    oscar = _auth(world.users["oscar"])
    resp = client.post(f"/api/v1/oversight/rechecks/{task_id}/decision", {"decision": "overturn", "findings": "x"},
                       content_type="application/json", **oscar)
    assert resp.status_code == 403
    resp = client.post(f"/api/v1/oversight/rechecks/{task_id}/decision",
                       {"decision": "overturn", "findings": "暗管属实"}, content_type="application/json", **ada)
    assert resp.status_code == 200 and resp.json()["status"] == "overturned"
    assert resp.json()["responsibility_points"] == "5.00"
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS
    bea = _auth(world.users["bea"])
    resp = client.post(f"/api/v1/oversight/rechecks/{task_id}/decision", {"decision": "confirm", "findings": "x"},
                       content_type="application/json", **bea)
    assert resp.status_code == 404
    assert RecheckTask.objects.get(pk=task_id).status == "overturned"


def test_emergency_over_the_api(world, client, django_capture_on_commit_callbacks):
    now = at(2026, 11, 23, 10)
    DutyRoster.objects.create(unit=world.units["city"], date=now.date(), leader=world.users["lee"])
    EmergencyContact.objects.create(division_code="320902", kind="police", name="亭湖公安分局", phone="110")
    lee = _auth(world.users["lee"])
    assert client.get("/api/v1/oversight/emergency/suggest?text=河里有死鱼", **lee).json() == {
        "suggested": True, "terms": ["死鱼"]}
    with frozen(now), django_capture_on_commit_callbacks(execute=True):
        case = register(world, content="河面漂浮大量死鱼", is_emergency=True)
    alerts = client.get("/api/v1/oversight/emergencies", **lee).json()
    assert [a["case"] for a in alerts] == [case.number]
    recipients = {r["kind"]: r for r in alerts[0]["recipients"]}
    resp = client.post(f"/api/v1/oversight/emergencies/recipients/{recipients['leader']['id']}/ack", {"note": ""},
                       content_type="application/json", **lee)
    assert resp.status_code == 200 and resp.json()["acknowledged_at"]
    resp = client.post(f"/api/v1/oversight/emergencies/recipients/{recipients['contact']['id']}/ack",
                       {"note": "电话确认"}, content_type="application/json", **lee)
    assert resp.status_code == 200
    resp = client.post(f"/api/v1/oversight/cases/{case.number}/emergency/handled", {"note": ""},
                       content_type="application/json", **lee)
    assert resp.status_code == 400
    resp = client.post(f"/api/v1/oversight/cases/{case.number}/emergency/handled", {"note": "已处置"},
                       content_type="application/json", **lee)
    assert resp.status_code == 200 and resp.json()["handled_at"]
    # Declaring an ordinary case an emergency over the API.
    with django_capture_on_commit_callbacks(execute=True):
        other = register(world, content="工厂冒浓烟")
        resp = client.post(f"/api/v1/oversight/cases/{other.number}/emergency", {"reason": "回电确认起火"},
                           content_type="application/json", **_auth(world.users["sue"]))
    assert resp.status_code == 200
    other.refresh_from_db()
    assert other.is_emergency


def test_a_huge_offset_is_refused_not_a_500(world, client):
    ian = _auth(world.users["ian"])
    resp = client.get("/api/v1/oversight/cases", {"offset": 10**30}, **ian)  # overflowed the database's offset
    assert resp.status_code == 422 and resp.json()["field"] == "offset"
    assert client.get("/api/v1/oversight/cases", {"offset": 1_000_000}, **ian).status_code == 200
