"""Form helpers every app uses: dates typed the French way, versions, search text, plain markup."""

import unicodedata
from typing import Any

from django import forms

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


class VersionForm(forms.Form):
    """A confirmation (e.g. of a status change), carrying the version the user saw."""

    version = VersionField()


class ServiceFieldsMixin:
    """A model form whose cleaned values go to a service; the version is the form's own business."""

    cleaned_data: dict[str, Any]

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values the service takes (without the form-only version)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


def bootstrap_widgets(form: forms.BaseForm) -> None:
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
