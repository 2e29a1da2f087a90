"""Participants as a spreadsheet, with the context of their activity. Personal data: coordinators and admins."""

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from courses.choices import Region, Service, Sex
from courses.exports import CHUNK, expert_names
from courses.models import Activity, ExpertAssignment

from .models import Participation


def participant_header() -> list[str]:
    return [
        _("Activity id"),
        _("Kind"),
        _("Status"),
        _("Activity"),
        _("Start date"),
        _("End date"),
        _("Place"),
        _("Duration (days)"),
        _("Experts"),
        _("Last name"),
        _("First name"),
        _("Sex"),
        _("Service"),
        _("Rank"),
        _("Unit"),
        _("Region"),
        _("Service number"),
        _("Outcome"),
        _("Attended"),
    ]


def participant_rows(activities: QuerySet) -> Iterator[list]:
    """One row per participation of ``activities``, streamed in chunks; the activities' context is
    read once (one query for the activities, one for their experts), not once per row."""
    context = {}
    for activity in activities.order_by().prefetch_related(
        Prefetch("assignments", queryset=ExpertAssignment.objects.select_related("expert__institution"))
    ):
        context[activity.pk] = [
            activity.pk,
            activity.get_kind_display(),
            activity.get_status_display(),
            activity.title,
            activity.start_date,
            activity.end_date,
            activity.place,
            activity.duration_days,
            expert_names(activity),
        ]
    # Labels translated once, not once per row.
    sexes, services, regions, outcomes = (
        {key: str(label) for key, label in choices}
        for choices in (Sex.choices, Service.choices, Region.choices, Participation.Outcome.choices)
    )
    yes, no = _("yes"), _("no")
    participations = (
        Participation.objects.filter(activity__in=activities.order_by().values("pk"))
        .order_by("activity__start_date", "activity_id", "trainee__last_name", "trainee__first_name", "pk")
        .values_list(
            "activity_id",
            "trainee__last_name",
            "trainee__first_name",
            "trainee__sex",
            "trainee__service",
            "trainee__rank",
            "trainee__unit",
            "trainee__region",
            "trainee__service_number",
            "outcome",
            "attended",
        )
    )
    for (
        activity_id,
        last,
        first,
        sex,
        service,
        rank,
        unit,
        region,
        number,
        outcome,
        attended,
    ) in participations.iterator(chunk_size=CHUNK):
        yield [
            *context[activity_id],
            last,
            first,
            sexes.get(sex, sex),
            services.get(service, service),
            rank,
            unit,
            regions.get(region, ""),
            number,
            outcomes.get(outcome, outcome),
            yes if attended else no,
        ]


def single_activity(activity: Activity) -> QuerySet:
    return Activity.objects.filter(pk=activity.pk)
