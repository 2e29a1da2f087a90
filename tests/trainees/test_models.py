import pytest
from django.db import IntegrityError

from tests.factories import ActivityFactory, HeadcountFactory, ParticipationFactory, TraineeFactory
from trainees.choices import Service
from trainees.models import Headcount, Participation, Trainee, normalise_name

pytestmark = pytest.mark.django_db


def test_names_are_compared_without_case_accents_or_extra_spaces():
    assert normalise_name("  Ndèye ", "FALL") == normalise_name("ndeye", "fall") == "ndeye fall"
    assert normalise_name("Mame-Diarra", "Ba") == "mame diarra ba"


def test_a_service_number_is_unique_within_its_service():
    TraineeFactory(service=Service.POLICE, service_number="P-1234")
    with pytest.raises(IntegrityError):
        TraineeFactory(service=Service.POLICE, service_number="p 1234")


def test_the_same_service_number_may_exist_in_another_service():
    TraineeFactory(service=Service.POLICE, service_number="1234")
    assert TraineeFactory(service=Service.CUSTOMS, service_number="1234").pk


def test_many_trainees_may_have_no_service_number():
    TraineeFactory.create_batch(3, service=Service.JUSTICE, service_number="")
    assert Trainee.objects.filter(service_number="").count() == 3


def test_a_person_takes_part_in_an_activity_once():
    participation = ParticipationFactory()
    with pytest.raises(IntegrityError):
        Participation.objects.create(trainee=participation.trainee, activity=participation.activity)


def test_the_database_refuses_a_negative_headcount():
    with pytest.raises(IntegrityError):
        Headcount.objects.create(activity=ActivityFactory(), service="police", sex="F", count=-1)


def test_one_headcount_per_service_and_sex():
    headcount = HeadcountFactory()
    with pytest.raises(IntegrityError):
        HeadcountFactory(activity=headcount.activity, service=headcount.service, sex=headcount.sex)


def test_search_finds_by_any_word_of_the_name_or_the_service_number():
    fatou = TraineeFactory(first_name="Fatou", last_name="Ndiaye", service_number="G-778")
    TraineeFactory(first_name="Awa", last_name="Diallo")
    assert list(Trainee.objects.search("ndiaye fat")) == [fatou]
    assert list(Trainee.objects.search("g 778")) == [fatou]
    assert list(Trainee.objects.search("NDIAYE")) == [fatou]
