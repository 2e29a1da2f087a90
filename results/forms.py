"""Forms of the results framework (data entry: crispy)."""

import contextlib
import re
import typing
from decimal import Decimal, InvalidOperation
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from courses.choices import Country
from courses.models import Activity, Organisation, Theme
from trainees.choices import Service, Sex

from .compute import ON_PARTICIPATIONS, SEXED
from .models import DonorIndicator, ExpectedResult, Indicator, ManualValue


class _Crispy:
    def _helper(self) -> None:
        self.helper = FormHelper()
        self.helper.form_tag = False


class ExpectedResultForm(_Crispy, forms.ModelForm):
    class Meta:
        model = ExpectedResult
        fields = ["code", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


YEAR_LINE = re.compile(r"^\s*(\d{4})\s*[:=]\s*([\d\s.,]+)\s*$")


class IndicatorForm(_Crispy, forms.ModelForm):
    catalogue = forms.ModelChoiceField(
        DonorIndicator.objects.all(),
        required=False,
        label=_("From the donor's catalogue"),
        help_text=_("Its code and titles fill the empty fields; then set the rule and the targets."),
    )
    activity_kinds = forms.MultipleChoiceField(
        choices=Activity.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("kinds of activity"),
    )
    services = forms.MultipleChoiceField(
        choices=Service.choices, required=False, widget=forms.CheckboxSelectMultiple, label=_("services")
    )
    sex = forms.ChoiceField(choices=[("", _("Women and men")), *Sex.choices], required=False, label=_("sex"))
    countries = forms.MultipleChoiceField(
        choices=[c for c in Country.choices if c[0] != Country.SENEGAL],
        required=False,
        label=_("destination countries"),
    )
    year_targets = forms.CharField(
        required=False,
        label=_("Targets per year"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One year a line, e.g. “2025: 120”."),
    )

    class Meta:
        model = Indicator
        fields = [
            "catalogue",
            "code",
            "title_fr",
            "title_en",
            "title_es",
            "unit",
            "baseline",
            "target",
            "target_women",
            "target_men",
            "cumulative",
            "kind",
            "measure",
            "activity_kinds",
            "themes",
            "outcome",
            "services",
            "sex",
            "beneficiary_units",
            "countries",
        ]
        widgets = {"themes": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        self.fields["code"].required = False
        self.fields["title_fr"].required = False
        choices = typing.cast(dict[str, forms.ModelChoiceField], self.fields)
        choices["catalogue"].queryset = DonorIndicator.objects.filter(current=True)
        choices["themes"].queryset = Theme.objects.filter(active=True).order_by("name")
        choices["beneficiary_units"].queryset = Organisation.objects.filter(country=Country.SENEGAL).order_by(
            "name"
        )
        if self.instance.pk:
            self.fields.pop("catalogue")
            self.initial["year_targets"] = "\n".join(
                f"{t.year}: {t.value.normalize():f}" for t in self.instance.year_targets.all()
            )

    def clean_year_targets(self) -> dict[int, Decimal]:
        targets: dict[int, Decimal] = {}
        for line in (self.cleaned_data.get("year_targets") or "").splitlines():
            if not line.strip():
                continue
            match = YEAR_LINE.match(line)
            year, value = 0, Decimal(-1)
            if match:
                with contextlib.suppress(InvalidOperation):
                    year, value = int(match[1]), Decimal(match[2].replace(" ", "").replace(",", "."))
            if not 2000 <= year <= 2100 or value < 0:
                raise forms.ValidationError(
                    _("“%(line)s” is not a year and a target: write one year a line, e.g. “2025: 120”."),
                    params={"line": line.strip()[:40]},
                )
            targets[year] = value
        return targets

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("title_fr") and not data.get("catalogue"):
            self.add_error("title_fr", _("Give a title, or pick the indicator from the donor's catalogue."))
        if not data.get("code") and not data.get("catalogue"):
            self.add_error("code", _("Give a code, or pick the indicator from the donor's catalogue."))
        measure = data.get("measure")
        if data.get("kind") == Indicator.Kind.COMPUTED and measure:
            if data.get("outcome") and measure not in ON_PARTICIPATIONS:
                self.add_error(
                    "outcome", _("An outcome only applies to what counts participations or people.")
                )
            for name in ("services", "sex"):
                if data.get(name) and measure not in SEXED:
                    self.add_error(name, _("This filter only applies to what counts people or headcounts."))
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["code"] = data.get("code") or ""
        data["title_fr"] = data.get("title_fr") or ""
        if self.instance.pk:
            data.pop("catalogue", None)
        return data


class ManualValueForm(_Crispy, forms.ModelForm):
    evidence = forms.FileField(
        required=False, label=_("evidence"), help_text=_("Optional: a PDF, JPEG or PNG scan (10 MB at most).")
    )

    class Meta:
        model = ManualValue
        fields = ["period_start", "period_end", "value", "women", "men", "comment"]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class ReviewForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (s, s)
            for s in (ManualValue.Status.SUBMITTED, ManualValue.Status.APPROVED, ManualValue.Status.RETURNED)
        ]
    )
    comment = forms.CharField(required=False, max_length=2000)
