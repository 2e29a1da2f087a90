"""A programme's admin brings a coordinator in, end to end in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from courses.models import Membership
from tests.factories import ActivityFactory, ProgrammeFactory

pytestmark = pytest.mark.browser


def test_an_admin_invites_a_coordinator_who_sets_a_password_and_sees_only_their_programme(
    page, login, admin_user, mailoutbox
):
    senegal = ProgrammeFactory()
    mauritania = ProgrammeFactory(
        name="Projet opérationnel conjoint (POC) Mauritanie", short_name="POC Mauritanie"
    )
    ActivityFactory(programme=senegal, title="Formation à Thiès")
    ActivityFactory(programme=mauritania, title="Formation à Nouakchott")
    login(admin_user)

    page.get_by_role("button", name="Plus").click()  # secondary destinations share one menu
    page.get_by_role("link", name="Programmes").click()
    page.get_by_role("link", name="Équipe").click()
    invite = page.locator("#invite")
    invite.get_by_label("Courriel*", exact=True).fill("aminata.sow@example.org")
    invite.get_by_label("Prénom*", exact=True).fill("Aminata")
    invite.get_by_label("Nom*", exact=True).fill("Sow")
    invite.get_by_label("Rôle*", exact=True).select_option("coordinator")
    invite.get_by_role("button", name="Inviter").click()
    expect(page.locator(".alert-success")).to_contain_text("aminata.sow@example.org")
    expect(page.locator("#members")).to_contain_text("Aminata Sow")

    (message,) = mailoutbox
    link = re.search(r"https?://\S+/accounts/reset/\S+", message.body).group(0)
    page.context.clear_cookies()
    page.goto(link)
    page.get_by_label("Nouveau mot de passe*", exact=True).fill("Thies-Dakar-2027!")
    page.get_by_label("Confirmation du nouveau mot de passe*").fill("Thies-Dakar-2027!")
    page.get_by_role("button", name="Enregistrer mon mot de passe").click()
    expect(page.locator("#password-saved")).to_be_visible()

    page.goto("/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill("aminata.sow@example.org")
    page.get_by_label("Mot de passe").fill("Thies-Dakar-2027!")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("main")).to_contain_text("Formation à Thiès")
    expect(page.locator("main")).not_to_contain_text("Nouakchott")
    assert Membership.objects.get(user__email="aminata.sow@example.org").programme == senegal
