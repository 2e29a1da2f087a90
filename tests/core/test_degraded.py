"""Degrade, don't fail: with the cache (Redis) unreachable, the dashboard computes its figures and the
certificate check refuses (429) instead of answering 500; the health check names what is down."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.factories import ActivityFactory

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def dead_cache(settings):
    """The default cache is a Redis that does not answer (built as settings.py builds it)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    return caches["default"]  # Django rebuilds its caches when the setting changes


def test_the_dashboard_computes_its_figures_without_the_cache(client, official, dead_cache):
    ActivityFactory()
    client.force_login(official)
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert 'id="key-figures"' in response.content.decode()
    assert not dead_cache.available()


def test_the_certificate_check_fails_closed_without_the_cache(client, db, dead_cache):
    response = client.get(reverse("certificate-verify"), {"code": "AAAA-BBBB-CC"})
    assert response.status_code == 429
    assert "indisponible" in response.content.decode()
    assert client.get(reverse("certificate-verify")).status_code == 200  # the empty form still shows


def test_the_health_check_names_the_cache_as_down(client, db, dead_cache):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "down",
        "broker": "in-process",
    }


def test_the_health_check_names_the_broker_as_down(client, db, unreachable_broker):
    response = client.get(reverse("healthz"))
    assert response.json()["broker"] == "down" and response.json()["status"] == "degraded"


def test_the_health_check_with_a_live_redis_cache(client, db, settings):
    import os

    settings.CACHES = {
        "default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": os.environ["CELERY_BROKER_URL"]}
    }
    assert client.get(reverse("healthz")).json()["cache"] == "ok"
    cache = caches["default"]
    cache.set("degrade-test", 41)
    assert cache.incr("degrade-test") == 42
    cache.delete("degrade-test")
