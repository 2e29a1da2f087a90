"""The user admin: an administrator who is not a superuser cannot raise anyone's privileges."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory


def change_form_data(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "10:00:00",
    }
    data.update(changes)
    return data


def test_an_admin_cannot_make_itself_superuser_nor_change_groups_or_permissions(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[admin_user.pk])
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page and 'name="groups"' not in page
    everything = Permission.objects.values_list("pk", flat=True)
    response = client.post(
        url,
        change_form_data(
            admin_user,
            is_superuser="on",
            groups=[Group.objects.get(name="coordinator").pk],
            user_permissions=list(everything),
        ),
    )
    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert not admin_user.is_superuser
    assert list(admin_user.groups.values_list("name", flat=True)) == ["admin"]
    assert not admin_user.user_permissions.exists()


def test_an_admin_cannot_change_a_superusers_account_or_password(client, admin_user):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_change", args=[root.pk]), change_form_data(root, email="me@evil.test")
    )
    assert response.status_code == 403
    response = client.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": "a-new-long-pass-2026", "password2": "a-new-long-pass-2026"},
    )
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.email == "root@example.org" and not root.check_password("a-new-long-pass-2026")


@pytest.mark.django_db
def test_a_superuser_still_gives_roles(client, roles):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    someone = UserFactory(username="someone")
    client.force_login(root)
    response = client.post(
        reverse("admin:accounts_user_change", args=[someone.pk]),
        change_form_data(someone, groups=[Group.objects.get(name="coordinator").pk]),
    )
    assert response.status_code == 302
    assert list(someone.groups.values_list("name", flat=True)) == ["coordinator"]
