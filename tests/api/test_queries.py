"""List endpoints read in a number of queries that does not grow with the rows."""

import uuid

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Membership
from reports.models import CommitteeReport
from tests.factories import (
    ActivityFactory,
    OrganisationFactory,
    ParticipationFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def make_rows(programme, n: int, requester, member) -> None:
    for _ in range(n):
        Membership.objects.create(
            user=member, programme=ProgrammeFactory(name=f"Programme {uuid.uuid4()}"), role="official"
        )
        activity = ActivityFactory(programme=programme)
        activity.beneficiary_units.add(OrganisationFactory())
        ParticipationFactory(activity=activity)
        report = CommitteeReport(
            programme=programme,
            period_start=programme.start_date,
            period_end=activity.end_date,
            requested_by=requester,
            status=CommitteeReport.Status.DONE,
            finished_at=timezone.now(),
        )
        report.pdf.save("r.pdf", ContentFile(b"%PDF-1.7"))


@pytest.mark.parametrize(
    "url",
    ["/api/v1/programmes/", "/api/v1/activities/", "/api/v1/reports/", "/api/v1/trainees/", "participants"],
)
def test_list_endpoints_query_counts_are_constant_in_the_number_of_rows(url, token_client, coordinator):
    programme = ProgrammeFactory()
    client = token_client(coordinator)
    requester = UserFactory(username="requester")

    def count() -> int:
        target = url
        if url == "participants":
            activity = programme.activities.order_by("pk").first()
            for _ in range(3):
                ParticipationFactory(activity=activity)
            target = f"/api/v1/activities/{activity.pk}/participants/"
        client.get(target)  # the token's first use is recorded once a minute: not part of the count
        with CaptureQueriesContext(connection) as queries:
            response = client.get(target)
        assert response.status_code == 200
        assert response.json()["count"] > 0
        return len(queries)

    make_rows(programme, 2, requester, coordinator)
    few = count()
    make_rows(programme, 12, requester, coordinator)
    many = count()
    assert few == many
    assert many <= 8
