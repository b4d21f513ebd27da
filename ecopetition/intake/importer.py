"""Batch handover import (.xlsx/.csv): parse, map columns, validate every row, import all or nothing.

A handover (督察交办) arrives as a spreadsheet whose columns are named by
whoever made it. A saved ColumnMapping says which column fills which field;
the validation report lists every problem per row; the import registers all
rows through `do_register` inside one transaction as one numbered batch, so a
failure leaves the register exactly as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecopetition.cases.actions import ComplainantInput, NewComplaint, do_register, next_sequence
from ecopetition.cases.models import Category, Channel, Complaint, Sector
from ecopetition.cases.validators import check_coordinates, normalize_phone
from ecopetition.core import clock
from ecopetition.core.exceptions import DomainError, ValidationError
from ecopetition.org.models import Unit

from .models import Batch, BatchItem, ColumnMapping, ImportUpload, IntakeRoute

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20000
MAX_COLUMNS = 200  # a work-order export has a few dozen; more is a malformed or hostile sheet
# openpyxl builds a whole row before `max_col` cuts it, and a few kilobytes of XML compress to a row of a million
# cells (R11-6: 52 KB cost 4.6 s and 1.1 GB): the sheet's cells per row and the file's unpacked size are counted
# on the XML as it streams out of the archive, before openpyxl reads it.
MAX_CELLS_PER_ROW = 2000
MAX_UNPACKED_BYTES = 128 * 1024 * 1024
_CELL_OR_ROW = re.compile(rb"<(?:\w+:)?(?:row|c)[\s>/]")
KEY_PREFIX = "import:"

# Fields a column can fill; "content" and "address" may join several columns.
FIELDS = {
    "source_id": gettext_lazy("Source id (for duplicates)"),
    "received_at": gettext_lazy("Date received"),
    "title": gettext_lazy("Summary"),
    "content": gettext_lazy("Content"),
    "address": gettext_lazy("Address"),
    "division_code": gettext_lazy("Division code"),
    "category": gettext_lazy("Pollution category"),
    "sector": gettext_lazy("Sector"),
    "reported_party_name": gettext_lazy("Reported party"),
    "complainant_name": gettext_lazy("Complainant's name"),
    "complainant_phone": gettext_lazy("Complainant's phone"),
    "lat": gettext_lazy("Latitude"),
    "lon": gettext_lazy("Longitude"),
}
REQUIRED = ("content",)
MULTI = ("content", "address")


# --- parsing ----------------------------------------------------------------

def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _unique_header(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, h in enumerate(header):
        name = h.strip() or f"column {i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        out.append(name)
    return out


def _check_sheet_size(data: bytes) -> None:
    """Refuse an .xlsx whose parts unpack to more than MAX_UNPACKED_BYTES, or one of whose sheets has a row of more
    than MAX_CELLS_PER_ROW cells, reading the XML in 1 MB pieces (never all of it at once)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return  # openpyxl says it cannot be read
    with archive:
        infos = archive.infolist()
        if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
            raise ValidationError(_("The Excel file unpacks to more than %(mb)d MB: split it into smaller files.")
                                  % {"mb": MAX_UNPACKED_BYTES // 2**20}, field="file")
        for info in infos:
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                if _widest_row(archive, info) > MAX_CELLS_PER_ROW:
                    raise ValidationError(_("A row of the Excel file has more than %(n)d cells: keep only the columns "
                                            "to import.") % {"n": MAX_CELLS_PER_ROW}, field="file")


def _widest_row(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    widest = cells = 0
    tail = b""
    with archive.open(info) as part:
        while True:
            piece = part.read(1 << 20)
            chunk = tail + piece
            # a tag starting in the last 64 bytes may be cut: it is read again with the next piece
            stop = len(chunk) if not piece else max(0, len(chunk) - 64)
            for m in _CELL_OR_ROW.finditer(chunk, 0, len(chunk)):
                if m.start() >= stop:
                    break
                if m.group().rstrip(b" \t\r\n>/").endswith(b"row"):
                    widest, cells = max(widest, cells), 0
                else:
                    cells += 1
                    if cells > MAX_CELLS_PER_ROW:
                        return cells
            if not piece:
                return max(widest, cells)
            tail = chunk[stop:]


def parse_file(name: str, data: bytes) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a .csv or .xlsx file, every cell as text."""
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(_("The file is too large (at most %(mb)d MB).") % {"mb": MAX_FILE_BYTES // 2**20},
                              field="file")
    lower = name.lower()
    if lower.endswith(".xlsx"):
        if not data.startswith(b"PK\x03\x04"):
            raise ValidationError(_("This is not an Excel .xlsx file."), field="file")
        import openpyxl

        _check_sheet_size(data)
        try:
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = wb.worksheets[0]
            # The size a sheet declares (A1:XFD1048576) costs nothing to write and everything to pad out: ignore
            # it, read the cells that are there, and stop at the caps.
            sheet.reset_dimensions()
            table = []
            for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                cells = [_cell(v) for v in row]
                while cells and not cells[-1]:
                    cells.pop()  # the empty tail max_col pads with
                table.append(cells)
                if len(table) > MAX_ROWS + 1:
                    wb.close()
                    raise ValidationError(_("At most %(n)d rows per batch.") % {"n": MAX_ROWS}, field="file")
            wb.close()
        except ValidationError:
            raise
        except Exception as exc:  # openpyxl raises many kinds on damaged files
            raise ValidationError(_("The Excel file could not be read: %(e)s") % {"e": type(exc).__name__},
                                  field="file") from None
    elif lower.endswith(".csv"):
        if b"\x00" in data[:4096]:
            raise ValidationError(_("This is not a text CSV file."), field="file")
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationError(_("The CSV file is neither UTF-8 nor GB18030 text."), field="file")
        try:
            table = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
        except csv.Error as exc:
            raise ValidationError(_("The CSV file could not be read: %(e)s") % {"e": exc}, field="file") from None
    else:
        raise ValidationError(_("Upload an .xlsx or .csv file."), field="file")
    table = [row for row in table if any(c for c in row)]
    if not table:
        raise ValidationError(_("The file has no rows."), field="file")
    header = _unique_header(table[0])
    rows = [(row + [""] * len(header))[: len(header)] for row in table[1:]]
    if len(rows) > MAX_ROWS:
        raise ValidationError(_("At most %(n)d rows per batch.") % {"n": MAX_ROWS}, field="file")
    return header, rows


def stage_upload(*, name: str, data: bytes, unit: Unit, actor) -> ImportUpload:
    header, rows = parse_file(name, data)
    return ImportUpload.objects.create(unit=unit, file_name=name[:200], header=header, rows=rows, uploaded_by=actor,
                                       uploaded_at=clock.now())


# --- saved mappings: each belongs to one unit -----------------------------------------

def unit_mappings(unit: Unit):
    """The saved mappings an import into `unit` may offer and use: that unit's own, never another unit's."""
    return ColumnMapping.objects.filter(unit=unit)


def mapping_for(upload: ImportUpload, pk) -> ColumnMapping | None:
    """The saved mapping `pk` when it is one of the upload's unit's, else None (another unit's is as unknown)."""
    try:
        return unit_mappings(upload.unit).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def save_mapping(upload: ImportUpload, *, name: str, columns: dict, date_format: str, channel: str,
                 actor) -> ColumnMapping:
    """Save the mapping under `name` in the upload's unit: replaces that unit's mapping of the same name,
    never another unit's (the same name there is a different mapping)."""
    mapping, _created = ColumnMapping.objects.update_or_create(
        unit=upload.unit, name=name[:100],
        defaults={"columns": columns, "date_format": date_format[:40], "created_by": actor,
                  "channel": channel if channel in Channel.values else Channel.INSPECTION},
    )
    return mapping


# --- mapping and validation ---------------------------------------------------------

@dataclass
class RowResult:
    row: int  # 1-based data row (the header is row 0)
    source_id: str
    errors: list[str] = field(default_factory=list)
    data: NewComplaint | None = None


@dataclass
class Report:
    rows: list[RowResult]
    missing_columns: list[str]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def bad(self) -> list[RowResult]:
        return [r for r in self.rows if r.errors]

    @property
    def ok(self) -> bool:
        return not self.missing_columns and not self.bad and bool(self.rows)


def check_mapping(mapping: ColumnMapping, header: list[str]) -> list[str]:
    """Columns the mapping names that the file lacks, and required fields it does not map."""
    problems = []
    for target in REQUIRED:
        if not mapping.columns.get(target):
            problems.append(_("No column is mapped to “%(field)s”.") % {"field": FIELDS[target]})
    for target, cols in mapping.columns.items():
        if target not in FIELDS:
            problems.append(_("Unknown field “%(field)s” in the mapping.") % {"field": target})
            continue
        for col in cols if isinstance(cols, list) else [cols]:
            if col and col not in header:
                problems.append(_("The file has no column “%(col)s”.") % {"col": col})
    return problems


def _known_division(code: str, prefixes: list[str]) -> bool:
    return any(code.startswith(p) for p in prefixes)


def _division_prefixes() -> list[str]:
    out = set()
    for code in Unit.objects.filter(active=True).values_list("division_code", flat=True):
        six = code[:6]
        p = six[:2] if six[2:] == "0000" else six[:4] if six[4:] == "00" else six
        out.add(p)
    return sorted(out)


def _parse_when(value: str, fmt: str) -> dt.datetime:
    value = value.strip()
    parsed = None
    if fmt:
        try:
            parsed = dt.datetime.strptime(value, fmt)  # noqa: DTZ007 - made aware below
        except ValueError:
            parsed = None
    if parsed is None:
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(value) from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def validate(upload: ImportUpload, mapping: ColumnMapping) -> Report:
    header = upload.header
    missing = check_mapping(mapping, header)
    if missing:
        return Report([], missing)
    index = {h: i for i, h in enumerate(header)}
    cols = mapping.columns

    def get(row, target) -> str:
        spec = cols.get(target)
        if not spec:
            return ""
        if isinstance(spec, list):
            parts = [row[index[c]] for c in spec if c in index and row[index[c]]]
            return " / ".join(parts) if target == "content" else ", ".join(parts)
        return row[index[spec]] if spec in index else ""

    cat_by = {}
    for c in Category.objects.filter(active=True):
        cat_by[c.code.lower()] = c.code
        cat_by[c.name.lower()] = c.code
    sector_by = {}
    for s in Sector.objects.filter(active=True):
        sector_by[s.code.lower()] = s.code
        sector_by[s.name.lower()] = s.code
    prefixes = _division_prefixes()
    now = clock.now()
    channel = mapping.channel if mapping.channel in Channel.values else Channel.INSPECTION
    results: list[RowResult] = []
    seen: dict[str, int] = {}
    for n, row in enumerate(upload.rows, start=1):
        errors: list[str] = []
        source_id = get(row, "source_id")[:90]
        content = get(row, "content")
        if not content:
            errors.append(_("Content is missing."))
        elif len(content) > 50000:
            errors.append(_("Content is too long."))
        received = None
        raw_when = get(row, "received_at")
        if raw_when:
            try:
                received = _parse_when(raw_when, mapping.date_format)
                if received > now:
                    errors.append(_("Date received “%(v)s” is in the future.") % {"v": raw_when})
            except ValueError:
                errors.append(_("Bad date “%(v)s”.") % {"v": raw_when})
        elif cols.get("received_at"):
            errors.append(_("Date received is missing."))
        division = get(row, "division_code")
        if division and not (division.isdigit() and len(division) in (6, 9, 12) and _known_division(division, prefixes)):
            errors.append(_("Unknown division “%(v)s”.") % {"v": division})
        category = get(row, "category")
        cat_code = cat_by.get(category.lower()) if category else None
        if category and cat_code is None:
            errors.append(_("Unknown pollution category “%(v)s”.") % {"v": category})
        sector = get(row, "sector")
        sector_code = sector_by.get(sector.lower()) if sector else ""
        if sector and not sector_code:
            errors.append(_("Unknown sector “%(v)s”.") % {"v": sector})
        phone = get(row, "complainant_phone")
        try:
            phone = normalize_phone(phone)
        except DomainError:
            errors.append(_("Bad phone number “%(v)s”.") % {"v": phone})
        lat_raw, lon_raw = get(row, "lat"), get(row, "lon")
        lat = lon = None
        try:
            lat, lon = check_coordinates(lat_raw or None, lon_raw or None)
        except DomainError:
            errors.append(_("Bad coordinates “%(lat)s, %(lon)s”.") % {"lat": lat_raw, "lon": lon_raw})
        address = get(row, "address")[:300]
        fingerprint = source_id or hashlib.sha256(f"{content}|{address}|{raw_when}".encode()).hexdigest()
        if fingerprint in seen:
            errors.append(_("Duplicate of row %(n)d in this file.") % {"n": seen[fingerprint]})
        else:
            seen[fingerprint] = n
        name = get(row, "complainant_name")[:50]
        data = NewComplaint(
            channel=channel, content=content, title=get(row, "title")[:200], received_at=received,
            complainants=[ComplainantInput(name=name, phone=phone)] if (name or phone) else [],
            is_anonymous=not (name or phone), address=address, division_code=division,
            lat=lat, lon=lon, categories=[cat_code] if cat_code else [], sector=sector_code,
            reported_party_name=get(row, "reported_party_name")[:200],
            intake_key=f"{KEY_PREFIX}{source_id}" if source_id else None,
        )
        results.append(RowResult(n, source_id, errors, data))
    # Duplicates against the register, in chunks the database accepts.
    keyed = {r.data.intake_key: r for r in results if r.data and r.data.intake_key}
    keys = list(keyed)
    for i in range(0, len(keys), 500):
        for key, number in Complaint.objects.filter(intake_key__in=keys[i:i + 500]).values_list("intake_key", "number"):
            keyed[key].errors.append(_("Already in the register as %(number)s.") % {"number": number})
    return Report(results, [])


# --- import -------------------------------------------------------------------------

def do_import_batch(upload: ImportUpload, mapping: ColumnMapping, *, actor) -> Batch:
    """Register every row as one numbered batch, or nothing at all."""
    if upload.batch_id:
        raise ValidationError(_("This file was already imported as batch %(n)s.") % {"n": upload.batch.number})
    if mapping_for(upload, mapping.pk) is None:
        raise ValidationError(_("This column mapping is not one of your unit's; choose or save one of your own."),
                              field="mapping")
    report = validate(upload, mapping)
    if not report.ok:
        raise ValidationError(
            _("%(bad)d of %(total)d rows have problems; nothing was imported.")
            % {"bad": len(report.bad), "total": report.total} if report.rows else "; ".join(report.missing_columns)
        )
    unit = upload.unit
    from . import routing
    from .actions import plan_route, route_record

    # Each row is filed by its place inside the importing unit's area, read before the transaction (the units
    # with a clerk read once for the whole file).
    candidates = routing.clerk_units(within=unit)
    routes = [plan_route(r.data, fallback=unit, candidates=candidates) for r in report.rows]
    with transaction.atomic():
        year = clock.localdate().year
        seq = next_sequence(f"batch:{unit.code}:{year}")
        batch = Batch.objects.create(
            number=f"{unit.code}-PC{year}-{seq:03d}", unit=unit, source_name=upload.file_name, mapping=mapping,
            count=report.total, created_by=actor, created_at=clock.now(),
        )
        items, routed = [], []
        for r, route in zip(report.rows, routes, strict=True):
            try:
                case = do_register(r.data, unit=route.unit, actor=actor, via="import")
            except DomainError as exc:
                raise ValidationError(_("Row %(n)d: %(msg)s Nothing was imported.") % {"n": r.row, "msg": exc.message},
                                      field=getattr(exc, "field", None)) from None
            if not getattr(case, "created", True):
                raise ValidationError(_("Row %(n)d is already in the register as %(number)s. Nothing was imported.")
                                      % {"n": r.row, "number": case.number})
            items.append(BatchItem(batch=batch, complaint=case, row=r.row, source_id=r.source_id))
            routed.append(route_record(case, route, fallback=unit))
        BatchItem.objects.bulk_create(items)
        # every case of the batch is new (checked above): its route is written once, with the others
        IntakeRoute.objects.bulk_create([row for row in routed if row is not None], batch_size=500)
        upload.batch = batch
        upload.save(update_fields=["batch"])
    return batch
