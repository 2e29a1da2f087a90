"""What must never be false about activities and experts is enforced by the database too."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from courses.choices import Country
from courses.models import Activity, ExpertAssignment
from tests.factories import ActivityFactory, AssignmentFactory, ExpertFactory

pytestmark = pytest.mark.django_db


def test_the_database_refuses_an_activity_ending_before_it_starts():
    with pytest.raises(IntegrityError):
        ActivityFactory(start_date=datetime.date(2024, 5, 10), end_date=datetime.date(2024, 5, 9))


def test_the_database_refuses_a_duration_of_zero_days():
    with pytest.raises(IntegrityError):
        ActivityFactory(duration_days=Decimal("0"))


def test_the_database_refuses_an_unknown_kind():
    with pytest.raises(IntegrityError):
        ActivityFactory(kind="conference")


def test_the_database_refuses_the_same_expert_twice_in_an_activity():
    assignment = AssignmentFactory()
    with pytest.raises(IntegrityError):
        ExpertAssignment.objects.create(activity=assignment.activity, expert=assignment.expert)


def test_a_done_activity_cannot_end_in_the_future():
    activity = ActivityFactory.build(
        status=Activity.Status.DONE,
        start_date=timezone.localdate(),
        end_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        activity.full_clean(exclude=["programme"])
    assert "status" in error.value.message_dict


def test_a_study_trip_takes_place_abroad():
    trip = ActivityFactory.build(kind=Activity.Kind.STUDY_TRIP, country=Country.SENEGAL, region="")
    with pytest.raises(ValidationError) as error:
        trip.full_clean(exclude=["programme"])
    assert "country" in error.value.message_dict


def test_only_a_done_activity_is_an_achievement():
    assert ActivityFactory.build(status=Activity.Status.DONE).is_achievement()
    assert not ActivityFactory.build(status=Activity.Status.PLANNED).is_achievement()
    assert not ActivityFactory.build(status=Activity.Status.CANCELLED).is_achievement()


def test_an_activity_falls_in_a_period_by_its_end_date():
    inside = ActivityFactory(start_date=datetime.date(2023, 12, 28), end_date=datetime.date(2023, 12, 31))
    ActivityFactory(start_date=datetime.date(2023, 12, 28), end_date=datetime.date(2024, 1, 2))
    found = Activity.objects.in_period(datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
    assert list(found) == [inside]


def test_counts_of_the_list_do_not_multiply_each_other():
    activity = ActivityFactory()
    AssignmentFactory.create_batch(2, activity=activity)
    from tests.factories import ParticipationFactory

    ParticipationFactory.create_batch(3, activity=activity)
    row = Activity.objects.with_counts().get(pk=activity.pk)
    assert (row.expert_count, row.participant_count) == (2, 3)


def test_an_expert_is_international_or_national_nothing_else():
    """National means of the programme's country (checked against the rosters by the services)."""
    expert = ExpertFactory.build(category="senegalese", nationality=Country.FRANCE)
    with pytest.raises(ValidationError) as refused:
        expert.full_clean(exclude=["institution"])
    assert "category" in refused.value.error_dict
