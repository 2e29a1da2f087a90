"""The report form on the dashboard: its own field ids, a refused request keeps what was typed."""

import re
from collections import Counter

from django.urls import reverse

from reports.models import CommitteeReport
from tests.factories import ActivityFactory
from tests.reports.test_reports import request_data


def test_the_dashboard_forms_have_unique_ids_and_labels_point_at_their_own_fields(client, official):
    ActivityFactory()
    client.force_login(official)
    body = client.get(reverse("reports:dashboard")).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', body))
    assert [name for name, count in ids.items() if count > 1] == []
    assert 'for="id_report_start"' in body and 'id="id_report_start"' in body
    assert 'for="id_start"' in body and 'id="id_start"' in body


def test_an_end_before_the_start_keeps_the_dates_and_marks_the_end(client, official):
    programme = ActivityFactory().programme
    client.force_login(official)
    response = client.post(
        reverse("reports:report-request"),
        request_data(programme, start="2024-05-10", end="2024-05-01"),
        headers={"accept-language": "fr"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "La fin de la période ne peut pas précéder son début." in body
    assert re.search(r'<input[^>]*value="2024-05-10"[^>]*id="id_report_start"', body)
    assert re.search(r'<input[^>]*class="[^"]*is-invalid[^"]*"[^>]*id="id_report_end"', body)
    assert re.search(r'<input[^>]*value="2024-05-01"[^>]*id="id_report_end"', body)
    assert 'action="/reports/request/#request-report"' in body  # the answer opens at the form
    assert not CommitteeReport.objects.exists()


def test_a_get_on_the_request_address_goes_to_the_form(client, official):
    client.force_login(official)
    response = client.get(reverse("reports:report-request"))
    assert response.status_code == 302
    assert response.url == reverse("reports:dashboard") + "#request-report"
