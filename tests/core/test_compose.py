"""docker-compose.yml describes the real stack: proxy, web, worker, beat, db and redis."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def load():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def environment(service) -> dict:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return env


def test_the_stack_has_its_six_services():
    assert set(load()["services"]) == {"proxy", "web", "worker", "beat", "db", "redis"}


def test_only_the_proxy_is_published_and_it_reads_requests_whole_before_gunicorn():
    services = load()["services"]
    assert services["proxy"]["ports"] == ["8000:8080"]
    assert "ports" not in services["web"]
    config = (ROOT / "proxy" / "nginx.conf").read_text()
    for directive in (
        "proxy_pass http://app;",
        "server web:8000;",
        "client_header_timeout 10s;",
        "client_body_timeout 20s;",
        "proxy_request_buffering on;",
        "more_clear_headers Server;",
        "proxy_set_header X-Real-IP $remote_addr;",
    ):
        assert directive in config, directive
    assert environment(services["web"])["CLIENT_IP_HEADER"] == "HTTP_X_REAL_IP"


def test_beat_runs_the_periodic_checks_once():
    services = load()["services"]
    command = " ".join(services["beat"]["command"])
    assert command.startswith("celery -A poc_training beat")
    assert not [
        name for name, service in services.items() if name != "beat" and "beat" in str(service.get("command"))
    ]


def test_web_runs_gunicorn_after_migrating_and_collecting_static():
    command = " ".join(load()["services"]["web"]["command"])
    assert "migrate" in command and "collectstatic" in command
    assert command.index("migrate") < command.index("gunicorn")
    assert "poc_training.wsgi" in command
    # A 50,000-row .xlsx export takes 13 to 18 s on two cores: past gunicorn's default 30 s a
    # larger one would be killed mid-download.
    assert "--timeout 120" in command


def test_worker_runs_celery_on_the_project_app():
    command = " ".join(load()["services"]["worker"]["command"])
    assert command.startswith("celery -A poc_training worker")


def test_web_and_worker_share_settings_and_the_media_volume():
    services = load()["services"]
    for name in ("web", "worker", "beat"):
        env = environment(services[name])
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379")
        assert {"SECRET_KEY", "ALLOWED_HOSTS", "MEDIA_ROOT", "DEBUG"} <= set(env)
        assert env["DEBUG"] == "0"
        assert any(volume.startswith("media:") for volume in services[name]["volumes"])
    assert environment(services["web"]) == environment(services["beat"])


def test_postgresql_15_with_a_named_volume_and_a_healthcheck():
    compose = load()
    db = compose["services"]["db"]
    assert db["image"].startswith("postgres:15")
    assert "healthcheck" in db
    assert any(volume.startswith("pgdata:") for volume in db["volumes"])
    assert {"pgdata", "media"} <= set(compose["volumes"])


def test_redis_never_evicts_queued_tasks():
    command = " ".join(load()["services"]["redis"]["command"])
    assert "--maxmemory-policy noeviction" in command


def test_web_and_worker_wait_for_healthy_services():
    services = load()["services"]
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
