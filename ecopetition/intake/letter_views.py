"""Scanned letters at /staff/intake/letters/: upload, progress while the worker reads, the original.

The original and what OCR read hold the complainant's identity: only its uploader and the intake
clerks over its unit see them (after registration: whoever may see the case's identity).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ecopetition.core import clock
from ecopetition.core.exceptions import DomainError
from ecopetition.org import queries as org
from ecopetition.org.models import Role, Unit

from . import letters
from .models import ScannedLetter

STALLED_AFTER = dt.timedelta(seconds=60)


class LetterForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Registering unit"), queryset=Unit.objects.none(),
                                  empty_label=None)
    file = forms.FileField(
        label=gettext_lazy("Scanned letter"),
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg,.pdf,image/png,image/jpeg,application/pdf"}),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted per request, in the reader's language (a lazy string formatted at import would not be).
        self.fields["file"].help_text = gettext_lazy("A picture (PNG or JPEG) or a PDF of at most %(pages)d pages.") % {
            "pages": letters.MAX_PAGES}
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])


def _clerk_units(user) -> list[Unit]:
    return org.units_with_role(user, Role.CLERK)


def letter_for(user, pk: int) -> ScannedLetter:
    """The letter if `user` may handle it; otherwise the same 404 as for a letter that does not exist."""
    letter = ScannedLetter.objects.select_related("unit").filter(pk=pk).first()
    if letter is None or not letters.may_handle(user, letter):
        raise Http404(_("No such letter."))
    return letter


def letter_to_register(user, raw: str) -> ScannedLetter:
    """The read, not yet registered letter the register form starts from; 404 otherwise."""
    try:
        letter = letter_for(user, int(raw))
    except ValueError as exc:
        raise Http404(_("No such letter.")) from exc
    if letter.complaint_id is not None:
        raise Http404(_("This letter was registered already."))
    if letter.status != ScannedLetter.Status.DONE:
        raise Http404(_("This letter has not been read."))
    return letter


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    units = _clerk_units(request.user)
    if not units:
        raise PermissionDenied
    form = LetterForm(request.POST or None, request.FILES or None, units=units, initial={"unit": units[0].pk})
    if request.method == "POST" and form.is_valid():
        try:
            letter = letters.accept_upload(form.cleaned_data["file"], unit=form.cleaned_data["unit"],
                                           actor=request.user)
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("intake:letter", letter.pk)
    waiting = ScannedLetter.objects.filter(uploaded_by=request.user, complaint__isnull=True)[:10]
    return render(request, "intake/letter_upload.html",
                  {"form": form, "max_pages": letters.MAX_PAGES, "waiting": waiting,
                   "keep_days": letters.KEEP_UNREGISTERED_DAYS},
                  status=400 if form.errors else 200)


def _progress_context(letter: ScannedLetter) -> dict:
    stalled = (letter.status == ScannedLetter.Status.QUEUED and clock.now() - letter.uploaded_at > STALLED_AFTER)
    percent = round(100 * letter.pages_done / letter.pages_total) if letter.pages_total else 0
    return {"letter": letter, "stalled": stalled, "percent": percent,
            "working": letter.status in (ScannedLetter.Status.QUEUED, ScannedLetter.Status.READING),
            "register_url": reverse("cases:register") + f"?letter={letter.pk}"}


@login_required
@never_cache
def status(request, pk: int):
    letter = letter_for(request.user, pk)
    if letter.complaint_id:
        return redirect("cases:detail", number=letter.complaint.number)
    ctx = _progress_context(letter)
    if letter.status == ScannedLetter.Status.DONE:
        return redirect(ctx["register_url"])
    return render(request, "intake/letter_status.html", ctx)


@login_required
@never_cache
def progress(request, pk: int):
    """The progress card alone, polled by the status page; when the letter is read, off to the register form."""
    letter = letter_for(request.user, pk)
    ctx = _progress_context(letter)
    if letter.status == ScannedLetter.Status.DONE and not letter.complaint_id:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = ctx["register_url"]
        return response
    return render(request, "intake/_letter_progress.html", ctx)


@login_required
def original(request, pk: int):
    letter = letter_for(request.user, pk)
    path = letters.letter_path(letter)
    if not path.exists():
        raise Http404(_("The file is missing from storage."))
    content_type = {"png": "image/png", "jpeg": "image/jpeg", "pdf": "application/pdf"}[letter.kind]
    response = FileResponse(open(path, "rb"), content_type=content_type, filename=letter.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def case_panel(request, case):
    """On the case page, for those who may see the identity only: the original letter and how well it read."""
    try:
        letter = case.scanned_letter
    except ScannedLetter.DoesNotExist:
        return None
    if not letters.may_handle(request.user, letter):
        return None
    return {"letter": letter, "quality": letters.quality(letter)}
