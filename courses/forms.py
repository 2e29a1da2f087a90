"""Forms of activities, experts and assignments: they validate and normalise, never persist."""

import unicodedata
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Country
from .models import Activity, Expert, ExpertAssignment, Organisation, Programme, Theme

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VersionField(forms.IntegerField):
    """The version the user started from; the service refuses the save if it moved on."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=1, required=True, **kwargs)


def bootstrap_widgets(form) -> None:
    """Bootstrap classes on a form's widgets, for forms rendered as plain markup (lists' filter bars,
    the dashboard): crispy's templates cost more than the rest of such a page."""
    for field in form.fields.values():
        widget = field.widget
        css = (
            "form-select" if getattr(widget, "allow_multiple_selected", None) is not None else "form-control"
        )
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    if form.is_bound:
        for name in form.errors:
            if name in form.fields:
                form.fields[name].widget.attrs["class"] += " is-invalid"


def strip_spaces(value: str) -> str:
    return " ".join((value or "").split())


def clean_search_text(value: str | None, max_length: int = 100) -> str:
    """A search box's text, safe for any database: no control characters, bounded length."""
    text = "".join(c for c in (value or "") if unicodedata.category(c) != "Cc")
    return strip_spaces(text)[:max_length]


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "programme",
            "kind",
            "status",
            "title",
            "theme",
            "start_date",
            "end_date",
            "city",
            "region",
            "country",
            "beneficiary_units",
            "host_institutions",
            "duration_days",
            "duration_hours",
            "description",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "beneficiary_units": forms.SelectMultiple(attrs={"size": 6}),
            "host_institutions": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        editing = self.instance.pk is not None
        for name in ("start_date", "end_date"):
            self.fields[name].input_formats = DATE_FORMATS
        self.fields["theme"].queryset = Theme.objects.filter(active=True)
        self.fields["programme"].queryset = Programme.objects.all()
        if not editing and Programme.objects.count() == 1:
            self.fields["programme"].initial = Programme.objects.get().pk
        self.fields["beneficiary_units"].queryset = Organisation.objects.filter(
            active=True, country=Country.SENEGAL
        )
        self.fields["host_institutions"].queryset = Organisation.objects.filter(active=True).exclude(
            country=Country.SENEGAL
        )
        self.fields["duration_days"].required = False
        self.fields["duration_days"].help_text = _("Left empty: the number of calendar days of the activity.")
        if editing:
            # Status changes go through "mark done" / "cancel", with a confirmation.
            del self.fields["status"]
            self.fields["version"] = VersionField(initial=self.instance.version)
        else:
            self.fields["status"].choices = [
                (Activity.Status.PLANNED, Activity.Status.PLANNED.label),
                (Activity.Status.DONE, Activity.Status.DONE.label),
            ]
            self.fields["status"].help_text = _("Record a past activity directly as done.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("programme", css_class="col-md-6"),
                Column("kind", css_class="col-md-3"),
                Column("status", css_class="col-md-3") if not editing else Column(css_class="col-md-3"),
            ),
            Field("title"),
            Row(
                Column("theme", css_class="col-md-6"),
                Column("start_date", css_class="col-md-3"),
                Column("end_date", css_class="col-md-3"),
            ),
            Row(
                Column("city", css_class="col-md-4"),
                Column("region", css_class="col-md-4"),
                Column("country", css_class="col-md-4"),
            ),
            Row(
                Column("beneficiary_units", css_class="col-md-6"),
                Column("host_institutions", css_class="col-md-6"),
            ),
            Row(
                Column("duration_days", css_class="col-md-6"), Column("duration_hours", css_class="col-md-6")
            ),
            Field("description"),
            *(["version"] if editing else []),
        )

    def clean_title(self):
        return strip_spaces(self.cleaned_data["title"])

    def clean_city(self):
        return strip_spaces(self.cleaned_data["city"])

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if data.get("duration_days") is None and start and end and end >= start:
            data["duration_days"] = Decimal((end - start).days + 1)
            self.instance.duration_days = data["duration_days"]
        return data

    def service_fields(self) -> dict:
        """The cleaned values the service takes (without the form-only version)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class VersionForm(forms.Form):
    """Confirmation of a status change, carrying the version the user saw."""

    version = VersionField()


class ExpertForm(forms.ModelForm):
    class Meta:
        model = Expert
        fields = [
            "first_name",
            "last_name",
            "category",
            "nationality",
            "institution",
            "specialities",
            "email",
            "phone",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Organisation.objects.filter(active=True)
        if self.instance.pk:
            self.fields["version"] = VersionField(initial=self.instance.version)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("first_name", css_class="col-md-6"), Column("last_name", css_class="col-md-6")),
            Row(
                Column("category", css_class="col-md-4"),
                Column("nationality", css_class="col-md-4"),
                Column("institution", css_class="col-md-4"),
            ),
            Field("specialities"),
            Row(Column("email", css_class="col-md-6"), Column("phone", css_class="col-md-6")),
            *(["version"] if self.instance.pk else []),
        )

    def clean_first_name(self):
        return strip_spaces(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return strip_spaces(self.cleaned_data["last_name"])

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = ExpertAssignment
        fields = ["role", "days"]


class AssignmentAddForm(forms.Form):
    expert = forms.ModelChoiceField(queryset=Expert.objects.active(), widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role"), choices=ExpertAssignment.Role.choices)
    days = forms.DecimalField(label=_("Days"), required=False, min_value=0, max_digits=5, decimal_places=1)
