"""French from the data: the main pages and PDFs, with 0, 1 and 2 of everything and a woman or a man,
never show a form known to be wrong (a plural that ignores its count, "(e)", "True", "5.0", a colon
without the space French puts before it)."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.browser.test_walk import french_problems
from tests.factories import ActivityFactory, AssignmentFactory, HeadcountFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

FRENCH = {"accept-language": "fr"}


def _text(response) -> str:
    if response["Content-Type"].startswith("application/pdf"):
        reader = PdfReader(
            io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
        )
        return " ".join(page.extract_text() for page in reader.pages)
    html = response.content.decode()

    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("count", [0, 1, 2])
@pytest.mark.parametrize("sex", ["F", "M"])
def test_the_main_pages_and_sheets_read_right_in_french(client, admin_user, count, sex):
    activity = ActivityFactory(status="done", duration_days="1.0")
    for _ in range(count):
        ParticipationFactory(activity=activity, trainee__sex=sex)
        AssignmentFactory(activity=activity)
    if count:
        HeadcountFactory(activity=activity, count=count)
    client.force_login(admin_user)
    urls = [
        reverse("reports:dashboard"),
        reverse("courses:activity-list"),
        activity.get_absolute_url(),
        reverse("trainees:activity-participants", args=[activity.pk]),
        reverse("trainees:activity-headcounts", args=[activity.pk]),
        reverse("trainees:trainee-list"),
        reverse("courses:expert-list"),
        reverse("reports:report-list"),
        reverse("trainees:attendance-sheet", args=[activity.pk]) + "?day=all",
    ]
    problems = []
    for url in urls:
        response = client.get(url, headers=FRENCH)
        assert response.status_code == 200, url
        problems += [f"{url}: {problem}" for problem in french_problems(_text(response))]
    assert problems == []
    dashboard = _text(client.get(reverse("reports:dashboard"), headers=FRENCH))
    assert "0 activité prévue" not in dashboard and "Aucune activité n’est prévue d’ici là." in dashboard


@pytest.mark.parametrize("count", [0, 1])
def test_the_committee_report_reads_right_in_french(admin_user, count):
    from reports.models import CommitteeReport
    from reports.services import committee_report_generate

    activity = ActivityFactory(status="done", duration_days="1.0")
    for _ in range(count):
        ParticipationFactory(activity=activity, trainee__sex="F")
        AssignmentFactory(activity=activity)
    report = CommitteeReport.objects.create(
        programme=activity.programme,
        period_start=activity.programme.start_date,
        period_end=activity.end_date,
        requested_by=admin_user,
        language="fr",
    )
    assert committee_report_generate(report_id=report.pk)
    report.refresh_from_db()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(report.pdf.read())).pages)
    assert french_problems(text) == []
    assert "0 activité prévue" not in text and "Aucune activité n’est prévue d’ici là." in " ".join(
        text.replace("\xa0", " ").split()
    )
