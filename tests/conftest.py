import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from accounts.roles import Role, sync_roles
from tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploaded and generated files to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language (French), whatever an earlier one activated."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def roles(db):
    """The role groups. A transactional test empties every table, so make sure they exist."""
    sync_roles()


@pytest.fixture
def coordinator(roles):
    return UserFactory(username="coordinator", role=Role.COORDINATOR)


@pytest.fixture
def official(roles):
    return UserFactory(username="official", role=Role.OFFICIAL)


@pytest.fixture
def admin_user(roles):
    return UserFactory(username="admin", role=Role.ADMIN)


@pytest.fixture
def no_role_user(roles):
    return UserFactory(username="norole")


@pytest.fixture
def password():
    return PASSWORD


# --- Browser harness ------------------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser(django_db_setup):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install Debian's chromium package (see .ci/run).")
    # Playwright's sync API keeps an event loop running in this thread from now on; the ORM is
    # still used synchronously by the tests, which Django allows only when told so.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


# Reports every Content-Security-Policy violation of a page to the test (the browser blocks what the
# policy refuses; the event says what it was).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("CSP violation: " + event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def page(request, browser, live_server):
    """A fresh browser page (French, like the coordinators); a screenshot is kept on failure.

    A test fails if any page it opened broke the Content-Security-Policy.
    """
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(10_000)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "CSP violation" in message.text or "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert violations == [], "the pages broke their Content-Security-Policy"


@pytest.fixture
def login(page, password):
    """Sign a user in through the login form."""

    def _login(user):
        page.goto("/accounts/login/")
        page.get_by_label("Nom d’utilisateur").fill(user.username)
        page.get_by_label("Mot de passe").fill(password)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()
        return page

    return _login


# --- Celery worker harness ------------------------------------------------------------------


def _database_url_for(settings_dict) -> str:
    """DATABASE_URL pointing at the test database that pytest-django created."""
    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path="/" + settings_dict["NAME"]))


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real Celery worker process on the local Redis, reading the test database."""
    import redis
    from django.db import connection

    from poc_training.celery import app

    broker = os.environ["CELERY_BROKER_URL"]
    redis.Redis.from_url(broker).flushdb()
    media = tmp_path_factory.mktemp("worker-media")
    log = tmp_path_factory.mktemp("worker-log") / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url_for(connection.settings_dict),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "MEDIA_ROOT": str(media),
        "CONN_MAX_AGE": "0",
    }
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "poc_training",
                "worker",
                "--loglevel=INFO",
                "--concurrency=1",
                "--pool=prefork",
                "--without-gossip",
                "--without-mingle",
                "--hostname=test-worker@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"The Celery worker did not start:\n{log.read_text()[-4000:]}")
        yield {"process": process, "media_root": media, "log": log}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def celery_worker(celery_worker_process, settings):
    """Send tasks to the real worker for this test (tasks run eagerly in-process otherwise)."""
    from poc_training.celery import app

    settings.MEDIA_ROOT = celery_worker_process["media_root"]
    app.conf.task_always_eager = False
    try:
        yield celery_worker_process
    finally:
        app.conf.task_always_eager = True


def _reset_celery_connections(app) -> None:
    """Forget pooled broker connections so that a changed broker_url takes effect."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def unreachable_broker(monkeypatch):
    """Point Celery at a closed port, as when Redis is down, with eager mode off."""
    from poc_training.celery import app

    saved = app.conf.broker_url, app.conf.task_always_eager
    closed = "redis://127.0.0.1:1/0"
    # Celery reads CELERY_BROKER_URL from the environment before its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", closed)
    app.conf.broker_url = closed
    app.conf.task_always_eager = False
    _reset_celery_connections(app)
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        _reset_celery_connections(app)
