"""Display helpers every template may use: dates in words, list pages."""

from django import template

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
