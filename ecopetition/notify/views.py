"""The staff inbox: messages with their unread count; opening one marks it read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from ecopetition.core import clock

from . import services
from .models import Notification


@login_required
def inbox(request):
    qs = Notification.objects.filter(user=request.user).select_related("complaint")
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "notify/inbox.html", {
        "page": page, "unread": services.unread_count(request.user), "only_unread": bool(request.GET.get("unread")),
    })


@login_required
def unread(request):
    """The unread count as a small fragment, for a badge that polls it."""
    n = services.unread_count(request.user)
    return HttpResponse(str(n) if n else "", content_type="text/plain; charset=utf-8")


@login_required
@require_POST
def open_one(request, pk):
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    if note.read_at is None:
        Notification.objects.filter(pk=note.pk).update(read_at=clock.now())
    if note.complaint_id:
        try:
            return redirect(reverse("cases:detail", args=[note.complaint.number]))
        except NoReverseMatch:
            pass
    return redirect("notify:inbox")


@login_required
@require_POST
def read_all(request):
    services.mark_read(request.user)
    return redirect("notify:inbox")
