"""Export of a case list to .xlsx: the same cases the list shows, identities masked unless allowed.

Cells that a spreadsheet would read as a formula (starting with = + - @, or a
tab/carriage return) are prefixed with an apostrophe, so an exported complaint
text can never run as a formula on a clerk's machine.
"""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from ecopetition.cases.models import Complaint
from ecopetition.cases.privacy import identity_for

MAX_ROWS = 50000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_xlsx(qs, user) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(_("Complaints"))
    ws.append([
        _("Number"), _("Channel"), _("State"), _("Received at"), _("Registering unit"), _("Lead unit"),
        _("Summary"), _("Content"), _("Address"), _("Division code"), _("Pollution categories"),
        _("Reported party"), _("Complainant"), _("Phone"), _("Satisfaction"),
    ])
    cases = (
        qs.select_related("unit", "lead_unit").prefetch_related("categories", "complainants")
        .order_by("-received_at", "-id")[:MAX_ROWS]
    )
    for case in cases:
        identity = identity_for(user, case)
        people, shown = identity.people, identity.fields()
        first = people[0] if people else None
        row = [
            case.number, case.get_channel_display(), case.get_state_display(),
            timezone.localtime(case.received_at).replace(tzinfo=None), case.unit.name,
            case.lead_unit.name if case.lead_unit_id else "", shown["title"], shown["content"], shown["address"],
            case.division_code, ", ".join(c.name for c in case.categories.all()), shown["reported_party_name"],
            first.name if first else "", first.phone if first else "", case.get_satisfaction_display(),
        ]
        ws.append([safe_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


__all__ = ["export_xlsx", "safe_cell", "Complaint"]
