"""Plain representations of complaints for the API, Open311 and webhooks (identity masked unless allowed)."""

from __future__ import annotations

from ecopetition.cases.models import Complaint
from ecopetition.cases.privacy import identity_for


def iso(value) -> str | None:
    return value.isoformat() if value else None


def complaint_dict(case: Complaint, user=None, *, with_people: bool = True) -> dict:
    identity = identity_for(user, case)
    shown = identity.fields()
    data = {
        "id": case.pk,
        "number": case.number,
        # a sending system's id may be built from the caller (12345: number-name-phone): the free-text rule (R14-9)
        "external_id": identity.text(case.intake_key) if case.intake_key else case.intake_key,
        "channel": case.channel,
        "state": case.state,
        "received_at": iso(case.received_at),
        "unit": case.unit.code if case.unit_id else None,
        "lead_unit": case.lead_unit.code if case.lead_unit_id else None,
        "title": shown["title"],
        "content": shown["content"],
        "is_anonymous": case.is_anonymous,
        "head_count": case.head_count,
        "address": shown["address"],
        "division_code": case.division_code,
        "lat": case.lat,
        "lon": case.lon,
        "categories": [c.code for c in case.categories.all()],
        "sector": case.sector.code if case.sector_id else None,
        "reported_party_name": shown["reported_party_name"],
        "finding": case.finding or None,
        "reply_text": shown["reply_text"] or None,
        "satisfaction": case.satisfaction or None,
        "updated_at": iso(case.updated_at),
    }
    if with_people:
        people, unmasked = identity.people, identity.unmasked
        data["identity_masked"] = not unmasked
        data["complainants"] = [
            {"name": p.name, "phone": p.phone, "id_number": p.id_number, "address": p.address} for p in people
        ]
    return data
