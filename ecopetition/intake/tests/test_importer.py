import io
from pathlib import Path

import openpyxl
import pytest

from ecopetition.cases.models import Complaint, Event
from ecopetition.core.exceptions import ValidationError
from ecopetition.intake import importer
from ecopetition.intake.models import Batch, ColumnMapping

NYC = Path(__file__).parent / "data" / "311_subset.micro.csv"


@pytest.fixture(autouse=True)
def english():
    """The report's messages are compared in English (the UI default is Simplified Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def nyc_mapping(db):
    return ColumnMapping.objects.create(
        name="NYC 311 export",
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
def cn_mapping(db):
    return ColumnMapping.objects.create(
        name="督察交办", columns={"source_id": "序号", "received_at": "交办日期", "content": "问题描述",
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
