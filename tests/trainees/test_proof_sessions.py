"""Signed sheets per session: attached to one session of the activity, removed by their uploader or
an administrator, with the removal in the history and the file gone from the storage."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.roles import Role
from tests.factories import ActivityFactory, ProgrammeFactory, SessionFactory, UserFactory
from trainees.models import AttendanceProof

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def activity():
    return ActivityFactory()


@pytest.fixture
def second_day(activity):
    SessionFactory(activity=activity)
    return SessionFactory(activity=activity, date=activity.end_date, part="afternoon")


def upload(client, activity, session=None, name="emargement.png", **extra):
    data = {"file": SimpleUploadedFile(name, png_bytes()), **extra}
    if session is not None:
        data["session"] = session.pk
    return client.post(reverse("trainees:proof-upload", args=[activity.pk]), data, follow=True)


def remove(client, proof, **extra):
    return client.post(reverse("trainees:proof-remove", args=[proof.pk]), extra, follow=True)


def test_a_sheet_is_attached_to_the_session_chosen_and_listed_with_its_date(
    client, coordinator, activity, second_day
):
    client.force_login(coordinator)
    upload(client, activity, second_day)
    upload(client, activity, name="global.png")
    by_name = {p.original_name: p for p in AttendanceProof.objects.all()}
    assert by_name["emargement.png"].session == second_day
    assert by_name["global.png"].session is None
    page = client.get(activity.get_absolute_url()).content.decode()
    day = f"{second_day.date.day} "
    assert "emargement.png" in page and "activité entière" in page
    assert day in page and "(après-midi)" in page
    session_page = client.get(reverse("trainees:session-attendance", args=[second_day.pk])).content.decode()
    assert "emargement.png" in session_page and "global.png" not in session_page


def test_a_session_of_another_activity_is_refused_with_a_message(client, coordinator, activity):
    elsewhere = SessionFactory(activity=ActivityFactory(programme=activity.programme))
    client.force_login(coordinator)
    response = upload(client, activity, elsewhere)
    assert response.status_code == 200
    assert "n’est pas une des séances de cette activité" in response.content.decode()
    assert not AttendanceProof.objects.exists()


def test_a_session_that_is_not_a_number_is_refused_with_a_message(client, coordinator, activity):
    client.force_login(coordinator)
    response = client.post(
        reverse("trainees:proof-upload", args=[activity.pk]),
        {"file": SimpleUploadedFile("x.png", png_bytes()), "session": "lundi"},
        follow=True,
    )
    assert "n’est pas une des séances de cette activité" in response.content.decode()
    assert not AttendanceProof.objects.exists()


def test_the_uploader_removes_a_sheet_the_history_keeps_it_and_the_file_goes(
    client, coordinator, activity, second_day, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    upload(client, activity, second_day)
    proof = AttendanceProof.objects.get()
    name = proof.file.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = remove(client, proof, next=reverse("trainees:session-attendance", args=[second_day.pk]))
    assert response.redirect_chain[-1][0] == reverse("trainees:session-attendance", args=[second_day.pk])
    assert "a été retirée" in response.content.decode()
    assert not AttendanceProof.objects.exists()
    assert not default_storage.exists(name)
    removal = AttendanceProof.history.get(id=proof.pk, history_type="-")
    assert (removal.history_user, removal.original_name, removal.session_id) == (
        coordinator,
        "emargement.png",
        second_day.pk,
    )


def test_a_programme_admin_removes_a_sheet_someone_else_uploaded(
    client, coordinator, admin_user, activity, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    upload(client, activity)
    proof = AttendanceProof.objects.get()
    client.force_login(admin_user)
    assert (
        reverse("trainees:proof-remove", args=[proof.pk])
        in client.get(activity.get_absolute_url()).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        remove(client, proof)
    assert not AttendanceProof.objects.exists()
    assert not default_storage.exists(proof.file.name)
    assert AttendanceProof.history.get(id=proof.pk, history_type="-").history_user == admin_user
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Feuilles signées retirées" in page and "emargement.png, retirée le" in page


def test_another_coordinator_may_not_remove_a_sheet_and_an_outsider_gets_a_404(
    client, coordinator, activity, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    upload(client, activity)
    proof = AttendanceProof.objects.get()
    colleague = UserFactory(username="colleague", role=Role.COORDINATOR)
    client.force_login(colleague)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "emargement.png" in page and reverse("trainees:proof-remove", args=[proof.pk]) not in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("trainees:proof-remove", args=[proof.pk])).status_code == 403
    elsewhere = ProgrammeFactory(name="POC Mauritanie", country="MR")
    client.force_login(UserFactory(username="outsider", role=Role.COORDINATOR, role__programme=elsewhere))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("trainees:proof-remove", args=[proof.pk])).status_code == 404
    assert AttendanceProof.objects.get() == proof
    assert default_storage.exists(proof.file.name)
    assert not AttendanceProof.history.filter(history_type="-").exists()


def test_removal_is_post_only(client, coordinator, activity):
    client.force_login(coordinator)
    upload(client, activity)
    proof = AttendanceProof.objects.get()
    assert client.get(reverse("trainees:proof-remove", args=[proof.pk])).status_code == 405
    assert AttendanceProof.objects.filter(pk=proof.pk).exists()


def test_a_removed_session_leaves_its_sheets_to_the_whole_activity(client, coordinator, activity, second_day):
    client.force_login(coordinator)
    upload(client, activity, second_day)
    second_day.delete()
    assert AttendanceProof.objects.get().session is None
