"""Intake pages: the public portal (submit, track, rate) and the staff pages (phone intake,
batch import, export, reception days). Thin: parse, check, call one action, render."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecopetition.cases import scope as jurisdiction
from ecopetition.cases.actions import ComplainantInput, NewComplaint
from ecopetition.cases.models import CLOSED_STATES, Channel, Complaint, State
from ecopetition.cases.privacy import person_match_scope
from ecopetition.core import clock, formats
from ecopetition.core import views as core_views
from ecopetition.core.exceptions import DomainError
from ecopetition.org import queries as org
from ecopetition.org.models import Role, Unit

from . import actions, importer
from .export import export_xlsx
from .forms import (
    MappingChoiceForm,
    PhoneIntakeForm,
    PortalComplaintForm,
    RateForm,
    ReceptionForm,
    TrackForm,
    UploadForm,
    VisitForm,
)
from .models import Batch, ImportUpload, PortalTicket, ReceptionSession

SUBMIT_LIMIT = int(getattr(settings, "INTAKE_PORTAL_SUBMITS_PER_HOUR", 10))
TRACK_LIMIT = int(getattr(settings, "INTAKE_PORTAL_TRACKS_PER_HOUR", 60))


def client_address(request) -> str:
    """The client the portal's limits count: REMOTE_ADDR as log-in throttling reads it (behind a proxy, the
    proxy must set it, e.g. gunicorn --forwarded-allow-ips), an IPv6 address by its /64 network."""
    return actions.address_key(core_views.client_address(request))


def _too_many_attempts(request, ctx: dict, exc: actions.TooManyAttempts):
    response = render(request, "intake/portal_track.html", {**ctx, "error": exc.message}, status=exc.status)
    response["Retry-After"] = str(exc.retry_after)
    return response


def _case_url(case: Complaint) -> str:
    try:
        return reverse("cases:detail", args=[case.number])
    except NoReverseMatch:
        return reverse("intake:phone")


def _clerk_units(user) -> list[Unit]:
    units = org.units_with_role(user, Role.CLERK)
    if not units and user.is_superuser:
        units = list(Unit.objects.filter(active=True, parent__isnull=True))
    return sorted(units, key=lambda u: u.path)


# --- public portal -------------------------------------------------------------

@require_GET
def portal_home(request):
    return render(request, "intake/portal_home.html", {"track_form": TrackForm()})


@never_cache
@require_http_methods(["GET", "POST"])
def portal_submit(request):
    # The rate limit is counted before the body is read: over the limit, nothing is parsed or written to disk.
    if request.method == "POST" and actions.hit_rate_limit(f"submit:{client_address(request)}", limit=SUBMIT_LIMIT,
                                                           window_seconds=3600):
        return render(request, "intake/portal_submit.html",
                      {"form": PortalComplaintForm(),
                       "error": _("Too many submissions from your address; please try later.")}, status=429)
    form = PortalComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            if d.get("website"):
                # A bot filled the hidden field: answer like a success, register nothing.
                return render(request, "intake/portal_done.html", {"number": "—", "code": "—", "bot": True})
            data = NewComplaint(
                channel=Channel.WEB, content=d["content"], address=d["address"], lat=d.get("lat"), lon=d.get("lon"),
                categories=[d["category"]] if d.get("category") else [],
                reported_party_name=d.get("reported_party", ""), is_anonymous=bool(d.get("anonymous")),
                complainants=[ComplainantInput(name=d.get("name", ""), phone=d.get("phone", ""))],
            )
            try:
                case, code = actions.do_portal_submit(data, files=d.get("photos") or [])
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                from ecopetition.notify.services import mobile_number

                mobile = mobile_number(d.get("phone", ""))
                response = render(request, "intake/portal_done.html", {
                    "number": case.number, "code": code,
                    "sms_to": f"{mobile[:3]}****{mobile[-4:]}" if mobile else ""})
                response["Cache-Control"] = "no-store"
                return response
    return render(request, "intake/portal_submit.html", {"form": form})


def portal_too_large(request, limit: int):
    """The portal's answer to a submission larger than its photos can make, refused before any of it was
    read (core's body-size limit): nothing was received, the form is to be filled in again."""
    count, each = actions.portal_photo_limits()
    size = int(request.META.get("CONTENT_LENGTH") or 0)
    message = _("Your complaint was not sent: with its photos it came to about %(size)s MB, and the portal takes "
                "at most %(n)d photos of up to %(mb)s MB each. Please fill in the form again and choose fewer or "
                "smaller photos.") % {"size": actions.megabytes(size), "n": count, "mb": actions.megabytes(each)}
    return render(request, "intake/portal_too_large.html", {"message": message}, status=413)


def _what_next(state: str, can_rate: bool) -> str:
    """One sentence for the complainant on the tracking page: what happens to the complaint now."""
    if state == State.REGISTERED:
        return _("Your complaint is being examined: you will be told within 15 days whether it is accepted.")
    if state in (State.ACCEPTED, State.ASSIGNED, State.RETURNED, State.IN_PROGRESS, State.REPORTED,
                 State.REVIEWED, State.UNDER_REVIEW, State.UNDER_RE_REVIEW):
        return _("Your complaint is being handled. The written reply comes within 60 days of acceptance "
                 "(at most 30 more when the time is extended); you will be told if it is.")
    if state in (State.REPLIED, State.CALLED_BACK):
        return _("The reply is below. Please rate how your complaint was handled.") if can_rate else \
            _("The reply is below.")
    if state in (State.NOT_ACCEPTED, State.REFERRED, State.MERGED):
        return _("The notice sent to you says why and where the matter goes from here.")
    return _("Handling is finished.")


def _track_context(case: Complaint) -> dict:
    ticket = PortalTicket.objects.filter(complaint=case).first()
    can_rate = bool(ticket and ticket.rated_at is None and case.state in (State.REPLIED, State.CALLED_BACK))
    return {
        "number": case.number,
        "state": State(case.state).label,
        "received_at": case.received_at,
        "categories": formats.words(c.name for c in case.categories.all()),
        "reply_text": case.reply_text if case.replied_at else "",
        "replied_at": case.replied_at,
        "satisfaction": case.get_satisfaction_display() if ticket and ticket.rated_at else "",
        "closed": case.state in CLOSED_STATES,
        "can_rate": can_rate,
        "next": _what_next(case.state, can_rate),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def portal_track(request):
    form = TrackForm(request.POST or None)
    ctx: dict = {"form": form}
    status = 200
    if request.method == "POST":
        if actions.hit_rate_limit(f"track:{client_address(request)}", limit=TRACK_LIMIT, window_seconds=3600):
            ctx["error"] = _("Too many queries from your address; please try later.")
            return render(request, "intake/portal_track.html", ctx, status=429)
        if form.is_valid():
            try:
                case = actions.find_ticket(form.cleaned_data["number"], form.cleaned_data["code"],
                                           address=client_address(request))
            except actions.TooManyAttempts as exc:
                return _too_many_attempts(request, ctx, exc)
            if case is None:
                ctx["error"] = _("No complaint matches this number and query code.")
                status = 404
            else:
                ctx["case"] = _track_context(case)
                ctx["rate_form"] = RateForm(initial={"number": form.cleaned_data["number"],
                                                     "code": form.cleaned_data["code"]})
    return render(request, "intake/portal_track.html", ctx, status=status)


@never_cache
@require_POST
def portal_rate(request):
    form = RateForm(request.POST)
    if actions.hit_rate_limit(f"track:{client_address(request)}", limit=TRACK_LIMIT, window_seconds=3600):
        return render(request, "intake/portal_track.html",
                      {"form": TrackForm(), "error": _("Too many queries from your address; please try later.")},
                      status=429)
    if not form.is_valid():
        return render(request, "intake/portal_track.html",
                      {"form": TrackForm(request.POST), "error": _("Choose one answer.")}, status=400)
    try:
        case = actions.find_ticket(form.cleaned_data["number"], form.cleaned_data["code"],
                                   address=client_address(request))
    except actions.TooManyAttempts as exc:
        return _too_many_attempts(request, {"form": TrackForm()}, exc)
    if case is None:
        return render(request, "intake/portal_track.html",
                      {"form": TrackForm(), "error": _("No complaint matches this number and query code.")}, status=404)
    try:
        case = actions.do_portal_rate(case, code=form.cleaned_data["code"], result=form.cleaned_data["result"],
                                      note=form.cleaned_data["note"])
    except DomainError as exc:
        ctx = {"form": TrackForm(initial={"number": case.number}), "case": _track_context(case), "error": exc.message}
        return render(request, "intake/portal_track.html", ctx, status=exc.status)
    ctx = {"form": TrackForm(), "case": _track_context(case), "thanks": True}
    return render(request, "intake/portal_track.html", ctx)


# --- phone intake ----------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def phone_intake(request):
    units = _clerk_units(request.user)
    if not units:
        raise DjangoPermissionDenied
    form = PhoneIntakeForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        unit = next(u for u in units if u.code == d["unit"])
        data = NewComplaint(
            channel=Channel.PHONE, content=d["content"], address=d["address"],
            reported_party_name=d["reported_party"], categories=[d["category"]] if d["category"] else [],
            sector=d["sector"], is_urgent=d["urgent"], is_anonymous=d["anonymous"],
            complainants=[ComplainantInput(name=d["name"], phone=d["phone"])],
        )
        try:
            case = actions.register_safely(data, unit=unit, actor=request.user, via="phone")
        except DomainError as exc:
            form.add_error(getattr(exc, "field", None) if getattr(exc, "field", None) in form.fields else None,
                           exc.message)
        else:
            messages.success(request, _("Registered as %(number)s.") % {"number": case.number})
            if request.POST.get("next") == "another":
                return redirect("intake:phone")
            return redirect(_case_url(case))
    return render(request, "intake/phone.html", {"form": form})


def earlier_by_phone(user, phone: str, limit: int = 10):
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) < 5:
        return None, digits
    # Only among cases whose complainants the user may see: a hit tells who complained.
    qs = (
        person_match_scope(user)
        .filter(Q(complainants__phone__contains=digits))
        .distinct().order_by("-received_at")
    )
    return list(qs[:limit]), digits


@login_required
@require_GET
def phone_history(request):
    cases, digits = earlier_by_phone(request.user, request.GET.get("phone", ""))
    return render(request, "intake/_phone_history.html", {"cases": cases, "digits": digits})


# --- batch import ---------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    units = _clerk_units(request.user)
    if not units:
        raise DjangoPermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        unit = next(u for u in units if u.code == form.cleaned_data["unit"])
        if f.size > importer.MAX_FILE_BYTES:
            form.add_error("file", _("The file is too large."))
        else:
            try:
                upload = importer.stage_upload(name=f.name, data=f.read(), unit=unit, actor=request.user)
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                return redirect("intake:import_map", upload.pk)
    batches = Batch.objects.filter(unit__in=units).select_related("unit")[:20]
    return render(request, "intake/import_upload.html", {"form": form, "batches": batches})


def _own_upload(request, pk: int) -> ImportUpload:
    upload = get_object_or_404(ImportUpload, pk=pk)
    if upload.uploaded_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return upload


@login_required
@require_http_methods(["GET", "POST"])
def import_map(request, pk: int):
    """Choose a saved mapping or map the columns by hand (and save them under a name)."""
    upload = _own_upload(request, pk)
    choice = MappingChoiceForm(request.GET or None, mappings=importer.unit_mappings(upload.unit))
    mapping = None
    if request.method == "POST":
        columns = {}
        for target in importer.FIELDS:
            picked = [c for c in request.POST.getlist(f"col_{target}") if c in upload.header]
            if picked:
                columns[target] = picked if target in importer.MULTI and len(picked) > 1 else picked[0]
        name = request.POST.get("name", "").strip()[:100] or f"{upload.file_name} ({upload.pk})"
        mapping = importer.save_mapping(upload, name=name, columns=columns, actor=request.user,
                                        date_format=request.POST.get("date_format", "").strip(),
                                        channel=request.POST.get("channel", ""))
        return redirect(f"{reverse('intake:import_report', args=[upload.pk])}?mapping={mapping.pk}")
    if choice.is_valid() and choice.cleaned_data.get("mapping"):
        mapping = choice.cleaned_data["mapping"]
    current = mapping.columns if mapping else {}
    fields = []
    for target, label in importer.FIELDS.items():
        chosen = current.get(target, [])
        chosen = chosen if isinstance(chosen, list) else [chosen]
        fields.append({"key": target, "label": label, "multi": target in importer.MULTI, "chosen": chosen,
                       "required": target in importer.REQUIRED})
    ctx = {"upload": upload, "choice": choice, "mapping": mapping, "fields": fields,
           "preview": upload.rows[:5], "channels": Channel.choices}
    return render(request, "intake/import_map.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def import_report(request, pk: int):
    upload = _own_upload(request, pk)
    # Only a mapping of the upload's unit: another unit's answers 404, exactly as one that does not exist.
    mapping = importer.mapping_for(upload, request.GET.get("mapping") or request.POST.get("mapping"))
    if mapping is None:
        raise Http404
    if request.method == "POST":
        try:
            batch = importer.do_import_batch(upload, mapping, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Imported %(n)d complaints as batch %(number)s.")
                             % {"n": batch.count, "number": batch.number})
            return redirect("intake:import")
    report = importer.validate(upload, mapping)
    return render(request, "intake/import_report.html",
                  {"upload": upload, "mapping": mapping, "report": report, "bad": report.bad[:500]})


# --- export -----------------------------------------------------------------------

@login_required
@require_GET
def export(request):
    qs = Complaint.objects.visible_to(request.user)
    try:
        from ecopetition.cases.queries import filter_cases
    except ImportError:
        filter_cases = None
    if filter_cases is not None:
        qs, _filters = filter_cases(qs, request.GET, request.user)
    body = export_xlsx(qs, request.user)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")  # noqa: DTZ005 - a file name only
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="complaints-{stamp}.xlsx"'
    return response


# --- reception days --------------------------------------------------------------

def _reception_units(user) -> list[Unit]:
    units = {u.pk: u for u in org.units_with_role(user, {Role.CLERK, Role.LEADER})}
    return sorted(units.values(), key=lambda u: u.path)


@login_required
@require_http_methods(["GET", "POST"])
def reception_list(request):
    units = _reception_units(request.user)
    if not units:
        raise DjangoPermissionDenied
    form = ReceptionForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            session = actions.do_schedule_reception(
                actor=request.user, unit=next(u for u in units if u.code == d["unit"]), leader_name=d["leader_name"],
                place=d["place"], date=d["date"], start_time=d["start_time"], end_time=d["end_time"], topic=d["topic"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("intake:reception_detail", session.pk)
    sessions = ReceptionSession.objects.filter(jurisdiction.under_q(units, "unit")).select_related("unit")[:50]
    return render(request, "intake/reception_list.html", {"form": form, "sessions": sessions})


@login_required
@require_http_methods(["GET", "POST"])
def reception_detail(request, pk: int):
    units = _reception_units(request.user)
    session = get_object_or_404(ReceptionSession.objects.select_related("unit"), pk=pk)
    if not any(session.unit.is_within(u) for u in units):
        raise Http404
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = NewComplaint(
            channel=Channel.VISIT, content=d["content"], address=d["address"], head_count=d["head_count"],
            is_anonymous=d["anonymous"], categories=[d["category"]] if d["category"] else [],
            complainants=[ComplainantInput(name=d["name"], phone=d["phone"], id_number=d["id_number"])],
        )
        try:
            case = actions.do_register_visit(session, data, actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Registered as %(number)s.") % {"number": case.number})
            return redirect("intake:reception_detail", session.pk)
    visits = (
        Complaint.objects.visible_to(request.user).filter(reception_visit__session=session)
        .order_by("received_at")
    )
    return render(request, "intake/reception_detail.html", {"session": session, "form": form, "visits": visits})



@login_required
def unrouted(request):
    """Complaints that came in by themselves and whose place could not be read: a clerk places them first."""
    if not org.units_with_role(request.user, Role.CLERK):
        raise DjangoPermissionDenied
    cases = (Complaint.objects.visible_to(request.user)
             .filter(intake_route__unrouted=True, state=State.REGISTERED)
             .select_related("unit", "intake_route").order_by("received_at", "id")[:200])
    return render(request, "intake/unrouted.html", {"cases": cases})


def _hotline_cases(request):
    if not org.units_with_role(request.user, Role.CLERK):
        raise DjangoPermissionDenied
    return Complaint.objects.visible_to(request.user).filter(channel=Channel.HOTLINE)


@login_required
def hotline(request):
    """12345 work orders: the open ones with the time left to sign for them, a return (退单) form, the exports."""
    from . import hotline as hl

    cases = _hotline_cases(request)
    open_orders = []
    for case in cases.filter(state__in=hl.RETURNABLE).select_related("unit").order_by("received_at", "id")[:200]:
        clk = hl.sign_clock(case)
        open_orders.append({"case": case, "order": hl.order_number(case), "due": clk.due_at if clk else None})
    return render(request, "intake/hotline.html", {
        "orders": open_orders, "count": cases.count(), "columns": hl.REPLY_COLUMNS,
        "today": clock.localdate().isoformat(),
    })


@login_required
@require_POST
def hotline_return(request, number: str):
    from . import hotline as hl

    case = get_object_or_404(_hotline_cases(request), number=number)
    try:
        hl.do_return_order(case, actor=request.user, reason=request.POST.get("reason", ""),
                           authority=request.POST.get("authority", ""))
        messages.success(request, _("Work order %(order)s returned to the hotline.") % {"order": hl.order_number(case)})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("intake:hotline")


@login_required
@require_GET
def hotline_export(request, fmt: str):
    """The answers in the shape the hotline takes back, for work orders received in [from, to]."""
    from . import hotline as hl

    cases = _hotline_cases(request)
    try:
        start = dt.date.fromisoformat(request.GET.get("from") or "2000-01-01")
        end = dt.date.fromisoformat(request.GET.get("to") or clock.localdate().isoformat())
    except ValueError:
        messages.error(request, _("Give the dates as YYYY-MM-DD."))
        return redirect("intake:hotline")
    cases = cases.filter(received_at__date__gte=start, received_at__date__lte=end)
    rows = hl.reply_rows(cases, request.user)
    if fmt == "json":
        response = HttpResponse(hl.export_json(rows), content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(hl.export_xlsx(rows), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f'attachment; filename="12345-replies-{start}-{end}.{fmt}"'
    return response
