"""Forms of activities, experts and assignments: they validate and normalise, never persist."""

from decimal import Decimal
from typing import cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_FORMATS, DateInput, ServiceFieldsMixin, VersionField, strip_spaces

from .choices import Country
from .models import Activity, Expert, ExpertAssignment, Organisation, Programme, Theme

NEW_ORGANISATION = "new:"  # the value the searchable box gives a name typed by the user (see app.js)


class OrganisationsField(forms.ModelMultipleChoiceField):
    """Organisations chosen in the list, plus names typed for missing ones (``new:<name>``).

    The new ones come back unsaved (``Organisation(name=...)``); the form gives them their country
    and kind, and the activity's service records them.
    """

    def clean(self, value):
        values = list(value or [])
        typed = [v.removeprefix(NEW_ORGANISATION) for v in values if str(v).startswith(NEW_ORGANISATION)]
        chosen = [v for v in values if not str(v).startswith(NEW_ORGANISATION)]
        names = list(dict.fromkeys(strip_spaces(name)[:200] for name in typed if strip_spaces(name)))
        existing = list(super().clean(chosen)) if chosen or not names else []
        return existing + [Organisation(name=name, kind=Organisation.Kind.OTHER) for name in names]


class ActivityForm(ServiceFieldsMixin, forms.ModelForm):
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
            # data-create: the searchable box lets a coordinator type a missing organisation.
            "beneficiary_units": forms.SelectMultiple(attrs={"size": 6, "data-create": NEW_ORGANISATION}),
            "host_institutions": forms.SelectMultiple(attrs={"size": 6, "data-create": NEW_ORGANISATION}),
        }
        field_classes = {"beneficiary_units": OrganisationsField, "host_institutions": OrganisationsField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editing = self.instance.pk is not None
        for name in ("start_date", "end_date"):
            cast(forms.DateField, self.fields[name]).input_formats = DATE_FORMATS
        choices = cast(dict[str, forms.ModelChoiceField], self.fields)
        choices["theme"].queryset = Theme.objects.filter(active=True)
        # Only the programmes where the user may record activities.
        programmes = Programme.objects.for_user(user, "courses.add_activity")
        choices["programme"].queryset = programmes
        if not editing and len(programmes) == 1:
            self.fields["programme"].initial = programmes[0].pk
        choices["beneficiary_units"].queryset = Organisation.objects.filter(
            active=True, country=Country.SENEGAL
        )
        choices["host_institutions"].queryset = Organisation.objects.filter(active=True).exclude(
            country=Country.SENEGAL
        )
        self.fields["duration_days"].required = False
        self.fields["duration_days"].help_text = _("Left empty: the number of calendar days of the activity.")
        if editing:
            # Status changes go through "mark done" / "cancel", with a confirmation.
            del self.fields["status"]
            self.fields["version"] = VersionField(initial=self.instance.version)
        else:
            cast(forms.ChoiceField, self.fields["status"]).choices = [
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
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_date"), data.get("end_date")
        self._place_new_organisations(data)
        if data.get("duration_days") is None and start and end and end >= start:
            data["duration_days"] = Decimal((end - start).days + 1)
            self.instance.duration_days = data["duration_days"]
        return data

    def _place_new_organisations(self, data) -> None:
        """Typed beneficiary units are Senegalese; typed host institutions are of the activity's country."""
        for organisation in data.get("beneficiary_units") or []:
            if organisation._state.adding:
                organisation.country = Country.SENEGAL
        new_hosts = [o for o in data.get("host_institutions") or [] if o._state.adding]
        country = data.get("country")
        if new_hosts and (not country or country == Country.SENEGAL):
            self.add_error(
                "host_institutions",
                _("A new host institution is abroad: choose the country of the activity first."),
            )
        for organisation in new_hosts:
            organisation.country = country


class ExpertForm(ServiceFieldsMixin, forms.ModelForm):
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
            "programmes",
        ]
        widgets = {"programmes": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The rosters the user keeps; the expert's place on other programmes' rosters is left as it is.
        mine = Programme.objects.for_user(user, "courses.change_expert")
        field = cast(forms.ModelMultipleChoiceField, self.fields["programmes"])
        field.queryset = mine
        field.required = True
        self.elsewhere = list(self.instance.programmes.exclude(pk__in=mine)) if self.instance.pk else []
        self.only_programme = mine[0] if len(mine) == 1 else None
        if self.only_programme is not None:  # nothing to choose: the user's one programme
            field.required = False
            field.initial = [self.only_programme.pk]

        cast(forms.ModelChoiceField, self.fields["institution"]).queryset = Organisation.objects.filter(
            active=True
        )
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
            Field("programmes"),
            *(["version"] if self.instance.pk else []),
        )

    def clean_first_name(self):
        return strip_spaces(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return strip_spaces(self.cleaned_data["last_name"])

    def clean_programmes(self):
        chosen = list(self.cleaned_data["programmes"])
        if not chosen and self.only_programme is not None and not self.elsewhere:
            chosen = [self.only_programme]
        return chosen

    def service_fields(self) -> dict:
        fields = super().service_fields()
        fields["programmes"] = [*fields["programmes"], *self.elsewhere]
        return fields


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = ExpertAssignment
        fields = ["role", "days"]


class AssignmentAddForm(forms.Form):
    expert = forms.ModelChoiceField(queryset=Expert.objects.none(), widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role"), choices=ExpertAssignment.Role.choices)
    days = forms.DecimalField(label=_("Days"), required=False, min_value=0, max_digits=5, decimal_places=1)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # An expert of a roster the user can see.
        cast(forms.ModelChoiceField, self.fields["expert"]).queryset = Expert.objects.for_user(user).active()
