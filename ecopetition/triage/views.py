"""Triage in the console: live suggestions for the register form, and the key persons / key parties page."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecopetition.cases.models import Category, Complainant, Complaint, Sector
from ecopetition.cases.privacy import mask_name, mask_party, mask_phone, person_match_scope
from ecopetition.core import clock
from ecopetition.org import queries as org
from ecopetition.org.models import Role

from . import engine
from .routes import ROUTE_LABELS

log = logging.getLogger(__name__)
MAX_INPUT = 50_000


def _field(request, *names: str, limit: int = 300) -> str:
    for name in names:
        value = request.POST.get(name)
        if value:
            return str(value)[:limit].strip()
    return ""


REASON_LABELS = {
    "phone": gettext_lazy("same phone"), "id_number": gettext_lazy("same ID number"), "name_address": gettext_lazy("same name and address"),
    "party": gettext_lazy("same reported party"), "credit_code": gettext_lazy("same credit code"), "place": gettext_lazy("same place"),
    "text": gettext_lazy("similar text"), "address": gettext_lazy("same address"),
    "matter": gettext_lazy("same matter"),
}
# What each part of a same-matter reason says (party, place, kind of pollution, kind of business).
MATTER_PARTS = {"party": gettext_lazy("party"), "place": gettext_lazy("place"), "matter": gettext_lazy("kind of pollution"),
                "business": gettext_lazy("kind of business")}


def label_reasons(similar: list[dict]) -> list[dict]:
    for s in similar:
        for x in s.get("reasons", []):
            x["label"] = REASON_LABELS.get(x["reason"], x["reason"])
            if x.get("why"):
                x["label"] = f"{x['label']}（" + "；".join(
                    f"{MATTER_PARTS.get(w['reason'], w['reason'])}：{w['detail']}" for w in x["why"]
                    if w["reason"] != "matter") + "）"
    return similar


# Fixed notes of the engine, shown in the person's language (notes with names in them stay as they are).
NOTE_LABELS = {
    "too little text to judge": gettext_lazy("Too little text to judge."),
    "no place found": gettext_lazy("No place found."),
    "no address given": gettext_lazy("No address given."),
    "the address names no place the dictionaries know": gettext_lazy("The address names no place we know."),
    "the address points to another province than the registering unit's: check it":
        gettext_lazy("The address is in another province than the registering unit's: check it."),
    "another city than the registering unit's": gettext_lazy("Another city than the registering unit's."),
}


# Where the division was read from, in words.
SOURCE_LABELS = {"address": gettext_lazy("from the address"), "map": gettext_lazy("from the map point"),
                 "text": gettext_lazy("from the text")}


def suggestion_context(result: dict) -> dict:
    label_reasons(result.get("similar", []))
    result["division_source_label"] = SOURCE_LABELS.get(result.get("division_source", ""), "")
    result["notes"] = [NOTE_LABELS.get(n, n) for n in result.get("notes", [])]
    result["division_notes"] = [NOTE_LABELS.get(n, n) for n in result.get("division_notes", [])]
    cats = dict(Category.objects.values_list("code", "name"))
    sectors = dict(Sector.objects.values_list("code", "name"))
    return {
        "r": result,
        "category_rows": [{"code": c, "name": cats.get(c, c), **next(
            (s for s in result["category_scores"] if s["code"] == c), {"p": 0, "why": []})}
            for c in result["categories"]],
        "sector_name": sectors.get(result["sector"], result["sector"]),
        "route_label": ROUTE_LABELS.get(result["route_code"], ""),
        "percent": lambda p: round((p or 0) * 100),
    }


@login_required
def suggest(request):
    """POST the form's fields; answers an HTML fragment of suggestions, each with an apply control."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not org.roles_of(request.user) and not request.user.is_superuser:
        raise PermissionDenied
    hint = ""
    unit_id = request.POST.get("unit")
    units = org.units_with_role(request.user)
    if unit_id and str(unit_id).isdigit():
        unit = next((u for u in units if u.pk == int(unit_id)), None)
        hint = unit.division_code if unit else ""
    if not hint and units:
        hint = units[0].division_code
    inp = engine.TriageInput(
        text=_field(request, "content", limit=MAX_INPUT),
        address=_field(request, "address"),
        lat=request.POST.get("lat") or None,
        lon=request.POST.get("lon") or None,
        reported_party_name=_field(request, "reported_party_name", limit=200),
        reported_party_credit_code=_field(request, "reported_party_credit_code", limit=18),
        phone=_field(request, "phone", "p0_phone", limit=30),
        id_number=_field(request, "id_number", "p0_id_number", limit=18),
        name=_field(request, "name", "p0_name", limit=50),
        complainant_address=_field(request, "p0_address"),
        division_hint=hint,
        extra_phones=[v for i in range(1, 5) if (v := _field(request, f"p{i}_phone", limit=30))],
    )
    if not (inp.text or inp.address or inp.reported_party_name or inp.phone):
        return render(request, "triage/_suggestions.html", {"empty": True})
    # Similar earlier cases are scored on their text and address as written, and a score answers "is this
    # guess in that case?": a guessed phone or name in the text, tried digit by digit, would read back what
    # the pages mask. So matching runs only among the cases whose complainants the user may see.
    visible = person_match_scope(request.user)
    try:
        result = engine.triage(inp, visible=visible)
    except Exception:  # a suggestion is a help, never a reason for the form to fail
        log.exception("triage suggestion failed")
        return render(request, "triage/_suggestions.html", {"failed": True})
    return render(request, "triage/_suggestions.html", suggestion_context(result))


@login_required
def key_lists(request):
    """Key persons (frequent complainants) and key reported parties (重点人员、重点信访事项) for leaders."""
    user = request.user
    if not (user.is_superuser or {Role.LEADER, Role.SUPERVISOR, Role.ADMIN} & org.roles_of(user)):
        raise PermissionDenied
    try:
        days = max(7, min(int(request.GET.get("days", 365)), 3650))
    except ValueError:
        days = 365
    try:
        at_least = max(2, min(int(request.GET.get("min", 3)), 100))
    except ValueError:
        at_least = 3
    since = clock.now() - dt.timedelta(days=days)
    visible = Complaint.objects.visible_to(user).filter(received_at__gte=since)
    # Grouping cases by a person says who complained about each: the same rule as the analytics key persons
    # (`privacy.person_match_scope`, never an anonymous case).
    known = person_match_scope(user, visible.filter(is_anonymous=False))
    persons = list(
        Complainant.objects.filter(complaint__in=known.values("pk")).exclude(phone="")
        .values("phone").annotate(n=Count("complaint", distinct=True), last=Max("complaint__received_at"),
                                  name=Max("name"))
        .filter(n__gte=at_least).order_by("-n", "-last")[:50]
    )
    for p in persons:
        p["phone_masked"] = mask_phone(p["phone"])
        p["name_masked"] = mask_name(p["name"] or "")
        p["numbers"] = list(known.filter(complainants__phone=p["phone"]).order_by("-received_at")
                            .values_list("number", flat=True)[:5])
    parties = list(
        visible.exclude(reported_party_name="").values("reported_party_name")
        .annotate(n=Count("pk"), last=Max("received_at"), repeats=Count("pk", filter=_repeat_q()))
        .filter(n__gte=at_least).order_by("-n", "-last")[:50]
    )
    for p in parties:
        p["numbers"] = list(visible.filter(reported_party_name=p["reported_party_name"]).order_by("-received_at")
                            .values_list("number", flat=True)[:5])
        # the party is free text of those cases, shown beside others: masked against their complainants
        p["shown"] = mask_party(p["reported_party_name"], Complainant.objects.filter(
            complaint__in=visible.filter(reported_party_name=p["reported_party_name"]).values("pk")))
    counts = visible.aggregate(total=Count("pk"), repeats=Count("pk", filter=_repeat_q()),
                               escalated=Count("pk", filter=_escalated_q()))
    by_unit = list(visible.filter(_repeat_q() | _escalated_q()).values("unit__name")
                   .annotate(repeats=Count("pk", filter=_repeat_q()), escalated=Count("pk", filter=_escalated_q()))
                   .order_by("-repeats")[:20])
    return render(request, "triage/key.html", {
        "persons": persons, "parties": parties, "days": days, "at_least": at_least, "counts": counts,
        "by_unit": by_unit, "title": _("Key persons and parties"),
    })


def _repeat_q():
    from django.db.models import Q

    return Q(is_repeat=True)


def _escalated_q():
    from django.db.models import Q

    return Q(is_escalated=True)
