"""Small display helpers shared by the templates."""

from django import template
from django.utils.html import format_html

from courses.models import Activity
from poc_training.dates import long_date as _long_date

register = template.Library()

STATUS_CLASSES = {"planned": "text-bg-info", "done": "text-bg-success", "cancelled": "text-bg-secondary"}
KIND_ICONS = {
    "training": "mortarboard",
    "tutoring": "person-workspace",
    "study_trip": "airplane",
    "workshop": "people",
}


# Labels through the enums, not get_FOO_display(), which rebuilds a dict of the choices at each call
# (it showed in the activity list's profile).


@register.simple_tag
def status_badge(activity):
    return format_html(
        '<span class="badge {}">{}</span>',
        STATUS_CLASSES.get(activity.status, "text-bg-light"),
        Activity.Status(activity.status).label,
    )


@register.simple_tag
def kind_label(activity):
    return format_html(
        '<i class="bi bi-{} me-1" aria-hidden="true"></i>{}',
        KIND_ICONS.get(activity.kind, "circle"),
        Activity.Kind(activity.kind).label,
    )


@register.filter
def long_date(value, arg=""):
    """A date written out: ``{{ day|long_date }}``, or with its weekday: ``{{ day|long_date:"weekday" }}``."""
    return _long_date(value, weekday=arg == "weekday")


@register.simple_tag(takes_context=True)
def page_url(context, page_number):
    """The current list URL with its filters, at another page."""
    query = context.get("query_string", "")
    return f"?{query}&page={page_number}" if query else f"?page={page_number}"
