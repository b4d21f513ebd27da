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
from ecopetition.core.exceptions import DomainError

from . import assessment, campaigns, geo, queries, reports
from . import warnings as early


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


@login_required
@require_GET
def dashboard(request):
    area, period, errors = _context(request)
    s = queries.stats(area, period)
    t = s["totals"]
    names = queries.labels()
    divisions = queries.division_names()
    from ecopetition.org.models import Unit

    unit_names = dict(Unit.objects.filter(pk__in=list(s["by_unit"])).values_list("pk", "name"))
    units = sorted(
        ({"name": unit_names.get(uid, "?"), **vals, "rates": queries.rates(vals)} for uid, vals in s["by_unit"].items()),
        key=lambda r: -r["n"],
    )
    warns = early.warnings_for(area, division_names=divisions, user=request.user)
    clocks = sorted(
        ({"key": k, "name": names["clock"].get(k, k), "done": v["clock_done"], "on_time": v["clock_on_time"],
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
            "names": {root: divisions.get(root, area.name if root == area.division_code[:6] else root)},
            "available": sorted(geo.available()),
            "values": {k: v["n"] for k, v in s["by"]["division"].items() if k},
            "geoUrl": reverse("analytics:geo", args=["000000"]),
            "pointsUrl": reverse("analytics:points") + "?" + request.GET.urlencode(),
        },
        "labels": {"complaints": _("Complaints"), "closed": _("Closed"), "back": _("Up one level")},
    }
    ctx = {
        "area": area, "period": period, "errors": errors, "totals": t, "rates": queries.rates(t),
        "areas": queries.areas_for(request.user), "units": units, "warnings": warns, "clocks": clocks,
        "divisions": _items(s["by"]["division"], divisions), "chart": chart,
        "campaigns": campaigns.progress_for(area), "from": request.GET.get("from", ""),
        "to": request.GET.get("to", ""), "query": request.GET.urlencode(),
        "empty": t["n"] == 0,
    }
    return render(request, "analytics/dashboard.html", ctx)


@login_required
@require_GET
def points(request):
    area, period, _errors = _context(request)
    return JsonResponse({"points": queries.located_cases(request.user, area, period)})


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
    area, period, errors = _context(request)
    sheet = assessment.active_sheet()
    result = assessment.score_units(area, period, sheet)
    unit = request.GET.get("unit")
    detail = None
    if unit:
        detail = next((r for r in result if str(r.unit.pk) == unit), None)
    return render(request, "analytics/assessment.html", {
        "area": area, "period": period, "errors": errors, "sheet": sheet, "rows": result, "detail": detail,
        "areas": queries.areas_for(request.user), "from": request.GET.get("from", ""),
        "to": request.GET.get("to", ""), "query": request.GET.urlencode(),
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

    from .models import Campaign, InventoryItem

    area = queries.resolve_area(request.user, None)
    tops = queries.top_units(request.user)
    campaign = Campaign.objects.filter(pk=pk).select_related("unit").first()
    if campaign is None or not any(jurisdiction.relates(t, campaign.unit) or jurisdiction.relates(campaign.unit, t)
                                   for t in tops):
        raise Http404
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
        except (DomainError, InventoryItem.DoesNotExist) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
        return redirect("analytics:campaign", pk=campaign.pk)
    # Progress over the part of the campaign the user reaches: the campaign's unit, or the user's area below it.
    scope_unit = campaign.unit if jurisdiction.is_under(campaign.unit, tops) else area
    progress = next((p for p in campaigns.progress_for(scope_unit) if p["campaign"].pk == campaign.pk), None)
    return render(request, "analytics/campaign.html", {
        "campaign": campaign, "progress": progress, "area": area,
        "items": items.select_related("town", "complaint", "phase"),
        "towns": jurisdiction.subtree(campaign.unit).filter(jurisdiction.under_q(tops, "")).exclude(kind="department"),
        "kinds": InventoryItem.Kind.choices, "statuses": InventoryItem.Status.choices,
    })
