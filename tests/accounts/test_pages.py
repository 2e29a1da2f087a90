import pytest
from django.urls import reverse


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_the_login_page_is_in_french_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Se connecter" in response.content.decode()


@pytest.mark.django_db
def test_the_language_switcher_turns_the_interface_to_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    response = client.get(reverse("login"))
    assert "Sign in" in response.content.decode()


def test_a_user_without_a_role_is_told_to_ask_an_admin(client, no_role_user):
    client.force_login(no_role_user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "n’a pas encore de rôle" in response.content.decode()


def test_password_change_page_uses_the_site_layout(client, no_role_user, password):
    client.force_login(no_role_user)
    response = client.get(reverse("password_change"))
    assert response.status_code == 200
    assert "Changer le mot de passe" in response.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "a-new-long-pass-2026",
            "new_password2": "a-new-long-pass-2026",
        },
    )
    assert response.status_code == 302
    no_role_user.refresh_from_db()
    assert no_role_user.check_password("a-new-long-pass-2026")


@pytest.mark.django_db
def test_health_check_answers_without_signing_in(client):
    response = client.get(reverse("healthz"))
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "in-process"}
