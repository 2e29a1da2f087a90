"""Every page of the URL table, as each role, on a phone (390 px): no sideways scrolling, no serious
or critical accessibility violation (axe-core, from npm), and none of the French forms known to be
wrong. At 1366 px, the navigation of an administrator holds on one line.

One browser and one signed-in context per role keep the walk to a few minutes.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import CSP_LISTENER, ROOT
from tests.factories import PASSWORD, UserFactory
from tests.test_url_permissions import OK, TABLE, objects  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(ROOT / "node_modules" / "axe-core" / "axe.min.js")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
# Answers that are files (CSV, xlsx, PDF), not pages.
FILES = {
    "healthz",
    "courses:activity-export",
    "trainees:import-template",
    "trainees:import-rejected-rows",
    "trainees:trainee-record",
    "trainees:activity-participants-export",
    "trainees:participants-export",
    "trainees:attendance-sheet",
    "trainees:proof-download",
    "trainees:activity-certificates",
    "trainees:participation-certificate",
    "reports:report-download",
    "reports:report-download-word",
    "reports:report-status",
    "results:export",
    "results:value-evidence",
}
WALKED_ROLES = ("anonymous", "no_role", "official", "coordinator", "admin")
# French written wrong: a count that ignores its number, "(e)", English booleans, a decimal point,
# a colon without the space French puts before it.
WRONG_FRENCH = [
    (
        re.compile(r"\b[01] (jours|lignes|femmes|hommes|activités|participants|fonctionnaires)\b"),
        "plural for 0/1",
    ),
    (re.compile(r"\b1 (internationaux|sensibilisés|formés|nationaux)\b"), "plural for 1"),
    (re.compile(r"\w\(e\)"), "(e)"),
    (re.compile(r"\b(True|False)\b"), "English boolean"),
    (re.compile(r"\b\d+\.\d+ (jours?|heures?)\b"), "decimal point"),
    (re.compile(r"[A-Za-zÀ-ÿ)]: "), "no space before a colon"),
]


def french_problems(text: str) -> list[str]:
    return [f"{why}: {match.group(0)!r}" for pattern, why in WRONG_FRENCH for match in pattern.finditer(text)]


def _context(browser, live_server, role, users):
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, viewport=PHONE, bypass_csp=True, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    if role != "anonymous":
        page.goto("/accounts/login/")
        page.get_by_label("Nom d’utilisateur").fill(users[role].username)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()
    return context, page


def _axe_problems(page) -> list[str]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    results = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"]}});
            return r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => v.id + " (" + v.nodes.length + "): "
                     + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
        }"""
    )
    return list(results)


def test_every_page_fits_a_phone_is_accessible_and_reads_right(browser, live_server, objects):  # noqa: F811
    users = {
        "no_role": UserFactory(username="walk-norole"),
        "official": UserFactory(username="walk-official", role="official"),
        "coordinator": UserFactory(username="walk-coordinator", role="coordinator"),
        "admin": UserFactory(username="walk-admin", role="admin", is_staff=True),
    }
    failures: list[str] = []
    for role in WALKED_ROLES:
        context, page = _context(browser, live_server, role, users)
        for name, (arguments, expected) in TABLE.items():
            # The API answers JSON (its Swagger page is the sidecar's interface, not ours).
            if name in FILES or name.startswith(("admin:", "api:")) or expected[role] != OK:
                continue
            url = reverse(name, args=objects[arguments] if arguments else None)
            response = page.goto(url)
            page.wait_for_load_state("load")
            where = f"{role} {url}"
            if response is None or response.status != 200:
                failures.append(f"{where}: {response and response.status}")
                continue
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                failures.append(f"{where}: {width} px wide at {PHONE['width']} px")
            failures += [f"{where}: axe {problem}" for problem in _axe_problems(page)]
            failures += [f"{where}: {problem}" for problem in french_problems(page.inner_text("body"))]
        context.close()
    assert failures == [], "\n".join(failures)


def test_the_navigation_of_an_administrator_holds_on_one_line_at_1366_px(browser, live_server, roles):
    admin = UserFactory(username="walk-admin", role="admin", is_staff=True)
    context, page = _context(browser, live_server, "admin", {"admin": admin})
    page.set_viewport_size(DESKTOP)
    page.goto("/activities/")
    tops = page.eval_on_selector_all(
        "#main-nav .navbar-nav > li, #language-select",
        "els => els.map(e => Math.round(e.getBoundingClientRect().top))",
    )
    assert len(tops) > 3 and max(tops) - min(tops) < 12, tops
    # The language selector shows its whole name.
    assert page.evaluate(
        "() => { const s = document.querySelector('#language-select'); return s.scrollWidth <= s.clientWidth; }"
    )
    context.close()
