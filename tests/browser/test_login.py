import pytest

pytestmark = pytest.mark.browser


def test_a_user_signs_in_and_sees_the_home_page(page, login, no_role_user):
    login(no_role_user)
    assert page.get_by_role("heading", name=f"Bienvenue, {no_role_user}").is_visible()
    assert page.locator("html").get_attribute("lang") == "fr"


def test_wrong_password_shows_a_french_error(page, no_role_user):
    page.goto("/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill(no_role_user.username)
    page.get_by_label("Mot de passe").fill("wrong password")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_text("Saisissez un nom d’utilisateur et un mot de passe valides").is_visible()
