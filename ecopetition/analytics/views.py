"""Command-centre pages: thin views that parse, check who may look where, and render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ecopetition.cases import scope as jurisdiction
from ecopetition.core import clock
from ecopetition.core.exceptions import DomainError

from . import assessment, campaigns, drill, geo, queries, rates, reports
from . import warnings as early
from .models import NonPetition


def _context(request):
    """Area and period from the query string; a bad one gives a message and the defaults, never a 500."""
    errors = []
    area = queries.resolve_area(request.user, None)  # raises PermissionDenied for non-viewers
    try:
        area = queries.resolve_area(request.user, request.GET.get("area"))
    except DomainError as exc:
        errors.append(exc.message)
    try:
        period = queries.parse_period(request.GET.get("from"), request.GET.get("to"))
    except DomainError as exc:
        errors.append(exc.message)
        period = queries.parse_period(None)
    return area, period, errors


def _items(stats_by: dict, names: dict, limit: int = 30) -> list[dict]:
    rows = [{"key": k, "name": names.get(k) or k or _("(none)"), "value": v["n"]} for k, v in stats_by.items()]
    return sorted(rows, key=lambda r: -r["value"])[:limit]


# The counts shown as tiles, each linking to its cases.
DASHBOARD_COUNTS = ("n", "accepted", "closed", "not_accepted", "referred", "repeat", "escalated", "rectify", "filed",
                    "police", "interviewed", "accountable", "daily_fine", "sealed", "limited", "closed_down",
                    "detained")


@login_required
@require_GET
def dashboard(request):
    area, period, errors = _context(request)
    s = queries.stats(area, period)
    t = s["totals"]
    names = queries.labels()
    divisions = queries.division_names()
    from ecopetition.org.models import Unit

    unit_objs = Unit.objects.in_bulk(list(s["by_unit"]))
    unit_keys = ("closed_in_limit", "satisfaction", "replied_in_limit")
    units = sorted(
        ({"pk": uid, "name": unit_objs[uid].name if uid in unit_objs else "?", "area": unit_objs.get(uid),
          "own": "1" if uid == area.pk else "", **vals, "figures": rates.figures(vals, unit_keys)}
         for uid, vals in s["by_unit"].items()),
        key=lambda r: -r["n"],
    )
    warns = early.warnings_for(area, division_names=divisions, user=request.user)
    clocks = sorted(
        ({"key": k, "name": queries.clock_name(k, names["clock"]), "done": v["clock_done"], "on_time": v["clock_on_time"],
          "rate": queries.rate(v["clock_on_time"], v["clock_done"])} for k, v in s["by"]["clock"].items()),
        key=lambda r: r["name"],
    )
    chart = {
        "trend": {"months": list(s["trend"]), "n": [v["n"] for v in s["trend"].values()],
                  "closed": [v["closed"] for v in s["trend"].values()]},
        "channel": _items(s["by"]["channel"], names["channel"]),
        "category": _items(s["by"]["category"], names["category"]),
        "sector": _items(s["by"]["sector"], names["sector"]),
        "map": {
            "root": (root := geo.map_for_division(area.division_code)),
            "level": (level := _map_level(area, request.GET.get("map"), errors)),
            "scope": queries.division_prefix(area.division_code) if root != "100000" else "",
            "names": {c: divisions.get(c, area.name if c == area.division_code[:6] else c)
                      for c in _map_chain(root, level)},
            "available": sorted(geo.available()),
            "values": {k: v["n"] for k, v in s["by"]["division"].items() if k},
            "geoUrl": reverse("analytics:geo", args=["000000"]),
            "pointsUrl": reverse("analytics:points") + "?" + request.GET.urlencode(),
        },
        "labels": {"complaints": _("Complaints"), "closed": _("Closed"), "back": _("Up one level"),
                   "noFiner": _("No finer boundaries are loaded for this region."),
                   "mapFailed": _("The map could not be loaded.")},
        "drill": reverse("cases:list") + "?" + drill.link(area, period, measure="n"),
    }
    ctx = {
        "area": area, "period": period, "errors": errors, "totals": t, "rates": queries.rates(t),
        "figures": rates.figures(t, rates.HEADLINE),
        "other_figures": rates.figures(t, [k for k in rates.RATES if k not in rates.HEADLINE]),
        "unit_figures": [rates.RATES[k] for k in unit_keys],
        "counts": [{"key": k, "name": rates.COUNTS[k], "value": t.get(k, 0)} for k in DASHBOARD_COUNTS],
        "areas": queries.areas_for(request.user), "units": units, "warnings": warns, "clocks": clocks,
        "divisions": _items(s["by"]["division"], divisions), "chart": chart,
        "campaigns": campaigns.progress_for(area), "from": request.GET.get("from", ""),
        "to": request.GET.get("to", ""), "query": request.GET.urlencode(),
        "empty": t["n"] == 0,
    }
    return render(request, "analytics/dashboard.html", ctx)


def _map_level(area, code, errors) -> str:
    """The map level from the query string; one outside the area gives a message and the area's own map."""
    try:
        return queries.map_level(area, code)
    except DomainError as exc:
        errors.append(exc.message)
        return queries.map_level(area, None)


def _map_chain(root: str, level: str) -> list[str]:
    """The levels from the map's root down to `level` (the breadcrumb)."""
    top = len(queries.division_prefix(root)) if root != "100000" else 0
    chain = [root]
    for n in (2, 4, 6, 9):
        if top < n <= len(queries.division_prefix(level)):
            chain.append(level[:n].ljust(6, "0") if n < 6 else level[:n])
    return list(dict.fromkeys(chain))


@login_required
@require_GET
def points(request):
    """The map's cases at one level, and per-town counts when the level is a county split into towns."""
    area, period, _errors = _context(request)
    try:
        level = queries.map_level(area, request.GET.get("map"))
    except DomainError as exc:
        return JsonResponse({"error": exc.message}, status=exc.status)
    root = geo.map_for_division(area.division_code)
    division = "" if level == root else level
    towns = queries.town_counts(area, period, level) if len(queries.division_prefix(level)) == 6 else {}
    return JsonResponse({"level": level, "points": queries.located_cases(request.user, area, period, division=division),
                         "values": towns})


@login_required
@require_GET
def geo_file(request, adcode: str):
    queries.resolve_area(request.user, None)  # viewers only
    path = geo.path_for(adcode)
    if path is None:
        raise Http404(_("No boundaries for this region."))
    return FileResponse(path.open("rb"), content_type="application/json")


@login_required
@require_POST
def push_warning(request):
    area, _period, _errors = _context(request)
    key = request.POST.get("key", "")
    found = [w for w in early.warnings_for(area, division_names=queries.division_names(), user=request.user) if w.key == key]
    if not found:
        messages.warning(request, _("That warning no longer applies."))
    else:
        sent = early.push(found[0], area, actor=request.user)
        if sent:
            messages.success(request, _("Sent to %(n)d leader(s).") % {"n": sent})
        else:
            messages.info(request, _("Already sent; nothing new to send."))
    return redirect(reverse("analytics:dashboard") + "?" + request.POST.get("query", ""))


@login_required
@require_GET
def assessment_view(request):
    from ecopetition.org import queries as org

    area, period, errors = _context(request)
    sheet = assessment.active_sheet(request.GET.get("sheet"))
    if sheet.period and not request.GET.get("from"):
        period = queries.parse_period(sheet.period)
    try:
        result = assessment.score_units(area, period, sheet)
    except DomainError as exc:
        errors.append(exc.message)
        result = []
    unit = request.GET.get("unit")
    detail = None
    if unit:
        detail = next((r for r in result if str(r.unit.pk) == unit), None)
    led = {r.unit.pk for r in result if org.holds_role_at(request.user, "leader", r.unit)}
    return render(request, "analytics/assessment.html", {
        "area": area, "period": period, "errors": errors, "sheet": sheet, "sheets": assessment.sheets(),
        "items": assessment.describe(sheet),
        "rows": result, "detail": detail, "led": led,
        "areas": queries.areas_for(request.user), "from": request.GET.get("from", ""),
        "to": request.GET.get("to", ""), "query": request.GET.urlencode(),
    })


@login_required
@require_GET
def officers_view(request, unit_id: int):
    """Per-person figures of a unit's handling officers: for that unit's own leader only (404 for anyone else)."""
    from ecopetition.org import queries as org
    from ecopetition.org.models import Unit

    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or not org.holds_role_at(request.user, "leader", unit):
        raise Http404(_("No such page."))
    try:
        period = queries.parse_period(request.GET.get("from"), request.GET.get("to"))
        errors = []
    except DomainError as exc:
        period, errors = queries.parse_period(None), [exc.message]
    return render(request, "analytics/officers.html", {
        "unit": unit, "period": period, "errors": errors, "rows": assessment.officer_figures(unit, period),
        "figures": [rates.RATES[k] for k in assessment.OFFICER_FIGURES],
        "from": request.GET.get("from", ""), "to": request.GET.get("to", ""),
    })


@login_required
@require_GET
def report(request, fmt: str):
    area, period, errors = _context(request)
    if errors:
        return HttpResponse("\n".join(errors), status=400, content_type="text/plain; charset=utf-8")
    data = reports.build(area, period)
    name = f"report-{area.code}-{period.first:%Y%m}-{period.last:%Y%m}"
    if fmt == "pdf":
        resp = HttpResponse(reports.render_pdf(data), content_type="application/pdf")
        resp["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return resp
    if fmt == "xlsx":
        resp = HttpResponse(reports.render_xlsx(data),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return resp
    raise Http404


def json_dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


# --- disclosure (staff side) ---------------------------------------------------------

@login_required
def publish(request):
    from . import disclosure
    from .models import Publication

    area, period, errors = _context(request)
    if request.method == "POST":
        try:
            area = queries.resolve_area(request.user, request.POST.get("area"), roles=disclosure.PUBLISHER_ROLES)
            period = queries.parse_period(request.POST.get("from"), request.POST.get("to"))
            pub = disclosure.do_publish(actor=request.user, area=area, period=period, title=request.POST.get("title", ""))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Published %(n)d results as %(number)s.") % {"n": len(pub.items),
                                                                                      "number": pub.number})
            return redirect("disclosure:detail", number=pub.number)
        return redirect(reverse("analytics:publish") + "?" + request.POST.get("query", ""))
    preview = disclosure.snapshot(disclosure.candidates(area, period)) if not errors else []
    return render(request, "analytics/publish.html", {
        "area": area, "period": period, "errors": errors, "preview": preview[:50], "count": len(preview),
        "areas": queries.areas_for(request.user), "from": request.GET.get("from", ""), "to": request.GET.get("to", ""),
        "query": request.GET.urlencode(),
        "publications": Publication.objects.filter(jurisdiction.under_q(area, "unit"))[:20],
    })


# --- campaigns ----------------------------------------------------------------------

def _campaign_for(request, pk):
    """The campaign when it touches the user's reach (above or below), with the user's area and top units."""
    from .models import Campaign

    area = queries.resolve_area(request.user, None)
    tops = queries.top_units(request.user)
    campaign = Campaign.objects.filter(pk=pk).select_related("unit").first()
    if campaign is None or not any(jurisdiction.relates(t, campaign.unit) or jurisdiction.relates(campaign.unit, t)
                                   for t in tops):
        raise Http404
    return area, tops, campaign


def _non_petition_rows(user, campaign, scope_unit, visible) -> list[dict]:
    """非访 records in the campaign's dates and the user's part of it, on cases the user may see; the person,
    the place and the note as the identity rule lets this user see them."""
    from ecopetition.cases import privacy

    span = queries.DaySpan.of(campaign.starts, campaign.ends)
    rows = []
    for rec in (campaigns.non_petitions(scope_unit, span).filter(complaint__in=visible)
                .select_related("complaint", "person", "unit")):
        ident = privacy.identity_for(user, rec.complaint)
        person = (privacy.view_person(rec.person, unmasked=ident.unmasked, anonymous=rec.complaint.is_anonymous).name
                  if rec.person else "")
        rows.append({"record": rec, "person": person, "place": ident.text(rec.place), "note": ident.text(rec.note),
                     "masked": not ident.unmasked})
    return rows


def _date(value, field):
    import datetime as dt

    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise DomainError(_("“%(v)s” is not a date (YYYY-MM-DD).") % {"v": value}) from None


@login_required
def campaign_list(request):
    from .models import Campaign

    area, _period, errors = _context(request)
    if request.method == "POST":
        try:
            area = queries.resolve_area(request.user, request.POST.get("area"))
            phases = []
            for i in range(1, 5):
                name = request.POST.get(f"phase{i}_name", "").strip()
                if name:
                    phases.append((name, _date(request.POST.get(f"phase{i}_starts"), "starts"),
                                   _date(request.POST.get(f"phase{i}_ends"), "ends")))
            c = campaigns.do_create_campaign(
                actor=request.user, unit=area, name=request.POST.get("name", ""),
                starts=_date(request.POST.get("starts"), "starts"), ends=_date(request.POST.get("ends"), "ends"),
                goal=request.POST.get("goal", ""), phases=phases)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("analytics:campaigns")
        return redirect("analytics:campaign", pk=c.pk)
    return render(request, "analytics/campaigns.html", {
        "area": area, "errors": errors, "areas": queries.areas_for(request.user),
        "progress": campaigns.progress_for(area),
        "all": Campaign.objects.filter(jurisdiction.under_q(area, "unit")),
    })


@login_required
def campaign_detail(request, pk: int):
    from django.db.models import Q

    from ecopetition.cases.models import Complaint
    from ecopetition.org.models import Unit

    from .models import CampaignPhase, InventoryItem

    area, tops, campaign = _campaign_for(request, pk)
    # A campaign of a unit above the user's reaches sibling units too: show only the lines of towns in the
    # user's reach, and a line's case only when the user may see it (the case door, never the campaign's).
    visible = Complaint.objects.visible_to(request.user)
    items = campaign.items.filter(jurisdiction.under_q(tops, "town")).filter(
        Q(complaint__isnull=True) | Q(complaint__in=visible))
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "add":
                town = Unit.objects.filter(pk=request.POST.get("town")).first()
                if town is None:
                    raise DomainError(_("Choose a town."))
                complaint = None
                if request.POST.get("number"):
                    complaint = visible.filter(
                        number=request.POST["number"].strip()).first()
                    if complaint is None:
                        raise DomainError(_("No visible case has that number."))
                campaigns.do_add_item(campaign, actor=request.user, town=town, kind=request.POST.get("kind", ""),
                                      description=request.POST.get("description", ""),
                                      plan=request.POST.get("plan", ""), complaint=complaint)
            elif op == "update":
                item = items.get(pk=request.POST.get("item"))
                campaigns.do_update_item(item, actor=request.user, status=request.POST.get("status", ""),
                                         plan=request.POST.get("plan"))
            elif op == "evaluate":
                campaigns.do_evaluate(campaign, actor=request.user, evaluation=request.POST.get("evaluation", ""))
            elif op == "phase_report":
                phase = campaign.phases.get(pk=request.POST.get("phase"))
                campaigns.do_write_phase_report(phase, actor=request.user, text=request.POST.get("report", ""))
                messages.success(request, _("Phase report saved."))
            elif op == "non_petition":
                complaint = visible.filter(number=request.POST.get("number", "").strip()).first()
                if complaint is None:
                    raise DomainError(_("No visible case has that number."))
                person = complaint.complainants.filter(pk=request.POST.get("person") or None).first()
                campaigns.do_record_non_petition(
                    actor=request.user, complaint=complaint, kind=request.POST.get("kind", ""),
                    occurred_on=_date(request.POST.get("occurred_on"), "occurred_on"),
                    place=request.POST.get("place", ""), note=request.POST.get("note", ""), person=person)
                messages.success(request, _("Non-petition behaviour recorded on %(number)s.") %
                                 {"number": complaint.number})
        except (DomainError, InventoryItem.DoesNotExist, CampaignPhase.DoesNotExist) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
        return redirect("analytics:campaign", pk=campaign.pk)
    # Progress over the part of the campaign the user reaches: the campaign's unit, or the user's area below it.
    scope_unit = campaign.unit if jurisdiction.is_under(campaign.unit, tops) else area
    progress = next((p for p in campaigns.progress_for(scope_unit) if p["campaign"].pk == campaign.pk), None)
    try:
        grid = [g for g in campaigns.evaluation(campaign) if jurisdiction.is_under(g.unit, tops)]
    except DomainError as exc:
        grid, errors = [], [exc.message]
    else:
        errors = []
    return render(request, "analytics/campaign.html", {
        "campaign": campaign, "progress": progress, "area": area, "errors": errors,
        "phases": campaigns.phase_reports(campaign, scope_unit), "grid": grid,
        "zero_out_rule": campaigns.ZERO_OUT_RULE, "sheet": assessment.active_sheet(),
        "non_petitions": _non_petition_rows(request.user, campaign, scope_unit, visible),
        "np_kinds": NonPetition.Kind.choices, "may_manage": campaigns.may_manage(request.user, campaign.unit),
        "items": _inventory_rows(campaign, items.select_related("town", "complaint", "phase")),
        "towns": jurisdiction.subtree(campaign.unit).filter(jurisdiction.under_q(tops, "")).exclude(kind="department"),
        "kinds": InventoryItem.Kind.choices, "statuses": InventoryItem.Status.choices,
    })


def _inventory_rows(campaign, items) -> list:
    """The inventory lines, each potential problem with its texts as shown (`campaigns.shown_item`)."""
    rows = list(items)
    potential = [it for it in rows if it.complaint_id is None]
    people = campaigns.item_people(campaign, potential) if potential else []
    for it in potential:
        it.shown = campaigns.shown_item(it, people)
    return rows


@login_required
@require_GET
def campaign_phase_pdf(request, pk: int, phase: int):
    """A phase report to print: what the phase did, its figures, its non-petition records (through the
    identity rule) and, for the last phase of an evaluated campaign, the scored evaluation."""
    from ecopetition.cases.models import Complaint

    area, tops, campaign = _campaign_for(request, pk)
    ph = campaign.phases.filter(pk=phase).first()
    if ph is None:
        raise Http404
    scope_unit = campaign.unit if jurisdiction.is_under(campaign.unit, tops) else area
    span = queries.DaySpan.of(ph.starts, ph.ends)
    last = campaign.phases.order_by("-order", "-starts").first()
    grid = []
    if last and last.pk == ph.pk and campaign.evaluated_at:
        grid = [g for g in campaigns.evaluation(campaign) if jurisdiction.is_under(g.unit, tops)]
    records = [r for r in _non_petition_rows(request.user, campaign, scope_unit, Complaint.objects.visible_to(request.user))
               if ph.starts <= r["record"].occurred_on <= ph.ends]
    pdf = reports.html_to_pdf("analytics/campaign_phase_pdf.html", {
        "campaign": campaign, "phase": ph, "span": span, "area": scope_unit,
        "figures": campaigns.phase_figures(scope_unit, span), "non_petitions": records, "grid": grid,
        "zero_out_rule": campaigns.ZERO_OUT_RULE, "generated": clock.now()})
    resp = HttpResponse(pdf, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="campaign-{campaign.pk}-phase-{ph.order + 1}.pdf"'
    return resp
