"""Dates written out in the reader's language."""

import datetime
import re

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

FIRST_DAY = re.compile(r"\b1 ")


def long_date(value: datetime.date | None, *, weekday: bool = False) -> str:
    """The date in words: "1er octobre 2020" in French, "1 October 2020" in English.

    French typography writes the first day of a month as an ordinal (1er), which no date format
    string can say; every other day is a plain number.
    """
    if not value:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    text = date_format(value, "l j F Y" if weekday else "DATE_FORMAT")
    if value.day == 1 and (get_language() or "").startswith("fr"):
        text = FIRST_DAY.sub("1er ", text, count=1)
    return text
