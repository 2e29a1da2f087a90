"""Sign-in protection: a user name, or an address, is locked after a few failures, for a cool-off."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"


def sign_in(client, username, password, url=None, address="203.0.113.7"):
    return client.post(
        url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail(client, username, times, **kwargs):
    for _ in range(times):
        response = sign_in(client, username, WRONG, **kwargs)
        assert response.status_code in (200, 429)
    return response


def age_attempts(minutes: int) -> None:
    """As if the failures had happened ``minutes`` ago (the cool-off is counted from them)."""
    past = datetime.timedelta(minutes=minutes)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - past)


def test_a_locked_out_user_is_refused_even_with_the_right_password_until_the_cool_off(
    client, coordinator, password
):
    limit = settings.AXES_FAILURE_LIMIT
    assert fail(client, "coordinator", limit - 1).status_code == 200  # the usual "wrong password" form
    locked = sign_in(client, "coordinator", WRONG)
    assert locked.status_code == 429
    assert "La connexion est suspendue" in locked.content.decode()
    right = sign_in(client, "coordinator", password)
    assert right.status_code == 429 and "_auth_user_id" not in client.session
    cool_off = settings.AXES_COOLOFF_TIME.seconds // 60
    age_attempts(cool_off - 1)
    # Not yet; and an attempt while locked out counts from now on.
    assert sign_in(client, "coordinator", password).status_code == 429
    age_attempts(cool_off + 1)
    response = sign_in(client, "coordinator", password)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(coordinator.pk)


def test_the_message_is_the_same_whether_the_user_exists_or_not(client, coordinator):
    limit = settings.AXES_FAILURE_LIMIT
    known = fail(client, "coordinator", limit, address="198.51.100.1")
    unknown = fail(client, "nobody-of-that-name", limit, address="198.51.100.2")
    assert known.status_code == unknown.status_code == 429

    def without_token(response) -> str:  # the language switcher's form carries a CSRF token
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())

    assert without_token(known) == without_token(unknown)


def test_the_user_name_is_locked_from_every_address_and_its_case_does_not_matter(
    client, coordinator, password
):
    for index in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "Coordinator " if index % 2 else "coordinator", WRONG, address=f"192.0.2.{index}")
    assert sign_in(client, "coordinator", password, address="192.0.2.200").status_code == 429


def test_an_address_is_locked_for_every_user_name(client, coordinator, password):
    for index in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{index}", WRONG)
    assert sign_in(client, "coordinator", password).status_code == 429
    assert sign_in(client, "coordinator", password, address="203.0.113.8").status_code == 302


def test_the_admin_login_is_protected_too(client, admin_user, password):
    url = reverse("admin:login")
    fail(client, "admin", settings.AXES_FAILURE_LIMIT, url=url)
    response = sign_in(client, "admin", password, url=url)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_site_administrator_unlocks_a_user_from_the_admin_site(client, coordinator, password):
    from tests.factories import UserFactory

    fail(client, "coordinator", settings.AXES_FAILURE_LIMIT)
    admin = client.__class__()
    admin.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and "coordinator" in listing.content.decode()
    ids = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302 and not AccessAttempt.objects.exists()
    assert sign_in(client, "coordinator", password).status_code == 302


def test_behind_the_proxy_the_address_comes_from_its_header(client, coordinator, password, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for index in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": f"guess{index}", "password": WRONG},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_REAL_IP="203.0.113.50",
        )
    other_client = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_REAL_IP": "203.0.113.51"}
    response = client.post(
        reverse("login"), {"username": "coordinator", "password": password}, **other_client
    )
    assert response.status_code == 302


def test_a_user_with_an_unusable_name_is_simply_refused(client):
    UserFactory(username="someone")
    response = sign_in(client, "x" * 500, WRONG)
    assert response.status_code == 200
