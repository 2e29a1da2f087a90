"""Reads: scoped to the caller's programmes as the pages are; the figures are the dashboard's."""

import datetime
import json
from dataclasses import asdict
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from core.models import AccessLog
from reports.figures import compute_figures
from reports.models import CommitteeReport
from tests.factories import (
    ActivityFactory,
    AssignmentFactory,
    HeadcountFactory,
    ParticipationFactory,
    ProgrammeFactory,
    TraineeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_programmes(roles):
    """Programme A (the factories' default) and B, each with records, a report and a participant."""
    a = ProgrammeFactory()
    b = ProgrammeFactory(name="Projet opérationnel conjoint (POC) Mauritanie", country="MR")
    made = {}
    for programme in (a, b):
        activity = ActivityFactory(programme=programme)
        participation = ParticipationFactory(
            activity=activity,
            trainee=TraineeFactory(last_name=f"Secretname{programme.pk}", programmes=[programme]),
        )
        report = CommitteeReport(
            programme=programme,
            period_start=programme.start_date,
            period_end=activity.end_date,
            requested_by=UserFactory(),
            status=CommitteeReport.Status.DONE,
            finished_at=timezone.now(),
            figures=compute_figures(programme, programme.start_date, activity.end_date).to_dict(),
        )
        report.pdf.save("report.pdf", ContentFile(b"%PDF-1.7 stand-in"))
        made[programme] = {"activity": activity, "participation": participation, "report": report}
    return a, b, made


def urls_of(programme, objects) -> list[str]:
    activity, report = objects["activity"], objects["report"]
    return [
        f"/api/v1/programmes/{programme.pk}/",
        f"/api/v1/programmes/{programme.pk}/figures/",
        f"/api/v1/activities/{activity.pk}/",
        f"/api/v1/activities/{activity.pk}/participants/",
        f"/api/v1/reports/{report.pk}/",
        f"/api/v1/reports/{report.pk}/pdf/",
        f"/api/v1/trainees/{objects['participation'].trainee_id}/",
    ]


def test_a_token_of_programme_a_gets_404_on_programme_b_s_objects(two_programmes, token_client):
    a, b, made = two_programmes
    coordinator_of_a = UserFactory(role="coordinator", role__programme=a)
    client = token_client(coordinator_of_a)
    for url in urls_of(a, made[a]):
        assert client.get(url).status_code == 200, url
    for url in urls_of(b, made[b]):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["status"] == 404 and response.json()["code"] == "not_found"
    # Nor does B appear in the lists.
    listed = {
        "/api/v1/programmes/": a.pk,
        "/api/v1/activities/": made[a]["activity"].pk,
        "/api/v1/reports/": made[a]["report"].pk,
        "/api/v1/trainees/": made[a]["participation"].trainee_id,
    }
    for url, only in listed.items():
        assert [row["id"] for row in client.get(url).json()["results"]] == [only], url
    assert client.get(f"/api/v1/activities/?programme={b.pk}").status_code == 400


def test_an_official_s_token_never_returns_a_trainee_s_name(two_programmes, token_client, official):
    a, _b, made = two_programmes
    client = token_client(official)
    urls = [*urls_of(a, made[a]), "/api/v1/programmes/", "/api/v1/activities/", "/api/v1/reports/"]
    urls += ["/api/v1/trainees/", f"/api/v1/trainees/?q={made[a]['participation'].trainee.last_name}"]
    statuses = {}
    for url in urls:
        response = client.get(url)
        statuses[url] = response.status_code
        body = b"".join(response.streaming_content) if response.streaming else response.content
        for trainee in (made[a]["participation"].trainee,):
            assert trainee.last_name.encode() not in body, url
            assert trainee.first_name.encode() not in body, url
    personal = {url for url in urls if "participants" in url or "trainees" in url}
    assert {statuses[url] for url in personal} == {403}
    assert all(code == 200 for url, code in statuses.items() if url not in personal)


def test_reading_participants_is_written_to_the_access_log(two_programmes, token_client, coordinator):
    a, _b, made = two_programmes
    activity = made[a]["activity"]
    response = token_client(coordinator).get(f"/api/v1/activities/{activity.pk}/participants/")
    assert response.status_code == 200
    row = response.json()["results"][0]
    assert row["last_name"] == made[a]["participation"].trainee.last_name
    entry = AccessLog.objects.get()
    assert (entry.user, entry.subject, entry.object_id, entry.programme_id) == (
        coordinator,
        AccessLog.Subject.PARTICIPANTS,
        str(activity.pk),
        a.pk,
    )


def test_people_on_record_are_searched_and_each_read_is_logged(two_programmes, token_client, coordinator):
    a, _b, made = two_programmes
    trainee = made[a]["participation"].trainee
    client = token_client(coordinator)
    found = client.get("/api/v1/trainees/", {"q": trainee.last_name}).json()["results"]
    assert [row["id"] for row in found] == [trainee.pk] and "email" not in found[0]
    assert client.get("/api/v1/trainees/", {"q": "nobody-by-that-name"}).json()["count"] == 0
    assert client.get(f"/api/v1/trainees/{trainee.pk}/").json()["last_name"] == trainee.last_name
    assert list(AccessLog.objects.order_by("pk").values_list("subject", flat=True)) == [
        AccessLog.Subject.TRAINEE_LIST,
        AccessLog.Subject.TRAINEE_LIST,
        AccessLog.Subject.TRAINEE,
    ]


def test_the_figures_endpoint_returns_exactly_compute_figures_for_the_same_period(
    roles, token_client, official
):
    programme = ProgrammeFactory()
    done = ActivityFactory(programme=programme, duration_days=Decimal("2.5"), duration_hours=14)
    ActivityFactory(programme=programme, kind="workshop", end_date=datetime.date(2024, 5, 3))
    ActivityFactory(programme=programme, status="planned", start_date=datetime.date(2023, 11, 6))
    for _ in range(3):
        ParticipationFactory(activity=done)
    AssignmentFactory(activity=done)
    HeadcountFactory(activity=done)
    start, end = datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)

    response = token_client(official).get(
        f"/api/v1/programmes/{programme.pk}/figures/", {"start": start.isoformat(), "end": end.isoformat()}
    )

    assert response.status_code == 200
    expected = compute_figures(programme, start, end)
    # Field for field, converted independently of the API's serializer: numbers as numbers, dates ISO.
    plain = json.loads(
        json.dumps(asdict(expected), default=lambda v: v.isoformat() if hasattr(v, "isoformat") else float(v))
    )
    assert response.json() == plain
    body = response.json()
    assert body["people"] == 3 and body["activities_done"] == 1 and body["experts"] == 1
    assert body["days_delivered"] == 2.5 and body["start"] == "2023-01-01"  # numbers as numbers, dates ISO
    assert body["ahead_total"] == expected.ahead_total


def test_a_period_the_dashboard_refuses_is_a_400_with_the_same_message(roles, token_client, official):
    programme = ProgrammeFactory()
    client = token_client(official)
    url = f"/api/v1/programmes/{programme.pk}/figures/"
    for query in (
        {"start": "2024-05-01", "end": "2024-01-01"},
        {"start": "1200-01-01"},
        {"end": "yesterday"},
    ):
        response = client.get(url, query)
        assert response.status_code == 400, query
        body = response.json()
        assert body["code"] == "invalid" and body["errors"], query


def test_a_report_carries_its_snapshot_and_its_download_link(two_programmes, token_client, official):
    a, _b, made = two_programmes
    report = made[a]["report"]
    client = token_client(official)
    body = client.get(f"/api/v1/reports/{report.pk}/").json()
    assert body["snapshot"]["people"] == 1 and body["snapshot"]["programme_id"] == a.pk
    assert body["download"] == f"/api/v1/reports/{report.pk}/pdf/"
    pdf = client.get(body["download"])
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_activities_filter_by_kind_status_period_region_and_theme(roles, token_client, official):
    programme = ProgrammeFactory()
    training = ActivityFactory(programme=programme, end_date=datetime.date(2023, 3, 10))
    workshop = ActivityFactory(
        programme=programme, kind="workshop", region="thies", end_date=datetime.date(2024, 6, 1)
    )
    client = token_client(official)

    def ids(**query):
        response = client.get("/api/v1/activities/", query)
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert ids(kind="workshop") == [workshop.pk]
    assert ids(region="thies") == [workshop.pk]
    assert ids(start="2024-01-01") == [workshop.pk]
    assert ids(end="2023-12-31") == [training.pk]
    assert ids(status="planned") == []
    assert client.get("/api/v1/activities/", {"kind": "party"}).json()["errors"]["kind"]


def test_the_indicators_endpoint_returns_the_framework_as_computed_for_the_period(
    roles, token_client, official, two_programmes
):
    from results.compute import compute_indicators
    from results.models import ExpectedResult, Indicator

    a, b, _made = two_programmes
    result = ExpectedResult.objects.create(programme=a, code="R1", title="Capacités renforcées")
    Indicator.objects.create(
        result=result, code="3.7", title_fr="Personnes formées", title_en="People trained", target=Decimal(4)
    )
    client = token_client(official)

    response = client.get(f"/api/v1/programmes/{a.pk}/indicators/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    [body] = response.json()
    [expected] = compute_indicators(a, a.start_date, timezone.localdate())
    assert body["code"] == "3.7" and body["result_code"] == "R1"
    assert body["since_start"] == float(expected.since_start) == 1  # numbers as numbers
    assert body["target"] == 4 and body["percent"] == expected.percent == 25 and body["met"] is False
    assert client.get(f"/api/v1/programmes/{b.pk}/indicators/").status_code == 404
    refused = client.get(
        f"/api/v1/programmes/{a.pk}/indicators/", {"start": "2024-05-01", "end": "2024-01-01"}
    )
    assert refused.status_code == 400
