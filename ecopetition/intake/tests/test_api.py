import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ecopetition.cases.models import Complaint
from ecopetition.org.models import ApiToken

URL = "/api/v1/complaints"


def post(client, auth, body, url=URL, **extra):
    return client.post(url, data=json.dumps(body), content_type="application/json", **auth, **extra)


@pytest.mark.django_db
def test_create_is_idempotent_on_external_id(client, auth):
    body = {"external_id": "city-42", "content": "工厂夜间排放黑烟", "categories": ["air"], "address": "亭湖区某路1号"}
    r1 = post(client, auth, body)
    assert r1.status_code == 201, r1.content
    r2 = post(client, auth, body)
    assert r2.status_code == 200
    assert r1.json()["number"] == r2.json()["number"]
    assert r2.json()["created"] is False
    assert Complaint.objects.filter(intake_key="city-42").count() == 1
    case = Complaint.objects.get(intake_key="city-42")
    assert case.channel == "web" and case.events.filter(action="register").count() == 1


@pytest.mark.django_db
def test_bad_input_gets_api_errors_not_500(client, auth, world):
    r = client.post(URL, data="{not json", content_type="application/json", **auth)
    assert r.status_code in (400, 422)
    r = client.post(URL, data="content=x", content_type="application/x-www-form-urlencoded", **auth)
    assert r.status_code in (400, 415, 422)
    r = post(client, auth, {"content": ""})
    assert r.status_code == 400 and r.json()["field"] == "content"
    r = post(client, auth, {"content": "x", "categories": ["nope"]})
    assert r.status_code == 400 and r.json()["field"] == "categories"
    r = post(client, auth, {"content": "x", "unit": "NOPE"})
    assert r.status_code == 400
    r = post(client, auth, {"content": "x" * 60000})
    assert r.status_code in (400, 422)
    r = post(client, {"HTTP_AUTHORIZATION": "Bearer wrong"}, {"content": "x"})
    assert r.status_code == 401
    r = client.post(URL, data=b"{" + b"x" * (6 * 1024 * 1024) + b"}", content_type="application/json", **auth)
    assert r.status_code in (400, 413)


@pytest.mark.django_db
def test_list_and_read_are_scoped_by_visible_to(client, auth, world):
    for i in range(3):
        assert post(client, auth, {"content": f"噪声扰民 {i}", "unit": "A320902"}).status_code == 201
    assert post(client, auth, {"content": "河道发黑", "unit": "B320903"}).status_code == 201
    r = client.get(URL, {"page_size": 2}, **auth)
    assert r.status_code == 200
    assert r.json()["count"] == 4 and len(r.json()["results"]) == 2
    # amy (county A) sees only county A's cases
    _row, key = ApiToken.issue(world.users["amy"], "amy")
    amy = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    r = client.get(URL, **amy)
    assert r.json()["count"] == 3
    b_number = Complaint.objects.get(unit__code="B320903").number
    assert client.get(f"{URL}/{b_number}", **amy).status_code == 404
    assert client.get(f"{URL}/{b_number}", **auth).status_code == 200
    assert client.get(URL, {"state": "bogus"}, **auth).status_code == 400
    assert client.get(URL, {"q": "河道"}, **auth).json()["count"] == 1


@pytest.mark.django_db
def test_identity_masked_for_users_without_grant(client, auth, world):
    r = post(client, auth, {"content": "废气", "unit": "A320902",
                            "complainants": [{"name": "张三丰", "phone": "13812345678"}]})
    number = r.json()["number"]
    body = client.get(f"{URL}/{number}", **auth).json()
    assert body["complainants"][0]["phone"] == "13812345678" and body["identity_masked"] is False
    _row, key = ApiToken.issue(world.users["otto"], "otto")
    # otto (officer) does not see the case until it is assigned to his unit; assign it
    from ecopetition.cases import actions as ca
    case = Complaint.objects.get(number=number)
    ca.do_accept(case, actor=world.users["amy"])
    ca.do_assign(case, actor=world.users["adam"], lead_unit=world.units["county_a"])
    body = client.get(f"{URL}/{number}", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert body["identity_masked"] is True
    assert "13812345678" not in json.dumps(body)


@pytest.mark.django_db
def test_lifecycle_actions_go_through_the_transition_table(client, auth, world):
    number = post(client, auth, {"content": "异味", "unit": "A320902"}).json()["number"]
    r = post(client, auth, {}, url=f"{URL}/{number}/actions/accept")
    assert r.status_code == 200 and r.json()["state"] == "accepted"
    # cara is a clerk, not a dispatcher: assigning is refused with 409
    r = post(client, auth, {"lead_unit": "A320902-EB"}, url=f"{URL}/{number}/actions/assign")
    assert r.status_code == 409
    _row, key = ApiToken.issue(world.users["dan"], "dan")
    r = post(client, {"HTTP_AUTHORIZATION": f"Bearer {key}"}, {"lead_unit": "A320902-EB"},
             url=f"{URL}/{number}/actions/assign")
    assert r.status_code == 200 and r.json()["state"] == "assigned"
    assert post(client, auth, {}, url=f"{URL}/{number}/actions/frobnicate").status_code == 422
    olga_key = ApiToken.issue(world.users["oscar"], "oscar")[1]
    oscar = {"HTTP_AUTHORIZATION": f"Bearer {olga_key}"}
    assert post(client, oscar, {}, url=f"{URL}/{number}/actions/sign_for").json()["state"] == "in_progress"
    r = post(client, oscar, {"days": 20, "reason": "需第三方检测"}, url=f"{URL}/{number}/actions/request_extension")
    assert r.status_code == 200 and r.json()["state"] == "in_progress"
    r = post(client, oscar, {"finding": "founded", "result": "已责令整改"}, url=f"{URL}/{number}/actions/report")
    assert r.json()["state"] == "reported"
    # the case's events are the console's: one per action, in order
    case = Complaint.objects.get(number=number)
    assert list(case.events.values_list("action", flat=True)) == [
        "register", "accept", "assign", "sign_for", "request_extension", "report"]


@pytest.mark.django_db
def test_attachments_are_checked_by_content(client, auth, world):
    number = post(client, auth, {"content": "粉尘", "unit": "A320902"}).json()["number"]
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    r = client.post(f"{URL}/{number}/attachments", {"file": SimpleUploadedFile("a.png", png)}, **auth)
    assert r.status_code == 201, r.content
    fake = SimpleUploadedFile("b.png", b"MZ\x90\x00 this is an exe")
    r = client.post(f"{URL}/{number}/attachments", {"file": fake}, **auth)
    assert r.status_code == 400
    listed = client.get(f"{URL}/{number}/attachments", **auth).json()
    assert [a["name"] for a in listed] == ["a.png"]
    r = client.get(f"{URL}/{number}/attachments/{listed[0]['id']}", **auth)
    assert r.status_code == 200 and b"".join(r.streaming_content) == png


@pytest.mark.django_db
def test_openapi_and_docs_without_cdn(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    assert "/api/v1/complaints" in r.json()["paths"]
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    html = r.content.decode()
    assert "cdn" not in html.lower() and "http://" not in html and "https://" not in html


@pytest.mark.django_db
def test_deadlock_is_retried_and_after_commit_hook_failure_keeps_the_complaint(client, auth, monkeypatch):
    from django.db import OperationalError, transaction

    from ecopetition.intake import actions

    real = actions.do_register
    calls = []

    def deadlocking(data, **kw):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("deadlock detected")
        case = real(data, **kw)
        transaction.on_commit(lambda: (_ for _ in ()).throw(OperationalError("hook deadlock")))
        return case

    monkeypatch.setattr(actions, "do_register", deadlocking)
    r = post(client, auth, {"content": "重试", "external_id": "retry-1"})
    assert r.status_code == 201 and len(calls) == 2
    assert Complaint.objects.filter(intake_key="retry-1").count() == 1

    def always(data, **kw):
        raise OperationalError("deadlock detected")

    monkeypatch.setattr(actions, "do_register", always)
    r = post(client, auth, {"content": "忙", "external_id": "retry-2"})
    assert r.status_code == 503 and r.json()["code"] == "busy"


@pytest.mark.django_db(transaction=True)
def test_same_external_id_sent_concurrently_creates_one_complaint(reseeded, world, token):
    import threading

    from django.db import connection
    from django.test import Client

    results = []
    errors = []

    def send():
        # A well-behaved sender: on 503 (busy) it waits as Retry-After says and sends again.
        try:
            for _attempt in range(20):
                r = Client().post(URL, data=json.dumps({"external_id": "race-1", "content": "同时发来的同一件"}),
                                  content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
                if r.status_code != 503:
                    break
                assert r["Retry-After"]
                time.sleep(0.05)
            results.append((r.status_code, r.json().get("number")))
        except Exception as exc:  # surfaced below: a thread's exception must fail the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert Complaint.objects.filter(intake_key="race-1").count() == 1
    # Exactly one request creates it; every other sender gets the same complaint back.
    statuses = sorted(s for s, _n in results)
    assert statuses == [200] * 5 + [201], results
    assert len({n for _s, n in results}) == 1
    number = Complaint.objects.get(intake_key="race-1").number
    send()
    assert results[-1] == (200, number)


@pytest.mark.django_db
@pytest.mark.parametrize("query", [
    {"page": 10**30},  # the offset would not fit the database's integers
    {"received_to": "9999-12-31"},  # the day after does not exist
    {"received_from": "0001-01-01"},
    {"updated_since": "0001-01-01T00:00:00"},
    {"updated_since": "9999-12-31T23:59:59-12:00"},
])
def test_far_out_list_filters_are_refused_not_500(client, auth, world, query):
    r = client.get(URL, query, **auth)
    assert r.status_code in (400, 422), r.content
    body = r.json()
    assert body["code"] == "invalid" and body["message"] and body["field"] in query


@pytest.mark.django_db
@pytest.mark.parametrize("received_at", ["0001-01-01T00:00:00", "9999-12-31T23:59:59-12:00", "2099-06-01T08:00:00"])
def test_far_out_received_at_is_not_a_500(client, auth, world, received_at):
    r = post(client, auth, {"content": "河水发黑", "received_at": received_at})
    assert r.status_code in (201, 400, 422), r.content


@pytest.mark.django_db
def test_framework_errors_come_in_the_api_error_shape_and_are_documented(client, auth, world):
    r = client.post(URL, data=b"\x00not json", content_type="application/json", **auth)
    assert r.status_code == 400 and r.json()["code"] == "unreadable" and r.json()["message"]
    r = post(client, auth, {"content": 5})
    assert r.status_code == 422
    assert r.json()["code"] == "invalid" and r.json()["field"] == "content" and r.json()["errors"]
    r = client.get(URL)
    assert r.status_code == 401 and r.json()["code"] == "unauthenticated"
    r = client.get("/api/v1/deadlines/cases/NOPE-1/clocks", **auth)
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    create = paths["/api/v1/complaints"]["post"]["responses"]
    assert {"400", "401", "422", "503"} <= set(create)
    assert create["422"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ApiError"}
    assert "404" in paths["/api/v1/deadlines/cases/{number}/clocks"]["get"]["responses"]


@pytest.mark.django_db
def test_nul_in_path_query_or_body_is_not_a_500(client, auth, world):
    """PostgreSQL refuses a NUL even in a comparison; SQLite just finds nothing. Neither is a 500."""
    r = client.get(f"{URL}/a%00b", **auth)
    assert r.status_code in (400, 404) and r.json()["code"] in ("invalid", "not_found")
    r = client.get(URL, {"external_id": "a\x00b"}, **auth)
    assert r.status_code in (200, 400), r.content
    r = post(client, auth, {"content": "河水\x00发黑"})
    assert r.status_code == 400 and r.json()["field"] == "content"
    r = post(client, auth, {"case": "a\x00b", "reason": "x"}, url="/api/v1/oversight/rechecks")
    assert r.status_code in (400, 404), r.content


def test_openapi_schema_has_one_key_per_name(client):
    """Swagger UI (js-yaml) refuses a schema with a key twice, e.g. a status as 400 and as "400"."""
    doubled = []

    def pairs(items):
        keys = [k for k, _v in items]
        doubled.extend(k for k in set(keys) if keys.count(k) > 1)
        return dict(items)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=pairs)
    assert doubled == []
