"""A spreadsheet that declares a huge size but holds two cells is read as two cells (finding 6)."""

from ecopetition.intake import importer


def _declared(rows: int, first_row: str = "") -> bytes:
    import io
    import zipfile

    ns = "http://schemas.openxmlformats.org"
    files = {
        "[Content_Types].xml": f'<Types xmlns="{ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{ns}/spreadsheetml/2006/main"><dimension ref="A1:XFD{rows}"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>内容</t></is></c>{first_row}</row><row r="2"><c r="A2" t="inlineStr"><is><t>夜间噪声</t></is></c></row></sheetData></worksheet>',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


def test_declared_size_is_ignored_only_real_cells_are_read():
    data = _declared(8000)
    assert len(data) < 4096
    header, rows = importer.parse_file("bomb.xlsx", data)
    assert header == ["内容"] and rows == [["夜间噪声"]]


def test_a_row_of_a_million_cells_in_a_small_file_is_refused_before_it_is_read():
    # R11-6: 52 KB of XML compressed to one row of a million cells cost 4.6 s and 1.1 GB in openpyxl
    import time

    import pytest

    from ecopetition.core.exceptions import ValidationError

    data = _declared(2, first_row='<c t="n"><v>1</v></c>' * 1_000_000)
    assert len(data) < 200_000
    started = time.process_time()
    with pytest.raises(ValidationError) as exc:
        importer.parse_file("wide.xlsx", data)
    assert "2000" in exc.value.message
    assert time.process_time() - started < 5  # counted as it streams, never built
    header, rows = importer.parse_file("ok.xlsx", _declared(2, first_row='<c t="n"><v>1</v></c>' * 100))
    assert header[0] == "内容" and rows[0][0] == "夜间噪声"
