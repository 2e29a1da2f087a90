"""The activities list as a spreadsheet, with the context donors ask for (no personal data of trainees)."""

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from .models import Activity, ExpertAssignment

CHUNK = 2000


def activity_header() -> list[str]:
    return [
        _("Id"),
        _("Programme"),
        _("Kind"),
        _("Status"),
        _("Title"),
        _("Theme"),
        _("Start date"),
        _("End date"),
        _("City"),
        _("Region"),
        _("Country"),
        _("Duration (days)"),
        _("Duration (hours)"),
        _("Beneficiary units"),
        _("Host institutions"),
        _("Experts"),
        _("Number of experts"),
        _("Participants registered"),
        _("Anonymous headcount"),
    ]


def expert_names(activity: Activity) -> str:
    return "; ".join(f"{a.expert} ({a.expert.institution})" for a in activity.assignments.all())


def activity_rows(activities: QuerySet) -> Iterator[list]:
    """One row per activity, read in chunks (prefetching experts and units per chunk)."""
    from django.db.models import Sum

    queryset = (
        activities.with_counts()
        .select_related("programme", "theme")
        .annotate(headcount=Sum("headcounts__count"))
        .prefetch_related(
            "beneficiary_units",
            "host_institutions",
            Prefetch("assignments", queryset=ExpertAssignment.objects.select_related("expert__institution")),
        )
    )
    for activity in queryset.iterator(chunk_size=CHUNK):
        yield [
            activity.pk,
            str(activity.programme),
            activity.get_kind_display(),
            activity.get_status_display(),
            activity.title,
            str(activity.theme or ""),
            activity.start_date,
            activity.end_date,
            activity.city,
            activity.get_region_display() if activity.region else "",
            activity.get_country_display(),
            activity.duration_days,
            activity.duration_hours,
            "; ".join(str(unit) for unit in activity.beneficiary_units.all()),
            "; ".join(str(host) for host in activity.host_institutions.all()),
            expert_names(activity),
            activity.expert_count,
            activity.participant_count,
            activity.headcount or 0,
        ]
