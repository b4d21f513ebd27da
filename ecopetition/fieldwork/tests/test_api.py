import datetime as dt

import pytest

from ecopetition.core import clock
from ecopetition.fieldwork.models import Rectification

from .helpers import in_progress


@pytest.mark.django_db
def test_field_api_flow(client, world):
    case = in_progress(world)
    client.force_login(world.users["otto"])
    base = "/api/v1/fieldwork"
    r = client.post(f"{base}/cases/{case.number}/site-visit", {"lat": 33.4, "lon": 120.2}, content_type="application/json")
    assert r.status_code == 201 and r.json()["lat"] == 33.4
    bad = client.post(f"{base}/cases/{case.number}/report", {
        "finding": "founded", "result": "属实", "measures": [{"kind": "fine"}]}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "fine_amount"
    bad = client.post(f"{base}/cases/{case.number}/report", {
        "finding": "founded", "result": "属实", "measures": [{"kind": "daily_fine", "daily_amount": "1000"}]},
        content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "penalty_days"
    deadline = (clock.localdate() + dt.timedelta(days=10)).isoformat()
    r = client.post(f"{base}/cases/{case.number}/report", {
        "finding": "founded", "result": "属实", "measures": [
            {"kind": "fine", "fine_amount": "30000"},
            {"kind": "daily_fine", "daily_amount": "2000", "penalty_days": 5},
            {"kind": "rectify", "items": [{"description": "整改废气设施", "deadline": deadline}]}]},
        content_type="application/json")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["state"] == "reported" and len(body["rectifications"]) == 1
    daily = next(m for m in body["measures"] if m["kind"] == "daily_fine")
    assert (float(daily["fine_amount"]), daily["penalty_days"]) == (10000.0, 5)
    rect = Rectification.objects.get(complaint=case)
    mine = client.post(f"{base}/rectifications/{rect.pk}/verify", {"passed": True}, content_type="application/json")
    assert mine.status_code in (403, 409)  # the lead unit's own officer does not strike off its own work
    client.force_login(world.users["sue"])
    r = client.post(f"{base}/rectifications/{rect.pk}/verify", {"passed": True}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "verified"


@pytest.mark.django_db
def test_field_api_hides_other_jurisdictions(client, world):
    case = in_progress(world)
    client.force_login(world.users["bob"])
    assert client.get(f"/api/v1/fieldwork/cases/{case.number}").status_code == 404
    r = client.post(f"/api/v1/fieldwork/cases/{case.number}/site-visit", {}, content_type="application/json")
    assert r.status_code == 404
