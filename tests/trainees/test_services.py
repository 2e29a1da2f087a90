"""Writes on trainees and participations: duplicates, all-or-nothing registration, merges."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    HeadcountFactory,
    ParticipationFactory,
    SessionFactory,
    TraineeFactory,
)
from trainees import services
from trainees.choices import Service, Sex
from trainees.models import Headcount, Participation, Trainee

pytestmark = pytest.mark.django_db

PERSON = {
    "first_name": "Ndèye",
    "last_name": "Fall",
    "sex": Sex.FEMALE,
    "service": Service.GENDARMERIE,
    "rank": "Maréchal des logis",
    "unit": "Brigade de Rosso",
    "region": "saint_louis",
    "service_number": "",
    "email": "",
    "phone": "",
}


def test_a_possible_duplicate_stops_the_registration_until_confirmed(coordinator):
    existing = TraineeFactory(first_name="Ndeye", last_name="FALL", service=Service.GENDARMERIE)
    with pytest.raises(services.PossibleDuplicateError) as duplicate:
        services.trainee_create(by=coordinator, **PERSON)
    assert duplicate.value.matches == [existing]
    assert Trainee.objects.count() == 1
    services.trainee_create(by=coordinator, allow_duplicate=True, **PERSON)
    assert Trainee.objects.count() == 2


def test_the_same_service_number_in_the_same_service_is_never_accepted(coordinator):
    TraineeFactory(first_name="Ibrahima", last_name="Sow", service=Service.GENDARMERIE, service_number="G12")
    with pytest.raises(ValidationError):
        services.trainee_create(by=coordinator, allow_duplicate=True, **{**PERSON, "service_number": "g-12"})
    assert Trainee.objects.count() == 1


def test_registering_a_participant_writes_both_records_or_neither(coordinator):
    unsaved_activity = ActivityFactory.build()  # the participation cannot be written
    with pytest.raises(ValidationError):
        services.participant_register(activity=unsaved_activity, by=coordinator, **PERSON)
    assert not Trainee.objects.exists()
    trainee = services.participant_register(activity=ActivityFactory(), by=coordinator, **PERSON)
    assert trainee.participations.count() == 1


def test_adding_the_same_person_twice_is_refused_with_a_clear_message(coordinator):
    participation = ParticipationFactory()
    with pytest.raises(ValidationError) as error:
        services.participation_add(
            activity=participation.activity, trainee=participation.trainee, by=coordinator
        )
    assert "déjà" in " ".join(error.value.messages) or "already" in " ".join(error.value.messages)
    assert Participation.objects.count() == 1


def test_the_participants_screen_changes_outcomes_and_removes_in_one_go(coordinator):
    activity = ActivityFactory()
    first, second, third = ParticipationFactory.create_batch(3, activity=activity)
    changed = services.participations_update(
        activity=activity,
        by=coordinator,
        changes=[
            services.ParticipationChange(first, outcome="made_aware"),
            services.ParticipationChange(second, outcome="trained"),
            services.ParticipationChange(third, outcome="trained", remove=True),
        ],
    )
    assert changed == 2
    assert set(activity.participations.values_list("pk", "outcome")) == {
        (first.pk, "made_aware"),
        (second.pk, "trained"),
    }


def test_headcounts_are_set_per_service_and_sex_and_zero_removes_them(coordinator):
    activity = ActivityFactory()
    HeadcountFactory(activity=activity, service="customs", sex="M", count=4)
    services.headcounts_save(
        activity=activity,
        by=coordinator,
        counts={("customs", "M"): 0, ("police", "F"): 7, ("police", "M"): 9},
    )
    assert set(Headcount.objects.values_list("service", "sex", "count")) == {
        ("police", "F", 7),
        ("police", "M", 9),
    }


def test_a_negative_headcount_is_refused_and_nothing_is_written(coordinator):
    activity = ActivityFactory()
    with pytest.raises(ValidationError):
        services.headcounts_save(
            activity=activity, by=coordinator, counts={("police", "F"): 3, ("police", "M"): -2}
        )
    assert not Headcount.objects.exists()


def test_merging_moves_participations_and_loses_nothing(admin_user):
    keep = TraineeFactory(first_name="Moussa", last_name="Diop", service_number="", phone="")
    remove = TraineeFactory(first_name="Mousa", last_name="Diop", service_number="P9", phone="77 000 00 00")
    shared, only_removed = ActivityFactory(), ActivityFactory()
    kept_there = ParticipationFactory(trainee=keep, activity=shared, outcome="made_aware", attended=False)
    removed_there = ParticipationFactory(trainee=remove, activity=shared, outcome="trained", attended=True)
    monday = SessionFactory(activity=shared)
    AttendanceFactory(participation=kept_there, session=monday, status="absent")
    AttendanceFactory(
        participation=removed_there,
        session=SessionFactory(activity=shared, date=monday.date + datetime.timedelta(days=1)),
    )
    ParticipationFactory(trainee=remove, activity=only_removed, outcome="made_aware")

    kept = services.trainee_merge(keep=keep, remove=remove, by=admin_user)

    assert not Trainee.objects.filter(pk=remove.pk).exists()
    assert (kept.service_number, kept.phone) == ("P9", "77 000 00 00")
    rows = set(kept.participations.values_list("activity", "outcome", "attended"))
    assert rows == {(shared.pk, "trained", True), (only_removed.pk, "made_aware", True)}
    deleted = Trainee.history.filter(id=remove.pk, history_type="-").get()
    assert deleted.history_user == admin_user
    assert str(remove.pk) in deleted.history_change_reason and str(keep.pk) in deleted.history_change_reason


def test_a_trainee_cannot_be_merged_with_itself(admin_user):
    trainee = TraineeFactory()
    with pytest.raises(ValidationError):
        services.trainee_merge(keep=trainee, remove=trainee, by=admin_user)
