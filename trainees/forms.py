"""Forms of trainees, participants and headcounts: they validate and normalise, never persist."""

from typing import cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ServiceFieldsMixin, VersionField, strip_spaces

from .choices import Service, Sex
from .models import Participation, Trainee, normalise_service_number

TRAINEE_FIELDS = [
    "last_name",
    "first_name",
    "sex",
    "service",
    "rank",
    "unit",
    "region",
    "service_number",
    "email",
    "phone",
]


class TraineeForm(ServiceFieldsMixin, forms.ModelForm):
    class Meta:
        model = Trainee
        fields = TRAINEE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"] = VersionField(initial=self.instance.version)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("last_name", css_class="col-md-6"), Column("first_name", css_class="col-md-6")),
            Row(
                Column("sex", css_class="col-md-3"),
                Column("service", css_class="col-md-3"),
                Column("rank", css_class="col-md-6"),
            ),
            Row(
                Column("unit", css_class="col-md-6"),
                Column("region", css_class="col-md-3"),
                Column("service_number", css_class="col-md-3"),
            ),
            Row(Column("email", css_class="col-md-6"), Column("phone", css_class="col-md-6")),
            *(["version"] if self.instance.pk else []),
        )

    def clean_first_name(self):
        return strip_spaces(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return strip_spaces(self.cleaned_data["last_name"])

    def clean_rank(self):
        return strip_spaces(self.cleaned_data["rank"])

    def clean_unit(self):
        return strip_spaces(self.cleaned_data["unit"])

    def clean_service_number(self):
        return normalise_service_number(self.cleaned_data["service_number"])

    def service_fields(self) -> dict:
        """The trainee's own fields (a subclass may add participation fields the service takes apart)."""
        return {name: self.cleaned_data[name] for name in TRAINEE_FIELDS}


class NewParticipantForm(TraineeForm):
    """Register a person not yet known, straight into an activity."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=Participation.Outcome.choices)
    confirm_new = forms.BooleanField(
        label=_("I have checked: this is a different person from the ones listed above."), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout.append(Row(Column("outcome", css_class="col-md-6")))


class ParticipantRowForm(forms.Form):
    """One row of the participants screen."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=Participation.Outcome.choices)
    remove = forms.BooleanField(label=_("Remove"), required=False)


class AddParticipantForm(forms.Form):
    trainee = forms.ModelChoiceField(queryset=Trainee.objects.none(), widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Participation.Outcome.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A person on record in a programme the user works on.
        cast(forms.ModelChoiceField, self.fields["trainee"]).queryset = Trainee.objects.for_user(user)


def headcounts_token(counts: dict[tuple[str, str], int]) -> str:
    """The headcounts a user saw, as one hidden value: "police-F=3;police-M=12" (zeros left out)."""
    return ";".join(f"{service}-{sex}={count}" for (service, sex), count in sorted(counts.items()) if count)


def parse_headcounts_token(value: str) -> dict[tuple[str, str], int] | None:
    counts: dict[tuple[str, str], int] = {}
    for part in filter(None, (value or "").split(";")):
        group, _sep, number = part.partition("=")
        service, _dash, sex = group.rpartition("-")
        if (
            not (number.isascii() and number.isdigit())
            or service not in Service.values
            or sex not in Sex.values
        ):
            return None
        counts[(service, sex)] = int(number)
    return counts


class HeadcountForm(forms.Form):
    """Anonymous attendance: one number per service and sex, and the numbers the user started from."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)

    def __init__(self, *args, activity=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {(h.service, h.sex): h.count for h in activity.headcounts.all()} if activity else {}
        self.fields["seen"].initial = headcounts_token(existing)
        for service in Service:
            for sex in Sex:
                self.fields[self.field_name(service, sex)] = forms.IntegerField(
                    label=f"{service.label} — {sex.label}",
                    min_value=0,
                    max_value=100_000,
                    required=False,
                    initial=existing.get((service.value, sex.value), 0),
                )

    @staticmethod
    def field_name(service: str, sex: str) -> str:
        return f"count_{service}_{sex}"

    def clean_seen(self) -> dict[tuple[str, str], int]:
        seen = parse_headcounts_token(self.cleaned_data.get("seen", ""))
        if seen is None:
            raise forms.ValidationError(_("The page was altered: reload it."))
        return seen

    def counts(self) -> dict[tuple[str, str], int]:
        return {
            (service.value, sex.value): self.cleaned_data.get(self.field_name(service, sex)) or 0
            for service in Service
            for sex in Sex
        }

    def rows(self):
        """(service label, [bound field per sex]) for a table."""
        return [(service.label, [self[self.field_name(service, sex)] for sex in Sex]) for service in Service]


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        label=_("Record to keep"), queryset=Trainee.objects.none(), widget=forms.HiddenInput
    )
    remove = forms.ModelChoiceField(
        label=_("Record to merge into it"), queryset=Trainee.objects.none(), widget=forms.HiddenInput
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        mergeable = Trainee.objects.for_user(user, "trainees.merge_trainee")
        for name in ("keep", "remove"):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = mergeable

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("keep") and data.get("keep") == data.get("remove"):
            raise forms.ValidationError(_("Choose two different trainees to merge."))
        return data
