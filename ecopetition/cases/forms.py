"""Forms of the staff console: the register form and one small form per action.

Forms only parse and present; the rules live in the actions, which raise
DomainErrors that the views show next to the form.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecopetition.cases import scope as jurisdiction
from ecopetition.org.models import Unit
from ecopetition.org.queries import division_name

from .models import Callback, Category, Channel, Finding, Satisfaction, Sector

MAX_PEOPLE = 5


class RegisterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Registering unit"), queryset=Unit.objects.none(), empty_label=None)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    received_at = forms.DateTimeField(
        label=_("Received at"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty when it came in just now."),
    )
    head_count = forms.IntegerField(label=_("Head count"), min_value=1, max_value=10000, initial=1, required=False)
    title = forms.CharField(label=_("Summary"), max_length=200, required=False,
                            help_text=_("One line; taken from the content when empty."))
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 6}), max_length=50000)
    address = forms.CharField(label=_("Place of the problem"), max_length=300, required=False)
    division_code = forms.CharField(label=_("Division code"), max_length=12, required=False)
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    reported_party_name = forms.CharField(label=_("Reported party"), max_length=200, required=False)
    reported_party_credit_code = forms.CharField(label=_("Unified social credit code"), max_length=18, required=False)
    categories = forms.MultipleChoiceField(label=_("Pollution categories"), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    is_anonymous = forms.BooleanField(label=_("Anonymous"), required=False)
    is_urgent = forms.BooleanField(label=_("Urgent"), required=False)
    is_emergency = forms.BooleanField(
        label=_("Possible environmental emergency"), required=False,
        help_text=_("Chemical leak, dead fish, fire with smoke, polluted drinking water: alerts the on-duty leader at once."),
    )
    is_starred = forms.BooleanField(label=_("Starred (key case)"), required=False)
    is_escalated = forms.BooleanField(label=_("Escalated"), required=False)
    media_attention = forms.BooleanField(label=_("Media attention"), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        self.fields["categories"].choices = [(c.code, c.name) for c in Category.objects.filter(active=True)]
        self.fields["sector"].choices = [("", "—")] + [(s.code, s.name) for s in Sector.objects.filter(active=True)]
        for i in range(MAX_PEOPLE):
            self.fields[f"p{i}_name"] = forms.CharField(label=_("Name"), max_length=50, required=False)
            self.fields[f"p{i}_phone"] = forms.CharField(label=_("Phone"), max_length=30, required=False)
            self.fields[f"p{i}_id_number"] = forms.CharField(label=_("ID number"), max_length=18, required=False)
            self.fields[f"p{i}_address"] = forms.CharField(label=_("Address"), max_length=300, required=False)
            # The column headings label these inputs for the eye; a screen reader gets the label itself.
            for part in ("name", "phone", "id_number", "address"):
                field = self.fields[f"p{i}_{part}"]
                field.widget.attrs["aria-label"] = f"{field.label} {i + 1}"

    def clean(self):
        data = super().clean()
        received = data.get("received_at")
        if received and timezone.is_naive(received):
            data["received_at"] = timezone.make_aware(received)
        if (data.get("lat") is None) != (data.get("lon") is None):
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        return data

    def people_rows(self):
        return [
            [self[f"p{i}_name"], self[f"p{i}_phone"], self[f"p{i}_id_number"], self[f"p{i}_address"]]
            for i in range(MAX_PEOPLE)
        ]


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Remarks"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=5000)


class StageCloseForm(forms.Form):
    reason = forms.CharField(
        label=_("What has been done, and how the open rectification will be followed up"),
        widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Why it is not accepted"), widget=forms.Textarea(attrs={"rows": 3}))
    legal_route = forms.CharField(
        label=_("Legal route for the complainant"), max_length=200,
        help_text=_("E.g. labour arbitration, people's mediation committee, court, 12315 consumer hotline."),
    )


class ReferForm(forms.Form):
    to_authority = forms.CharField(label=_("Authority referred to"), max_length=200)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Number of the earlier case"), max_length=40)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.none())
    assisting_units = forms.ModelMultipleChoiceField(
        label=_("Assisting units"), queryset=Unit.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("Optional. Hold Ctrl (⌘ on a Mac) to choose more than one; none leaves the lead unit alone."),
    )
    instructions = forms.CharField(label=_("Instructions"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            units = jurisdiction.subtree(case.unit, active=True).exclude(pk=case.unit_id)
            self.fields["lead_unit"].queryset = units
            self.fields["assisting_units"].queryset = units
            if not self.is_bound:
                self._preselect(case, units)

    def _preselect(self, case, units) -> None:
        """The lead unit triage suggested at registration (by the case's place), with its reason."""
        from django.apps import apps

        if not apps.is_installed("ecopetition.triage"):
            return
        from ecopetition.triage.models import CaseTriage

        found = CaseTriage.objects.filter(complaint=case, unit__in=units).select_related("unit").first()
        if found is None:
            return
        self.initial.setdefault("lead_unit", found.unit_id)
        reason = found.rule_label or found.unit.name
        suggestion = found.suggestion or {}
        place = suggestion.get("division_name") or division_name(suggestion.get("division_code", ""))
        self.fields["lead_unit"].help_text = _("Suggested by triage: %(reason)s%(place)s") % {
            "reason": reason, "place": f" · {place}" if place and place not in reason else ""}


class ReportForm(forms.Form):
    finding = forms.ChoiceField(label=_("Finding"), choices=Finding.choices, widget=forms.RadioSelect)
    result = forms.CharField(label=_("What was found and done"), widget=forms.Textarea(attrs={"rows": 4}))


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CallbackForm(forms.Form):
    respondent = forms.ChoiceField(label=_("Who answered"), choices=Callback.Respondent.choices)
    respondent_name = forms.CharField(label=_("Resident's name"), required=False, max_length=50,
                                      help_text=_("Only when a resident other than the complainant answered."))
    result = forms.ChoiceField(label=_("Satisfaction"), choices=Satisfaction.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=_("Decision"), choices=[("1", _("Approve")), ("0", _("Refuse"))], coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReviewDecisionForm(forms.Form):
    opinion = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 3}))


class GrantForm(forms.Form):
    username = forms.CharField(label=_("User name of the person to grant"), max_length=150)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def clean_username(self):
        user = get_user_model().objects.filter(username=self.cleaned_data["username"], is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active user has this name."))
        return user


class AttachForm(forms.Form):
    file = forms.FileField(label=_("File"))
