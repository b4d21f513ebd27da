"""The field page (phone-sized) and the small forms of the case-page panels. Thin: parse, call one action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecopetition.cases import actions as case_actions
from ecopetition.cases import transitions
from ecopetition.cases.models import Complaint, Finding, State
from ecopetition.core import clock
from ecopetition.core.exceptions import DomainError

from . import actions, panels, queries
from .models import MeasureKind, Rectification


def _case(request, number: str) -> Complaint:
    return get_object_or_404(
        Complaint.objects.visible_to(request.user).select_related("unit", "lead_unit"), number=number
    )


def _case_page(number: str) -> str:
    try:
        return reverse("cases:detail", args=[number])
    except NoReverseMatch:
        return reverse("fieldwork:case", args=[number])


@login_required
def mine(request):
    cases = list(queries.my_field_cases(request.user)[:200])
    rects = list(queries.my_open_rectifications(request.user)[:200])
    return render(request, "fieldwork/mine.html", {"cases": cases, "rects": rects, "today": clock.localdate()})


def _field_context(request, case: Complaint, form=None) -> dict:
    allowed = {t.action for t in transitions.allowed_actions(case, request.user)}
    return {
        "case": case,
        "allowed": allowed,
        "can_arrive": case.state == "in_progress" and "report" in allowed,
        "visits": list(case.site_visits.select_related("by")),
        "photos": [a for a in case.attachments.all() if a.content_type.startswith("image/")],
        "measures": list(case.measures.all()),
        "rects": list(case.rectifications.all()),
        "can_verify": actions.can_verify(request.user, case),
        "findings": Finding.choices,
        "measure_kinds": MeasureKind.choices,
        "form": form or {},
        "case_page": _case_page(case.number),
        "contact_cards": list(case.documents.filter(kind="contact_card").order_by("-id")[:3]),
        "can_contact_card": "contact_card" in _document_kinds(request.user, case),
        # A stage-closed case (阶段办结): what is still followed up, and until when.
        "stage": panels.stage_panel(request, case) if case.state == State.STAGE_CLOSED else None,
    }


def _document_kinds(user, case) -> list[str]:
    try:
        from ecopetition.documents.actions import kinds_for
    except ImportError:
        return []
    return kinds_for(user, case)


@login_required
def field_case(request, number: str):
    case = _case(request, number)
    return render(request, "fieldwork/case.html", _field_context(request, case))


@login_required
@require_POST
def sign_for(request, number: str):
    case = _case(request, number)
    try:
        case_actions.do_sign_for(case, actor=request.user)
        messages.success(request, _("Signed for."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("fieldwork:case", number)


@login_required
@require_POST
def arrive(request, number: str):
    case = _case(request, number)
    p = request.POST
    try:
        visit = actions.do_site_visit(
            case, actor=request.user, lat=p.get("lat"), lon=p.get("lon"), accuracy_m=p.get("accuracy"),
            note=p.get("note", ""),
        )
        if visit.lat is None:
            messages.warning(request, _("Arrival recorded without a GPS point (the phone gave none)."))
        else:
            messages.success(request, _("Arrival on site recorded."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("fieldwork:case", number)


@login_required
@require_POST
def photo(request, number: str):
    case = _case(request, number)
    files = request.FILES.getlist("photo")
    if not files:
        messages.error(request, _("Choose a photo."))
    saved = 0
    for f in files[:10]:
        try:
            actions.do_add_photo(case, actor=request.user, upload=f)
            saved += 1
        except DomainError as exc:
            messages.error(request, f"{f.name}: {exc.message}")
    if saved:
        messages.success(request, _("%(n)d photo(s) added.") % {"n": saved})
    return redirect("fieldwork:case", number)


def measures_from_post(post) -> list[actions.MeasureInput]:
    out = []
    for kind in post.getlist("measure"):
        m = actions.MeasureInput(kind=kind, detail=post.get(f"detail_{kind}", ""))
        if kind == MeasureKind.FINE:
            m.fine_amount = post.get("fine_amount", "")
        if kind == MeasureKind.DAILY_FINE:
            m.daily_amount = post.get("daily_amount", "")
            m.penalty_days = post.get("penalty_days", "")
        if kind == MeasureKind.RECTIFY:
            deadline = post.get("rectify_deadline", "")
            lines = [line.strip() for line in post.get("rectify_items", "").splitlines() if line.strip()]
            m.items = [actions.RectifyItem(line, deadline) for line in lines] or [actions.RectifyItem("", deadline)]
        out.append(m)
    return out


@login_required
@require_POST
def report(request, number: str):
    case = _case(request, number)
    p = request.POST
    try:
        actions.do_report_findings(
            case, actor=request.user, finding=p.get("finding", ""), result=p.get("result", ""),
            measures=measures_from_post(p),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        form = {k: p.get(k, "") for k in p}
        form["measure"] = p.getlist("measure")
        return render(request, "fieldwork/case.html", _field_context(request, case, form), status=400)
    messages.success(request, _("Report sent up for review."))
    return redirect("fieldwork:case", number)


@login_required
@require_POST
def survey(request, number: str):
    case = _case(request, number)
    p = request.POST
    try:
        actions.do_survey(case, actor=request.user, result=p.get("result", ""),
                          respondent=p.get("respondent", "resident"), respondent_name=p.get("respondent_name", ""),
                          note=p.get("note", ""))
        messages.success(request, _("Survey answer recorded."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_case_page(number) + "#panel-callbacks")


@login_required
@require_POST
def verify(request, number: str, pk: int):
    case = _case(request, number)
    rect = get_object_or_404(Rectification, pk=pk, complaint=case)
    p = request.POST
    try:
        actions.do_verify_rectification(
            rect, actor=request.user, passed=p.get("passed") == "1", note=p.get("note", ""),
            new_deadline=p.get("new_deadline", ""),
        )
        messages.success(request, _("Rectification check recorded."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(p.get("next") if p.get("next") == _case_page(number) else reverse("fieldwork:case", args=[number]))
