"""The trainee directory, the participants screen, headcounts and merges."""

import re

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, ParticipationFactory, TraineeFactory
from trainees.models import Participation, Trainee

pytestmark = pytest.mark.django_db

NEW_PERSON = {
    "new-last_name": " Diatta ",
    "new-first_name": "Ansou",
    "new-sex": "M",
    "new-service": "customs",
    "new-rank": "Contrôleur des douanes",
    "new-unit": "Subdivision des douanes de Kolda",
    "new-region": "kolda",
    "new-service_number": "dd 000 912",
    "new-email": "",
    "new-phone": "",
    "new-outcome": "trained",
    "new-attended": "on",
}


def participants_url(activity):
    return reverse("trainees:activity-participants", args=[activity.pk])


def test_searching_finds_known_people_but_not_those_already_registered(client, coordinator):
    activity = ActivityFactory()
    here = ParticipationFactory(activity=activity, trainee__last_name="Goudiaby").trainee
    elsewhere = TraineeFactory(last_name="Goudiaby", first_name="Rokhaya")
    client.force_login(coordinator)
    response = client.get(
        participants_url(activity), {"q": "goudiaby"}, headers={"X-Requested-With": "fetch"}
    )
    assert list(response.context["results"]) == [elsewhere]
    assert here not in response.context["results"]


def test_a_known_person_found_by_service_number_is_added(client, coordinator):
    activity = ActivityFactory()
    known = TraineeFactory(service_number="PN-000123")
    client.force_login(coordinator)
    found = client.get(participants_url(activity), {"q": "pn 000123"}).context["results"]
    assert list(found) == [known]
    client.post(
        participants_url(activity),
        {"action": "add", "trainee": known.pk, "outcome": "trained", "attended": "on"},
    )
    assert activity.participations.get().trainee == known


def test_registering_someone_new_adds_them_with_a_normalised_service_number(client, coordinator):
    activity = ActivityFactory()
    client.force_login(coordinator)
    response = client.post(participants_url(activity), {"action": "new", **NEW_PERSON})
    assert response.status_code == 302
    trainee = Trainee.objects.get()
    assert (trainee.last_name, trainee.service_number, trainee.created_by) == (
        "Diatta",
        "DD000912",
        coordinator,
    )
    assert activity.participations.get().trainee == trainee


def test_a_possible_duplicate_is_shown_before_saving_and_nothing_is_written(client, coordinator):
    activity = ActivityFactory()
    existing = TraineeFactory(first_name="ANSOU", last_name="Diatta", service="customs")
    client.force_login(coordinator)
    response = client.post(participants_url(activity), {"action": "new", **NEW_PERSON})
    assert response.status_code == 400
    assert list(response.context["duplicates"]) == [existing]
    assert "Cette personne est peut-être déjà enregistrée" in response.content.decode()
    assert Trainee.objects.count() == 1 and not Participation.objects.exists()
    response = client.post(
        participants_url(activity), {"action": "new", "new-confirm_new": "on", **NEW_PERSON}
    )
    assert Trainee.objects.count() == 2


def test_the_same_service_number_in_the_service_is_refused_even_when_confirmed(client, coordinator):
    activity = ActivityFactory()
    TraineeFactory(service="customs", service_number="DD000912")
    client.force_login(coordinator)
    response = client.post(
        participants_url(activity), {"action": "new", "new-confirm_new": "on", **NEW_PERSON}
    )
    assert "Un autre stagiaire de ce service a déjà ce matricule." in response.content.decode()
    assert Trainee.objects.count() == 1


def test_adding_a_participant_twice_gives_a_message_and_one_participation(client, coordinator):
    participation = ParticipationFactory()
    client.force_login(coordinator)
    response = client.post(
        participants_url(participation.activity),
        {"action": "add", "trainee": participation.trainee.pk, "outcome": "trained"},
        follow=True,
    )
    assert "Cette personne participe déjà à cette activité." in response.content.decode()
    assert Participation.objects.count() == 1


def test_one_screen_saves_outcomes_and_removals_of_forty_people(
    client, coordinator, django_assert_max_num_queries
):
    activity = ActivityFactory()
    participations = ParticipationFactory.create_batch(40, activity=activity)
    data = {"action": "save"}
    for index, participation in enumerate(participations):
        prefix = f"p{participation.pk}"
        data[f"{prefix}-outcome"] = "made_aware" if index % 2 else "trained"
        if index == 0:
            data[f"{prefix}-remove"] = "on"
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        page = client.get(participants_url(activity))
    assert len(page.context["rows"]) == 40
    client.post(participants_url(activity), data)
    assert activity.participations.count() == 39
    assert activity.participations.filter(outcome="made_aware").count() == 20


def test_a_tampered_outcome_changes_nothing(client, coordinator):
    participation = ParticipationFactory(outcome="trained")
    client.force_login(coordinator)
    response = client.post(
        participants_url(participation.activity),
        {"action": "save", f"p{participation.pk}-outcome": "graduated", f"p{participation.pk}-remove": "on"},
        follow=True,
    )
    assert "rien n’a été enregistré" in response.content.decode()
    assert Participation.objects.get().outcome == "trained"


def test_headcounts_below_zero_are_a_form_error(client, coordinator):
    activity = ActivityFactory()
    client.force_login(coordinator)
    url = reverse("trainees:activity-headcounts", args=[activity.pk])
    response = client.post(url, {"count_police_F": "-3", "count_police_M": "12"})
    assert response.status_code == 200
    assert "supérieure ou égale à 0" in response.content.decode()
    assert not activity.headcounts.exists()
    client.post(url, {"count_police_F": "3", "count_police_M": "12"})
    assert sorted(activity.headcounts.values_list("count", flat=True)) == [3, 12]


def test_an_official_never_reaches_the_trainee_directory_or_a_trainee(client, official):
    trainee = TraineeFactory()
    client.force_login(official)
    assert client.get(reverse("trainees:trainee-list")).status_code == 403
    assert client.get(trainee.get_absolute_url()).status_code == 403


def test_the_directory_searches_by_name(client, coordinator, django_assert_max_num_queries):
    TraineeFactory(first_name="Khady", last_name="Sène")
    TraineeFactory.create_batch(5)
    client.force_login(coordinator)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("trainees:trainee-list"), {"q": "sene"})
    assert [t.first_name for t in response.context["trainees"]] == ["Khady"]


def test_an_admin_merges_two_records_after_seeing_both(client, admin_user):
    keep = TraineeFactory(first_name="Moussa", last_name="Diop", service="police")
    remove = TraineeFactory(first_name="Moussa", last_name="DIOP", service="police")
    ParticipationFactory(trainee=remove)
    client.force_login(admin_user)
    page = client.get(keep.get_absolute_url()).content.decode()
    assert 'id="duplicates"' in page
    url = reverse("trainees:trainee-merge")
    confirm = client.get(url, {"keep": keep.pk, "remove": remove.pk})
    assert "Fusionner les deux fiches" in confirm.content.decode()
    assert Trainee.objects.count() == 2
    client.post(url, {"keep": keep.pk, "remove": remove.pk})
    assert list(Trainee.objects.all()) == [keep]
    assert keep.participations.count() == 1


def test_a_coordinator_cannot_merge(client, coordinator):
    keep, remove = TraineeFactory.create_batch(2)
    client.force_login(coordinator)
    response = client.post(reverse("trainees:trainee-merge"), {"keep": keep.pk, "remove": remove.pk})
    assert response.status_code == 403
    assert Trainee.objects.count() == 2


def test_the_directory_tells_who_was_reached_by_the_programme(client, coordinator):
    reached = ParticipationFactory(activity__status="done", attended=True).trainee
    absent = ParticipationFactory(activity__status="done", attended=False).trainee
    planned_only = ParticipationFactory(activity__status="planned").trainee
    ParticipationFactory(trainee=reached, activity__status="done")  # twice: still one person
    client.force_login(coordinator)
    url = reverse("trainees:trainee-list")
    assert list(client.get(url, {"reached": "yes"}).context["trainees"]) == [reached]
    assert set(client.get(url, {"reached": "no"}).context["trainees"]) == {absent, planned_only}


def test_the_second_of_two_concurrent_headcount_saves_is_refused_with_the_others_numbers(
    client, coordinator, admin_user
):
    """Both open the form on the same numbers; the first save wins, the second is refused, nothing lost."""
    from trainees.models import Headcount

    activity = ActivityFactory()
    Headcount.objects.create(activity=activity, service="police", sex="F", count=3)
    url = reverse("trainees:activity-headcounts", args=[activity.pk])
    client.force_login(coordinator)
    other = client.__class__()
    other.force_login(admin_user)
    seen = re.search(r'name="seen" value="([^"]*)"', client.get(url).content.decode()).group(1)
    assert seen == re.search(r'name="seen" value="([^"]*)"', other.get(url).content.decode()).group(1)

    first = other.post(url, {"seen": seen, "count_police_F": "5", "count_customs_M": "2"})
    assert first.status_code == 302
    second = client.post(url, {"seen": seen, "count_police_F": "4", "count_police_M": "7"})
    assert second.status_code == 200
    page = second.content.decode()
    assert "Quelqu’un d’autre a enregistré ces effectifs" in page
    assert 'value="4"' in page and 'value="7"' in page  # what this user typed is still there
    assert "enregistré entre-temps\u00a0: 5" in page and "enregistré entre-temps\u00a0: 2" in page
    counts = {(h.service, h.sex): h.count for h in activity.headcounts.all()}
    assert counts == {("police", "F"): 5, ("customs", "M"): 2}  # the first save stands

    # Saving again from the refreshed form replaces them knowingly.
    fresh = re.search(r'name="seen" value="([^"]*)"', page).group(1)
    assert client.post(url, {"seen": fresh, "count_police_F": "4", "count_police_M": "7"}).status_code == 302
    counts = {(h.service, h.sex): h.count for h in activity.headcounts.all()}
    assert counts == {("police", "F"): 4, ("police", "M"): 7}


def test_a_tampered_headcounts_token_is_a_form_error(client, coordinator):
    activity = ActivityFactory()
    client.force_login(coordinator)
    url = reverse("trainees:activity-headcounts", args=[activity.pk])
    response = client.post(url, {"seen": "police-X=abc", "count_police_F": "1"})
    assert response.status_code == 200 and not activity.headcounts.exists()


def test_a_zero_headcount_left_by_the_admin_site_does_not_block_the_form(client, coordinator):
    from trainees.models import Headcount

    activity = ActivityFactory()
    Headcount.objects.create(activity=activity, service="police", sex="F", count=0)
    client.force_login(coordinator)
    url = reverse("trainees:activity-headcounts", args=[activity.pk])
    page = client.get(url).content.decode()
    assert re.search(r'name="seen" id="id_seen">', page)  # nothing seen: no value
    assert client.post(url, {"seen": "", "count_police_M": "4"}).status_code == 302
