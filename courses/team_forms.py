"""Forms of a programme's team and settings: they validate and normalise, never persist."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core.forms import DATE_FORMATS, DateInput, ServiceFieldsMixin, VersionField, strip_spaces

from .models import Programme


class InviteForm(forms.Form):
    """Someone to add to the team: an e-mail, a name, a role; the invitation lets them set a password."""

    email = forms.EmailField(label=_("E-mail"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.COORDINATOR)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("email", css_class="col-md-6"),
                Column("role", css_class="col-md-6"),
            ),
            Row(Column("first_name", css_class="col-md-6"), Column("last_name", css_class="col-md-6")),
        )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_first_name(self):
        return strip_spaces(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return strip_spaces(self.cleaned_data["last_name"])


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class RemoveForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=200, required=False)


class ProgrammeForm(ServiceFieldsMixin, forms.ModelForm):
    """A programme's own settings: names, dates, donor, partners, and the country it works in; its texts
    in English and Spanish, its logos and the signatory of its certificates."""

    class Meta:
        model = Programme
        fields = [
            "name",
            "short_name",
            "country",
            "start_date",
            "end_date",
            "donor",
            "partners",
            "visibility_statement",
            "description",
            "attendance_threshold",
            "name_en",
            "donor_en",
            "partners_en",
            "visibility_statement_en",
            "name_es",
            "donor_es",
            "partners_es",
            "visibility_statement_es",
            "logo",
            "donor_logo",
            "signatory_name",
            "signatory_title",
            "signature",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 2})
                for name in (
                    "partners",
                    "description",
                    "visibility_statement",
                    "partners_en",
                    "visibility_statement_en",
                    "partners_es",
                    "visibility_statement_es",
                )
            },
            **{
                name: forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"})
                for name in ("logo", "donor_logo", "signature")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start_date", "end_date"):
            field = self.fields[name]
            assert isinstance(field, forms.DateField)
            field.input_formats = DATE_FORMATS
        self.fields["version"] = VersionField(initial=self.instance.version)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("name", css_class="col-md-8"), Column("short_name", css_class="col-md-4")),
            Row(
                Column("country", css_class="col-md-4"),
                Column("start_date", css_class="col-md-4"),
                Column("end_date", css_class="col-md-4"),
            ),
            Field("donor"),
            Field("partners"),
            Field("visibility_statement"),
            Field("description"),
            Fieldset(_("In English"), "name_en", "donor_en", "partners_en", "visibility_statement_en"),
            Fieldset(_("In Spanish"), "name_es", "donor_es", "partners_es", "visibility_statement_es"),
            Fieldset(
                _("Logos and signatory"),
                Row(Column("logo", css_class="col-md-6"), Column("donor_logo", css_class="col-md-6")),
                Row(
                    Column("signatory_name", css_class="col-md-4"),
                    Column("signatory_title", css_class="col-md-4"),
                    Column("signature", css_class="col-md-4"),
                ),
            ),
            "version",
        )

    def service_fields(self) -> dict:
        """A cleared image is stored as no file (the form says False)."""
        return {name: ("" if value is False else value) for name, value in super().service_fields().items()}

    def clean_name(self):
        return strip_spaces(self.cleaned_data["name"])
