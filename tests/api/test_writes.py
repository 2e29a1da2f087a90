"""Writes: planned activities and participants, through the services, with versions and all-or-nothing."""

import datetime

import pytest

from courses.models import Activity
from tests.factories import (
    ActivityFactory,
    OrganisationFactory,
    ProgrammeFactory,
    TraineeFactory,
)
from trainees.models import ParticipantImport, Participation, Trainee

pytestmark = pytest.mark.django_db

NEW_ACTIVITY = {
    "kind": "training",
    "title": "Formation : analyse de risque aux frontières",
    "start_date": "2027-02-01",
    "end_date": "2027-02-05",
    "city": "Dakar",
    "region": "dakar",
    "duration_days": 5,
}


def test_a_coordinator_plans_an_activity_and_changes_it_from_the_version_read(token_client, coordinator):
    programme = ProgrammeFactory()
    client = token_client(coordinator)
    created = client.post("/api/v1/activities/", {**NEW_ACTIVITY, "programme": programme.pk}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "planned" and body["version"] == 1 and body["duration_days"] == 5
    activity = Activity.objects.get(pk=body["id"])
    assert activity.created_by == coordinator and activity.history.count() == 1

    url = f"/api/v1/activities/{activity.pk}/"
    changed = client.patch(url, {"title": "Analyse de risque", "version": 1}, format="json")
    assert changed.status_code == 200 and changed.json()["version"] == 2 and changed["ETag"] == '"2"'

    stale = client.patch(url, {"title": "Overwrite", "version": 1}, format="json")
    assert stale.status_code == 412 and stale.json()["code"] == "stale_version"
    by_header = client.patch(url, {"city": "Thiès"}, format="json", HTTP_IF_MATCH='"2"')
    assert by_header.status_code == 200 and by_header.json()["city"] == "Thiès"
    missing = client.patch(url, {"city": "Saint-Louis"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()["errors"]
    activity.refresh_from_db()
    assert (activity.title, activity.city, activity.version) == ("Analyse de risque", "Thiès", 3)


def test_bad_activities_are_refused_with_messages_and_nothing_is_written(token_client, coordinator):
    programme = ProgrammeFactory()
    elsewhere = ProgrammeFactory(name="Autre programme")
    client = token_client(coordinator)
    cases = [
        ({**NEW_ACTIVITY, "programme": elsewhere.pk}, "programme"),  # not the caller's programme
        (
            {**NEW_ACTIVITY, "programme": programme.pk, "end_date": "2027-01-01"},
            None,
        ),  # ends before it starts
        ({**NEW_ACTIVITY, "programme": programme.pk, "kind": "tutoring"}, "beneficiary_units"),
        ({**NEW_ACTIVITY, "programme": programme.pk, "duration_days": "many"}, "duration_days"),
    ]
    for payload, field in cases:
        response = client.post("/api/v1/activities/", payload, format="json")
        assert response.status_code == 400, payload
        assert response.json()["code"] == "invalid" and response.json()["errors"]
        if field:
            assert field in response.json()["errors"], response.json()
    assert not Activity.objects.exists()
    tutoring = client.post(
        "/api/v1/activities/",
        {
            **NEW_ACTIVITY,
            "programme": programme.pk,
            "kind": "tutoring",
            "beneficiary_units": [OrganisationFactory().pk],
        },
        format="json",
    )
    assert tutoring.status_code == 201


def test_only_planned_activities_change_and_officials_write_nothing(token_client, coordinator, official):
    done = ActivityFactory()
    response = token_client(coordinator).patch(
        f"/api/v1/activities/{done.pk}/", {"title": "x", "version": 1}, format="json"
    )
    assert response.status_code == 409
    refused = token_client(official).post(
        "/api/v1/activities/", {**NEW_ACTIVITY, "programme": done.programme_id}, format="json"
    )
    assert refused.status_code == 403


def register(client, activity, people):
    return client.post(
        f"/api/v1/activities/{activity.pk}/participants/", {"participants": people}, format="json"
    )


PERSON = {"last_name": "Ndiaye", "first_name": "Awa", "sex": "F", "service": "police", "rank": "Lieutenant"}


def test_participants_are_registered_all_or_nothing_with_the_import_s_checks(token_client, coordinator):
    activity = ActivityFactory(status="planned", start_date=datetime.date(2027, 3, 1))
    client = token_client(coordinator)
    known = TraineeFactory(first_name="Moussa", last_name="Diop", service="police")

    # One bad row: nothing is written, the row's reason is given by position.
    bad = register(client, activity, [PERSON, {**PERSON, "first_name": "Fatou", "sex": "unknown"}])
    assert bad.status_code == 400 and list(bad.json()["errors"]["participants"]) == ["2"]
    # A possible duplicate: a 409 naming the candidates, nothing written.
    duplicate = {"last_name": "DIOP", "first_name": "moussa", "sex": "M", "service": "police"}
    undecided = register(client, activity, [PERSON, duplicate])
    assert undecided.status_code == 409
    assert undecided.json()["errors"]["participants"]["2"][0]["id"] == known.pk
    assert not Participation.objects.filter(activity=activity).exists() and Trainee.objects.count() == 1

    done = register(client, activity, [PERSON, {**duplicate, "match": str(known.pk)}])
    assert done.status_code == 201, done.json()
    assert done.json() == {"created": 1, "added": 2, "skipped": 0}
    names = set(activity.participations.values_list("trainee__last_name", flat=True))
    assert names == {"Ndiaye", "Diop"}
    assert ParticipantImport.objects.get().rows == []  # the list's copy of the names is not kept

    again = register(client, activity, [{**duplicate, "match": str(known.pk)}])
    assert again.status_code == 201 and again.json()["skipped"] == 1


def test_registering_needs_a_recorder_and_the_caller_s_programme(token_client, official, coordinator):
    activity = ActivityFactory()
    assert register(token_client(official), activity, [PERSON]).status_code == 403
    other = ActivityFactory(programme=ProgrammeFactory(name="Autre programme"))
    assert register(token_client(coordinator), other, [PERSON]).status_code == 404
    assert register(token_client(coordinator), activity, []).status_code == 400
    assert not Trainee.objects.exists()
