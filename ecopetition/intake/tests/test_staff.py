import io
import json

import openpyxl
import pytest
from django.urls import reverse

from ecopetition.cases.actions import ComplainantInput, NewComplaint, do_register
from ecopetition.cases.models import Complaint
from ecopetition.core.exceptions import PermissionDenied
from ecopetition.intake import actions
from ecopetition.intake.export import safe_cell
from ecopetition.testing import PASSWORD


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def register(world, unit="county_a", phone="13700001111", content="噪声扰民", clerk="amy", **kw):
    data = NewComplaint(channel="phone", content=content,
                        complainants=[ComplainantInput(name="王五", phone=phone)], **kw)
    return do_register(data, unit=world.units[unit], actor=world.users[clerk])


@pytest.mark.django_db
def test_phone_intake_registers_a_phone_complaint(client, world):
    login(client, world.users["amy"])
    for name in ("intake:phone", "intake:import", "intake:reception"):
        r = client.get(reverse(name))
        assert r.status_code == 200, name
    assert 'hx-get="/staff/intake/phone/history/"' in client.get(reverse("intake:phone")).content.decode()
    r = client.post(reverse("intake:phone"), {"phone": "13700001111", "name": "王五", "content": "半夜工地打桩",
                                              "unit": "A320902", "next": "another"})
    assert r.status_code == 302 and r["Location"] == reverse("intake:phone")
    case = Complaint.objects.get()
    assert case.channel == "phone" and case.unit.code == "A320902" and case.complainants.get().phone == "13700001111"
    # refused: nothing typed about the caller and not anonymous
    r = client.post(reverse("intake:phone"), {"content": "x", "unit": "A320902"})
    assert Complaint.objects.count() == 1
    # an officer has no intake role here
    client.logout()
    login(client, world.users["otto"])
    assert client.get(reverse("intake:phone")).status_code == 403


@pytest.mark.django_db
def test_phone_history_is_scoped_by_visible_to(client, world):
    mine = register(world, content="亭湖区的老问题")
    register(world, unit="county_b", clerk="bea", content="盐都区的案子")
    login(client, world.users["amy"])
    html = client.get(reverse("intake:phone_history"), {"phone": "137 0000 1111"}).content.decode()
    assert mine.number in html and "盐都区" not in html
    html = client.get(reverse("intake:phone_history"), {"phone": "137"}).content.decode()
    assert mine.number not in html
    login(client, world.users["cara"])  # the city sees both counties
    html = client.get(reverse("intake:phone_history"), {"phone": "13700001111"}).content.decode()
    assert html.count("<li>") == 2


@pytest.mark.django_db
def test_export_escapes_formulas_and_masks_identity(client, world):
    case = register(world, content="=HYPERLINK(\"http://evil\",\"x\")", address="+1 road")
    from ecopetition.cases import actions as ca
    ca.do_accept(case, actor=world.users["amy"])
    ca.do_assign(case, actor=world.users["adam"], lead_unit=world.units["county_a_eco"])
    register(world, unit="county_b", clerk="bea", content="B 的案子")

    def rows(user, **params):
        client.logout()
        login(client, user)
        r = client.get(reverse("intake:export"), params)
        assert r.status_code == 200
        wb = openpyxl.load_workbook(io.BytesIO(r.content))
        return [list(row) for row in wb.active.iter_rows(values_only=True)][1:]

    amy_rows = rows(world.users["amy"])
    assert len(amy_rows) == 1
    row = amy_rows[0]
    assert row[7].startswith("'=HYPERLINK") and row[8] == "'+1 road"
    assert row[12] == "王五" and row[13] == "13700001111"
    oscar_rows = rows(world.users["oscar"])  # officer of the lead unit: sees the case, not the identity
    assert len(oscar_rows) == 1 and oscar_rows[0][13] != "13700001111" and "王五" not in oscar_rows[0]
    assert len(rows(world.users["cara"])) == 2
    # the list page's filters apply: only the accepted-and-assigned one is "assigned"
    assert [r[0] for r in rows(world.users["cara"], state="assigned")] == [case.number]
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)" and safe_cell("-3") == "'-3" and safe_cell(5) == 5


@pytest.mark.django_db
def test_reception_day_and_its_visits(client, world):
    import datetime as dt
    with pytest.raises(PermissionDenied):
        actions.do_schedule_reception(actor=world.users["otto"], unit=world.units["county_a"], leader_name="区长",
                                      place="信访接待室", date=dt.date(2026, 11, 25))
    login(client, world.users["amy"])
    r = client.post(reverse("intake:reception"), {"leader_name": "张区长", "place": "区信访接待大厅",
                                                  "date": "2026-11-25", "start_time": "09:00", "end_time": "11:30",
                                                  "unit": "A320902", "topic": "化工园区异味"})
    assert r.status_code == 302
    detail = r["Location"]
    r = client.post(detail, {"name": "赵六", "phone": "13600002222", "head_count": "6",
                             "content": "化工园区夜间异味严重，六户居民一同来访"})
    assert r.status_code == 302
    case = Complaint.objects.get()
    assert case.channel == "visit" and case.head_count == 6 and case.is_collective
    assert case.reception_visit.session.leader_name == "张区长"
    assert case.events.filter(action="reception_visit").exists()
    assert case.number in client.get(detail).content.decode()
    client.logout()
    login(client, world.users["bea"])  # county B's clerk cannot open county A's session
    assert client.get(detail).status_code == 404


@pytest.mark.django_db
def test_every_channel_lands_in_one_register(client, world, token, settings):
    """Portal, phone, API, Open311, import and reception: one list, each with its channel."""
    from ecopetition.intake import importer
    from ecopetition.intake.models import ColumnMapping

    settings.INTAKE_PORTAL_UNIT = "C3209"
    mapping = ColumnMapping.objects.create(unit=world.units["city"], name="m",
                                           columns={"source_id": "id", "content": "text"})
    upload = importer.stage_upload(name="a.csv", data="id,text\n7,交办件\n".encode(), unit=world.units["city"],
                                   actor=world.users["cara"])
    importer.do_import_batch(upload, mapping, actor=world.users["cara"])
    client.post(reverse("portal:submit"), {"content": "门户", "address": "某地", "anonymous": "on"})
    register(world, content="电话")
    client.post("/api/v1/complaints", data=json.dumps({"content": "接口", "channel": "transfer"}),
                content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    from ecopetition.org.models import ApiToken, TokenScope

    key = ApiToken.issue(world.users["cara"], "open311", TokenScope.OPEN311)[1]
    client.post("/open311/v2/requests.json", {"api_key": key, "service_code": "air", "address_string": "某路",
                                              "description": "Open311"})
    import datetime as dt
    s = actions.do_schedule_reception(actor=world.users["amy"], unit=world.units["county_a"], leader_name="区长",
                                      place="接待室", date=dt.date(2026, 11, 25))
    actions.do_register_visit(s, NewComplaint(channel="visit", content="来访", is_anonymous=True),
                              actor=world.users["amy"])
    channels = sorted(Complaint.objects.values_list("channel", flat=True))
    assert channels == sorted(["web", "phone", "transfer", "web", "visit", "inspection"])
    login(client, world.users["cara"])
    r = client.get("/api/v1/complaints", {"page_size": 50})
    assert sorted(c["channel"] for c in r.json()["results"]) == channels


@pytest.mark.django_db
def test_import_wizard_upload_map_report_import(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ecopetition.intake.models import Batch, ColumnMapping

    login(client, world.users["cara"])
    csv = "编号,日期,问题\n101,2026-11-01,工地扬尘\n102,2026-11-02,夜间噪声\n".encode()
    r = client.post(reverse("intake:import"), {"file": SimpleUploadedFile("批次.csv", csv), "unit": "C3209"})
    assert r.status_code == 302
    map_url = r["Location"]
    assert "日期" in client.get(map_url).content.decode()
    r = client.post(map_url, {"col_source_id": "编号", "col_received_at": "日期", "col_content": ["问题"],
                              "name": "市督察组格式", "channel": "inspection"})
    assert r.status_code == 302 and ColumnMapping.objects.filter(name="市督察组格式").exists()
    report_url = r["Location"]
    html = client.get(report_url).content.decode()
    assert 'id="total-rows">2<' in html and 'id="bad-rows">0<' in html
    r = client.post(report_url)
    assert r.status_code == 302
    batch = Batch.objects.get()
    assert batch.count == 2 and Complaint.objects.filter(channel="inspection").count() == 2
    # the saved mapping is offered for the next file
    r = client.post(reverse("intake:import"), {"file": SimpleUploadedFile("b.csv", csv), "unit": "C3209"})
    mapping = ColumnMapping.objects.get(name="市督察组格式")
    html = client.get(r["Location"], {"mapping": mapping.pk}).content.decode()
    assert "selected" in html
    # another clerk cannot open someone else's upload
    client.logout()
    login(client, world.users["amy"])
    assert client.get(map_url).status_code == 404
