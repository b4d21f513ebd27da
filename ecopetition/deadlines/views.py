"""Wall board, owned cases, and the small supervision forms of the case page. Thin: parse, call one action."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecopetition.cases.models import Complaint
from ecopetition.core.exceptions import DomainError, PermissionDenied, ValidationError
from ecopetition.org import queries as org
from ecopetition.org.models import Unit

from . import actions, queries
from .models import LEVEL_CODES, SupervisionOrder

BOARD_ROLES = {"supervisor", "leader", "dispatcher"}


def _require_board(user) -> None:
    if not (user.is_superuser or org.roles_of(user) & BOARD_ROLES):
        raise PermissionDenied(_("The wall board is for supervisors, leaders and dispatchers."))


def _board_context(request) -> dict:
    _require_board(request.user)
    units = queries.board_units(request.user)
    unit = None
    raw = request.GET.get("unit", "")
    if raw.isdigit():
        unit = next((u for u in units if u.pk == int(raw)), None)
    level = request.GET.get("level", "")
    if level not in LEVEL_CODES.values() and level != "none":
        level = ""
    tiles, counts = queries.board(request.user, unit=unit, level=level)
    return {"tiles": tiles, "counts": counts, "units": units, "unit": unit, "level": level,
            "query": request.GET.urlencode(), "levels": list(LEVEL_CODES.values()),
            "limit": queries.BOARD_LIMIT}


@login_required
def board(request):
    return render(request, "deadlines/board.html", _board_context(request))


@login_required
def board_tiles(request):
    """The tiles alone: the board page swaps them in every 45 seconds (htmx)."""
    return render(request, "deadlines/_tiles.html", _board_context(request))


@login_required
def mine(request):
    owned = list(queries.owned_by(request.user))
    now_rows = []
    for own in owned:
        tiles = queries.case_clocks(own.complaint)
        running = [r for r in tiles if r.clock.stopped_at is None]
        running.sort(key=lambda r: (-r.level, r.clock.due_at))
        now_rows.append((own, running[0] if running else None))
    return render(request, "deadlines/mine.html", {"rows": now_rows})


# --- case-page forms ------------------------------------------------------------------

def _case(request, number: str) -> Complaint:
    return get_object_or_404(Complaint.objects.visible_to(request.user).select_related("unit", "lead_unit"),
                             number=number)


def _back(number: str):
    try:
        return redirect(reverse("cases:detail", args=[number]) + "#panel-supervision")
    except NoReverseMatch:
        return redirect("deadlines:board")


def _run(request, number: str, fn, done: str):
    try:
        fn()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return _back(number)


@login_required
@require_POST
def urge(request, number):
    case = _case(request, number)
    return _run(request, number, lambda: actions.do_urge(case, actor=request.user, text=request.POST.get("text")),
                _("The unit has been urged."))


def _parse_due(raw: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat((raw or "").strip())
    except ValueError:
        raise ValidationError(_("Give the deadline as a date and time."), field="due_at") from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value


@login_required
@require_POST
def order(request, number):
    case = _case(request, number)

    def go():
        unit = Unit.objects.filter(pk=request.POST.get("unit") or 0).first()
        actions.do_issue_supervision_order(
            case, actor=request.user, unit=unit, requirements=request.POST.get("requirements"),
            due_at=_parse_due(request.POST.get("due_at")), special=bool(request.POST.get("special")),
        )

    return _run(request, number, go, _("The supervision order has been issued."))


@login_required
@require_POST
def respond(request, pk):
    order_ = get_object_or_404(SupervisionOrder.objects.select_related("complaint"), pk=pk)
    case = _case(request, order_.complaint.number)
    return _run(request, case.number,
                lambda: actions.do_respond_supervision(order_, actor=request.user,
                                                       response=request.POST.get("response")),
                _("Your answer has been recorded."))


@login_required
@require_POST
def instruct(request, number):
    case = _case(request, number)
    return _run(request, number, lambda: actions.do_instruct(case, actor=request.user, text=request.POST.get("text")),
                _("The instruction has been recorded."))


@login_required
@require_POST
def own(request, number):
    case = _case(request, number)

    def go():
        leader = get_user_model().objects.filter(pk=request.POST.get("leader") or 0).first()
        actions.do_assign_owner(case, actor=request.user, leader=leader)

    return _run(request, number, go, _("The owner has been named."))


@login_required
@require_POST
def release(request, number):
    case = _case(request, number)
    return _run(request, number,
                lambda: actions.do_release_owner(case, actor=request.user, reason=request.POST.get("reason")),
                _("The owner has been released."))


@login_required
@require_POST
def duty(request, number):
    case = _case(request, number)
    return _run(request, number,
                lambda: actions.do_mark_duty(case, actor=request.user, duty=request.POST.get("duty", ""),
                                             note=request.POST.get("note", "")),
                _("The duty has been recorded."))


@login_required
@require_POST
def star(request, number):
    case = _case(request, number)
    starred = request.POST.get("starred") == "1"
    return _run(request, number,
                lambda: actions.do_star(case, actor=request.user, starred=starred, reason=request.POST.get("reason")),
                _("Saved."))
