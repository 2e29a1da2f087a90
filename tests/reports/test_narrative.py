"""The committee report as a document: narrative drafted then frozen, programme texts in the report's
language, the Word copy beside the PDF, the file names, the e-mail to the requester."""

import datetime
import io
import uuid

import pytest
from django.core import mail
from django.urls import reverse
from docx import Document

from reports import services
from reports.models import CommitteeReport, ReportNarrative
from tests.factories import ActivityFactory, ParticipationFactory, ProgrammeFactory
from tests.reports.test_reports import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    programme = ProgrammeFactory(start_date=datetime.date(2020, 10, 1))  # the officials' programme
    ProgrammeFactory._meta.model.objects.filter(pk=programme.pk).update(
        short_name="POC Sénégal",
        donor="Union européenne",
        name_en="Police cooperation project",
        donor_en="European Union",
        partners_en="FIIAPP (Spain)",
        visibility_statement="Ce programme est financé par l’Union européenne.",
        visibility_statement_en="This programme is funded by the European Union.",
        signatory_name="Aminata Diallo",
        signatory_title="Programme coordinator",
    )
    programme.refresh_from_db()
    ParticipationFactory.create_batch(2, activity=ActivityFactory(programme=programme))
    return programme


def narrative_data(version: int, **sections) -> dict:
    base = {key: "" for key in ("context", "progress", "difficulties", "lessons", "decisions")}
    return {**base, **sections, "version": version}


def request(client, programme, language="en", committee_date="2027-03-10"):
    return client.post(
        reverse("reports:report-request"),
        {
            "programme": programme.pk,
            "start": "2020-10-01",
            "end": "2026-11-01",
            "language": language,
            "committee_date": committee_date,
            "request_token": str(uuid.uuid4()),
        },
    )


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).replace("\xa0", " ").replace("\u202f", " ").split())


def test_the_narrative_is_drafted_then_frozen_into_the_report_in_its_language(
    client, official, programme, django_capture_on_commit_callbacks
):
    client.force_login(official)
    url = reverse("reports:narrative-edit", args=[programme.pk, "en"])
    assert client.get(url).status_code == 200
    response = client.post(
        url, narrative_data(1, context="Border posts reopened.", decisions="Approve the 2027 work plan.")
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        request(client, programme)
    report = CommitteeReport.objects.get()
    assert report.status == "done", report.error
    assert report.narrative["decisions"] == "Approve the 2027 work plan."
    # The draft changes afterwards; the report keeps what it had.
    narrative = ReportNarrative.objects.get(programme=programme, language="en")
    client.post(url, narrative_data(narrative.version, context="Something else."))
    report.refresh_from_db()
    assert report.narrative["context"] == "Border posts reopened."

    pdf = pdf_text(report.pdf.read())
    for text in (
        "Police cooperation project",
        "European Union",
        "FIIAPP (Spain)",
        "This programme is funded by the European Union.",
        "Border posts reopened.",
        "Decisions requested from the committee",
        "Approve the 2027 work plan.",
        "Sign-off",
        "Aminata Diallo, Programme coordinator",
        "Contents",
    ):
        assert text in pdf, text
    assert "Union européenne" not in pdf
    word = docx_text(report.docx.read())
    for text in ("Police cooperation project", "Approve the 2027 work plan.", "Aminata Diallo", "Sign-off"):
        assert text in word, text

    page = client.get(report.get_absolute_url()).content.decode()
    assert (
        "Approve the 2027 work plan." in page
        and reverse("reports:report-download-word", args=[report.pk]) in page
    )
    pdf_download = client.get(reverse("reports:report-download", args=[report.pk]))
    assert 'filename="committee-report-police-cooperation-project' not in pdf_download["Content-Disposition"]
    assert 'filename="committee-report-poc-senegal-2027-03-10.pdf"' in pdf_download["Content-Disposition"]
    word_download = client.get(reverse("reports:report-download-word", args=[report.pk]))
    assert 'filename="committee-report-poc-senegal-2027-03-10.docx"' in word_download["Content-Disposition"]


def test_file_names_are_in_the_reports_language_with_the_committee_date(programme, official):
    dated = CommitteeReport(
        programme=programme,
        period_start=programme.start_date,
        period_end=datetime.date(2026, 11, 1),
        committee_date=datetime.date(2027, 3, 10),
        language="fr",
        requested_by=official,
    )
    assert dated.filename("pdf") == "rapport-comite-poc-senegal-2027-03-10.pdf"
    dated.language = "es"
    assert dated.filename("docx") == "informe-comite-poc-senegal-2027-03-10.docx"
    dated.committee_date = None
    assert dated.filename("pdf") == "informe-comite-poc-senegal-2026-11-01.pdf"


def test_a_report_starts_from_the_previous_reports_narrative(
    client, official, programme, django_capture_on_commit_callbacks
):
    client.force_login(official)
    url = reverse("reports:narrative-edit", args=[programme.pk, "fr"])
    from_previous = reverse("reports:narrative-from-previous", args=[programme.pk, "fr"])
    client.get(url)
    refused = client.post(from_previous, {"version": "1"}, follow=True).content.decode()
    assert "Aucun rapport précédent dans cette langue" in refused
    client.post(url, narrative_data(1, lessons="Former les formateurs."))
    with django_capture_on_commit_callbacks(execute=True):
        request(client, programme, language="fr")
    client.post(url, narrative_data(2, lessons=""))
    assert ReportNarrative.objects.get(language="fr").lessons == ""
    client.post(from_previous, {"version": "3"})
    assert ReportNarrative.objects.get(language="fr").lessons == "Former les formateurs."
    stale = client.post(from_previous, {"version": "1"}, follow=True).content.decode()
    assert "Someone else saved" in stale or "Quelqu’un d’autre" in stale


def test_a_narrative_is_scoped_to_the_users_programmes_and_languages(client, official, programme):
    client.force_login(official)
    other = ProgrammeFactory(name="Another programme")
    assert client.get(reverse("reports:narrative-edit", args=[other.pk, "fr"])).status_code == 404
    assert client.get(reverse("reports:narrative-edit", args=[programme.pk, "de"])).status_code == 404
    assert not ReportNarrative.objects.filter(programme=other).exists()


def test_the_requester_is_told_by_email_when_the_report_is_ready_or_failed(
    client, official, programme, django_capture_on_commit_callbacks, monkeypatch
):
    official.email = "official@example.org"
    official.save()
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        request(client, programme, language="en")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["official@example.org"] and "is ready" in message.subject
    report = CommitteeReport.objects.get()
    assert f"https://training.example.org{report.get_absolute_url()}" in message.body

    def broken(**kwargs):
        raise RuntimeError("a broken template")

    monkeypatch.setattr(services, "committee_report_context", broken)
    with django_capture_on_commit_callbacks(execute=True):
        request(client, programme, language="fr")
    assert len(mail.outbox) == 2
    assert "n’a pas pu être préparé" in mail.outbox[1].subject
    assert services.report_ready_notify  # the same function tells both outcomes
