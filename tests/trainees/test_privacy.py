"""Personal data as the law asks: access requests, erasure that keeps every figure, retention, the access log."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import AccessLog
from courses.models import Programme
from reports.figures import compute_figures
from tests.factories import (
    ActivityFactory,
    ParticipationFactory,
    ProgrammeFactory,
    TraineeFactory,
)
from trainees import privacy
from trainees.models import Participation, Trainee

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    trainee = TraineeFactory(
        first_name="Ndèye", last_name="Fall", sex="F", service_number="PN-555", email="n.fall@example.org"
    )
    ParticipationFactory(trainee=trainee, activity__title="Formation : fraude documentaire")
    return trainee


def test_erasing_the_demo_s_people_keeps_every_figure_identical(roles):
    call_command("seed_demo", "--no-accounts", stdout=StringIO())
    programme = Programme.objects.get()
    before = compute_figures(programme)
    people = Trainee.objects.filter(participations__attended=True).distinct().order_by("pk")[:300]
    for trainee in people:
        privacy.trainee_pseudonymise(trainee=trainee, by=None, reason="test of the figures")
    assert compute_figures(programme) == before
    assert Trainee.objects.filter(erased_at__isnull=False).count() == 300


def test_erasure_removes_the_identity_from_the_record_its_history_and_the_access_log(
    client, admin_user, person
):
    client.force_login(admin_user)
    client.get(reverse("trainees:trainee-detail", args=[person.pk]))  # logged under the person's name
    response = client.post(
        reverse("trainees:trainee-erase", args=[person.pk]), {"reason": "demande du 3 mars"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.service_number, person.email) == (
        "—",
        f"PSEUDO-{person.pk:06d}",
        "",
        "",
    )
    assert (person.sex, person.service, person.region) == ("F", "police", "dakar")
    for row in person.history.all():
        assert "Fall" not in (row.last_name, row.first_name) and row.service_number == ""
    latest = person.history.latest()
    assert latest.history_user == admin_user and latest.history_change_reason == "demande du 3 mars"
    assert not AccessLog.objects.filter(label__icontains="Fall").exists()
    assert person.participations.get().attended  # still counts


def test_erasure_needs_a_reason_and_changes_nothing_without_one(client, admin_user, person):
    client.force_login(admin_user)
    response = client.post(reverse("trainees:trainee-erase", args=[person.pk]), {"reason": "  "})
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.last_name == "Fall" and person.erased_at is None


def test_an_admin_of_one_programme_cannot_erase_someone_who_also_belongs_to_another(
    client, admin_user, person
):
    elsewhere = ProgrammeFactory(name="Projet opérationnel conjoint (POC) Mali", country="ML")
    person.programmes.add(elsewhere)
    client.force_login(admin_user)
    assert (
        client.post(reverse("trainees:trainee-erase", args=[person.pk]), {"reason": "x"}).status_code == 403
    )
    person.refresh_from_db()
    assert person.erased_at is None


def test_an_access_request_exports_the_whole_record(client, admin_user, person):
    client.force_login(admin_user)
    response = client.get(reverse("trainees:trainee-record", args=[person.pk]))
    record = json.loads(response.content)
    assert record["person"]["last_name"] == "Fall" and record["person"]["service_number"] == "PN555"
    assert [p["activity"] for p in record["participations"]] == ["Formation : fraude documentaire"]
    assert record["history"] and response["Content-Disposition"].startswith("attachment")


def test_retention_erases_exactly_the_people_past_it(settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    today = datetime.date(2026, 11, 28)
    long_ago = timezone.make_aware(datetime.datetime(2019, 1, 1))

    def person(name, *, participated=None):
        trainee = TraineeFactory(last_name=name)
        Trainee.objects.filter(pk=trainee.pk).update(created_at=long_ago)
        if participated:
            ParticipationFactory(
                trainee=trainee, activity__start_date=participated, activity__end_date=participated
            )
        return trainee

    old = person("Ancien", participated=datetime.date(2020, 3, 2))
    never = person("Jamais")
    recent = person("Récent", participated=datetime.date(2022, 6, 1))
    planned = person("Prévu", participated=datetime.date(2027, 2, 1))
    new = TraineeFactory(last_name="Nouveau")  # recorded today, no participation yet
    assert set(privacy.people_past_retention(today)) == {old, never}
    assert privacy.pseudonymise_inactive(today) == 2
    erased = set(Trainee.objects.filter(erased_at__isnull=False))
    assert erased == {old, never}
    assert {recent, planned, new}.isdisjoint(erased)


def test_the_retention_command_says_what_it_would_do_and_then_does_it(settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 1
    trainee = TraineeFactory()
    Trainee.objects.filter(pk=trainee.pk).update(created_at=timezone.now() - datetime.timedelta(days=800))
    out = StringIO()
    call_command("pseudonymise_inactive_people", "--dry-run", stdout=out)
    assert "1 people" in out.getvalue() and not Trainee.objects.filter(erased_at__isnull=False).exists()
    call_command("pseudonymise_inactive_people", stdout=out)
    assert Trainee.objects.filter(erased_at__isnull=False).count() == 1


def test_each_view_and_export_of_personal_data_is_logged_once(client, coordinator, person):
    activity = person.participations.get().activity
    client.force_login(coordinator)
    requests = [
        (reverse("trainees:trainee-detail", args=[person.pk]), "view", "trainee"),
        (reverse("trainees:trainee-list"), "view", "trainee_list"),
        (reverse("trainees:activity-participants", args=[activity.pk]), "view", "participants"),
        (reverse("courses:activity-detail", args=[activity.pk]), "view", "participants"),
        (
            reverse("trainees:activity-participants-export", args=[activity.pk, "csv"]),
            "export",
            "participant_export",
        ),
        (reverse("trainees:participants-export", args=["xlsx"]), "export", "participant_export"),
        (reverse("trainees:attendance-sheet", args=[activity.pk]), "print", "attendance_sheet"),
    ]
    for url, action, subject in requests:
        before = AccessLog.objects.count()
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)
        logged = AccessLog.objects.order_by("-pk")[: AccessLog.objects.count() - before]
        assert [(log.action, log.subject, log.user) for log in logged] == [(action, subject, coordinator)], (
            url
        )


def test_an_official_reading_figures_leaves_no_trace_in_the_access_log(client, official, person):
    client.force_login(official)
    client.get(reverse("courses:activity-detail", args=[person.participations.get().activity_id]))
    client.get(reverse("reports:dashboard"))
    assert not AccessLog.objects.exists()


def test_a_committed_import_does_not_keep_its_copy_of_the_names(client, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.trainees.spreadsheets import FRENCH_HEADER, xlsx
    from trainees.models import ParticipantImport

    activity = ActivityFactory()
    client.force_login(coordinator)
    data = xlsx([FRENCH_HEADER, ["Sow", "Ibrahima", "M", "Police", "", "", "", "", "formé"]])
    client.post(
        reverse("trainees:participant-import", args=[activity.pk]),
        {"file": SimpleUploadedFile("l.xlsx", data)},
    )
    imported = ParticipantImport.objects.get()
    assert imported.rows
    client.post(reverse("trainees:import-preview", args=[activity.pk, imported.pk]))
    imported.refresh_from_db()
    assert imported.committed_at and imported.rows == [] and imported.added_count == 1
    assert Participation.objects.filter(activity=activity).count() == 1
