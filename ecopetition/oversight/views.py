"""Oversight pages: the inspector's read-only view and export, re-check tasks, emergencies and acknowledgements.

Thin: parse, check, call one action, render. Reads start from `Complaint.objects.visible_to(user)`.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecopetition.cases import queries as case_queries
from ecopetition.cases.dispatch import visible_case
from ecopetition.cases.models import Complaint, State
from ecopetition.core.exceptions import DomainError
from ecopetition.org import queries as org

from . import emergency, inspection, queries, recheck
from .models import AlertRecipient, EmergencyAlert, RecheckStatus, RecheckTask, RefusedAttempt


def _case(user, number: str) -> Complaint:
    case = visible_case(user, number)
    if case is None:
        raise Http404(_("No such case."))
    return case


def _back_to_case(number: str, anchor: str = ""):
    try:
        return redirect(reverse("cases:detail", args=[number]) + anchor)
    except NoReverseMatch:
        return redirect("oversight:case", number=number)


# --- the inspector's view ---------------------------------------------------------------------


@login_required
def index(request):
    inspection.require_reader(request.user)
    qs = Complaint.objects.visible_to(request.user).select_related("unit", "lead_unit").prefetch_related("complainants")
    state = request.GET.get("state", "")
    if state in State.values:
        qs = qs.filter(state=state)
    text = request.GET.get("q", "").strip()
    if text:
        qs = qs.search(text, request.user)
    if request.GET.get("marked"):
        qs = qs.filter(events__action=inspection.MARK_ACTION).distinct()
    page = case_queries.paginate(qs.order_by("-received_at", "-id"), request.GET.get("page"), searched=bool(text))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "oversight/index.html", {
        "page": page, "states": State.choices, "state": state, "q": text, "marked": bool(request.GET.get("marked")),
        "querystring": params.urlencode(), "is_inspector": inspection.is_inspector(request.user),
    })


@login_required
def case_history(request, number: str):
    inspection.require_reader(request.user)
    case = _case(request.user, number)
    data = inspection.history(case, request.user)
    return render(request, "oversight/case.html", {
        "case": case, "h": data, "can_mark": inspection.is_inspector(request.user),
        "marks": [e for e in case.events.filter(action=inspection.MARK_ACTION).order_by("-seq")],
    })


@login_required
def missed(request):
    inspection.require_reader(request.user)
    rows = inspection.missed_deadlines(Complaint.objects.visible_to(request.user))
    return render(request, "oversight/missed.html", {"rows": rows})


@login_required
def marked(request):
    inspection.require_reader(request.user)
    return render(request, "oversight/marked.html",
                  {"marks": inspection.marks(Complaint.objects.visible_to(request.user))})


@login_required
def refused(request):
    inspection.require_reader(request.user)
    rows = RefusedAttempt.objects.select_related("user", "complaint")
    everything = request.user.is_superuser or org.is_admin(request.user)
    visible = set(Complaint.objects.visible_to(request.user).values_list("pk", flat=True))
    if not everything:
        rows = rows.filter(complaint_id__in=visible) | rows.filter(user=request.user)
    # One's own refused attempt on a case one cannot see names no case: the page must not confirm
    # that a guessed number exists (the path shows what was typed, nothing more).
    rows = [(r, r.complaint.number if r.complaint_id and (everything or r.complaint_id in visible) else "")
            for r in rows.order_by("-at")[:300]]
    return render(request, "oversight/refused.html", {"rows": rows})


def _export_name(case, ext: str) -> str:
    return f"{case.number}-history.{ext}"


@login_required
def export_json(request, number: str):
    inspection.require_reader(request.user)
    case = _case(request.user, number)
    body = json.dumps(inspection.history(case, request.user), ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(case, "json")}"'
    return response


def _export_html(request, case) -> str:
    return render_to_string("oversight/export.html", {"case": case, "h": inspection.history(case, request.user)},
                            request=request)


@login_required
def export_html(request, number: str):
    inspection.require_reader(request.user)
    case = _case(request.user, number)
    response = HttpResponse(_export_html(request, case), content_type="text/html; charset=utf-8")
    # A standalone document (also the PDF's source): its own inline styles, nothing else, no scripts.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{_export_name(case, "html")}"'
    return response


@login_required
def export_pdf(request, number: str):
    inspection.require_reader(request.user)
    case = _case(request.user, number)
    from ecopetition.documents.render import render_pdf_html

    pdf = render_pdf_html(_export_html(request, case))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(case, "pdf")}"'
    return response


@login_required
@require_POST
def mark(request, number: str):
    case = _case(request.user, number)
    try:
        inspection.do_mark_accountability(case, actor=request.user, reason=request.POST.get("reason", ""),
                                          concerning=request.POST.get("concerning", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The case is marked for accountability follow-up."))
    return redirect("oversight:case", number=number)


# --- re-checks --------------------------------------------------------------------------------


@login_required
def rechecks(request):
    tasks = queries.rechecks_for(request.user).select_related("complaint", "recheck_unit", "reported_unit")
    status = request.GET.get("status", RecheckStatus.OPEN)
    if status in RecheckStatus.values:
        tasks = tasks.filter(status=status)
    return render(request, "oversight/rechecks.html", {
        "tasks": tasks.order_by("due_at")[:300], "status": status, "statuses": RecheckStatus.choices,
    })


@login_required
def recheck_detail(request, pk: int):
    task = get_object_or_404(RecheckTask.objects.select_related("complaint", "recheck_unit", "reported_unit"), pk=pk)
    case = _case(request.user, task.complaint.number)
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            if decision not in ("confirm", "overturn"):
                raise DomainError(_("Choose whether the re-check confirms or overturns the finding."))
            recheck.do_decide_recheck(task, actor=request.user, overturn=decision == "overturn",
                                      findings=request.POST.get("findings", ""))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The re-check is recorded."))
            return redirect("oversight:recheck", pk=task.pk)
    reports = recheck.unfounded_reports(case)
    return render(request, "oversight/recheck.html", {
        "task": task, "case": case, "reports": reports, "may_decide": task.status == RecheckStatus.OPEN
        and recheck.may_decide(request.user, task), "findings": request.POST.get("findings", ""),
        "responsibility": getattr(task, "responsibility", None) if task.status == RecheckStatus.OVERTURNED else None,
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def recheck_open(request, number: str):
    case = _case(request.user, number)
    try:
        task = recheck.do_open_recheck(case, actor=request.user, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back_to_case(number, "#panel-recheck")
    messages.success(request, _("Re-check %(n)s opened for %(unit)s.") % {"n": task.number,
                                                                         "unit": task.recheck_unit.name})
    return redirect("oversight:recheck", pk=task.pk)


# --- emergencies --------------------------------------------------------------------------------


@login_required
def emergencies(request):
    visible = Complaint.objects.visible_to(request.user).values("pk")
    alerts = (EmergencyAlert.objects.filter(complaint_id__in=visible).select_related("complaint", "handled_by")
              .prefetch_related("recipients", "complaint__complainants").order_by("handled_at", "-raised_at")[:200])
    open_ids = set(queries.open_emergency_case_ids(request.user))
    waiting = Complaint.objects.filter(pk__in=open_ids).exclude(pk__in=[a.complaint_id for a in alerts])
    return render(request, "oversight/emergencies.html", {"alerts": alerts, "waiting": waiting})


@login_required
@require_POST
def declare(request, number: str):
    case = _case(request.user, number)
    try:
        emergency.do_declare_emergency(case, actor=request.user, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Declared a possible emergency: the leader on duty and the linked departments "
                                    "are being alerted."))
    return _back_to_case(number, "#panel-emergency")


@login_required
@require_POST
def handled(request, number: str):
    case = _case(request.user, number)
    try:
        emergency.do_mark_handled(case, actor=request.user, note=request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The emergency is marked handled."))
    return _back_to_case(number, "#panel-emergency")


@login_required
@require_POST
def acknowledge(request, pk: int):
    r = get_object_or_404(AlertRecipient.objects.select_related("alert__complaint"), pk=pk)
    case = _case(request.user, r.alert.complaint.number)
    try:
        emergency.do_acknowledge(r, actor=request.user, note=request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Acknowledgement recorded."))
    nxt = request.POST.get("next", "")
    if nxt == "list":
        return redirect("oversight:emergencies")
    return _back_to_case(case.number, "#panel-emergency")


def ack_link(request, token: str):
    """The link sent to each alerted person and department: opening it only shows the alert and a button;
    pressing the button (a POST) acknowledges. The leader on duty has an account: their link asks them to
    log in and acknowledges as them. A linked department (police, water bureau) has none: the link is its
    proof, good for one acknowledgement. The access log never keeps the token (`core.accesslog`)."""
    r = AlertRecipient.objects.select_related("alert__complaint").filter(token=token).first()
    if r is None:
        raise Http404(_("This acknowledgement link is not valid."))
    if r.kind == AlertRecipient.Kind.DUTY_LEADER and not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    done = False
    if request.method == "POST":
        try:
            emergency.do_acknowledge(r, actor=request.user, note=request.POST.get("note", ""),
                                     by_token=r.kind != AlertRecipient.Kind.DUTY_LEADER)
            done = True
        except DomainError as exc:
            messages.error(request, exc.message)
        r.refresh_from_db()
    case = r.alert.complaint
    # a linked department reads what its message said (`outside_summary`), not the case's own words
    outside = emergency.outside_summary(case) if r.kind != AlertRecipient.Kind.DUTY_LEADER else ""
    return render(request, "oversight/ack.html", {"r": r, "case": case, "done": done, "outside": outside})


@login_required
def suggest(request):
    """A hint for the register form: does the text read like an emergency? (htmx fragment)"""
    hit, terms = emergency.suggest(request.GET.get("content", "") + " " + request.GET.get("title", ""))
    return render(request, "oversight/_suggest.html", {"hit": hit, "terms": terms})

