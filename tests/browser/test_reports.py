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
