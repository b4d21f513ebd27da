"""Generate, send and download documents; edit templates. Thin: parse, check, call one action."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ecopetition.cases.models import Complaint
from ecopetition.cases.privacy import can_see_identity
from ecopetition.core.exceptions import DomainError, PermissionDenied
from ecopetition.org import queries as org

from . import actions
from .models import PLACEHOLDERS, Document, DocumentTemplate

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _case(request, number: str) -> Complaint:
    return get_object_or_404(Complaint.objects.visible_to(request.user).select_related("unit"), number=number)


def _back(number: str) -> str:
    return reverse("cases:detail", args=[number])


@login_required
@require_POST
def generate(request, number: str):
    case = _case(request, number)
    p = request.POST
    try:
        doc = actions.do_generate_document(
            case, actor=request.user, kind=p.get("kind", ""),
            extra={k: p.get(k, "") for k in ("deadline", "note", "handler_phone")},
        )
        messages.success(request, _("%(title)s %(number)s generated.") % {"title": doc.title, "number": doc.number})
    except DomainError as exc:
        messages.error(request, exc.message)
    field_page = reverse("fieldwork:case", args=[number])
    return redirect(field_page if p.get("next") == field_page else _back(number))


@login_required
@require_POST
def send_reply(request, number: str):
    case = _case(request, number)
    try:
        doc = actions.do_send_reply(case, actor=request.user, method=request.POST.get("method", ""),
                                    email=request.POST.get("email", ""))
        messages.success(request, _("Reply letter %(number)s recorded and sent.") % {"number": doc.number})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_back(number))


@login_required
def download(request, pk: int, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404
    doc = get_object_or_404(Document.objects.select_related("complaint"), pk=pk)
    # The one door: a document is visible exactly when its case is.
    if not Complaint.objects.visible_to(request.user).filter(pk=doc.complaint_id).exists():
        raise Http404
    if doc.has_identity and not can_see_identity(request.user, doc.complaint):
        raise PermissionDenied(_("This document names the complainant; you may not see their identity."))
    path = actions.document_path(doc, fmt)
    if not path.exists():
        raise Http404
    filename = f"{doc.complaint.number}-{doc.kind}-{doc.seq}.{fmt}"
    return FileResponse(open(path, "rb"), as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt])


class TemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["title", "body", "active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}
        labels = {"title": gettext_lazy("Title"), "body": gettext_lazy("Body"), "active": gettext_lazy("Active")}


def _require_admin(user) -> None:
    if not org.is_admin(user):
        raise PermissionDenied(_("Only an administrator may edit document templates."))


@login_required
def templates(request):
    _require_admin(request.user)
    return render(request, "documents/templates.html", {"templates": DocumentTemplate.objects.all()})


@login_required
def template_edit(request, pk: int):
    _require_admin(request.user)
    tpl = get_object_or_404(DocumentTemplate, pk=pk)
    form = TemplateForm(request.POST or None, instance=tpl)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.updated_by = request.user
        try:
            obj.save()
        except DomainError as exc:
            form.add_error("body", exc.message)
        else:
            messages.success(request, _("Template saved."))
            return redirect("documents:templates")
    return render(request, "documents/template_edit.html", {
        "form": form, "tpl": tpl, "placeholders": sorted(PLACEHOLDERS.items()),
    })


# --- the archive (归档) --------------------------------------------------------------------------------

ARCHIVE_ROLES = ("clerk", "supervisor", "leader", "admin")


def _archive_reader(user) -> None:
    if not user.is_superuser and not (org.roles_of(user) & set(ARCHIVE_ROLES)):
        raise Http404(_("The archive is kept by the intake clerks."))


@login_required
def archive_list(request):
    from django.core.paginator import Paginator

    from . import archiving
    from .models import RetentionPeriod, retention_label

    _archive_reader(request.user)
    qs, f, errors = archiving.filter_archive(archiving.archived_cases(request.user), request.GET)
    if request.GET.get("format") == "xlsx" and not errors:
        from django.http import HttpResponse

        response = HttpResponse(archiving.export_xlsx(qs), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        response["Content-Disposition"] = f'attachment; filename="archive-{clock_date()}.xlsx"'
        return response
    page = Paginator(qs.prefetch_related("complaint__complainants").order_by("-archived_at", "-id"), 30).get_page(
        request.GET.get("page"))
    from ecopetition.cases.privacy import masked_title

    rows = [(a, masked_title(a.complaint)) for a in page]
    periods = sorted({r.years for r in RetentionPeriod.objects.all()} | {None}, key=lambda y: (y is None, y or 0))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    return render(request, "documents/archive_list.html", {
        "rows": rows, "page": page, "f": f, "errors": errors, "querystring": params.urlencode(),
        "periods": [("Y" if y is None else str(y), retention_label(y)) for y in periods],
        "years": sorted(set(archiving.archived_cases(request.user).values_list("year", flat=True)), reverse=True),
    }, status=400 if errors else 200)


def clock_date() -> str:
    from ecopetition.core import clock

    return f"{clock.localdate():%Y%m%d}"
