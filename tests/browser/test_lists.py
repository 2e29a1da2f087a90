import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.factories import ActivityFactory
from tests.trainees.spreadsheets import FRENCH_HEADER, person, xlsx

pytestmark = pytest.mark.browser


def test_a_coordinator_imports_a_list_fixes_a_bad_row_and_prints_the_attendance_sheet(
    page, login, coordinator, tmp_path
):
    activity = ActivityFactory(title="Formation : techniques d’audition", status="planned")
    bad = tmp_path / "liste.xlsx"
    bad.write_bytes(
        xlsx(
            [
                FRENCH_HEADER,
                person("Ndiaye", "Fatou"),
                person("Sow", "Ibrahima", "Z"),
                person("Faye", "Coumba"),
            ]
        )
    )
    login(coordinator)
    page.goto(activity.get_absolute_url())
    page.get_by_role("link", name="Importer une liste (.xlsx, .csv)").click()
    page.get_by_label("Liste des participants (.xlsx ou .csv)").set_input_files(str(bad))
    page.get_by_role("button", name="Lire la liste").click()
    expect(page.locator("#import-blocked")).to_be_visible()
    expect(page.locator("tr[data-line='3']")).to_contain_text("sexe inconnu « Z »")
    expect(page.get_by_role("button", name="Importer la liste")).to_have_count(0)

    fixed = tmp_path / "liste-corrigee.xlsx"
    fixed.write_bytes(
        xlsx(
            [
                FRENCH_HEADER,
                person("Ndiaye", "Fatou"),
                person("Sow", "Ibrahima", "M"),
                person("Faye", "Coumba"),
            ]
        )
    )
    page.get_by_role("link", name="Déposer le fichier corrigé").click()
    page.get_by_label("Liste des participants (.xlsx ou .csv)").set_input_files(str(fixed))
    page.get_by_role("button", name="Lire la liste").click()
    expect(page.locator("#import-summary")).to_contain_text("3 nouveaux")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Importer la liste").click()
    expect(page.locator(".alert-success")).to_contain_text("3 personnes inscrites, 3 participants ajoutés")
    expect(page.locator("#participant-rows tbody tr")).to_have_count(3)

    page.goto(activity.get_absolute_url())
    with page.expect_popup() as popup:
        page.get_by_role("button", name="Feuille d’émargement (PDF)").click()
    response = page.request.get(popup.value.url)
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(response.body())).pages[0].extract_text().split())
    assert "Feuille d’émargement" in text and "NDIAYE Fatou" in text and "SOW Ibrahima" in text
