"""Display helpers every template may use: dates in words, list pages, plural forms of decimals."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import get_language

from core.dates import long_date as _long_date

register = template.Library()


@register.filter
def long_date(value, arg=""):
    """A date written out: ``{{ day|long_date }}``, or with its weekday: ``{{ day|long_date:"weekday" }}``."""
    return _long_date(value, weekday=arg == "weekday")


@register.simple_tag(takes_context=True)
def page_url(context, page_number):
    """The current list URL with its filters, at another page."""
    query = context.get("query_string", "")
    return f"?{query}&page={page_number}" if query else f"?page={page_number}"


@register.filter
def lookup(mapping, key):
    """``{{ counts|lookup:name }}``: a dictionary's value for a key that is itself a variable."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def plural_count(value) -> int:
    """The whole number that chooses the plural form of a decimal quantity: ``count n=days|plural_count``.

    Plural rules take integers. Below 1 the whole part (0) chooses; above 1, French keeps the
    singular below 2 ("1,5 jour") while English and Spanish use the plural ("1.5 days", "1,5 días").
    """
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return 0
    whole = int(number)
    if number == whole or whole < 1 or (get_language() or "").startswith("fr"):
        return whole
    return 2
