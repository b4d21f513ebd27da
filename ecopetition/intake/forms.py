"""Forms of the intake pages: the public portal, phone intake, imports and reception days."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ecopetition.cases.models import Category, Satisfaction, Sector

from .actions import megabytes, portal_photo_limits
from .models import ColumnMapping


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*", "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(d, initial) for d in items]


def category_choices():
    return [("", _("(choose if you know)"))] + [(c.code, c.name) for c in Category.objects.filter(active=True)]


def sector_choices():
    return [("", "—")] + [(s.code, s.name) for s in Sector.objects.filter(active=True)]


class PortalComplaintForm(forms.Form):
    content = forms.CharField(
        label=_("What is the problem?"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": _("What happens, where, since when, who causes it")}),
    )
    category = forms.ChoiceField(label=_("Kind of pollution"), required=False)
    address = forms.CharField(label=_("Address or place"), max_length=300, required=False)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    reported_party = forms.CharField(label=_("Company or place complained about"), max_length=200, required=False)
    photos = MultipleFileField(label=_("Photos"), required=False)
    anonymous = forms.BooleanField(label=_("Stay anonymous"), required=False)
    name = forms.CharField(label=_("Your name"), max_length=50, required=False)
    phone = forms.CharField(label=_("Your phone"), max_length=30, required=False)
    # Honeypot: hidden from people by CSS; scripts that fill every field give themselves away.
    website = forms.CharField(label=_("Leave this empty"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # the labels are headings ("反映什么问题？"): no colon after them
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        count, each = portal_photo_limits()
        limits = {"n": count, "mb": megabytes(each)}
        photos = self.fields["photos"]
        photos.help_text = _("Pictures only (JPEG, PNG, HEIC): at most %(n)d, each up to %(mb)s MB.") % limits
        # checked in the browser before sending (portal.js): a submission too large is refused unread,
        # and what the person wrote would be lost with it
        photos.widget.attrs.update({
            "data-max-files": count, "data-max-bytes": each,
            "data-too-many": _("Choose at most %(n)d photos.") % limits,
            "data-too-large": _("A photo is larger than %(mb)s MB: choose a smaller one.") % limits,
        })

    def clean(self):
        data = super().clean()
        if not data.get("address") and data.get("lat") is None:
            raise forms.ValidationError(_("Give an address, or use your location."))
        if (data.get("lat") is None) != (data.get("lon") is None):
            raise forms.ValidationError(_("The location is incomplete; please try again."))
        if not data.get("anonymous") and not (data.get("name") or data.get("phone")):
            self.add_error("phone", _("Give your name or phone, or choose to stay anonymous."))
        return data


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Tracking number"), max_length=40)
    code = forms.CharField(label=_("Query code"), max_length=20, widget=forms.PasswordInput(render_value=True))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # a label over its box needs no colon (and never an ASCII one in Chinese)
        super().__init__(*args, **kwargs)


class RateForm(TrackForm):
    result = forms.ChoiceField(label=_("Are you satisfied with the handling?"), choices=Satisfaction.choices,
                               widget=forms.RadioSelect)
    note = forms.CharField(label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PhoneIntakeForm(forms.Form):
    phone = forms.CharField(label=_("Caller's phone"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"autofocus": True, "inputmode": "tel", "autocomplete": "off"}))
    name = forms.CharField(label=_("Caller's name"), max_length=50, required=False)
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False)
    content = forms.CharField(label=_("Content"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    reported_party = forms.CharField(label=_("Reported party"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Pollution category"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    urgent = forms.BooleanField(label=_("Urgent"), required=False)
    unit = forms.ChoiceField(label=_("Register in"))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        self.fields["sector"].choices = sector_choices()
        self.fields["unit"].choices = [(u.code, u.name) for u in units]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Handover file (.xlsx or .csv)"))
    unit = forms.ChoiceField(label=_("Register in"))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.code, u.name) for u in units]


class MappingChoiceForm(forms.Form):
    mapping = forms.ModelChoiceField(label=_("Saved mapping"), queryset=ColumnMapping.objects.none(), required=False,
                                     help_text=_("The mappings saved in the unit this file is imported into."))

    def __init__(self, *args, mappings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mapping"].queryset = mappings


class ReceptionForm(forms.Form):
    leader_name = forms.CharField(label=_("Leader's name and title"), max_length=100)
    place = forms.CharField(label=_("Place"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Until"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    unit = forms.ChoiceField(label=_("Unit"))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.code, u.name) for u in units]


class VisitForm(forms.Form):
    name = forms.CharField(label=_("Visitor's name"), max_length=50, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=18, required=False)
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False)
    head_count = forms.IntegerField(label=_("Head count"), min_value=1, max_value=10000, initial=1)
    content = forms.CharField(label=_("Content"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    category = forms.ChoiceField(label=_("Pollution category"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
