import io
from pathlib import Path

import openpyxl
import pytest

from ecopetition.cases.models import Complaint, Event
from ecopetition.core.exceptions import ValidationError
from ecopetition.intake import importer
from ecopetition.intake.models import Batch, ColumnMapping, IntakeRoute

NYC = Path(__file__).parent / "data" / "311_subset.micro.csv"


@pytest.fixture(autouse=True)
def english():
    """The report's messages are compared in English (the UI default is Simplified Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def nyc_mapping(world):
    return ColumnMapping.objects.create(
        unit=world.units["city"], name="NYC 311 export",
        columns={
            "source_id": "Unique Key",
            "received_at": "Created Date",
            "title": "Complaint Type",
            "content": ["Complaint Type", "Descriptor", "Resolution Description"],
            "address": ["Incident Address", "City", "Incident Zip"],
            "reported_party_name": "Agency Name",
            "lat": "Latitude",
            "lon": "Longitude",
        },
        date_format="%m/%d/%Y %I:%M:%S %p",
        channel="inspection",
    )


@pytest.fixture
def quiet_hooks():
    """Other domains' in-transaction hooks (rollups, repeat index) cost ~25 ms per case; the importer's
    behaviour does not depend on them, so the 2,000-row test runs without them to stay fast."""
    from ecopetition.cases import audit

    saved = list(audit.event_appended.receivers)
    audit.event_appended.receivers = []
    audit.event_appended.sender_receivers_cache.clear()
    yield
    audit.event_appended.receivers = saved
    audit.event_appended.sender_receivers_cache.clear()


@pytest.mark.django_db
def test_nyc_sample_imports_through_a_saved_mapping(world, nyc_mapping, quiet_hooks):
    clerk = world.users["cara"]
    upload = importer.stage_upload(name=NYC.name, data=NYC.read_bytes(), unit=world.units["city"], actor=clerk)
    assert len(upload.rows) == 2000 and "Unique Key" in upload.header
    report = importer.validate(upload, ColumnMapping.objects.get(name="NYC 311 export"))
    assert report.ok, [(r.row, r.errors) for r in report.bad][:5]
    batch = importer.do_import_batch(upload, nyc_mapping, actor=clerk)
    assert batch.number.startswith("C3209-PC") and batch.count == 2000
    assert Complaint.objects.filter(batch_item__batch=batch, channel="inspection").count() == 2000
    # how each row was routed (its place read: 1,402 rows carry a map point) is kept, once per case
    routes = IntakeRoute.objects.filter(complaint__batch_item__batch=batch)
    assert routes.count() == routes.values("complaint").distinct().count() == 2000
    assert routes.filter(complaint__lat__isnull=False).count() == 1402
    assert set(routes.values_list("channel_unit", flat=True)) == {world.units["city"].pk}
    case = Complaint.objects.get(intake_key="import:19937901")
    assert case.received_at.year == 2011 and "Street Sign" in case.content and case.lat == pytest.approx(40.6608, 1e-3)
    # the same file again: every row is reported as already in the register, and nothing is added
    again = importer.stage_upload(name=NYC.name, data=NYC.read_bytes(), unit=world.units["city"], actor=clerk)
    report = importer.validate(again, nyc_mapping)
    assert len(report.bad) == 2000 and "Already in the register" in report.bad[0].errors[0]
    with pytest.raises(ValidationError):
        importer.do_import_batch(again, nyc_mapping, actor=clerk)
    assert Complaint.objects.count() == 2000


def _xlsx(rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def cn_mapping(world):
    return ColumnMapping.objects.create(
        unit=world.units["city"], name="督察交办", columns={"source_id": "序号", "received_at": "交办日期", "content": "问题描述",
                              "address": "地址", "division_code": "区划代码", "category": "污染类型"},
    )


@pytest.mark.django_db
def test_validation_report_and_all_or_nothing(world, cn_mapping):
    clerk = world.users["cara"]
    data = _xlsx([
        ["序号", "交办日期", "问题描述", "地址", "区划代码", "污染类型"],
        ["1", "2026-11-01", "化工厂废气扰民", "亭湖区某路", "320902", "大气"],
        ["2", "2026-13-45", "夜间施工噪声", "盐都区某路", "320903", "噪声"],   # bad date
        ["3", "2026-11-02", "", "亭湖区", "320902", "水"],                      # missing content
        ["4", "2026-11-02", "河道发黑发臭", "某地", "110101", "水"],              # unknown division
        ["1", "2026-11-01", "化工厂废气扰民", "亭湖区某路", "320902", "大气"],    # duplicate in file
        ["6", "2026-11-03", "畜禽养殖粪污", "某村", "320902", "火星"],            # unknown category
    ])
    upload = importer.stage_upload(name="交办.xlsx", data=data, unit=world.units["city"], actor=clerk)
    report = importer.validate(upload, cn_mapping)
    errors = {r.row: " ".join(r.errors) for r in report.bad}
    assert set(errors) == {2, 3, 4, 5, 6}
    assert "Bad date" in errors[2] and "Content is missing" in errors[3] and "Unknown division" in errors[4]
    assert "Duplicate of row 1" in errors[5] and "Unknown pollution category" in errors[6]
    before = (Complaint.objects.count(), Event.objects.count(), Batch.objects.count())
    with pytest.raises(ValidationError):
        importer.do_import_batch(upload, cn_mapping, actor=clerk)
    assert (Complaint.objects.count(), Event.objects.count(), Batch.objects.count()) == before


@pytest.mark.django_db
def test_failure_mid_import_rolls_back_everything(world, cn_mapping, monkeypatch):
    clerk = world.users["cara"]
    rows = [["序号", "交办日期", "问题描述", "地址", "区划代码", "污染类型"]]
    rows += [[str(i), "2026-11-01", f"问题{i}", "亭湖区", "320902", "大气"] for i in range(1, 6)]
    upload = importer.stage_upload(name="b.xlsx", data=_xlsx(rows), unit=world.units["city"], actor=clerk)
    real = importer.do_register
    calls = []

    def flaky(data, **kw):
        calls.append(1)
        if len(calls) == 4:
            raise ValidationError("database hiccup")
        return real(data, **kw)

    monkeypatch.setattr(importer, "do_register", flaky)
    with pytest.raises(ValidationError):
        importer.do_import_batch(upload, cn_mapping, actor=clerk)
    assert Complaint.objects.count() == 0 and Batch.objects.count() == 0
    monkeypatch.setattr(importer, "do_register", real)
    batch = importer.do_import_batch(upload, cn_mapping, actor=clerk)
    assert batch.count == 5 and batch.number.endswith("-001")


@pytest.mark.django_db
def test_bad_files_are_refused(world):
    for name, data in [("x.xlsx", b"not a zip"), ("x.csv", b"\x00\x01\x02"), ("x.exe", b"MZ"), ("x.csv", b"")]:
        with pytest.raises(ValidationError):
            importer.parse_file(name, data)
    header, rows = importer.parse_file("gbk.csv", "序号,问题描述\n1,噪声\n".encode("gb18030"))
    assert header == ["序号", "问题描述"] and rows == [["1", "噪声"]]


# --- saved mappings belong to a unit ---------------------------------------------------

def _wizard(client, world, clerk, unit_code, *, name, columns, csv):
    """Log in as `clerk`, upload `csv` into `unit_code` and save the mapping `columns` as `name`; returns the
    upload's map page and the report page the saved mapping leads to."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from ecopetition.testing import PASSWORD

    assert client.login(username=clerk, password=PASSWORD)
    r = client.post(reverse("intake:import"), {"file": SimpleUploadedFile("交办.csv", csv), "unit": unit_code})
    assert r.status_code == 302, r.content.decode()[:500]
    map_url = r["Location"]
    r = client.post(map_url, {**{f"col_{k}": v for k, v in columns.items()}, "name": name, "channel": "inspection"})
    assert r.status_code == 302
    return map_url, r["Location"]


CSV = "编号,问题,姓名,电话\n201,化工厂夜间排放异味,张三,13911112222\n".encode()


@pytest.mark.django_db
def test_two_units_keep_their_own_mapping_of_the_same_name(client, world):
    from django.test import Client

    # County A maps the content alone; county B then saves a mapping of the same name that would pour the
    # complainant's name and phone into the content. Each keeps its own.
    _wizard(client, world, "amy", "A320902", name="督察组格式", csv=CSV,
            columns={"source_id": "编号", "content": "问题", "complainant_name": "姓名", "complainant_phone": "电话"})
    _wizard(Client(), world, "bea", "B320903", name="督察组格式", csv=CSV,
            columns={"source_id": "编号", "content": ["问题", "姓名", "电话"]})
    a = ColumnMapping.objects.get(unit=world.units["county_a"], name="督察组格式")
    b = ColumnMapping.objects.get(unit=world.units["county_b"], name="督察组格式")
    assert a.pk != b.pk and ColumnMapping.objects.count() == 2
    assert a.columns["content"] == "问题" and a.columns["complainant_phone"] == "电话"
    assert b.columns["content"] == ["问题", "姓名", "电话"]
    assert a.created_by == world.users["amy"] and b.created_by == world.users["bea"]
    # Saving again under the name replaces one's own mapping only.
    _wizard(client, world, "amy", "A320902", name="督察组格式", csv=CSV, columns={"content": "问题"})
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.columns == {"content": "问题"} and b.columns["content"] == ["问题", "姓名", "电话"]
    assert ColumnMapping.objects.count() == 2


@pytest.mark.django_db
def test_a_clerk_cannot_list_or_use_another_units_mapping(client, world):
    from django.test import Client

    columns = {"source_id": "编号", "content": "问题", "complainant_name": "姓名", "complainant_phone": "电话"}
    _wizard(client, world, "amy", "A320902", name="县A格式", csv=CSV, columns=columns)
    theirs = ColumnMapping.objects.get(name="县A格式")
    bea = Client()
    map_url, _report = _wizard(bea, world, "bea", "B320903", name="县B格式", csv=CSV, columns={"content": "问题"})
    upload_pk = int(map_url.rstrip("/").split("/")[-2])
    mine = ColumnMapping.objects.get(name="县B格式")
    # The map page offers county B's mappings only; asking for A's by id selects nothing.
    html = bea.get(map_url).content.decode()
    assert "县B格式" in html and "县A格式" not in html
    html = bea.get(map_url, {"mapping": theirs.pk}).content.decode()
    assert "县A格式" not in html and 'id="id_mapping"' in html
    # The report and the import answer 404 for A's mapping, as for one that does not exist; nothing is imported.
    report_url = f"/staff/intake/import/{upload_pk}/report/"
    assert bea.get(report_url, {"mapping": theirs.pk}).status_code == 404
    assert bea.post(f"{report_url}?mapping={theirs.pk}").status_code == 404
    assert bea.post(report_url, {"mapping": theirs.pk}).status_code == 404
    assert bea.get(report_url, {"mapping": "x"}).status_code == 404
    assert Complaint.objects.count() == 0 and Batch.objects.count() == 0
    # The action refuses it too, whoever calls it.
    from ecopetition.intake.models import ImportUpload

    upload = ImportUpload.objects.get(pk=upload_pk)
    with pytest.raises(ValidationError) as refused:
        importer.do_import_batch(upload, theirs, actor=world.users["bea"])
    assert refused.value.field == "mapping"
    assert Complaint.objects.count() == 0
    # With the own mapping the import goes through.
    r = bea.post(f"{report_url}?mapping={mine.pk}")
    assert r.status_code == 302
    batch = Batch.objects.get()
    assert batch.unit == world.units["county_b"] and batch.mapping == mine and batch.count == 1


@pytest.mark.django_db
def test_a_mapping_without_a_unit_serves_no_import(world):
    """A mapping saved before mappings had a unit, whose author's unit could not be told, waits for an
    administrator to give it one."""
    legacy = ColumnMapping.objects.create(name="旧格式", columns={"content": "问题"})
    upload = importer.stage_upload(name="a.csv", data=CSV, unit=world.units["city"], actor=world.users["cara"])
    assert importer.mapping_for(upload, legacy.pk) is None
    assert not importer.unit_mappings(world.units["city"]).exists()
    with pytest.raises(ValidationError):
        importer.do_import_batch(upload, legacy, actor=world.users["cara"])
    legacy.unit = world.units["city"]
    legacy.save()
    assert importer.do_import_batch(upload, legacy, actor=world.users["cara"]).count == 1


@pytest.mark.django_db
def test_migration_gives_existing_mappings_their_authors_unit(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("ecopetition.intake.migrations.0004_column_mapping_unit")
    amys = ColumnMapping.objects.create(name="县A旧格式", columns={"content": "问题"}, created_by=world.users["amy"])
    officers = ColumnMapping.objects.create(name="无受理角色", columns={"content": "问题"}, created_by=world.users["otto"])
    nobodys = ColumnMapping.objects.create(name="无作者", columns={"content": "问题"})
    migration.assign_units(apps, None)
    for m in (amys, officers, nobodys):
        m.refresh_from_db()
    assert amys.unit == world.units["county_a"]
    assert officers.unit is None and nobodys.unit is None
