import datetime
import uuid
from typing import cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_FORMATS, DateInput
from courses.models import Programme

from .models import ReportNarrative


class PeriodForm(forms.Form):
    """The dashboard's period picker (default: from the programme's start to today).

    The programmes offered are the user's (``perm`` in their role there); ``default`` is the one
    shown when none is chosen.
    """

    perm = "reports.view_dashboard"
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False, empty_label=None
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput(), input_formats=DATE_FORMATS)
    end = forms.DateField(label=_("To"), required=False, widget=DateInput(), input_formats=DATE_FORMATS)

    def __init__(self, *args, user, default: Programme | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        programmes = Programme.objects.for_user(user, self.perm)
        cast(forms.ModelChoiceField, self.fields["programme"]).queryset = programmes
        self.default = default or programmes.first()

    def clean(self):
        super().clean()
        data = self.cleaned_data
        programme = data.get("programme") or self.default
        if programme is None:
            raise forms.ValidationError(_("No programme is recorded yet."))
        data["programme"] = programme
        data["start"] = data.get("start") or programme.start_date
        data["end"] = data.get("end") or timezone.localdate()
        if data["end"] < data["start"]:
            self.add_error("end", _("The end of the period cannot be before its start."))
        elif data["start"] < datetime.date(1990, 1, 1) or data["end"] > datetime.date(2100, 12, 31):
            self.add_error("start", _("Choose dates between 1990 and 2100."))
        return data


class ReportRequestForm(PeriodForm):
    """A committee report: a period, a language, the date of the committee; the token stops double clicks."""

    perm = "reports.add_committeereport"
    # Its own ids: the dashboard shows it beside the period picker, whose fields have the same names.
    # (The field names stay unprefixed: the request's parameters are unchanged.)
    auto_id = "id_report_%s"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", self.auto_id)
        super().__init__(*args, **kwargs)

    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES, initial="fr")
    committee_date = forms.DateField(
        label=_("Date of the committee"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )
    request_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class NarrativeForm(forms.ModelForm):
    """The narrative's sections, written in the report's language; the version stops a stale save."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ReportNarrative
        fields = ["context", "progress", "difficulties", "lessons", "decisions"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
