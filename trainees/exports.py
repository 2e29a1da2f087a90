"""Participants as a spreadsheet, with the context of their activity. Personal data: coordinators and admins."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from courses.choices import Region
from courses.exports import CHUNK
from courses.models import Activity, ExpertAssignment

from .choices import Service, Sex
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
    # The activities' context as plain tuples: a model instance per expert would weigh tens of MB.
    experts: dict[int, list[str]] = {}
    for activity_id, first, last, institution in (
        ExpertAssignment.objects.filter(activity__in=activities.order_by().values("pk"))
        .order_by("expert__last_name", "expert__first_name")
        .values_list("activity_id", "expert__first_name", "expert__last_name", "expert__institution__name")
    ):
        experts.setdefault(activity_id, []).append(f"{first} {last} ({institution})")
    kinds, statuses = (
        {key: str(label) for key, label in choices}
        for choices in (Activity.Kind.choices, Activity.Status.choices)
    )
    context = {}
    for activity in activities.order_by().only(
        "pk",
        "kind",
        "status",
        "title",
        "start_date",
        "end_date",
        "city",
        "region",
        "country",
        "duration_days",
    ):
        context[activity.pk] = [
            activity.pk,
            kinds[activity.kind],
            statuses[activity.status],
            activity.title,
            activity.start_date,
            activity.end_date,
            activity.place,
            activity.duration_days,
            "; ".join(experts.get(activity.pk, ())),
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
