"""The API fuzzed against its own OpenAPI schema (Schemathesis): no 500, no response off the schema.

A small seeded database (one programme with activities, participants, a report) and an
administrator's token; a bounded number of generated requests per operation.
"""

import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.services import api_token_create
from api.throttling import TokenRateThrottle
from reports.figures import compute_figures
from reports.models import CommitteeReport
from tests.factories import (
    ActivityFactory,
    OrganisationFactory,
    ParticipationFactory,
    ThemeFactory,
    UserFactory,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(db, roles, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "100000/min"})
    ThemeFactory()
    OrganisationFactory()
    done = ActivityFactory()
    planned = ActivityFactory(status="planned", kind="workshop")
    for _ in range(3):
        ParticipationFactory(activity=done)
    report = CommitteeReport(
        programme=done.programme,
        period_start=done.programme.start_date,
        period_end=done.end_date,
        requested_by=UserFactory(username="requester"),
        status=CommitteeReport.Status.DONE,
        finished_at=timezone.now(),
        figures=compute_figures(done.programme, done.programme.start_date, done.end_date).to_dict(),
    )
    report.pdf.save("report.pdf", ContentFile(b"%PDF-1.7 stand-in"))
    admin = UserFactory(username="integration", role="admin")
    _token, text = api_token_create(user=admin, name="fuzzing", days=30)
    headers = {"Authorization": f"Bearer {text}"}
    # The requests run in this process, inside the test's transaction: a request must not close the
    # connection at its start or end (Django's test client does the same).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", get_wsgi_application(), headers=headers
    )
    schema.config.headers = headers
    # Half the generated ids are replaced by those of the seeded records, so that the operations are
    # fuzzed on real objects too, not only on 404s.
    seeded = {
        "activities": [done.pk, planned.pk],
        "programmes": [done.programme_id],
        "reports": [report.pk],
        "trainees": list(done.participations.values_list("trainee_id", flat=True)),
    }
    yield schema, seeded
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_api_answers_every_generated_request_within_its_schema(api_schema):
    api_schema, seeded = api_schema
    headers = api_schema.config.headers
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10  # every endpoint family is in the schema
    failures = {}
    for operation in operations:
        ids = seeded.get(operation.path.split("/")[3], [])

        @given(case=operation.as_strategy(), real=st.sampled_from([None, *ids]))
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def fuzz(case, real):
            if real is not None and case.path_parameters and "id" in case.path_parameters:
                case.path_parameters["id"] = real
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            fuzz()
        except Exception as error:
            failures[operation.label] = str(error)[:2000]
    assert failures == {}
