"""Staff console views: thin — parse, check, call one action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ecopetition.core import registry
from ecopetition.core.exceptions import DomainError, TransitionNotAllowed
from ecopetition.core.registry import panels_for
from ecopetition.org import queries as org
from ecopetition.org.models import Role

from . import actions, audit, dispatch, forms, privacy, queries, transitions
from .attachments import open_served
from .models import Channel, Complaint, Event, State


def _case_or_404(user, number: str) -> Complaint:
    """Unknown numbers and other units' cases answer the same 404 (no existence leak)."""
    case = dispatch.visible_case(user, number)
    if case is None:
        raise Http404(_("No such case."))
    return case


@login_required
def queue(request):
    groups = []
    for action, qs in queries.work_queue(request.user).items():
        rows = list(qs.prefetch_related("complainants")[:50])  # each row shows its masked title
        groups.append({"action": transitions.BY_ACTION[action], "cases": rows, "count": qs.count()})
    for extra in sorted(registry.QUEUES.values(), key=lambda q: q.order):  # other apps' work, e.g. the survey
        qs = extra.cases(request.user)
        if qs is not None:
            groups.append({"action": extra, "cases": list(qs.prefetch_related("complainants")[:50]),
                           "count": qs.count()})
    return render(request, "cases/queue.html", {"groups": groups, "has_roles": bool(org.roles_of(request.user)),
                                                "waiting": any(g["count"] for g in groups)})


@login_required
def case_list(request):
    qs, filters = queries.filter_cases(Complaint.objects.visible_to(request.user), request.GET, request.user)
    qs = qs.select_related("unit", "lead_unit").prefetch_related("categories", "complainants")
    page = queries.paginate(qs, request.GET.get("page"), searched=bool(filters.q))
    params = request.GET.copy()
    params.pop("page", None)
    from .models import Category

    # Other apps' list filters (the cases behind a figure) stay on when the form is sent again.
    kept = [(p, request.GET[p]) for extra in registry.LIST_FILTERS.values() for p in extra.params if request.GET.get(p)]
    return render(request, "cases/list.html", {
        "page": page, "filters": filters, "querystring": params.urlencode(), "kept": kept,
        "states": State.choices, "channels": Channel.choices,
        "categories": Category.objects.filter(active=True), "flags": queries.FLAG_LABELS.items(),
    })


@login_required
def unit_options(request):
    """Type-ahead of the case list's unit filter: the units the user may see whose name holds ?q."""
    units = queries.units_for(request.user, request.GET.get("q", "")[:50])
    return JsonResponse({"units": [{"name": u.name, "code": u.code} for u in units]})


@login_required
def register(request):
    units = org.units_with_role(request.user, Role.CLERK)
    if not units:
        raise Http404(_("Only intake clerks register complaints."))
    letter, initial = _scanned_letter(request), {"unit": units[0].pk}
    if letter is not None:
        from ecopetition.intake import letters

        initial.update(letters.prefill(letter))
        if letter.unit_id in {u.pk for u in units}:
            initial["unit"] = letter.unit_id
    form = forms.RegisterForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        people = [
            actions.ComplainantInput(
                name=d[f"p{i}_name"], phone=d[f"p{i}_phone"], id_number=d[f"p{i}_id_number"],
                address=d[f"p{i}_address"],
            )
            for i in range(forms.MAX_PEOPLE)
        ]
        data = actions.NewComplaint(
            channel=d["channel"], content=d["content"], title=d["title"], received_at=d["received_at"],
            complainants=people, is_anonymous=d["is_anonymous"], head_count=d["head_count"] or 1,
            reported_party_name=d["reported_party_name"],
            reported_party_credit_code=d["reported_party_credit_code"], address=d["address"],
            division_code=d["division_code"], lat=d["lat"], lon=d["lon"], categories=d["categories"],
            sector=d["sector"], is_urgent=d["is_urgent"], is_emergency=d["is_emergency"], is_starred=d["is_starred"],
            is_escalated=d["is_escalated"], media_attention=d["media_attention"],
        )
        try:
            with transaction.atomic():  # the case and its letter's redacted copy, or neither
                case = actions.do_register(data, unit=d["unit"], actor=request.user)
                if letter is not None:
                    from ecopetition.intake import letters

                    known = [(k, getattr(p, k)) for p in people for k in ("name", "phone", "id_number", "address")]
                    letters.attach_to_case(letter, case, actor=request.user, known=known)
        except DomainError as exc:
            form.add_error(getattr(exc, "field", None) if getattr(exc, "field", None) in form.fields else None,
                           exc.message)
        else:
            messages.success(request, _("Registered as %(number)s.") % {"number": case.number})
            return redirect("cases:detail", number=case.number)
    ctx = {"form": form, "letter": letter}
    if letter is not None:
        from ecopetition.intake import letters

        ctx["quality"] = letters.quality(letter)
    return render(request, "cases/register.html", ctx)


def _scanned_letter(request):
    """The scanned letter the register form starts from (?letter=ID, kept in a hidden field on POST)."""
    raw = request.POST.get("letter") or request.GET.get("letter")
    if not raw:
        return None
    from ecopetition.intake.letter_views import letter_to_register

    return letter_to_register(request.user, raw)


# action -> the form that reads its inputs on the console (None: nothing to ask); `dispatch` performs it.
ACTION_FORMS = {
    "accept": forms.NoteForm, "reject": forms.RejectForm, "refer": forms.ReferForm, "merge": forms.MergeForm,
    "assign": forms.AssignForm, "return": forms.ReasonForm, "sign_for": None, "report": forms.ReportForm,
    "review": forms.ReviewForm, "rework": forms.ReviewForm, "reply": None, "callback": forms.CallbackForm,
    "stage_close": forms.StageCloseForm, "archive": forms.NoteForm,
    "close": forms.OptionalReasonForm, "reopen": forms.ReasonForm, "request_review": forms.ReasonForm,
    "uphold": forms.ReviewDecisionForm, "overturn": forms.ReviewDecisionForm, "request_extension": forms.ExtensionForm,
    "request_re_review": forms.ReasonForm, "re_review_uphold": forms.ReviewDecisionForm,
    "re_review_overturn": forms.ReviewDecisionForm,
    "approve_extension": forms.ExtensionDecisionForm, "grant_identity": forms.GrantForm, "attach": forms.AttachForm,
}
CONFIRM = {"reject", "refer", "merge", "close", "stage_close", "archive"}


def _action_form(action: str, case: Complaint, data=None, files=None):
    form_class = ACTION_FORMS[action]
    if form_class is None:
        return None
    kwargs = {"prefix": action}
    if form_class is forms.AssignForm:
        kwargs["case"] = case
    return form_class(data, files, **kwargs) if data is not None else form_class(**kwargs)


@login_required
def detail(request, number: str, failed: dict | None = None):
    case = _case_or_404(request.user, number)
    # The complainants read once for the page: the identity rule, the masks of every text shown and the
    # panels all go through case.complainants.all() (the page only reads; an action's POST re-reads the case).
    prefetch_related_objects([case], "complainants")
    identity = privacy.identity_for(request.user, case, privacy.Purpose.CALLBACK)
    people, unmasked, shown = identity.people, identity.unmasked, identity.text
    if identity.phone_shown:
        privacy.record_phone_view(request.user, case)
    allowed = transitions.allowed_actions(case, request.user)
    action_forms = []
    for t in allowed:
        form = (failed or {}).get(t.action) or _action_form(t.action, case)
        page = registry.ACTION_PAGES.get(t.action)  # done on its own page (the reply letter's draft)
        action_forms.append({"t": t, "form": form, "confirm": t.action in CONFIRM, "page": page(case) if page else "",
                             "multipart": t.action == "attach", "open": t.action in (failed or {})})
    events = [
        {"e": e, "label": audit.event_label(e.action), "changed": bool(e.from_state) and e.from_state != e.to_state,
         "from": audit.state_label(e.from_state), "to": audit.state_label(e.to_state), "note": shown(e.note)}
        for e in Event.objects.filter(complaint=case).order_by("seq")
    ]
    return render(request, "cases/detail.html", {
        "case": case, "title": identity.title(), "people": people, "unmasked": unmasked, "shown": identity.fields(),
        "phone_shown": identity.phone_shown, "place_name": org.division_name(case.division_code),
        "assignments": case.assignments.filter(active=True).select_related("unit").order_by("-is_lead", "id"),
        "categories": case.categories.all(), "events": events, "action_forms": action_forms,
        "attachments": [(a, identity.file_name(a)) for a in case.attachments.all()],
        "callbacks": [(cb, identity.person_name(cb.respondent_name), shown(cb.note)) for cb in case.callbacks.all()],
        "extensions": case.extensions.all(), "panels": panels_for(request, case),
        "related": privacy.linked_cases(request.user, case),
    }, status=400 if failed else 200)


@login_required
def act(request, number: str, action: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if action not in ACTION_FORMS:
        raise Http404(_("No such action."))
    case = _case_or_404(request.user, number)
    try:
        transitions.check(case, action, request.user)
    except TransitionNotAllowed as exc:
        if exc.code in ("not_your_role", "not_your_jurisdiction"):
            # No button offered this: a forged or outdated post. Refuse it plainly; the case page is
            # shown again only to people who may act and sent something to correct.
            return render(request, "error.html", {"message": exc.message}, status=403)
        if exc.code == "archived":  # read-only: nothing to correct in the form
            messages.error(request, exc.message)
            return redirect("cases:detail", number=number)
    if action in registry.ACTION_PAGES:  # one way to do it: on its own page (the reply letter's draft)
        return redirect(registry.ACTION_PAGES[action](case))
    form = _action_form(action, case, request.POST, request.FILES)
    if form is not None and not form.is_valid():
        messages.error(request, _("Please correct the marked fields."))
        return detail(request, number, failed={action: form})
    data = form.cleaned_data if form is not None else {}
    try:
        dispatch.run(case, action, request.user, data)
    except DomainError as exc:
        messages.error(request, exc.message)
        if form is not None:
            form.add_error(None, exc.message)
            return detail(request, number, failed={action: form})
        return redirect("cases:detail", number=number)
    messages.success(request, _("Done: %(action)s.") % {"action": transitions.BY_ACTION[action].label})
    return redirect("cases:detail", number=number)


@login_required
def attachment(request, number: str, pk: int):
    case = _case_or_404(request.user, number)
    att = case.attachments.filter(pk=pk).first()
    if att is None:
        raise Http404(_("No such file."))
    try:
        served = open_served(att)
    except FileNotFoundError:
        raise Http404(_("The file is missing from storage.")) from None
    inline = att.content_type.startswith("image/") or att.content_type == "application/pdf"
    response = FileResponse(served, content_type=att.content_type, as_attachment=not inline,
                            filename=privacy.identity_for(request.user, case).file_name(att))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response
