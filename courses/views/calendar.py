"""A month of activities, as a calendar: each day shows the activities running that day."""

import calendar
import datetime

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedHttpRequest
from core.views import permission_required

from ..models import Activity


def _month(value: str | None, today: datetime.date) -> datetime.date:
    """The first day of the month asked for (``2026-03``), or of this month when absent or unreadable."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def _shift(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@permission_required("courses.view_activity")
@require_GET
def activity_calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    first = _month(request.GET.get("month"), today)
    kind = request.GET.get("kind", "")
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1]
    activities = Activity.objects.for_user(request.user).filter(start_date__lte=end, end_date__gte=start)
    if kind in Activity.Kind.values:
        activities = activities.filter(kind=kind)
    else:
        kind = ""
    listed = list(activities.exclude(status=Activity.Status.CANCELLED).order_by("start_date", "title"))
    days = [
        [(day, [a for a in listed if a.start_date <= day <= a.end_date]) for day in week] for week in weeks
    ]
    context = {
        "first": first,
        "weeks": days,
        "kind": kind,
        "kinds": Activity.Kind.choices,
        "previous": _shift(first, -1),
        "next": _shift(first, 1),
        "today": today,
        "month_days": [
            (day, items) for week in days for day, items in week if day.month == first.month and items
        ],
    }
    return render(request, "courses/activity_calendar.html", context)
