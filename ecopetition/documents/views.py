"""Generate, send and download documents; edit templates. Thin: parse, check, call one action."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ecopetition.cases import privacy
from ecopetition.cases.models import Complaint, ReplyMethod
from ecopetition.cases.privacy import can_see_identity
from ecopetition.core.exceptions import DomainError, PermissionDenied, ValidationError
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
        if p.get("kind") in actions.ISSUED_BY_SENDING:
            raise ValidationError(actions.REPLY_ON_ITS_PAGE, field="kind")
        doc = actions.do_generate_document(
            case, actor=request.user, kind=p.get("kind", ""),
            extra={k: p.get(k, "") for k in ("deadline", "note", "handler_phone")},
        )
        messages.success(request, _("%(title)s %(number)s generated.") % {"title": doc.title, "number": doc.number})
    except DomainError as exc:
        messages.error(request, exc.message)
    field_page = reverse("fieldwork:case", args=[number])
    return redirect(field_page if p.get("next") == field_page else _back(number))


class ReplyForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Reply letter"), max_length=actions.MAX_LETTER,
                           widget=forms.Textarea(attrs={"rows": 22}),
                           help_text=gettext_lazy("One paragraph a line; “一、” starts a heading. Text in 【】 is a note "
                                                  "to you: replace it."))
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    method = forms.ChoiceField(label=gettext_lazy("Send by"), choices=ReplyMethod.choices, required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail (when by e-mail)"), max_length=200, required=False)
    reason = forms.CharField(label=gettext_lazy("Reason for sending despite the reply check"), required=False,
                             max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=gettext_lazy("Recorded in the case's history with what the check found."))


def _same(a: str, b: str) -> bool:
    return (a or "").replace("\r\n", "\n").strip() == (b or "").replace("\r\n", "\n").strip()


@login_required
def reply(request, number: str):
    """The reply letter: open its draft, edit and save it, preview it as a PDF, see the reply check, send it."""
    case = _case(request, number)
    try:
        actions.check_may_reply(request.user, case)
        draft = actions.open_draft(case) or actions.do_save_reply_draft(case, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_back(number))
    form = ReplyForm(request.POST or None, initial={"text": actions.draft_for(request.user, draft),
                                                    "revision": draft.revision})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        op = request.POST.get("op", "save")
        try:
            if op == "send" and _same(d["text"], actions.draft_for(request.user, draft)) \
                    and d["revision"] == draft.revision:
                if not d["method"]:
                    raise ValidationError(_("Choose how the reply is sent."), field="method")
                doc = actions.do_send_reply(case, actor=request.user, method=d["method"], email=d["email"],
                                            revision=d["revision"], reason=d["reason"])
                messages.success(request, _("Reply letter %(number)s sent and recorded.") % {"number": doc.number})
                return redirect(_back(number))
            actions.do_save_reply_draft(case, actor=request.user, text=d["text"], revision=d["revision"])
            if op == "send":
                messages.warning(request, _("The letter changed since it was checked: it is saved; look at the "
                                            "reply check and the preview again, then send."))
            else:
                messages.success(request, _("Draft saved."))
            return redirect("documents:reply", number=number)
        except DomainError as exc:
            field = getattr(exc, "field", None)
            form.add_error(field if field in form.fields else None, exc.message)
            draft = actions.open_draft(case) or draft
    identity = privacy.identity_for(request.user, case)
    shown = identity.text
    gaps = actions.check_reply(case, draft.text, unmasked=draft.has_identity)
    return render(request, "documents/reply.html", {
        "case": case, "draft": draft, "form": form, "title": shown(case.title),
        "gaps": [shown(g.message) for g in gaps], "report": shown(case.result_summary),
        "measures": [(m.on, shown(m.phrase)) for m in actions.dated_measures(case)],
        "categories": case.categories.all(), "place": shown(case.address), "party": identity.party(),
        "preview_url": reverse("documents:reply_preview", args=[number]),
    }, status=400 if form.errors else 200)


@login_required
def reply_preview(request, number: str):
    """The saved draft rendered as the letter will print, marked as a draft."""
    case = _case(request, number)
    draft = actions.open_draft(case)
    if draft is None or not actions.may_reply(request.user, case):
        raise Http404
    pdf = actions.preview_reply_pdf(case, actor=request.user, draft=draft)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{case.number}-reply-draft.pdf"'
    return response


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
