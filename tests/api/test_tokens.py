"""Personal API tokens: made and revoked on the account page, hashed at rest, shown once, expiring."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import api_token_create, api_token_revoke
from api.throttling import TokenRateThrottle
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PROGRAMMES = "/api/v1/programmes/"


def bearer(text: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    return client


def test_the_account_page_makes_a_token_shows_it_once_and_keeps_only_its_digest(client, official):
    client.force_login(official)
    response = client.post(reverse("api-tokens"), {"name": "Akvo RSR", "days": "90"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=official)
    text = response.context["created"]["text"]
    assert text.startswith(f"poc_{token.prefix}_") and text in response.content.decode()
    secret = text.split("_", 2)[2]
    assert secret not in token.digest and token.digest == ApiToken.digest_of(secret)
    assert (token.expires_at - timezone.now()).days in (89, 90)
    assert bearer(text).get(PROGRAMMES).status_code == 200
    again = client.get(reverse("api-tokens"))
    assert text not in again.content.decode() and "Akvo RSR" in again.content.decode()


def test_a_token_made_with_a_lifetime_not_offered_is_refused_with_a_message(client, official):
    client.force_login(official)
    response = client.post(reverse("api-tokens"), {"name": "x", "days": "100000"})
    assert response.status_code == 200 and response.context["form"].errors["days"]
    assert not ApiToken.objects.exists()


def test_revoked_expired_unknown_and_malformed_tokens_get_401(official):
    token, text = api_token_create(user=official, name="a", days=30)
    assert bearer(text).get(PROGRAMMES).status_code == 200
    api_token_revoke(token=token, by=official)
    revoked = bearer(text).get(PROGRAMMES)
    assert revoked.status_code == 401
    assert revoked.json()["code"] == "authentication_failed"
    assert revoked["WWW-Authenticate"].startswith("Bearer")

    expired, text = api_token_create(user=official, name="b", days=30)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert bearer(text).get(PROGRAMMES).status_code == 401

    for wrong in (text[:-1] + ("A" if text[-1] != "A" else "B"), "poc_nothing", "garbage", "poc__x"):
        assert bearer(wrong).get(PROGRAMMES).status_code == 401
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer two words")
    assert client.get(PROGRAMMES).status_code == 401
    assert APIClient().get(PROGRAMMES).status_code == 401  # no token, no session


def test_a_deactivated_user_s_token_opens_nothing(official):
    _token, text = api_token_create(user=official, name="a", days=30)
    official.is_active = False
    official.save()
    assert bearer(text).get(PROGRAMMES).status_code == 401


def test_use_is_recorded_and_a_user_revokes_only_their_own_tokens(client, official):
    token, text = api_token_create(user=official, name="a", days=30)
    bearer(text).get(PROGRAMMES)
    token.refresh_from_db()
    assert token.last_used_at is not None

    someone = UserFactory(username="someone")
    client.force_login(someone)
    assert client.post(reverse("api-token-revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None

    client.force_login(official)
    response = client.post(reverse("api-token-revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert bearer(text).get(PROGRAMMES).status_code == 401


def test_calls_are_limited_per_token(official, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/min"})
    first, second = (bearer(api_token_create(user=official, name=n, days=30)[1]) for n in "ab")
    assert [first.get(PROGRAMMES).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert second.get(PROGRAMMES).status_code == 200  # another token has its own count
    limited = first.get(PROGRAMMES)
    assert limited.json()["status"] == 429 and "Retry-After" in limited


def test_without_the_cache_the_api_answers_uncounted_rather_than_failing(official, settings):
    from tests.core.test_degraded import DEAD_REDIS

    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    client = bearer(api_token_create(user=official, name="a", days=30)[1])
    programme = client.get(PROGRAMMES).json()["results"][0]["id"]
    assert client.get(f"{PROGRAMMES}{programme}/figures/").status_code == 200
