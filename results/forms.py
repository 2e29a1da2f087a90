"""Forms of the results framework (data entry: crispy)."""

import datetime
import typing
from decimal import Decimal
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import DateInput
from courses.choices import Country
from courses.models import Activity, Organisation, Programme, Theme
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
        label=capfirst(_("kinds of activity")),
    )
    services = forms.MultipleChoiceField(
        choices=Service.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=capfirst(_("services")),
    )
    sex = forms.ChoiceField(
        choices=[("", _("Women and men")), *Sex.choices], required=False, label=capfirst(_("sex"))
    )
    countries = forms.MultipleChoiceField(
        choices=[c for c in Country.choices if c[0] != Country.SENEGAL],
        required=False,
        label=capfirst(_("destination countries")),
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
        for name in ("baseline", "target", "target_women", "target_men"):  # 933, not 933.0
            value = self.initial.get(name)
            if isinstance(value, Decimal) and value == value.to_integral_value():
                self.initial[name] = value.quantize(Decimal(1))
        # The targets of each year (a formset of their own, see YearTargetFormSet) come after the
        # programme's targets.
        names = list(self.fields)
        after = names.index("target_men") + 1
        self.helper.layout = Layout(
            *names[:after], HTML('{% include "results/includes/year_targets.html" %}'), *names[after:]
        )

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


LAST_YEAR = 2100  # as far as a target may go when the programme has no end date


def programme_years(programme: Programme) -> range:
    """The years a target of a year may be set for: those the programme runs through."""
    end = programme.end_date or datetime.date(LAST_YEAR, 12, 31)
    return range(programme.start_date.year, end.year + 1)


class YearTargetForm(forms.Form):
    """One row of the targets of each year: a year of the programme and its target (both, or neither)."""

    year = forms.IntegerField(label=_("year"), required=False)
    value = forms.DecimalField(
        label=_("target"),
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=1,
        error_messages={"min_value": _("A target cannot be negative.")},
    )

    def __init__(self, *args, years: range, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        self.fields["year"].widget.attrs.update({"class": "form-control", "inputmode": "numeric"})
        self.fields["value"].widget.attrs.update({"class": "form-control", "step": "any"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, value = data.get("year"), data.get("value")
        if "year" in self.errors or "value" in self.errors or (year is None and value is None):
            return data
        if year is None:
            self.add_error("year", _("Give the year of this target."))
        elif year not in self.years:
            self.add_error("year", self._years_message())
        if value is None:
            self.add_error("value", _("Give the target of this year."))
        return data

    def _years_message(self) -> str:
        first, last = self.years[0], self.years[-1]
        if last == LAST_YEAR:
            return _("The programme starts in %(first)s: give a year from then on.") % {"first": first}
        return _("The programme runs from %(first)s to %(last)s: give a year in between.") % {
            "first": first,
            "last": last,
        }

    def is_removed(self) -> bool:
        return bool(self.cleaned_data.get("DELETE")) or self.cleaned_data.get("year") is None


class BaseYearTargetFormSet(forms.BaseFormSet):
    """The targets of each year, as rows; a year appears once."""

    forms: list[YearTargetForm]

    def clean(self) -> None:
        seen: set[int] = set()
        for form in self.forms:
            if form.errors or form.is_removed():
                continue
            year = form.cleaned_data["year"]
            if year in seen:
                form.add_error(
                    "year", _("%(year)s already has a target above: one row a year.") % {"year": year}
                )
            seen.add(year)

    def full_clean(self) -> None:
        super().full_clean()
        for form in self.forms:  # Bootstrap's red border on what is refused
            for name in form.errors:
                if name in form.fields:
                    widget = form.fields[name].widget
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()

    def targets(self) -> dict[int, Decimal]:
        """{year: target} of the rows kept (what ``services.indicator_save(year_targets=...)`` takes)."""
        return {f.cleaned_data["year"]: f.cleaned_data["value"] for f in self.forms if not f.is_removed()}


MAX_YEAR_ROWS = 50


def _plain(value: Decimal) -> Decimal:
    """120 rather than 120.0 (and never 1.2E+2) in a field."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def year_target_formset(
    *, programme: Programme, indicator: Indicator | None = None, data=None
) -> BaseYearTargetFormSet:
    """The targets of each year of an indicator as rows, with empty rows for the programme's years
    that have none yet (one at least, ten at most), so that no script is needed to add one."""
    years = programme_years(programme)
    kept = list(indicator.year_targets.all()) if indicator is not None and indicator.pk else []
    initial = [{"year": t.year, "value": _plain(t.value)} for t in kept]
    missing = len(set(years) - {t.year for t in kept}) if years[-1] != LAST_YEAR else 3
    formset_class = forms.formset_factory(
        YearTargetForm,
        formset=BaseYearTargetFormSet,
        extra=max(1, min(missing, 10)),
        can_delete=True,
        max_num=MAX_YEAR_ROWS,
        absolute_max=MAX_YEAR_ROWS,
        validate_max=True,
    )
    formset = formset_class(data, initial=initial, prefix="targets", form_kwargs={"years": years})
    for form in formset.forms:
        form.fields["DELETE"].label = pgettext_lazy("a target of a year", "Remove")
        form.fields["DELETE"].widget.attrs["class"] = "form-check-input"
    return typing.cast(BaseYearTargetFormSet, formset)


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


class ManualValueEditForm(ManualValueForm):
    """A draft or returned value corrected; a new evidence file replaces the one kept."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = _(
            "Optional: a PDF, JPEG or PNG scan (10 MB at most). A new file replaces the one kept."
        )
