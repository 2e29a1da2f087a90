"""How an activity's kind and status look in pages: ``{% load activities %}``."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from courses.models import Activity

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
    badge = format_html(
        '<span class="badge {}">{}</span>',
        STATUS_CLASSES.get(activity.status, "text-bg-light"),
        Activity.Status(activity.status).label,
    )
    if activity.is_overdue(timezone.localdate()):  # planned, yet over: someone must say what happened
        badge += format_html(' <span class="badge text-bg-warning overdue">{}</span>', _("to update"))
    return badge


@register.simple_tag
def kind_label(activity):
    return format_html(
        '<i class="bi bi-{} me-1" aria-hidden="true"></i>{}',
        KIND_ICONS.get(activity.kind, "circle"),
        Activity.Kind(activity.kind).label,
    )
