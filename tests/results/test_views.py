"""The framework's pages: admins edit it, coordinators enter manual values, admins approve; everyone reads."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from reports.models import CommitteeReport
from reports.services import committee_report_generate
from results.compute import compute_indicators
from results.models import DonorIndicator, ExpectedResult, Indicator, ManualValue
from tests.factories import (
    ActivityFactory,
    ParticipationFactory,
    ProgrammeFactory,
    ThemeFactory,
    TraineeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    programme = ProgrammeFactory()
    activity = ActivityFactory(programme=programme, theme=ThemeFactory(name="Fraude documentaire"))
    ParticipationFactory(activity=activity, trainee=TraineeFactory(sex="F"))
    ParticipationFactory(activity=activity, trainee=TraineeFactory(sex="M"))
    return programme


@pytest.fixture
def result(programme):
    return ExpectedResult.objects.create(programme=programme, code="R1", title="Capacités renforcées")


def year_rows(*rows, extra: int = 1) -> dict[str, str]:
    """The targets of each year as the indicator form posts them: rows of (year, target[, removed])."""
    data = {"targets-TOTAL_FORMS": str(len(rows) + extra), "targets-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data[f"targets-{index}-year"], data[f"targets-{index}-value"] = str(row[0]), str(row[1])
        if len(row) > 2 and row[2]:
            data[f"targets-{index}-DELETE"] = "on"
    return data


def test_the_catalogue_holds_the_eutf_indicators_with_the_earlier_wording_of_4_2():
    entries = {(d.code, d.version): d for d in DonorIndicator.objects.filter(donor="EUTF")}
    assert (
        entries[("3.7", 1)].title_en == "Number of individuals trained on migration management and protection"
    )
    assert "governance, conflict prevention and human rights" in entries[("4.2", 2)].title_en
    assert entries[("4.2", 2)].current and not entries[("4.2", 1)].current
    assert "border management, CVE" in entries[("4.2", 1)].title_en


def test_an_admin_creates_a_result_and_an_indicator_from_the_catalogue(client, admin_user, programme):
    client.force_login(admin_user)
    response = client.post(
        reverse("results:result-create", args=[programme.pk]), {"code": "R2", "title": "Migration gérée"}
    )
    assert response.status_code == 302
    result = ExpectedResult.objects.get(code="R2")
    entry = DonorIndicator.objects.get(code="3.7")
    response = client.post(
        reverse("results:indicator-create", args=[result.pk]),
        {
            "catalogue": entry.pk,
            "baseline": "0",
            "target": "4",
            "target_women": "2",
            "cumulative": "on",
            "kind": "computed",
            "measure": "people_trained",
            **year_rows((2023, 2), (2024, "2")),
        },
    )
    assert response.status_code == 302, response.content.decode()
    indicator = Indicator.objects.get(result=result)
    assert (indicator.code, indicator.catalogue, indicator.title_fr) == ("3.7", entry, entry.title_fr)
    assert {t.year: t.value for t in indicator.year_targets.all()} == {2023: 2, 2024: 2}
    (progress,) = compute_indicators(programme, programme.start_date, datetime.date(2023, 12, 31))
    assert (progress.since_start, progress.percent, progress.women, progress.women_percent) == (2, 50, 1, 50)


def test_a_bad_rule_or_target_line_is_refused_with_a_message_and_nothing_saved(client, admin_user, result):
    client.force_login(admin_user)
    response = client.post(
        reverse("results:indicator-create", args=[result.pk]),
        {
            "code": "1",
            "title_fr": "Jours",
            "baseline": "0",
            "kind": "computed",
            "measure": "days",
            "sex": "F",
            **year_rows(("l'an prochain", "beaucoup")),
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "ne s’applique qu’à ce qui compte des personnes" in text
    assert "Saisissez un nombre entier." in text and "Saisissez un nombre." in text
    assert not Indicator.objects.exists()


def test_coordinators_and_officials_cannot_edit_the_framework(client, coordinator, official, result):
    for user in (coordinator, official):
        client.force_login(user)
        assert client.post(reverse("results:indicator-create", args=[result.pk]), {}).status_code == 403


def test_manual_values_count_only_once_approved(client, coordinator, admin_user, programme, result):
    manual = Indicator.objects.create(
        result=result, code="2.1", title_fr="Procédures adoptées", kind="manual"
    )
    client.force_login(coordinator)
    url = reverse("results:value-create", args=[manual.pk])
    scan = SimpleUploadedFile(
        "minutes.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF", content_type="application/pdf"
    )
    response = client.post(
        url,
        {
            "period_start": "2023-01-01",
            "period_end": "2023-06-30",
            "value": "3",
            "comment": "Arrêtés",
            "evidence": scan,
            "submit": "1",
        },
    )
    assert response.status_code == 302
    value = ManualValue.objects.get()
    assert value.status == "submitted" and value.evidence_name == "minutes.pdf"
    end = datetime.date(2023, 12, 31)
    assert compute_indicators(programme, programme.start_date, end)[0].since_start == 0
    assert compute_indicators(programme, programme.start_date, end)[0].pending == 1
    review = reverse("results:value-review", args=[value.pk])
    client.post(review, {"status": "approved"})  # a coordinator cannot approve
    value.refresh_from_db()
    assert value.status == "submitted"
    client.force_login(admin_user)
    client.post(review, {"status": "returned", "comment": ""})  # returning needs a reason
    value.refresh_from_db()
    assert value.status == "submitted"
    client.post(review, {"status": "returned", "comment": "Joindre les arrêtés signés"})
    value.refresh_from_db()
    assert (value.status, value.review_comment, value.reviewed_by) == (
        "returned",
        "Joindre les arrêtés signés",
        admin_user,
    )
    client.force_login(coordinator)
    client.post(review, {"status": "submitted"})
    client.force_login(admin_user)
    client.post(review, {"status": "approved"})
    value.refresh_from_db()
    assert (
        value.status == "approved" and value.history.count() == 4
    )  # submitted, returned, submitted, approved
    assert compute_indicators(programme, programme.start_date, end)[0].since_start == 3
    # A period after the value's: nothing in the period, three since the start.
    later = compute_indicators(programme, datetime.date(2023, 7, 1), end)[0]
    assert (later.period, later.since_start) == (0, 3)


def test_an_evidence_file_that_is_not_a_scan_is_refused(client, coordinator, result):
    manual = Indicator.objects.create(result=result, code="2.1", title_fr="Procédures", kind="manual")
    client.force_login(coordinator)
    fake = SimpleUploadedFile("minutes.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post(
        reverse("results:value-create", args=[manual.pk]),
        {"period_start": "2023-01-01", "period_end": "2023-06-30", "value": "3", "evidence": fake},
    )
    assert response.status_code == 200 and not ManualValue.objects.exists()


def test_the_dashboard_and_the_pdf_show_the_indicators(client, official, programme, result, settings):
    Indicator.objects.create(
        result=result, code="3.7", title_fr="Personnes formées", measure="people_trained", target=Decimal(4)
    )
    client.force_login(official)
    page = client.get(
        reverse("reports:dashboard"), {"start": "2023-01-01", "end": "2023-12-31"}
    ).content.decode()
    assert "Personnes formées" in page and "50 % de la cible" in page and "Cette période" in page
    report = CommitteeReport.objects.create(
        programme=programme,
        period_start=programme.start_date,
        period_end=datetime.date(2023, 12, 31),
        requested_by=official,
    )
    assert committee_report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.figures["indicators"][0]["since_start"] == "2"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(report.pdf.read())).pages)
    text = " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())
    assert "Indicateurs" in text and "3.7 Personnes formées" in text and "50 %" in text
    # The Word copy of the same run carries the same results section.
    word = Document(io.BytesIO(report.docx.read()))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert any(h.endswith("Résultats") for h in headings) and "Indicateurs" in headings
    assert (
        any(c.startswith("3.7 Personnes formées") for c in cells)
        and "50 %" in cells
        and "Part de la cible" in cells
    )


def test_the_export_has_one_row_per_indicator_and_period(client, official, programme, result):
    Indicator.objects.create(
        result=result, code="3.7", title_fr="Personnes formées", measure="people_trained"
    )
    client.force_login(official)
    response = client.get(reverse("results:export", args=[programme.pk]))
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    years = datetime.date.today().year - programme.start_date.year + 1
    assert len(rows) == 1 + years + 1  # the header, each year, since the start
    row_2023 = next(r for r in rows if r[4] == "2023")
    assert row_2023[1] == "3.7" and row_2023[9] == 2


def test_a_later_period_shows_its_figures_beside_those_since_the_start_and_people_by_sex_and_service(
    client, official, programme
):
    later = ActivityFactory(programme=programme, start_date=datetime.date(2024, 3, 4))
    ParticipationFactory(activity=later, trainee=TraineeFactory(sex="F", service="customs"))
    client.force_login(official)
    page = client.get(
        reverse("reports:dashboard"), {"start": "2024-01-01", "end": "2024-12-31"}
    ).content.decode()
    assert 'id="period-and-since"' in page
    assert "Femmes\u00a0: 100 % des personnes touchées" in page  # the one person of 2024
    whole = client.get(reverse("reports:dashboard")).content.decode()
    assert 'id="period-and-since"' not in whole  # the whole programme: one column is enough
    assert "Femmes\u00a0: 67 % des personnes touchées" in whole
    report = CommitteeReport.objects.create(
        programme=programme,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        requested_by=official,
    )
    assert committee_report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert (report.figures["people"], report.figures["since_start"]["people"]) == (1, 3)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(report.pdf.read())).pages)
    text = " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())
    assert "Cette période et depuis le début" in text and "Douanes 1 0 1" in text


def test_the_dashboard_caches_its_indicators_and_shows_a_framework_change_at_once(
    client, official, admin_user, programme, result, django_assert_max_num_queries
):
    from results import services as framework

    indicator = Indicator.objects.create(
        result=result, code="3.7", title_fr="Personnes formées", measure="people_trained", target=Decimal(4)
    )
    client.force_login(official)
    dashboard = reverse("reports:dashboard")
    assert "50 % de la cible" in client.get(dashboard).content.decode()
    with django_assert_max_num_queries(9):  # figures and indicators from the cache
        client.get(dashboard)
    # A new target, a new indicator, an approved value: each is on the next page, not a day later.
    indicator.target = Decimal(8)
    indicator.save()
    assert "25 % de la cible" in client.get(dashboard).content.decode()
    manual = framework.indicator_save(
        result=result, by=admin_user, code="2.1", title_fr="Procédures adoptées", kind="manual"
    )
    assert "Procédures adoptées" in client.get(dashboard).content.decode()
    value = framework.manual_value_add(
        indicator=manual,
        by=admin_user,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 6, 30),
        value=Decimal(3),
        submit=True,
    )
    assert client.get(dashboard).context["indicators"][0].since_start == 0
    framework.manual_value_move(entry=value, status="approved", by=admin_user)
    assert client.get(dashboard).context["indicators"][0].since_start == 3
    # In English the titles and rules are those of the reader's language, not the cached French ones.
    assert client.get(dashboard).context["indicators"][1].rule == "personnes distinctes formées"
    client.post(reverse("set_language"), {"language": "en"})
    assert client.get(dashboard).context["indicators"][1].rule == "distinct people trained"
