"""The results framework in Chromium: an admin builds an indicator from the donor's catalogue, an
official reads its progress on the dashboard and in the committee report's PDF."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from results import services
from results.catalogue import catalogue_load
from results.models import ExpectedResult, Indicator, IndicatorTarget, ManualValue
from tests.factories import ActivityFactory, ParticipationFactory, ProgrammeFactory, TraineeFactory

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def test_an_admin_sets_an_indicator_up_and_an_official_sees_its_progress(
    page, login, admin_user, official, celery_worker
):
    catalogue_load()  # browser tests flush the database, data migrations' rows with it
    programme = ProgrammeFactory()
    training = ActivityFactory(programme=programme, start_date=datetime.date(2024, 3, 4))
    for sex in ("F", "F", "M"):
        ParticipationFactory(activity=training, trainee=TraineeFactory(sex=sex))
    ActivityFactory(programme=programme, kind="workshop", start_date=datetime.date(2024, 5, 6))

    login(admin_user)
    page.get_by_role("link", name="Cadre de résultats").click()
    page.get_by_role("link", name="Ajouter un résultat attendu").click()
    page.get_by_label("Code").fill("R1")
    page.get_by_label("Intitulé").fill("Capacités de gestion des migrations renforcées")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".alert-success")).to_contain_text("Le résultat attendu a été enregistré")

    page.get_by_role("link", name="Ajouter un indicateur").click()
    page.get_by_label("Dans le catalogue du bailleur").select_option(
        label="EUTF 3.7 — Nombre de personnes formées à la gestion des migrations et à la protection"
    )
    page.get_by_label("Cible", exact=True).fill("6")
    page.get_by_label("Cible pour les femmes").fill("4")
    page.get_by_label("Cible pour les hommes").fill("2")
    page.get_by_label("Ce qui est compté").select_option("people_trained")
    page.get_by_label("Action de formation").check()
    page.get_by_label("Année, ligne 1").fill("2024")
    page.get_by_label("Cible, ligne 1").fill("3")
    page.get_by_label("Année, ligne 2").fill("2025")
    page.get_by_label("Cible, ligne 2").fill("3")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".alert-success")).to_contain_text("L’indicateur a été enregistré")
    expect(page.get_by_text("personnes distinctes formées, action de formation")).to_be_visible()
    expect(page.locator(".year-targets-list")).to_have_text(
        "Cibles par année\u00a0: 2024\u00a0: 3 · 2025\u00a0: 3"
    )

    page.context.clear_cookies()
    login(official)
    indicators = page.locator("#indicators")
    expect(indicators).to_contain_text("3.7 Nombre de personnes formées à la gestion des migrations")
    expect(indicators).to_contain_text("50 % de la cible")
    expect(indicators).to_contain_text("femmes 2/4")
    page.get_by_label("Date du comité").fill("2026-12-15")
    page.get_by_role("button", name="Préparer le rapport").click()
    expect(page.get_by_text("Le rapport est prêt.")).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF").click()
    reader = PdfReader(download.value.path())
    text = " ".join(
        " ".join(p.extract_text() for p in reader.pages).replace("\xa0", " ").replace("\u202f", " ").split()
    )
    assert "Indicateurs" in text and "3.7 Nombre de personnes formées" in text
    assert "50 %" in text and "2/4 · 1/2" in text


def test_a_coordinator_corrects_a_returned_value_and_an_admin_reads_its_history_then_deletes_an_indicator(
    page, login, coordinator, admin_user
):
    programme = ProgrammeFactory()
    result = ExpectedResult.objects.create(programme=programme, code="R2", title="Procédures harmonisées")
    manual = Indicator.objects.create(
        result=result, code="2.1", title_fr="Procédures adoptées", kind="manual"
    )
    spare = Indicator.objects.create(result=result, code="2.2", title_fr="Guides publiés", kind="manual")
    IndicatorTarget.objects.create(indicator=spare, year=2025, value=Decimal(2))
    entry = services.manual_value_add(
        indicator=manual,
        by=coordinator,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 6, 30),
        value=Decimal(2),
        comment="Deux arrêtés",
        submit=True,
    )
    services.manual_value_move(
        entry=entry, status="returned", by=admin_user, comment="Joindre les arrêtés signés"
    )

    login(coordinator)
    page.goto(f"/programmes/{programme.pk}/results/")
    page.locator(f"#value-{entry.pk}").get_by_role("link", name="Modifier").click()
    expect(page.locator("#returned-because")).to_contain_text("Joindre les arrêtés signés")
    page.locator("#id_value").fill("3")
    page.get_by_label("Justificatif").set_input_files(
        files=[{"name": "arretes.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n%%EOF"}]
    )
    page.get_by_role("button", name="Enregistrer et soumettre à l’approbation").click()
    expect(page.locator(".alert-success")).to_contain_text("La valeur a été enregistrée")
    row = page.locator(f"#value-{entry.pk}")
    expect(row).to_contain_text("Soumis pour approbation")
    expect(row).to_contain_text("arretes.pdf")
    expect(row.get_by_role("link", name="Modifier")).to_have_count(0)  # it waits for the review now

    page.context.clear_cookies()
    login(admin_user)
    page.goto(f"/programmes/{programme.pk}/results/")
    row = page.locator(f"#value-{entry.pk}")
    row.get_by_text("Historique").click()
    history = row.locator(".value-history")
    expect(history).to_contain_text("Renvoyé pour correction")
    expect(history).to_contain_text("Joindre les arrêtés signés")
    expect(history).to_contain_text("Valeur\u00a0: 2 → 3")
    row.get_by_role("button", name="Approuver").click()
    expect(page.locator(f"#value-{entry.pk}")).to_contain_text("Approuvé")

    # The indicator with an approved value cannot go; the other one goes, with its target.
    page.locator("li", has_text="2.1 Procédures adoptées").get_by_role(
        "link", name="Supprimer l’indicateur"
    ).click()
    expect(page.locator("#deletion-refused")).to_contain_text("a 1 valeur approuvée")
    expect(page.get_by_role("button", name="Oui, supprimer")).to_have_count(0)
    page.get_by_role("link", name="Non, revenir").click()
    page.locator("li", has_text="2.2 Guides publiés").get_by_role(
        "link", name="Supprimer l’indicateur"
    ).click()
    expect(page.locator("#deleted-with-it")).to_contain_text("2025\u00a0: 2")
    page.get_by_role("button", name="Oui, supprimer").click()
    expect(page.locator(".alert-success")).to_contain_text("L’indicateur 2.2 a été supprimé.")
    assert (
        not Indicator.objects.filter(pk=spare.pk).exists()
        and ManualValue.objects.filter(pk=entry.pk).exists()
    )
