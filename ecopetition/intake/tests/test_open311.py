# ruff: noqa: S314 - parses the XML our own test server just produced
import datetime as dt
import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from django.test import override_settings

from ecopetition.cases.models import Complaint
from ecopetition.org.models import ApiToken, TokenScope

from . import open311_schemas as S

BASE = "/open311/v2"


@pytest.fixture
def token(world):
    """An Open311 key (scope open311) of the city intake clerk "cara": Open311 takes no other."""
    return ApiToken.issue(world.users["cara"], "city system", TokenScope.OPEN311)[1]


def valid(data, schema):
    jsonschema.validate(data, schema)
    return data


def create(client, token, **extra):
    body = {"api_key": token, "service_code": "noise", "lat": "33.35", "long": "120.16",
            "description": "夜间工地施工噪声", **extra}
    return client.post(f"{BASE}/requests.json", body)


@pytest.mark.django_db
def test_services_and_definition_validate(client, world):
    data = valid(client.get(f"{BASE}/services.json").json(), S.SERVICES)
    assert {s["service_code"] for s in data} >= {"air", "water", "noise"}
    d = valid(client.get(f"{BASE}/services/air.json").json(), S.SERVICE_DEFINITION)
    assert any(a["code"] == "sector" and a["values"] for a in d["attributes"])
    r = client.get(f"{BASE}/services.xml")
    assert r["Content-Type"].startswith("text/xml")
    root = ET.fromstring(r.content)
    assert root.tag == "services" and root.find("service/service_code") is not None
    assert client.get(f"{BASE}/discovery.json").json()["endpoints"][0]["formats"]


@pytest.mark.django_db
def test_post_then_read_back(client, world, token):
    r = create(client, token)
    assert r.status_code == 200, r.content  # the spec's Swagger description answers 200
    number = valid(r.json(), S.POST_RESPONSE)[0]["service_request_id"]
    case = Complaint.objects.get(number=number)
    assert case.channel == "web" and case.is_anonymous and [c.code for c in case.categories.all()] == ["noise"]
    one = valid(client.get(f"{BASE}/requests/{number}.json").json(), S.REQUESTS)
    assert one[0]["status"] == "open" and one[0]["lat"] == 33.35
    listed = valid(client.get(f"{BASE}/requests.json", {"status": "open", "service_code": "noise"}).json(), S.REQUESTS)
    assert [x["service_request_id"] for x in listed] == [number]
    assert client.get(f"{BASE}/requests.json", {"status": "closed"}).json() == []
    root = ET.fromstring(client.get(f"{BASE}/requests/{number}.xml").content)
    assert root.tag == "service_requests" and root.findtext("request/service_request_id") == number


@pytest.mark.django_db
def test_personal_data_never_in_public_reads(client, world, token):
    number = create(client, token, first_name="三", last_name="张", phone="13812345678").json()[0]["service_request_id"]
    assert not Complaint.objects.get(number=number).is_anonymous
    body = client.get(f"{BASE}/requests/{number}.json").content.decode()
    assert "13812345678" not in body and "张" not in body and "施工" not in body
    # with an api_key that can see the case, the summary is given (still no identity)
    staff = client.get(f"{BASE}/requests/{number}.json", {"api_key": token}).json()[0]
    assert "施工" in staff["description"] and "13812345678" not in json.dumps(staff, ensure_ascii=False)
    assert client.get(f"{BASE}/requests/{number}.json", {"api_key": "bad"}).status_code == 403


@pytest.mark.django_db
@override_settings(INTAKE_OPEN311_TYPE="batch")
def test_batch_service_answers_a_token(client, world, token):
    assert client.get(f"{BASE}/services.json").json()[0]["type"] == "batch"
    r = create(client, token)
    tok = valid(r.json(), S.POST_RESPONSE)[0]["token"]
    assert "service_request_id" not in r.json()[0]
    resolved = valid(client.get(f"{BASE}/tokens/{tok}.json").json(), S.TOKEN_RESPONSE)
    assert Complaint.objects.filter(number=resolved[0]["service_request_id"]).exists()
    assert client.get(f"{BASE}/tokens/nope.json").status_code == 404


@pytest.mark.django_db
def test_errors_follow_the_spec(client, world, token):
    def err(r, status):
        assert r.status_code == status, r.content
        if r["Content-Type"].startswith("application/json"):
            valid(r.json(), S.ERRORS)
        else:
            root = ET.fromstring(r.content)
            assert root.tag == "errors" and root.find("error/code") is not None
        return r

    err(create(client, "wrong-key"), 403)
    err(create(client, ""), 403)
    err(create(client, token, service_code="bogus"), 404)
    err(create(client, token, service_code=""), 400)
    err(client.post(f"{BASE}/requests.json", {"api_key": token, "service_code": "air"}), 400)  # no location
    err(create(client, token, lat="33.3", long=""), 400)
    err(create(client, token, lat="abc", long="def"), 400)
    err(create(client, token, description="x" * 4001), 400)
    err(create(client, token, **{"attribute[colour]": "red"}), 400)
    err(client.post(f"{BASE}/requests.json", data='{"service_code": "air"', content_type="application/json"), 400)
    err(client.post(f"{BASE}/requests.xml", data="<service_request><oops>", content_type="text/xml"), 400)
    big = "description=" + "x" * (6 * 1024 * 1024)
    err(client.post(f"{BASE}/requests.json", data=big, content_type="application/x-www-form-urlencoded"), 400)
    err(client.get(f"{BASE}/services/bogus.json"), 404)
    err(client.get(f"{BASE}/requests/NOPE-1.xml"), 404)
    err(client.get(f"{BASE}/services.yaml"), 400)
    err(client.get(f"{BASE}/requests.json", {"start_date": "yesterday"}), 400)
    now = dt.datetime.now(dt.UTC)
    err(client.get(f"{BASE}/requests.json", {"start_date": (now - dt.timedelta(days=200)).isoformat(),
                                             "end_date": now.isoformat()}), 400)
    err(client.get(f"{BASE}/requests.json", {"status": "pending"}), 400)
    err(client.get(f"{BASE}/nothing-here.json"), 404)
    with override_settings(INTAKE_OPEN311_JURISDICTION="yancheng.example"):
        err(client.get(f"{BASE}/services.json", {"jurisdiction_id": "other.example"}), 404)
        assert client.get(f"{BASE}/services.json", {"jurisdiction_id": "yancheng.example"}).status_code == 200
    assert Complaint.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_georeport_client_reads_a_live_server(reseeded, live_server, world, token, client, categories):
    GeoReport = pytest.importorskip("georeport").GeoReport

    r = create(client, token)
    assert r.status_code == 200, r.content.decode()
    number = r.json()[0]["service_request_id"]
    for fmt in ("json", "xml"):
        geo = GeoReport(f"{live_server.url}{BASE}", output_format=fmt)
        services = geo.get_service_list()
        codes = {s["service_code"] for s in services}
        assert "noise" in codes
        definition = geo.get_service_definition("noise")
        assert definition
        found = geo.get_service_requests(service_code="noise", status="open")
        found = found if isinstance(found, list) else [found]
        assert number in {r["service_request_id"] for r in found}
        one = geo.get_service_request(number)
        one = one[0] if isinstance(one, list) else one
        assert one["service_request_id"] == number


@pytest.mark.django_db
def test_the_public_gets_the_place_to_the_street_only(client, world, token):
    number = create(client, token, address_string="盐城市亭湖区建设路12号3单元", lat="33.351234",
                    long="120.161234").json()[0]["service_request_id"]
    public = client.get(f"{BASE}/requests/{number}.json").json()[0]
    assert public["address"] == "盐城市亭湖区建设路" and public["lat"] == 33.351 and public["long"] == 120.161
    staff = client.get(f"{BASE}/requests/{number}.json", {"api_key": token}).json()[0]
    assert staff["address"] == "盐城市亭湖区建设路12号3单元" and staff["lat"] == 33.351234


@pytest.mark.django_db
def test_what_the_fuzzer_found_gets_the_spec_error(client, world, token):
    """Each of these answered 500 or a page out of the spec's format before."""

    def err(r, status, fmt="json"):
        assert r.status_code == status, r.content
        if fmt == "json":
            valid(r.json(), S.ERRORS)
        else:
            root = ET.fromstring(r.content)  # also proves the XML is well formed
            assert root.tag == "errors" and root.findtext("error/code") == str(status)
        return r

    for bad in ["2026-13-01T00:00:00Z", "2026-01-01T00:00:00+25:00", "0001-01-01T00:00:00",
                "9999-12-31T23:59:59-12:00"]:
        err(client.get(f"{BASE}/requests.json", {"end_date": bad}), 400)
        err(client.get(f"{BASE}/requests.xml", {"start_date": bad}), 400, "xml")
    # control characters echoed into the XML error; a newline in the resource name
    r = err(client.get(f"{BASE}/requests/a%01%1Fb.xml"), 404, "xml")
    assert "a\ufffd\ufffdb" in ET.fromstring(r.content).findtext("error/description")
    err(client.get(f"{BASE}/services/x%0Ay.json"), 404)
    err(client.get(f"{BASE}/x%0A.json"), 404)
    # a form that is not UTF-8, multipart without a boundary
    err(client.post(f"{BASE}/requests.json", data=b"api_key=x&service_code=air",
                    content_type="application/x-www-form-urlencoded; charset=gb18030"), 400)
    err(client.post(f"{BASE}/requests.xml", data=f"api_key={token}".encode(), content_type="multipart/form-data"),
        400, "xml")
    assert Complaint.objects.count() == 0


def test_xml_rendering_drops_characters_xml_cannot_carry():
    from ecopetition.intake.open311 import render

    body = render([{"description": "ok\x00\x08\x0b\ufffe", "n": 1}], "xml", root="service_requests", item="request")
    assert ET.fromstring(body.content).findtext("request/description") == "ok\ufffd\ufffd\ufffd\ufffd"


@pytest.mark.django_db
def test_nul_in_ids_gets_the_spec_error(client, world, token):
    r = client.get(f"{BASE}/requests/a%00b.json")
    assert r.status_code in (400, 404) and valid(r.json(), S.ERRORS)
    r = client.get(f"{BASE}/requests.json", {"service_request_id": "a\x00b"})
    assert r.status_code in (200, 400), r.content
    r = create(client, token, description="夜间\x00噪声")
    assert r.status_code == 400 and valid(r.json(), S.ERRORS)


def test_a_json_api_token_is_no_open311_key(client, world, caplog):
    """A full-power key must never travel in a URL: Open311 refuses a JSON API token, valid as it is, says
    why, and logs that it should be revoked (by its prefix, never the key)."""
    row, api_key = ApiToken.issue(world.users["cara"], "city system")
    r = create(client, api_key)
    assert r.status_code == 403
    assert "Open311" in r.json()[0]["description"] and r.json()[0]["code"] == 403
    number = create(client, ApiToken.issue(world.users["cara"], "o", TokenScope.OPEN311)[1]).json()[0][
        "service_request_id"]
    r = client.get(f"{BASE}/requests/{number}.json", {"api_key": api_key})
    assert r.status_code == 403
    assert row.prefix in caplog.text and api_key not in caplog.text and "revoke" in caplog.text
    assert Complaint.objects.filter(number=number).count() == 1  # only the Open311 key's request


def test_an_open311_key_is_refused_by_the_json_api(client, world, token):
    r = client.get("/api/v1/complaints", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 401
    assert r.json()["code"] == "unauthenticated" and r.json()["message"]
    r = client.post("/api/v1/complaints", data=json.dumps({"content": "接口", "channel": "transfer"}),
                    content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 401 and Complaint.objects.count() == 0


def test_a_revoked_or_inactive_users_key_is_refused_and_use_is_recorded(client, world, token):
    row = ApiToken.objects.get(prefix=token[:8])
    assert row.last_used_at is None
    assert create(client, token).status_code == 200
    row.refresh_from_db()
    assert row.last_used_at is not None
    ApiToken.objects.filter(pk=row.pk).update(active=False)
    assert create(client, token).status_code == 403
    ApiToken.objects.filter(pk=row.pk).update(active=True)
    world.users["cara"].is_active = False
    world.users["cara"].save()
    assert create(client, token).status_code == 403


@pytest.mark.django_db
def test_public_list_reads_are_paged_and_rate_limited(client, world, token, monkeypatch):
    """R3-12: a read without an api_key answers a page at a time and a number of times per address and
    minute (429 with Retry-After), so an anonymous request's cost is bounded; a key is not limited."""
    from ecopetition.core import clock
    from ecopetition.intake import open311

    monkeypatch.setattr(open311, "PUBLIC_PAGE_SIZE", 2)
    monkeypatch.setattr(open311, "PUBLIC_READS_PER_MINUTE", 3)
    numbers = [create(client, token, description=f"噪声{i}").json()[0]["service_request_id"] for i in range(3)]
    first = client.get(f"{BASE}/requests.json").json()
    second = client.get(f"{BASE}/requests.json", {"page": "2"}).json()
    assert [r["service_request_id"] for r in first + second] == numbers[::-1]
    assert client.get(f"{BASE}/requests.json", {"page": "x"}).status_code == 400
    over = client.get(f"{BASE}/requests.json")
    assert over.status_code == 429 and over["Retry-After"] == "60" and over.json()[0]["code"] == 429
    assert len(client.get(f"{BASE}/requests.json", {"api_key": token}).json()) == 3  # a key reads all, unlimited
    assert client.get(f"{BASE}/requests.xml", REMOTE_ADDR="10.9.9.9").status_code == 200  # another address
    with clock.frozen(clock.now() + dt.timedelta(seconds=61)):
        assert client.get(f"{BASE}/requests.json").status_code == 200  # the minute is over


@pytest.mark.django_db
def test_a_point_inside_a_loaded_boundary_is_read_as_numbers(client, world, token, monkeypatch):
    # R12-5: with map boundaries loaded the form's lat and long (text) were compared with numbers: a 500
    from ecopetition.triage import geo

    box = {"type": "Polygon", "coordinates": [[[120.0, 33.0], [121.0, 33.0], [121.0, 34.0], [120.0, 34.0], [120.0, 33.0]]]}
    monkeypatch.setattr(geo, "_loaded", lambda: [("320902", "亭湖区", 3, box, 120.0, 33.0, 121.0, 34.0)])
    r = create(client, token, lat="33.35", long="120.16")
    assert r.status_code == 200 and r.json()[0]["service_request_id"], r.content
    bad = create(client, token, lat="33.35abc", long="120.16")
    assert bad.status_code == 400 and "lat" in bad.content.decode()
