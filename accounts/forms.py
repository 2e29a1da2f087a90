from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .services import TOKEN_LIFETIMES_DAYS


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. the M&E dashboard.")
    )
    days = forms.TypedChoiceField(label=_("Valid for"), coerce=int, initial=90)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # In the language of this request, not the one of the first import.
        self.fields["days"].choices = [  # type: ignore[attr-defined]
            (days, ngettext("%(count)d day", "%(count)d days", days) % {"count": days})
            for days in TOKEN_LIFETIMES_DAYS
        ]
