"""The staff inbox: messages with their unread count; opening one marks it read."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecopetition.cases import scope as jurisdiction
from ecopetition.cases.models import Complaint
from ecopetition.cases.privacy import (
    case_masks,
    identity_scope,
    mask_phone,
    mask_text,
    masked_copy,
    record_phone_view,
)
from ecopetition.core import clock
from ecopetition.org import queries as org
from ecopetition.org.models import Role

from . import services
from .backends import channel_gateway
from .models import Notification, OutboundMessage
from .sealing import shown_params


@login_required
def inbox(request):
    qs = Notification.objects.filter(user=request.user).select_related("complaint")
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs.prefetch_related("complaint__complainants"), 50).get_page(request.GET.get("page"))
    for n in page:  # stored masked since notices are copies (services.send_message); older ones too
        if n.complaint_id:
            n.subject, n.text = masked_copy(n.complaint, n.subject), masked_copy(n.complaint, n.text)
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


# --- the administrator's outbox and the "to call" list --------------------------------------

def _masked_to(msg) -> str:
    """A recipient as the outbox page shows it: enough to tell messages apart, not who complained."""
    to = msg.to or ""
    if msg.channel == "email":
        name, _, domain = to.partition("@")
        return f"{name[:1]}***@{domain}" if domain else "***"
    digits = to.strip()
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 8 else "****"


@login_required
def outbox(request):
    """Every SMS and e-mail with its status and the gateway's answer, for an administrator."""
    if not org.is_admin(request.user):
        raise PermissionDenied
    qs = OutboundMessage.objects.all()
    status = request.GET.get("status", "")
    if status in OutboundMessage.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [{
        "msg": m, "to": _masked_to(m), "explain": services.describe(m), "stub": services.is_stub(m.backend)
        and m.status == OutboundMessage.Status.SENT,
        "params": shown_params(m.params),
        "can_retry": m.status == OutboundMessage.Status.FAILED and not m.maybe_delivered and m.kind != "query_code",
    } for m in page]
    counts = dict(OutboundMessage.objects.values_list("status").annotate(n=Count("id")).order_by())
    return render(request, "notify/outbox.html", {
        "page": page, "rows": rows, "status": status,
        "statuses": [(v, label, counts.get(v, 0)) for v, label in OutboundMessage.Status.choices],
        "sms_gateway": channel_gateway("sms"), "email_gateway": channel_gateway("email"),
        "sms_gateway_label": {"aliyun": _("Alibaba Cloud SMS"), "tencent": _("Tencent Cloud SMS")}.get(channel_gateway("sms"), channel_gateway("sms")),
        "site_url": getattr(settings, "ECOPETITION_SITE_URL", ""), "problems": services.config_problems(),
    })


@login_required
@require_POST
def outbox_retry(request, pk):
    if not org.is_admin(request.user):
        raise PermissionDenied
    if services.retry_failed(pk):
        services.deliver(pk)
        messages.success(request, _("The message was handed to the gateway again."))
    else:
        messages.error(request, _("This message cannot be sent again: it may already have been delivered, or it "
                                  "carried a query code that is no longer kept."))
    return redirect("notify:outbox")


def _calls_for(user):
    """The "to call" messages the user may see: notices to a complainant of a case whose complainants the
    user may see (clerks, grants) or whose unit the user calls back for. Alerts to staff (an emergency to a
    leader's landline) carry links meant for their recipient: only administrators see those."""
    from django.db.models import Q

    qs = OutboundMessage.objects.filter(channel="sms", status__in=[OutboundMessage.Status.TO_CALL,
                                                                     OutboundMessage.Status.CALLED])
    allowed = Q(complaint__in=identity_scope(user, Complaint.objects.all()))
    allowed |= jurisdiction.under_q(org.units_with_role(user, Role.CALLBACK), "complaint__unit")
    allowed &= Q(kind__startswith="notice_")
    if org.is_admin(user):
        allowed |= Q(complaint__isnull=True) | ~Q(kind__startswith="notice_")
    return qs.filter(allowed).select_related("complaint", "handled_by").prefetch_related("complaint__complainants")


def _call_rows(user, messages_, revealed: int | None) -> list[dict]:
    """Each message as the user may see it. The number and the notice's words are the complainant's
    identity: a clerk of the case (or a grant holder) sees them; the callback officer sees the notice
    masked and the number only after asking for it (each time an audit event on the case)."""
    holders = set(identity_scope(user, Complaint.objects.filter(pk__in={m.complaint_id for m in messages_}))
                  .values_list("pk", flat=True))
    rows = []
    for m in messages_:
        full = m.complaint_id is None or m.complaint_id in holders
        people = case_masks(m.complaint) if m.complaint_id and not full else []
        rows.append({
            "m": m, "full": full, "shown": full or m.pk == revealed,
            "to": m.to if full or m.pk == revealed else mask_phone(m.to),
            "subject": m.subject if full else mask_text(m.subject, people),
            "body": m.body if full else mask_text(m.body, people),
        })
    return rows


@login_required
def calls(request, revealed: int | None = None):
    """Notices for numbers that take no SMS (landlines): a person phones and marks it done."""
    qs = _calls_for(request.user)
    todo = list(qs.filter(status=OutboundMessage.Status.TO_CALL).order_by("created_at", "id")[:200])
    done = list(qs.filter(status=OutboundMessage.Status.CALLED).order_by("-sent_at", "-id")[:20])
    return render(request, "notify/calls.html", {"todo": _call_rows(request.user, todo, revealed),
                                                 "done": _call_rows(request.user, done, None)})


@login_required
@require_POST
def call_reveal(request, pk):
    """The callback officer asks for the number to call: shown on this answer only, and recorded."""
    msg = get_object_or_404(_calls_for(request.user).filter(status=OutboundMessage.Status.TO_CALL), pk=pk)
    if msg.complaint_id:
        record_phone_view(request.user, msg.complaint)
    return calls(request, revealed=msg.pk)


@login_required
@require_POST
def call_done(request, pk):
    msg = get_object_or_404(_calls_for(request.user), pk=pk)
    if services.mark_called(msg.pk, request.user):
        messages.success(request, _("Marked as told by phone."))
    return redirect("notify:calls")
