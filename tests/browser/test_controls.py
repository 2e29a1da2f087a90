"""Searchable multiple choices: a coordinator finds an organisation by typing, or adds a missing one."""

import pytest

from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_organisations_are_searched_and_a_missing_one_is_typed(page, login, coordinator):
    OrganisationFactory(name="Division nationale de lutte contre le trafic de migrants", country="SN")
    login(coordinator)
    page.goto("/activities/new/")
    box = page.get_by_role("combobox", name="Unités bénéficiaires")
    box.fill("trafic")
    page.locator(".ts-dropdown .option", has_text="trafic de migrants").click()
    box.fill("Brigade de Kolda")
    page.keyboard.press("Enter")
    chosen = page.eval_on_selector(
        "#id_beneficiary_units", "s => Array.from(s.selectedOptions).map(o => [o.value, o.text])"
    )
    assert chosen[1] == ["new:Brigade de Kolda", "Brigade de Kolda"]
    assert chosen[0][1] == "Division nationale de lutte contre le trafic de migrants"
