from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .services import TOKEN_LIFETIMES_DAYS


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. the M&E dashboard.")
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        choices=[
            (days, ngettext_lazy("%(count)d day", "%(count)d days", days) % {"count": days})
            for days in TOKEN_LIFETIMES_DAYS
        ],
        initial=90,
    )
