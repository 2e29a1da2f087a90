"""A real Celery worker on the local Redis produces the committee report of the demo programme."""

import io
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reports.models import CommitteeReport

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

HEADLINE = (
    "Depuis octobre 2020, 47 actions de formation, 14 actions de tutorat, 5 voyages d’étude et 6 ateliers "
    "ont été réalisés par 87 experts internationaux et sénégalais ; 1 227 fonctionnaires ont été formés ou "
    "sensibilisés."
)


def wait_until_finished(report: CommitteeReport, seconds: float = 90) -> CommitteeReport:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.is_finished:
            return report
        time.sleep(0.2)
    raise AssertionError(f"the report is still {report.status} after {seconds} s")


def test_the_worker_renders_the_demo_programme_report_with_its_headline_figures(client, roles, celery_worker):
    call_command("seed_demo", "--no-accounts", stdout=io.StringIO())
    client.force_login(demo_official())
    response = client.post(
        reverse("reports:report-request"),
        {
            "start": "2020-10-01",
            "end": timezone.localdate().isoformat(),
            "language": "fr",
            "request_token": "6f1b9a3e-3c1d-4c7e-9a51-0f6d2f0c1a11",
        },
    )
    report = CommitteeReport.objects.get()
    assert response.url == report.get_absolute_url()
    report = wait_until_finished(report)
    assert report.status == "done", report.error
    reader = PdfReader(io.BytesIO(report.pdf.read()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).replace("\xa0", " ").split())
    assert HEADLINE in text
    assert "Annexe : activités réalisées sur la période" in text
    assert report.figures["people"] == 1227 and report.figures["experts"] == 87
    assert reader.metadata.title.startswith("Rapport au comité de pilotage")
    assert report.pages == len(reader.pages) >= 8


def test_a_report_whose_worker_is_killed_mid_run_finishes_with_no_click_and_no_stray_file(
    client, roles, celery_worker
):
    """The pool child running the report is killed (SIGKILL): its message comes back, the new child
    takes the report over, and one PDF is left in the reports' folder."""
    import os
    import signal

    import psutil

    call_command("seed_demo", "--no-accounts", stdout=io.StringIO())
    client.force_login(demo_official())
    client.post(
        reverse("reports:report-request"),
        {
            "start": "2020-10-01",
            "end": timezone.localdate().isoformat(),
            "language": "fr",
            "request_token": "0b6a3f4e-9c1d-4c7e-9a51-0f6d2f0c1a12",
        },
    )
    report = CommitteeReport.objects.get()
    deadline = time.monotonic() + 60
    while report.status != "running":
        assert time.monotonic() < deadline, f"the report is still {report.status}"
        time.sleep(0.05)
        report.refresh_from_db()
    children = psutil.Process(celery_worker["process"].pid).children()
    assert children, "the worker has no pool child"
    for child in children:
        os.kill(child.pid, signal.SIGKILL)

    report = wait_until_finished(report, seconds=120)
    assert report.status == "done", report.error
    assert report.attempts == 2
    folder = celery_worker["media_root"] / "committee-reports"
    # The worker's folder is shared by the session's tests: this report's files only.
    files = sorted(path.name for path in folder.rglob(f"committee-report-{report.pk}.*") if path.is_file())
    assert files == [f"committee-report-{report.pk}.docx", f"committee-report-{report.pk}.pdf"]
    assert PdfReader(io.BytesIO((folder / report.pdf.name.split("/", 1)[1]).read_bytes())).pages


def demo_official():
    """An official of the demo programme (the usual fixture's programme would take the demo's name)."""
    from courses.models import Programme
    from tests.factories import UserFactory

    return UserFactory(username="demo-official", role="official", role__programme=Programme.objects.get())
