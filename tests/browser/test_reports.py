import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.factories import ActivityFactory, ParticipationFactory, ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def test_an_official_requests_a_report_waits_for_it_and_downloads_it(page, login, official, celery_worker):
    programme = ProgrammeFactory()
    ParticipationFactory.create_batch(3, activity=ActivityFactory(programme=programme))
    login(official)
    expect(page.locator("#headline")).to_contain_text("3 fonctionnaires ont été formés ou sensibilisés")
    page.get_by_label("Date du comité").fill("2026-12-15")
    page.get_by_role("button", name="Préparer le rapport").click()
    expect(page.get_by_text("Le rapport est prêt.")).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    reader = PdfReader(download.value.path())
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).replace("\xa0", " ").split())
    assert "Comité du 15 décembre 2026" in text
    assert "3 fonctionnaires ont été formés ou sensibilisés" in text


def test_an_official_writes_the_narrative_requests_an_english_report_and_reads_both_files(
    page, login, official, celery_worker
):
    """The narrative is written in the report's language before the report; the PDF and the Word copy
    carry the English programme texts, the narrative and the sign-off."""
    from docx import Document

    programme = ProgrammeFactory()
    programme.name_en = "Police cooperation project"
    programme.donor_en = "European Union"
    programme.visibility_statement_en = "This programme is funded by the European Union."
    programme.signatory_name = "Aminata Diallo"
    programme.save()
    ParticipationFactory.create_batch(3, activity=ActivityFactory(programme=programme))
    login(official)
    page.locator("#narrative-links a").nth(1).click()  # French, English, Spanish: the English draft
    expect(page.get_by_role("heading", name="Partie rédigée du prochain rapport")).to_be_visible()
    page.get_by_label("Contexte").fill("The border posts reopened in March.")
    page.get_by_label("Décisions demandées au comité").fill("Approve the 2027 work plan.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La partie rédigée est enregistrée")).to_be_visible()
    page.goto("/dashboard/")
    page.get_by_label("Langue du rapport").select_option("en")
    page.get_by_label("Date du comité").fill("2027-03-10")
    page.get_by_role("button", name="Préparer le rapport").click()
    expect(page.get_by_text("Le rapport est prêt.")).to_be_visible(timeout=60_000)
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Télécharger le PDF").click()
    with page.expect_download() as word_download:
        page.get_by_role("link", name="Télécharger la copie Word").click()
    assert pdf_download.value.suggested_filename == "committee-report-poc-senegal-2027-03-10.pdf"
    assert word_download.value.suggested_filename == "committee-report-poc-senegal-2027-03-10.docx"
    reader = PdfReader(pdf_download.value.path())
    pdf = " ".join(" ".join(p.extract_text() for p in reader.pages).replace("\xa0", " ").split())
    document = Document(str(word_download.value.path()))
    word = " ".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    for text in (pdf, " ".join(word.split())):
        for expected in (
            "Police cooperation project",
            "European Union",
            "This programme is funded by the European Union.",
            "The border posts reopened in March.",
            "Approve the 2027 work plan.",
            "Sign-off",
            "Aminata Diallo",
            "3 officials have been trained or made aware",
        ):
            assert expected in text, expected
