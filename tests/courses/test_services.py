"""Writes on activities, experts and assignments: each refusal also leaves nothing written."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.versioning import StaleVersionError
from courses import services
from courses.choices import Country
from courses.models import Activity, Expert, ExpertAssignment
from tests.factories import (
    ActivityFactory,
    ExpertFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def activity_fields(**overrides):
    fields = {
        "programme": ProgrammeFactory(),
        "kind": Activity.Kind.TRAINING,
        "status": Activity.Status.PLANNED,
        "title": "Enquêtes sur le trafic de migrants",
        "theme": ThemeFactory(),
        "start_date": datetime.date(2025, 2, 3),
        "end_date": datetime.date(2025, 2, 7),
        "city": "Saint-Louis",
        "region": "saint_louis",
        "country": Country.SENEGAL,
        "duration_days": Decimal("5"),
    }
    fields.update(overrides)
    return fields


def test_creating_an_activity_records_who_did_it_and_its_history(coordinator):
    activity = services.activity_create(by=coordinator, **activity_fields())
    assert (activity.created_by, activity.updated_by) == (coordinator, coordinator)
    record = activity.history.get()
    assert record.history_user == coordinator and record.history_type == "+"


def test_a_tutoring_action_without_beneficiary_unit_is_refused_and_nothing_is_written(coordinator):
    with pytest.raises(ValidationError) as error:
        services.activity_create(by=coordinator, **activity_fields(kind=Activity.Kind.TUTORING))
    assert "beneficiary_units" in error.value.message_dict
    assert not Activity.objects.exists()


def test_a_study_trip_needs_a_host_institution(coordinator):
    fields = activity_fields(kind=Activity.Kind.STUDY_TRIP, country=Country.SPAIN, region="", city="Madrid")
    with pytest.raises(ValidationError):
        services.activity_create(by=coordinator, **fields)
    host = OrganisationFactory(name="Comisaría General de Extranjería y Fronteras", country=Country.SPAIN)
    trip = services.activity_create(by=coordinator, host_institutions=[host], **fields)
    assert list(trip.host_institutions.all()) == [host]


def test_a_second_edit_from_a_stale_version_is_refused_not_silently_applied(coordinator, admin_user):
    activity = services.activity_create(by=coordinator, **activity_fields())
    services.activity_update(activity=activity, expected_version=1, by=admin_user, title="Titre de l’admin")
    with pytest.raises(StaleVersionError):
        services.activity_update(
            activity=activity, expected_version=1, by=coordinator, title="Titre du coordinateur"
        )
    activity.refresh_from_db()
    assert activity.title == "Titre de l’admin"
    assert activity.version == 2


def test_marking_done_an_activity_that_ends_in_the_future_is_refused(coordinator):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    activity = services.activity_create(
        by=coordinator, **activity_fields(start_date=tomorrow, end_date=tomorrow, duration_days=Decimal("1"))
    )
    with pytest.raises(ValidationError):
        services.activity_set_status(activity=activity, status="done", by=coordinator, expected_version=1)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PLANNED and activity.version == 1


def test_status_changes_follow_the_allowed_transitions(coordinator):
    activity = services.activity_create(by=coordinator, **activity_fields())
    activity = services.activity_set_status(
        activity=activity, status="cancelled", by=coordinator, expected_version=1
    )
    with pytest.raises(ValidationError):
        services.activity_set_status(activity=activity, status="done", by=coordinator, expected_version=2)
    activity = services.activity_set_status(
        activity=activity, status="planned", by=coordinator, expected_version=2
    )
    activity = services.activity_set_status(
        activity=activity, status="done", by=coordinator, expected_version=3
    )
    assert activity.status == Activity.Status.DONE


def test_an_expert_cannot_be_assigned_twice_to_an_activity(coordinator):
    activity, expert = ActivityFactory(), ExpertFactory()
    services.assignment_add(activity=activity, expert=expert, by=coordinator)
    with pytest.raises(ValidationError):
        services.assignment_add(activity=activity, expert=expert, by=coordinator)
    assert ExpertAssignment.objects.count() == 1


def test_a_deactivated_expert_stays_on_past_activities_but_cannot_be_assigned(coordinator, admin_user):
    expert = ExpertFactory()
    past = ActivityFactory()
    services.assignment_add(activity=past, expert=expert, by=coordinator)
    services.expert_set_active(expert=expert, active=False, by=admin_user)
    with pytest.raises(ValidationError):
        services.assignment_add(
            activity=ActivityFactory(), expert=Expert.objects.get(pk=expert.pk), by=coordinator
        )
    assert list(past.assignments.values_list("expert", flat=True)) == [expert.pk]
