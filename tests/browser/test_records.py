"""The records, end to end in Chromium: what a coordinator, an admin and an official do."""

import re

import pytest
from playwright.sync_api import expect

from courses.models import Activity, Expert
from tests.factories import (
    ExpertFactory,
    OrganisationFactory,
    ParticipationFactory,
    ProgrammeFactory,
    ThemeFactory,
    TraineeFactory,
)

pytestmark = pytest.mark.browser


def register_new_person(page, last_name, first_name, service, sex):
    form = page.locator("#new-person")
    form.get_by_label("Nom*", exact=True).fill(last_name)
    form.get_by_label("Prénom").fill(first_name)
    form.get_by_label("Sexe*", exact=True).select_option(sex)
    form.get_by_label("Service*", exact=True).select_option(service)
    form.get_by_role("button", name="Inscrire et ajouter").click()
    # The sentence agrees with the person's sex.
    agreed = "inscrite et ajoutée" if sex == "F" else "inscrit et ajouté"
    expect(page.locator(".alert-success")).to_contain_text(
        f"{last_name.upper()} {first_name} a été {agreed}."
    )


def test_a_coordinator_records_a_training_action_from_start_to_done(page, login, coordinator):
    ProgrammeFactory()
    ThemeFactory(name="Fraude documentaire")
    ExpertFactory(first_name="Javier", last_name="Navarro", specialities="fraude documentaire")
    ExpertFactory(
        first_name="Sophie", last_name="Moreau", nationality="FR", specialities="fraude documentaire"
    )
    known = TraineeFactory(first_name="Khady", last_name="Ndour", service_number="PN-004512")
    login(coordinator)

    page.get_by_role("link", name="Nouvelle activité").click()
    page.get_by_label("Type").select_option("training")
    page.get_by_label("Statut").select_option("planned")
    page.get_by_label("Intitulé").fill("Formation : détection de la fraude documentaire")
    page.get_by_label("Thème").select_option(label="Fraude documentaire")
    page.get_by_label("Date de début").fill("2025-06-02")
    page.get_by_label("Date de fin").fill("2025-06-06")
    page.get_by_label("Ville").fill("Dakar")
    page.get_by_label("Région").select_option("dakar")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".alert-success")).to_contain_text("a été enregistrée")
    activity = Activity.objects.get()

    page.get_by_role("link", name="Gérer les experts").click()
    for name in ("Navarro", "Moreau"):
        page.get_by_label("Rechercher par nom, institution ou spécialité").fill(name.lower())
        page.get_by_role("button", name=re.compile(f"Mobiliser .* {name}")).click()
        expect(page.locator("#assigned-experts")).to_contain_text(name)
    page.get_by_role("link", name="Retour à l’activité").click()

    page.get_by_role("link", name="Gérer les participants").click()
    page.get_by_label("Rechercher par nom ou matricule").fill("pn 004512")
    page.get_by_role("button", name=f"Ajouter {known}").click()
    expect(page.locator("#participant-rows")).to_contain_text("NDOUR Khady")
    register_new_person(page, "Badji", "Lamine", "gendarmerie", "M")
    register_new_person(page, "Sy", "Aminata", "justice", "F")
    expect(page.locator("#participant-rows tbody tr")).to_have_count(3)

    page.goto(activity.get_absolute_url())
    page.get_by_role("link", name="Marquer comme réalisée").click()
    # Nobody was marked at any session: done only once the coordinator says they were absent.
    expect(page.locator("#unmarked-attendance")).to_contain_text("3 personnes non pointées")
    page.get_by_label("Je confirme : les personnes non pointées étaient absentes.").check()
    page.get_by_role("button", name="Oui, marquer comme réalisée").click()
    expect(page.locator(".alert-success")).to_contain_text("réalisée")
    activity.refresh_from_db()
    assert activity.status == "done"
    assert activity.assignments.count() == 2
    assert sorted(activity.participations.values_list("trainee__last_name", flat=True)) == [
        "Badji",
        "Ndour",
        "Sy",
    ]


def test_an_admin_adds_an_expert_to_the_roster(page, login, admin_user):
    OrganisationFactory(name="Guardia Civil", country="ES", kind="gendarmerie")
    login(admin_user)
    page.get_by_role("link", name="Experts").first.click()
    page.get_by_role("link", name="Nouvel expert").click()
    page.get_by_label("Prénom").fill("Lucía")
    page.get_by_label("Nom*", exact=True).fill("Romero")
    page.get_by_label("Catégorie").select_option("international")
    page.get_by_label("Nationalité").select_option("ES")
    page.get_by_label("Institution").select_option(label="Guardia Civil")
    page.get_by_label("Spécialités").fill("surveillance maritime")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".alert-success")).to_contain_text("ajouté à la liste des experts")
    assert Expert.objects.get().last_name == "Romero"


def test_an_official_opens_an_activity_and_sees_no_personal_data(page, login, official):
    participation = ParticipationFactory(
        trainee__first_name="Mariama", trainee__last_name="Coly", trainee__service_number="GN-778812"
    )
    login(official)
    expect(page.get_by_role("link", name="Stagiaires")).to_have_count(0)
    page.goto(participation.activity.get_absolute_url())
    expect(page.locator("h1")).to_contain_text(participation.activity.title)
    body = page.locator("body").inner_text()
    assert "Coly" not in body and "COLY" not in body and "GN-778812" not in body
    assert "1 personne inscrite" in body
    page.goto(participation.trainee.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Accès refusé")
