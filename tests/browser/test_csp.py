"""The browser enforces the Content-Security-Policy, and the page fixture sees every violation."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_inline_script_is_blocked_and_reported(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    from tests.conftest import CSP_LISTENER

    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    seen: list[str] = []
    page.on("console", lambda message: seen.append(message.text))
    page.goto("/accounts/login/")
    page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.ran = 1";
                   document.body.appendChild(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.ran") is None
    assert any("CSP violation" in text for text in seen)
    context.close()


def test_the_pages_of_a_coordinator_keep_to_the_policy(page, login, coordinator):
    from tests.factories import ActivityFactory

    activity = ActivityFactory()
    login(coordinator)
    for url in (
        "/activities/",
        f"/activities/{activity.pk}/",
        f"/activities/{activity.pk}/participants/",
        f"/activities/{activity.pk}/headcounts/",
        f"/activities/{activity.pk}/experts/",
        "/dashboard/",
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
