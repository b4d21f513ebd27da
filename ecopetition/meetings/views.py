"""Case meetings and typical problems in the console. Thin: parse, check, call one action, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecopetition.analytics import queries as analytics
from ecopetition.cases import scope as jurisdiction
from ecopetition.cases.dispatch import visible_case
from ecopetition.core import clock
from ecopetition.core.exceptions import DomainError
from ecopetition.org.models import Membership, Role, Unit

from . import actions, printing, queries
from .models import AgendaItem, Decision, DecisionKind, MeetingKind, ProblemDimension, ProblemStatus

ORGANISER_ROLES = (Role.LEADER, Role.SUPERVISOR)


def _date(value: str, field: str, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise actions.ValidationError(_("%(field)s: give a date such as 2026-12-07.") % {"field": label},
                                      field=field) from None


def _datetime(value: str, field: str) -> dt.datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return timezone.make_aware(dt.datetime.fromisoformat(value))
    except ValueError:
        raise actions.ValidationError(_("Give the deadline as a date and time."), field=field) from None


def _unit(value, allowed) -> Unit | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return next((u for u in allowed if u.pk == pk), None)


def _organiser_units(user) -> list[Unit]:
    """Units where the user may convene: where they lead or supervise, and below."""
    return analytics.areas_for(user, ORGANISER_ROLES)


def _leaders_over(unit: Unit):
    ids = Membership.objects.filter(role=Role.LEADER, unit__in=[unit, *unit.ancestors()], user__is_active=True)
    return list(get_user_model().objects.filter(pk__in=ids.values("user_id")).order_by("username"))


def _fail(request, exc: DomainError) -> None:
    messages.error(request, str(exc))


# --- meetings -----------------------------------------------------------------------------------------

@login_required
def index(request):
    units = _organiser_units(request.user)
    meetings = (queries.meetings_for(request.user).select_related("unit", "chair")
                .prefetch_related("attending")[:200])
    unit = _unit(request.GET.get("unit"), units) or (units[0] if units else None)
    return render(request, "meetings/index.html", {
        "meetings": meetings, "units": units, "unit": unit, "kinds": MeetingKind.choices,
        "leaders": _leaders_over(unit) if unit else [], "today": clock.localdate(),
        "attend_units": list(jurisdiction.subtree(unit, active=True).order_by("path")) if unit else [],
    })


@login_required
@require_POST
def create(request):
    units = _organiser_units(request.user)
    try:
        unit = _unit(request.POST.get("unit"), units)
        if unit is None:
            raise actions.ValidationError(_("Choose the convening unit."), field="unit")
        allowed = list(jurisdiction.subtree(unit, active=True))
        attending = [u for u in allowed if str(u.pk) in request.POST.getlist("attending")]
        chair = next((u for u in _leaders_over(unit) if str(u.pk) == request.POST.get("chair")), None)
        m = actions.do_create_meeting(
            actor=request.user, unit=unit, kind=request.POST.get("kind", ""), chair=chair, attending=attending,
            held_on=_date(request.POST.get("held_on"), "held_on", _("Date")), others=request.POST.get("others", ""))
    except DomainError as exc:
        _fail(request, exc)
        return redirect(reverse("meetings:index") + "?" + urlencode({"unit": request.POST.get("unit", "")}))
    messages.success(request, _("Meeting %(number)s convened with %(n)d cases on the agenda.")
                     % {"number": m.number, "n": m.items.count()})
    return redirect("meetings:detail", pk=m.pk)


def _meeting(request, pk: int):
    m = queries.meetings_for(request.user).select_related("unit", "chair").filter(pk=pk).first()
    if m is None:
        raise Http404(_("No such meeting."))
    return m


@login_required
def detail(request, pk: int):
    m = _meeting(request, pk)
    prev, carried = queries.carried_over(m, request.user)
    can_edit = actions.may_organise(request.user, m.unit) and not m.closed_at
    rows = queries.agenda_rows(m, request.user)
    for r in rows:
        for d in r["decisions"]:
            d["may_complete"] = (d["d"].kind != DecisionKind.ORDER and not d["done"]
                                 and actions.may_complete(request.user, d["d"]))
    for d in carried:
        d["may_complete"] = (not d["hidden"] and d["d"].kind != DecisionKind.ORDER and not d["done"]
                             and actions.may_complete(request.user, d["d"]))
    return render(request, "meetings/detail.html", {
        "m": m, "others": queries.shown_others(m), "rows": rows, "prev": prev, "carried": carried, "can_edit": can_edit,
        "attending": list(m.attending.order_by("path")), "decision_kinds": DecisionKind.choices,
        "units": list(jurisdiction.subtree(m.unit, active=True).order_by("path")) if can_edit else [],
        "leaders": _leaders_over(m.unit) if can_edit else [],
        "default_due": f"{clock.localdate() + dt.timedelta(days=7):%Y-%m-%d}T18:00",
    })


@login_required
@require_POST
def add_item(request, pk: int):
    m = _meeting(request, pk)
    try:
        case = visible_case(request.user, request.POST.get("number", ""))
        actions.do_add_item(m, actor=request.user, case=case)
    except DomainError as exc:
        _fail(request, exc)
    return redirect("meetings:detail", pk=m.pk)


def _item(request, pk: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    _meeting(request, item.meeting_id)
    return item


@login_required
@require_POST
def remove_item(request, pk: int):
    item = _item(request, pk)
    try:
        actions.do_remove_item(item, actor=request.user)
    except DomainError as exc:
        _fail(request, exc)
    return redirect("meetings:detail", pk=item.meeting_id)


@login_required
@require_POST
def minutes(request, pk: int):
    item = _item(request, pk)
    try:
        actions.do_record_minutes(item, actor=request.user, minutes=request.POST.get("minutes", ""))
        messages.success(request, _("Minutes saved."))
    except DomainError as exc:
        _fail(request, exc)
    return redirect(reverse("meetings:detail", args=[item.meeting_id]) + f"#item-{item.pk}")


@login_required
@require_POST
def decide(request, pk: int):
    item = _item(request, pk)
    try:
        units = list(jurisdiction.subtree(item.meeting.unit, active=True))
        leader = next((u for u in _leaders_over(item.meeting.unit) if str(u.pk) == request.POST.get("leader")), None)
        d = actions.do_decide(item, actor=request.user, kind=request.POST.get("kind", ""),
                              text=request.POST.get("text", ""), unit=_unit(request.POST.get("unit"), units),
                              due_at=_datetime(request.POST.get("due_at"), "due_at"), leader=leader)
        if d.order_id:
            messages.success(request, _("Supervision order %(number)s issued.") % {"number": d.order.number})
        else:
            messages.success(request, _("Decision recorded."))
    except DomainError as exc:
        _fail(request, exc)
    return redirect(reverse("meetings:detail", args=[item.meeting_id]) + f"#item-{item.pk}")


@login_required
@require_POST
def complete(request, pk: int):
    d = get_object_or_404(Decision, pk=pk)
    _meeting(request, d.meeting_id)
    try:
        actions.do_complete_decision(d, actor=request.user, note=request.POST.get("note", ""))
        messages.success(request, _("Recorded as carried out."))
    except DomainError as exc:
        _fail(request, exc)
    back = request.POST.get("next", "")
    return redirect("meetings:detail", pk=int(back) if back.isdigit() else d.meeting_id)


@login_required
@require_POST
def close(request, pk: int):
    m = _meeting(request, pk)
    try:
        actions.do_close_meeting(m, actor=request.user)
        messages.success(request, _("Minutes closed."))
    except DomainError as exc:
        _fail(request, exc)
    return redirect("meetings:detail", pk=m.pk)


@login_required
def printout(request, pk: int, what: str, fmt: str):
    m = _meeting(request, pk)
    if what not in ("agenda", "minutes") or fmt not in ("pdf", "docx"):
        raise Http404
    if fmt == "pdf":
        body, ctype = printing.pdf(m, what, request.user), "application/pdf"
    else:
        body = printing.docx(m, what, request.user)
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{m.number}-{what}.{fmt}"'
    return response


# --- typical problems ---------------------------------------------------------------------------------

@login_required
def problems(request):
    units = _organiser_units(request.user)
    area = _unit(request.GET.get("area"), units) or (units[0] if units else None)
    today = clock.localdate()
    month_text = request.GET.get("month", "")
    try:
        month = dt.date.fromisoformat(f"{month_text}-01") if month_text else analytics.add_months(today, -1)
    except ValueError:
        messages.error(request, _("“%(value)s” is not a month.") % {"value": month_text})
        month = analytics.add_months(today, -1)
    report = queries.analysis(area, month) if area else None
    listed = list(queries.problems_for(request.user).select_related("unit", "department")[:200])
    titles = queries.shown_problem_titles(listed)
    for p in listed:
        p.shown_title = titles[p.pk]
    return render(request, "meetings/problems.html", {
        "units": units, "area": area, "month": month, "report": report,
        "problems": listed,
        "dim_rows": [(d, ProblemDimension(d).label, lines) for d, lines in report["dims"].items()] if report else [],
        "departments": units,
        "due": f"{today + dt.timedelta(days=30):%Y-%m-%d}", "today": today,
    })


@login_required
@require_POST
def problem_create(request):
    units = _organiser_units(request.user)
    try:
        area = _unit(request.POST.get("area"), units)
        p = actions.do_create_problem(
            actor=request.user, area=area, month=_date(request.POST.get("month", "") + "-01", "month", _("Month")),
            title=request.POST.get("title", ""), analysis=request.POST.get("analysis", ""),
            requirements=request.POST.get("requirements", ""),
            due_on=_date(request.POST.get("due_on"), "due_on", _("Due")),
            department=_unit(request.POST.get("department"), units),
            department_name=request.POST.get("department_name", ""),
            dimension=request.POST.get("dimension", ""), key=request.POST.get("key", ""))
    except DomainError as exc:
        _fail(request, exc)
        return redirect(reverse("meetings:problems") + "?" + urlencode(
            {"area": request.POST.get("area", ""), "month": request.POST.get("month", "")}))
    messages.success(request, _("Typical problem %(number)s sent to %(dept)s.")
                     % {"number": p.number, "dept": p.department_label})
    return redirect("meetings:problem", pk=p.pk)


def _problem(request, pk: int):
    p = queries.problems_for(request.user).select_related("unit", "department", "typical_case",
                                                        "publication").filter(pk=pk).first()
    if p is None:
        raise Http404(_("No such problem."))
    return p


@login_required
def problem(request, pk: int):
    p = _problem(request, pk)
    return render(request, "meetings/problem.html", {
        "p": p, "shown": queries.shown_problem(p), "may_answer": actions.may_answer(request.user, p) and p.status != ProblemStatus.CLOSED,
        "may_close": actions.may_organise(request.user, p.unit) and p.status == ProblemStatus.ANSWERED,
        "may_pick": actions.may_organise(request.user, p.unit),
        "public": actions.typical_case_public(p), "overdue": p.status == ProblemStatus.OPEN and p.due_on < clock.localdate(),
    })


@login_required
@require_POST
def problem_act(request, pk: int, step: str):
    p = _problem(request, pk)
    try:
        if step == "answer":
            actions.do_answer_problem(p, actor=request.user, response=request.POST.get("response", ""))
            messages.success(request, _("Response recorded."))
        elif step == "close":
            actions.do_close_problem(p, actor=request.user, accept=request.POST.get("accept") == "1",
                                     note=request.POST.get("note", ""))
            messages.success(request, _("Saved."))
        elif step == "case":
            case = visible_case(request.user, request.POST.get("number", ""))
            actions.do_set_typical_case(p, actor=request.user, case=case, publish=bool(request.POST.get("publish")))
            messages.success(request, _("Typical case saved."))
        else:
            raise Http404
    except DomainError as exc:
        _fail(request, exc)
    return redirect("meetings:problem", pk=p.pk)



