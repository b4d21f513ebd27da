"""归档: putting a closed case in the archive, with an archive number and a retention period.

The retention period is data (`RetentionPeriod`, edited in the admin): one row per document kind and one for
the case file itself; a case is kept as long as the longest of its own file and the kinds of documents it holds.
The archive number follows the shape of DA/T 22-2015's 档号: fonds (the archiving unit's code) - year -
retention code - item number in that unit's year and retention series, e.g. 320900-2026-D30-0007.
Not to be confused with `ops.archive`, which is about backups of the whole installation.
"""

from __future__ import annotations

import io

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecopetition.cases import actions as case_actions
from ecopetition.cases.models import Complaint, Event
from ecopetition.cases.privacy import masked_title
from ecopetition.core import clock
from ecopetition.core.exceptions import ValidationError

from .models import CaseArchive, DocKind, RetentionPeriod, retention_code, retention_label

# Shipped defaults (保管期限), edited per bureau in the admin. The decisions and what the complainant was told
# are kept longest; the working slips of handling only as long as they may be needed.
DEFAULT_RETENTION: dict[str, int | None] = {
    "": 30,  # the case file: register, events, attachments
    DocKind.ACCEPTANCE: 10,
    DocKind.NON_ACCEPTANCE: 30,
    DocKind.REFERRAL: 10,
    DocKind.ASSIGNMENT: 10,
    DocKind.URGING: 10,
    DocKind.SUPERVISION: 30,
    DocKind.REPLY: 30,
    DocKind.CONTACT_CARD: 10,
    DocKind.REVIEW_OPINION: None,  # permanent
    DocKind.RE_REVIEW_OPINION: None,
}


def seed_retention(RetentionPeriodModel) -> int:
    """Add the shipped retention periods that are missing (used by the data migration)."""
    made = 0
    for kind, years in DEFAULT_RETENTION.items():
        _obj, created = RetentionPeriodModel.objects.get_or_create(kind=str(kind), defaults={"years": years})
        made += created
    return made


def _longer(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else max(a, b)


def retention_for(case: Complaint) -> tuple[int | None, list[dict]]:
    """How long `case` is kept (None: permanently) and the rows that decided it: the case file and each kind
    of document the case holds. A kind without a row is kept as long as the case file."""
    table = {r.kind: r.years for r in RetentionPeriod.objects.all()}
    file_years = table.get("", DEFAULT_RETENTION[""])
    basis = [{"kind": "", "years": file_years}]
    years = file_years
    for kind in sorted(set(case.documents.values_list("kind", flat=True))):
        kind_years = table.get(kind, file_years)
        basis.append({"kind": kind, "years": kind_years})
        years = _longer(years, kind_years)
    return years, basis


def do_archive(case, *, actor, note: str = "") -> CaseArchive:
    """Archive a closed case (clerk of the registering unit or above; the transition table decides, and the
    review window must have ended). It gets its number and retention period and is read-only from then on."""
    note = (note or "").strip()
    if len(note) > 5000:
        raise ValidationError(_("The note is too long (at most 5000 characters)."), field="note")
    made: dict = {}

    def change(c, t):
        years, basis = retention_for(c)
        now = clock.now()
        year, code = clock.localdate(now).year, retention_code(years)
        seq = case_actions.next_sequence(f"archive:{c.unit.code}:{year}:{code}")
        made.update(number=f"{c.unit.code}-{year}-{code}-{seq:04d}", unit=c.unit, year=year, seq=seq,
                    retention_years=years, retention_basis=basis, archived_at=now)
        return {"archive_number": made["number"], "retention_years": years}

    with transaction.atomic():
        archived = case_actions.perform(case, "archive", actor, change, note=note)
        event = Event.objects.filter(complaint=archived, action="archive").order_by("-seq").first()
        return CaseArchive.objects.create(complaint=archived, note=note, archived_by=actor, event=event, **made)


def archived_cases(user):
    """The archive records of the cases `user` may see (the one door for every read of a case)."""
    return (CaseArchive.objects.filter(complaint__in=Complaint.objects.visible_to(user))
            .select_related("complaint", "complaint__unit", "complaint__lead_unit", "unit", "archived_by"))


def filter_archive(qs, params) -> tuple:
    """Filters of the archive list: year, retention, unit code, archived from/to, text in the numbers."""
    import datetime as dt

    f = {k: (params.get(k) or "").strip() for k in ("year", "retention", "unit", "since", "until", "q")}
    errors = []
    if f["year"]:
        if f["year"].isdigit():
            qs = qs.filter(year=int(f["year"]))
        else:
            errors.append(_("The year must be a number, e.g. 2026."))
    if f["retention"]:
        if f["retention"] == "Y":
            qs = qs.filter(retention_years__isnull=True)
        elif f["retention"].isdigit():
            qs = qs.filter(retention_years=int(f["retention"]))
        else:
            errors.append(_("Unknown retention period."))
    if f["unit"]:
        qs = qs.filter(unit__code=f["unit"])
    tz = timezone.get_current_timezone()
    for key, op in (("since", "gte"), ("until", "lt")):
        if not f[key]:
            continue
        try:
            day = dt.date.fromisoformat(f[key])
        except ValueError:
            errors.append(_("Dates are written as YYYY-MM-DD."))
            continue
        if key == "until":
            day += dt.timedelta(days=1)
        qs = qs.filter(**{f"archived_at__{op}": dt.datetime.combine(day, dt.time.min, tzinfo=tz)})
    if f["q"]:
        from django.db.models import Q

        qs = qs.filter(Q(number__icontains=f["q"]) | Q(complaint__number__icontains=f["q"]))
    return qs, f, errors


def export_xlsx(qs) -> bytes:
    """The archive list (归档文件目录) as .xlsx. Titles are masked (a list travels on: the identity rule's
    `masked_title`); no complainant data is exported."""
    import openpyxl

    from ecopetition.intake.export import safe_cell

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(_("Archive"))
    ws.append([_("Archive number"), _("Case number"), _("Summary"), _("Channel"), _("Registering unit"),
               _("Lead unit"), _("Received at"), _("Closed at"), _("Archived at"), _("Retention period"),
               _("Kept until"), _("Documents"), _("Archived by")])
    rows = qs.prefetch_related("complaint__complainants", "complaint__documents").order_by("year", "number")
    for a in rows:
        c = a.complaint
        local = [timezone.localtime(t).replace(tzinfo=None) if t else None
                 for t in (c.received_at, c.closed_at, a.archived_at)]
        row = [a.number, c.number, masked_title(c), c.get_channel_display(), c.unit.name,
               c.lead_unit.name if c.lead_unit_id else "", *local, retention_label(a.retention_years),
               a.keep_until or _("Permanent"), len(c.documents.all()),
               a.archived_by.get_full_name() or a.archived_by.username]
        ws.append([safe_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
