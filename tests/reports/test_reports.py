"""Dashboard and committee reports: per role, after commit, twice clicked, broker down, stuck, idempotent."""

import datetime
import io
import time
import uuid
from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from reports import presentation, services
from reports.figures import compute_figures
from reports.models import CommitteeReport
from tests.factories import (
    ActivityFactory,
    AssignmentFactory,
    ParticipationFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


@pytest.fixture
def programme():
    programme = ProgrammeFactory(start_date=datetime.date(2020, 10, 1))
    for kind in ("training", "training", "tutoring", "study_trip", "workshop"):
        item = ActivityFactory(
            programme=programme,
            kind=kind,
            country="ES" if kind == "study_trip" else "SN",
            region="" if kind == "study_trip" else "dakar",
        )
        ParticipationFactory.create_batch(2, activity=item)
        AssignmentFactory(activity=item)
    return programme


def request_data(programme, **overrides):
    data = {
        "programme": programme.pk,
        "start": "2020-10-01",
        "end": timezone.localdate().isoformat(),
        "language": "fr",
        "committee_date": "",
        "request_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


# --- Dashboard ------------------------------------------------------------------------------


def test_the_dashboard_opens_with_the_headline_sentence(client, official, programme):
    client.force_login(official)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert (
        "Depuis octobre 2020, 2 actions de formation, 1 action de tutorat, 1 voyage d’étude et 1 atelier"
        in page
    )
    assert (
        "5 experts internationaux et sénégalais\u00a0; 10 fonctionnaires ont été formés ou sensibilisés."
        in page
    )
    assert "<svg" in page


def test_officials_land_on_the_dashboard_and_coordinators_on_the_activities(client, official, coordinator):
    client.force_login(official)
    assert client.get(reverse("home")).url == reverse("reports:dashboard")
    client.force_login(coordinator)
    assert client.get(reverse("home")).url == reverse("courses:activity-list")


def test_the_period_picker_narrows_the_figures_and_reports_bad_dates(client, official, programme):
    client.force_login(official)
    narrowed = client.get(reverse("reports:dashboard"), {"start": "2030-01-01", "end": "2030-12-31"})
    assert narrowed.context["figures"].activities_done == 0
    wrong = client.get(reverse("reports:dashboard"), {"start": "2024-05-01", "end": "2024-01-01"})
    assert wrong.status_code == 200
    assert "La fin de la période ne peut pas précéder son début." in wrong.content.decode()


def test_the_dashboard_takes_a_bounded_number_of_queries(
    client, official, programme, django_assert_max_num_queries
):
    client.force_login(official)
    with django_assert_max_num_queries(16):
        client.get(reverse("reports:dashboard"))
    with django_assert_max_num_queries(8):  # the figures and indicators now come from the cache
        client.get(reverse("reports:dashboard"))


def test_the_dashboard_of_an_empty_database_says_so(client, roles):
    client.force_login(UserFactory(username="site-admin", is_superuser=True, is_staff=True))
    assert (
        "Aucun programme n’est encore enregistré" in client.get(reverse("reports:dashboard")).content.decode()
    )


# --- Headline -------------------------------------------------------------------------------


def test_the_headline_writes_numbers_as_each_language_does(programme):
    figures = replace(compute_figures(programme), people=1227, experts=87)
    with translation.override("fr"):
        assert "1\xa0227 fonctionnaires ont été formés ou sensibilisés" in presentation.headline(figures)
    with translation.override("en"):
        sentence = presentation.headline(figures)
    assert sentence.startswith(
        "Since October 2020, 2 training actions, 1 tutoring action, 1 study trip and 1 workshop"
    )
    assert sentence.endswith(
        "by 87 international and Senegalese experts; 1,227 officials have been trained or made aware."
    )


def test_a_custom_period_is_named_by_its_dates(programme):
    figures = compute_figures(programme, datetime.date(2024, 1, 1), datetime.date(2024, 6, 30))
    with translation.override("fr"):
        assert presentation.headline(figures).startswith("Du 1er janvier 2024 au 30 juin 2024, ")


# --- Committee reports ----------------------------------------------------------------------


def test_requesting_a_report_creates_the_row_then_sends_the_task_after_commit(
    client, official, programme, django_capture_on_commit_callbacks
):
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("reports:report-request"), request_data(programme, committee_date="2026-12-10")
        )
    report = CommitteeReport.objects.get()
    assert response.url == report.get_absolute_url()
    assert report.status == "queued" and len(callbacks) == 1  # nothing sent before the commit
    callbacks[0]()  # the commit: Celery runs the task (eagerly in the unit tests)
    report.refresh_from_db()
    assert report.status == "done" and report.pages >= 5 and report.figures["people"] == 10
    text = pdf_text(report.pdf.read())
    assert "Rapport au comité de pilotage" in text and "Comité du 10 décembre 2026" in text
    assert "10 fonctionnaires ont été formés ou sensibilisés" in text
    assert "Début du programme 1er octobre 2020" in text  # French writes the first day as an ordinal


def test_two_clicks_on_the_same_form_make_one_report(
    client, official, programme, django_capture_on_commit_callbacks
):
    client.force_login(official)
    data = request_data(programme)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("reports:report-request"), data)
        second = client.post(reverse("reports:report-request"), data)
    assert first.url == second.url
    assert CommitteeReport.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_queue_fails_the_report_fast_with_a_clear_message(
    client, official, programme, unreachable_broker
):
    client.force_login(official)
    started = time.monotonic()
    response = client.post(reverse("reports:report-request"), request_data(programme), follow=True)
    assert time.monotonic() - started < 3
    report = CommitteeReport.objects.get()
    assert report.status == "failed"
    assert "Le service des rapports est indisponible" in response.content.decode()


def test_a_report_in_english_writes_english_numbers(programme, official, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.committee_report_request(
            programme=programme,
            start=programme.start_date,
            end=timezone.localdate(),
            language="en",
            by=official,
            request_token=uuid.uuid4(),
        )
    report.refresh_from_db()
    text = pdf_text(report.pdf.read())
    assert "Steering committee report" in text and "10 officials have been trained or made aware" in text
    assert "Programme start 1 October 2020" in text


def test_generating_twice_gives_one_file_and_one_done_row(programme, official, settings):
    report = CommitteeReport.objects.create(
        programme=programme,
        period_start=programme.start_date,
        period_end=timezone.localdate(),
        requested_by=official,
    )
    assert services.committee_report_generate(report_id=report.pk) is True
    assert services.committee_report_generate(report_id=report.pk) is False
    report.refresh_from_db()
    assert report.status == "done" and report.attempts == 1
    folder = settings.MEDIA_ROOT / "committee-reports" / str(report.requested_at.year)
    assert sorted(path.name for path in folder.iterdir()) == [
        f"committee-report-{report.pk}.docx",
        f"committee-report-{report.pk}.pdf",
    ]


def stuck_report(programme, official, attempts=1, **fields):
    return CommitteeReport.objects.create(
        programme=programme,
        period_start=programme.start_date,
        period_end=timezone.localdate(),
        requested_by=official,
        status="running",
        started_at=timezone.now() - services.RUNNING_AT_MOST - timedelta(seconds=1),
        attempts=attempts,
        **fields,
    )


def test_reading_report_pages_never_writes(client, official, programme):
    stuck = stuck_report(programme, official)
    client.force_login(official)
    for name in ("reports:report-status", "reports:report-detail"):
        client.get(reverse(name, args=[stuck.pk]))
    client.get(reverse("reports:report-list"))
    stuck.refresh_from_db()
    assert stuck.status == "running"


def test_the_periodic_check_runs_again_a_report_whose_worker_died(programme, official, settings):
    stuck = stuck_report(programme, official)
    assert services.committee_reports_recover()["requeued"] == 1  # tasks run in-process here
    stuck.refresh_from_db()
    assert (stuck.status, stuck.attempts) == ("done", 2)
    folder = settings.MEDIA_ROOT / "committee-reports" / str(stuck.requested_at.year)
    assert sorted(path.name for path in folder.iterdir()) == [
        f"committee-report-{stuck.pk}.docx",
        f"committee-report-{stuck.pk}.pdf",
    ]


def test_after_its_last_attempt_a_report_is_failed_with_a_reason(client, official, programme):
    stuck = stuck_report(programme, official, attempts=services.MAX_ATTEMPTS)
    assert services.committee_reports_recover() == {"requeued": 0, "failed": 1, "files_removed": 0}
    client.force_login(official)
    state = client.get(reverse("reports:report-status", args=[stuck.pk])).json()
    assert state["status"] == "failed" and state["finished"] is True
    assert "interrompue plusieurs fois" in state["error"]


def test_a_report_no_worker_picked_up_is_failed(official, programme):
    waiting = CommitteeReport.objects.create(
        programme=programme,
        period_start=programme.start_date,
        period_end=timezone.localdate(),
        requested_by=official,
        requested_at=timezone.now() - services.QUEUED_AT_MOST - timedelta(seconds=1),
    )
    assert services.committee_reports_recover()["failed"] == 1
    waiting.refresh_from_db()
    assert waiting.status == "failed" and "Aucun service de traitement" in waiting.error


def test_stray_report_files_are_removed_and_named_or_recent_ones_kept(programme, official, settings):
    import os
    import time

    report = CommitteeReport.objects.create(
        programme=programme,
        period_start=programme.start_date,
        period_end=timezone.localdate(),
        requested_by=official,
    )
    assert services.committee_report_generate(report_id=report.pk)
    report.refresh_from_db()
    folder = settings.MEDIA_ROOT / "committee-reports" / str(report.requested_at.year)
    partial = folder / f"committee-report-{report.pk}.pdf.0a1b.part"
    orphan = folder / "committee-report-999999.pdf"
    fresh = folder / "committee-report-999998.pdf.ffff.part"
    for path in (partial, orphan, fresh):
        path.write_bytes(b"%PDF-")
    old = time.time() - 3600
    for path in (
        partial,
        orphan,
        *(folder / f"committee-report-{report.pk}.{kind}" for kind in ("pdf", "docx")),
    ):
        os.utime(path, (old, old))
    assert services.committee_report_files_clean() == 2
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [f"committee-report-{report.pk}.docx", f"committee-report-{report.pk}.pdf", fresh.name]
    )


def test_a_failed_report_is_retried_and_a_done_one_is_immutable(
    client, official, programme, django_capture_on_commit_callbacks
):
    failed = CommitteeReport.objects.create(
        programme=programme,
        period_start=programme.start_date,
        period_end=timezone.localdate(),
        requested_by=official,
        status="failed",
        error="boom",
    )
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report-retry", args=[failed.pk]))
    failed.refresh_from_db()
    assert failed.status == "done"
    name = failed.pdf.name
    response = client.post(reverse("reports:report-retry", args=[failed.pk]), follow=True)
    assert "Seul un rapport en échec peut être relancé." in response.content.decode()
    failed.refresh_from_db()
    assert failed.pdf.name == name


def test_the_status_view_and_the_download(client, official, programme, django_capture_on_commit_callbacks):
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report-request"), request_data(programme))
    report = CommitteeReport.objects.get()
    state = client.get(reverse("reports:report-status", args=[report.pk])).json()
    assert state["status"] == "done" and state["download_url"]
    download = client.get(state["download_url"])
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_report_not_ready_has_no_download(client, official, programme):
    report = CommitteeReport.objects.create(
        programme=programme,
        period_start=programme.start_date,
        period_end=timezone.localdate(),
        requested_by=official,
    )
    client.force_login(official)
    assert client.get(reverse("reports:report-download", args=[report.pk])).status_code == 404


def test_a_bad_report_request_changes_nothing(client, official, programme):
    client.force_login(official)
    response = client.post(
        reverse("reports:report-request"), request_data(programme, end="2019-01-01"), follow=True
    )
    assert "La fin de la période ne peut pas précéder son début." in response.content.decode()
    assert not CommitteeReport.objects.exists()


def test_report_figures_prints_the_same_figures(programme):
    out = io.StringIO()
    call_command("report_figures", "--format", "json", stdout=out)
    assert '"people": 10' in out.getvalue()
    out = io.StringIO()
    call_command("report_figures", stdout=out)
    assert "5 international and Senegalese experts; 10 officials" in out.getvalue()


def test_a_report_abandoned_by_a_killed_worker_is_taken_over_when_the_task_comes_back(programme, official):
    abandoned = CommitteeReport.objects.create(
        programme=programme,
        period_start=programme.start_date,
        period_end=timezone.localdate(),
        requested_by=official,
        status="running",
        started_at=timezone.now() - services.RUNNING_AT_MOST - timedelta(seconds=5),
        attempts=1,
    )
    assert services.committee_report_generate(report_id=abandoned.pk) is True
    abandoned.refresh_from_db()
    assert (abandoned.status, abandoned.attempts) == ("done", 2)


def test_a_report_still_running_elsewhere_is_left_alone(programme, official):
    running = CommitteeReport.objects.create(
        programme=programme,
        period_start=programme.start_date,
        period_end=timezone.localdate(),
        requested_by=official,
        status="running",
        started_at=timezone.now(),
        attempts=1,
    )
    assert services.committee_report_generate(report_id=running.pk) is False
    running.refresh_from_db()
    assert running.status == "running"


def test_the_dashboard_shows_a_change_at_once_though_its_figures_are_cached(
    client, official, coordinator, programme
):
    client.force_login(official)
    assert client.get(reverse("reports:dashboard")).context["figures"].people == 10
    participation = ParticipationFactory(activity=programme.activities.first())  # a save: a signal
    assert client.get(reverse("reports:dashboard")).context["figures"].people == 11
    participation.attended = False
    participation.save()
    assert client.get(reverse("reports:dashboard")).context["figures"].people == 10
    from core.records import records_version
    from tests.trainees.spreadsheets import FRENCH_HEADER, person, xlsx
    from trainees import import_services as trainee_services

    imported = trainee_services.participant_import_preview(  # bulk inserts: no signal, an explicit change
        activity=programme.activities.first(),
        data=xlsx([FRENCH_HEADER, person("Kane", "Seydou", "M")]),
        filename="l.xlsx",
        by=coordinator,
    )
    before = records_version()
    trainee_services.participant_import_commit(participant_import=imported, choices={}, by=coordinator)
    # Imported people are registered, not yet marked present: the figures are recomputed, unchanged.
    assert records_version() > before
    assert client.get(reverse("reports:dashboard")).context["figures"].people == 10


def test_cached_figures_equal_fresh_ones(programme):
    from reports.figures import cached_figures

    assert cached_figures(programme) == compute_figures(programme) == cached_figures(programme)


def test_each_period_and_language_has_its_own_cached_page(client, official, programme):
    client.force_login(official)
    whole = client.get(reverse("reports:dashboard")).content.decode()
    empty = client.get(
        reverse("reports:dashboard"), {"start": "2030-01-01", "end": "2030-12-31"}
    ).content.decode()
    assert "10 fonctionnaires" in whole and "0 fonctionnaire a été formé" in empty
    client.post(reverse("set_language"), {"language": "en"})
    assert "10 officials have been trained" in client.get(reverse("reports:dashboard")).content.decode()
