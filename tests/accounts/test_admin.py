"""The admin site is the site administrators' (superusers'): nobody else raises privileges there."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


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


def test_a_programme_admin_does_not_reach_the_admin_site(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_someone_made_staff_without_being_superuser_cannot_change_any_account(client, roles):
    staff = UserFactory(username="staff", is_staff=True)
    client.force_login(staff)
    url = reverse("admin:accounts_user_change", args=[staff.pk])
    assert client.get(url).status_code == 403
    everything = Permission.objects.values_list("pk", flat=True)
    response = client.post(url, change_form_data(staff, is_superuser="on", user_permissions=list(everything)))
    assert response.status_code == 403
    staff.refresh_from_db()
    assert not staff.is_superuser and not staff.user_permissions.exists()


def test_the_user_admin_offers_no_groups_nor_permissions_which_would_apply_in_every_programme(client, roles):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    someone = UserFactory(username="someone")
    client.force_login(root)
    url = reverse("admin:accounts_user_change", args=[someone.pk])
    page = client.get(url).content.decode()
    assert 'name="groups"' not in page and 'name="user_permissions"' not in page
    response = client.post(url, change_form_data(someone, groups=[Group.objects.get(name="coordinator").pk]))
    assert response.status_code == 302
    assert not someone.groups.exists()
