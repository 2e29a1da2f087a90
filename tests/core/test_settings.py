"""Settings come from the environment and refuse what would be unsafe or malformed."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-like-secret-key-with-enough-length-and-variety-7Hq!x2",
    "ALLOWED_HOSTS": "training.example.org",
    "HTTPS": "1",
    "STATIC_MANIFEST": "1",
    "SITE_URL": "https://training.example.org",
}


def clean_environ() -> dict[str, str]:
    """The test run's environment without what the browser harness adds for itself."""
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    return run_in_project([sys.executable, "-c", code], **env)


def run_in_project(command: list[str], **env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in clean_environ().items()
        if k not in {"DEBUG", "SECRET_KEY", "HTTPS", "DATABASE_URL", "SITE_URL"}
    }
    return subprocess.run(
        command,
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "poc_training.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_with_debug_off_refuses_to_start_with_a_clear_message():
    result = run_python("import django; django.setup()", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_manage_py_without_secret_key_says_what_to_set_rather_than_a_django_internal_error():
    result = run_in_project([sys.executable, "manage.py", "check"], DEBUG="0")
    assert result.returncode != 0
    assert "poc_training cannot start: SECRET_KEY is not set" in result.stderr
    assert "AppRegistryNotReady" not in result.stderr


def test_debug_on_starts_without_secret_key():
    result = run_python("import django; django.setup(); print('started')", DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_malformed_boolean_is_refused_rather_than_read_as_false():
    result = run_python("import django; django.setup()", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_embedded_default_is_sqlite_in_the_project_folder_and_eager_celery():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], "
        "s.CELERY_TASK_ALWAYS_EAGER, s.TIME_ZONE, s.LANGUAGE_CODE)"
    )
    result = run_python(code, DEBUG="1", CELERY_BROKER_URL="", CELERY_TASK_ALWAYS_EAGER="")
    assert result.returncode == 0, result.stderr
    engine, name, eager, tz, lang = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert name == str(ROOT / "db.sqlite3")
    assert eager == "True"
    assert (tz, lang) == ("Africa/Dakar", "fr")


def test_a_broker_url_turns_eager_mode_off():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CELERY_TASK_ALWAYS_EAGER)"
    )
    result = run_python(
        code, DEBUG="1", CELERY_BROKER_URL="redis://127.0.0.1:6379/0", CELERY_TASK_ALWAYS_EAGER=""
    )
    assert result.stdout.strip() == "False", result.stderr


def test_database_connections_are_persistent_and_health_checked(settings):
    database = settings.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["CONN_MAX_AGE"] > 0


def test_check_deploy_passes_with_production_values():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean_environ(), **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_celery_visibility_timeout_outlasts_the_hard_time_limit(settings):
    from poc_training.celery import app

    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert app.conf.broker_transport_options["visibility_timeout"] > app.conf.task_time_limit


def test_production_refuses_to_start_without_the_site_address():
    """Certificates print their verification link from SITE_URL: a production without it stops at once."""
    without = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}
    result = run_python("import django; django.setup()", **without)
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr
    assert (
        run_python("import django; django.setup(); print('started')", **PRODUCTION).stdout.strip()
        == "started"
    )
