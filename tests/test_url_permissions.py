"""Every URL of the project, for every role: the expected answer to a GET.

Adding a URL without adding it here fails `test_every_url_of_the_project_is_in_the_table`.
The admin site's own pages (beyond its index) follow Django admin's permission checks.

The roles are those of programme A, plus a site administrator and an *outsider*: the coordinator
of another programme, who gets a 404 on every object of programme A (and whatever a coordinator
gets on the pages without an object).
"""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.services import api_token_create
from courses.models import Membership
from reports.models import CommitteeReport
from results.models import ExpectedResult, Indicator, ManualValue
from tests.factories import (
    ActivityFactory,
    ExpertFactory,
    ParticipationFactory,
    ProgrammeFactory,
    SessionFactory,
    TraineeFactory,
    UserFactory,
)
from trainees.models import AttendanceProof, Certificate, ParticipantImport

ROLES = ("anonymous", "no_role", "official", "coordinator", "admin", "site_admin", "outsider")
LOGIN = "login"  # a redirect to the login page
OK, FORBIDDEN, REDIRECT, NOT_FOUND, NOT_ALLOWED, GONE = 200, 403, 302, 404, 405, 410
UNAUTHORIZED = 401  # the API: no redirect to a login page, a 401 with its WWW-Authenticate


def expect(anonymous, no_role, official, coordinator, admin, site_admin=None):
    """The answers per role; a site administrator gets what a programme admin gets unless told."""
    roles = (anonymous, no_role, official, coordinator, admin, admin if site_admin is None else site_admin)
    return dict(zip(ROLES[:-1], roles, strict=True))


EVERYONE_SIGNED_IN = expect(LOGIN, OK, OK, OK, OK)
PUBLIC = expect(OK, OK, OK, OK, OK)
READERS = expect(LOGIN, FORBIDDEN, OK, OK, OK)  # officials and up
RECORDERS = expect(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK)  # coordinators and up
ADMINS = expect(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
POST_ONLY_RECORDERS = expect(LOGIN, FORBIDDEN, FORBIDDEN, NOT_ALLOWED, NOT_ALLOWED)
POST_ONLY_ADMINS = expect(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_ALLOWED)
API_SIGNED_IN = expect(UNAUTHORIZED, OK, OK, OK, OK)
API_READERS = expect(UNAUTHORIZED, FORBIDDEN, OK, OK, OK)
API_RECORDERS = expect(UNAUTHORIZED, FORBIDDEN, FORBIDDEN, OK, OK)

# url name -> (arguments, expected status per role)
TABLE = {
    "home": (None, expect(LOGIN, OK, REDIRECT, REDIRECT, REDIRECT)),
    "healthz": (None, PUBLIC),
    "privacy": (None, PUBLIC),
    "login": (None, expect(OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
    "logout": (None, expect(NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)),
    "password_change": (None, EVERYONE_SIGNED_IN),
    "password_change_done": (None, EVERYONE_SIGNED_IN),
    "password_reset": (None, PUBLIC),
    "password_reset_done": (None, PUBLIC),
    "password_reset_confirm": ("reset-link", PUBLIC),  # says the link is no longer valid
    "password_reset_complete": (None, PUBLIC),
    "set_language": (None, expect(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
    "admin:index": (None, expect(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, OK)),
    "courses:activity-list": (None, READERS),
    "courses:activity-create": (None, RECORDERS),
    "courses:activity-detail": ("activity", READERS),
    "courses:activity-update": ("activity", RECORDERS),
    "courses:activity-status": ("activity-cancel", RECORDERS),
    "courses:activity-experts": ("activity", RECORDERS),
    "courses:expert-list": (None, RECORDERS),
    "courses:expert-create": (None, ADMINS),
    "courses:expert-detail": ("expert", RECORDERS),
    "courses:expert-update": ("expert", ADMINS),
    "courses:expert-set-active": ("expert", POST_ONLY_ADMINS),
    "courses:programme-list": (None, READERS),
    "courses:programme-update": ("programme", ADMINS),
    "courses:programme-team": ("programme", ADMINS),
    "courses:team-member": ("membership", POST_ONLY_ADMINS),
    "trainees:trainee-list": (None, RECORDERS),
    "trainees:trainee-merge": (None, expect(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT)),
    "trainees:trainee-detail": ("trainee", RECORDERS),
    "trainees:trainee-update": ("trainee", RECORDERS),
    "trainees:trainee-record": ("trainee", ADMINS),
    "trainees:trainee-erase": ("trainee", ADMINS),
    "trainees:activity-participants": ("activity", RECORDERS),
    "trainees:activity-headcounts": ("activity", RECORDERS),
    "trainees:attendance-grid": ("activity", RECORDERS),
    "trainees:session-attendance": ("session", RECORDERS),
    "courses:activity-sessions": ("activity", RECORDERS),
    "courses:activity-calendar": (None, READERS),
    "courses:activity-export": ("csv", READERS),
    "trainees:participant-import": ("activity", RECORDERS),
    "trainees:import-preview": ("import", RECORDERS),
    "trainees:import-rejected-rows": ("import", RECORDERS),
    "trainees:import-template": (None, RECORDERS),
    "trainees:activity-participants-export": ("activity-csv", RECORDERS),
    "trainees:participants-export": ("csv", RECORDERS),
    "trainees:attendance-sheet": ("activity", RECORDERS),
    "trainees:proof-upload": ("activity", POST_ONLY_RECORDERS),
    "trainees:proof-download": ("proof", RECORDERS),
    "trainees:proof-remove": ("proof", POST_ONLY_RECORDERS),
    "trainees:activity-certificates": ("activity", RECORDERS),
    "trainees:participation-certificate": ("participation", RECORDERS),
    "certificate-verify": (None, PUBLIC),
    "reports:dashboard": (None, READERS),
    "reports:report-list": (None, READERS),
    "reports:report-request": (None, expect(LOGIN, FORBIDDEN, REDIRECT, REDIRECT, REDIRECT)),  # to the form
    "reports:report-detail": ("report", READERS),
    "reports:report-status": ("report", READERS),
    "reports:report-download": ("report", READERS),
    "reports:report-download-word": ("report", READERS),
    "reports:narrative-edit": ("programme-language", READERS),
    "reports:narrative-from-previous": (
        "programme-language",
        expect(LOGIN, FORBIDDEN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ),
    "reports:report-retry": ("report", expect(LOGIN, FORBIDDEN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)),
    "api-tokens": (None, EVERYONE_SIGNED_IN),
    "api-token-revoke": ("token", expect(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)),
    "api:schema": (None, API_SIGNED_IN),
    "api:docs": (None, EVERYONE_SIGNED_IN),
    "api:programme-list": (None, API_READERS),
    "api:programme-detail": ("programme", API_READERS),
    "api:programme-figures": ("programme", API_READERS),
    "api:programme-indicators": ("programme", API_READERS),
    "api:activity-list": (None, API_READERS),
    "api:activity-detail": ("activity", API_READERS),
    "api:activity-participants": ("activity", API_RECORDERS),
    "api:trainee-list": (None, API_RECORDERS),
    "api:trainee-detail": ("trainee", API_RECORDERS),
    "api:report-list": (None, API_READERS),
    "api:report-detail": ("report", API_READERS),
    "api:report-pdf": ("report", API_READERS),
    "results:framework": ("programme", READERS),
    "results:export": ("programme", READERS),
    "results:result-create": ("programme", ADMINS),
    "results:result-update": ("result-of-programme", ADMINS),
    "results:indicator-create": ("result", ADMINS),
    "results:result-delete": ("result-of-programme", ADMINS),
    "results:indicator-update": ("indicator", ADMINS),
    "results:indicator-delete": ("indicator", ADMINS),
    "results:value-create": ("manual-indicator", RECORDERS),
    "results:value-update": ("manual-value", RECORDERS),
    "results:value-review": ("manual-value", POST_ONLY_RECORDERS),
    "results:value-evidence": ("manual-value", RECORDERS),
}
# Arguments that are not an object of programme A (the outsider gets what a coordinator gets).
NOT_OBJECTS = {None, "csv", "reset-link", "token"}


def outsider_expects(arguments, expected: dict) -> int | str:
    """The coordinator of another programme: a 404 where a coordinator of A reaches an object of A."""
    answer = expected["coordinator"]
    if arguments not in NOT_OBJECTS and answer in (OK, REDIRECT, FORBIDDEN):
        return NOT_FOUND if answer != FORBIDDEN else FORBIDDEN
    return answer


def url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_of_the_project_is_in_the_table():
    project = {name for name in url_names() if not name.startswith("admin:")} | {"admin:index"}
    assert project - set(TABLE) == set(), "add the new URLs to TABLE with their expected status per role"
    assert set(TABLE) - project == set(), "TABLE names URLs that no longer exist"


@pytest.fixture
def objects(db, roles, admin_user):
    activity = ActivityFactory()
    planned = ActivityFactory(status="planned")
    report = CommitteeReport(
        programme=activity.programme,
        period_start=activity.programme.start_date,
        period_end=activity.end_date,
        requested_by=UserFactory(username="requester"),
        status=CommitteeReport.Status.DONE,
        finished_at=timezone.now(),
    )
    report.pdf.save("report.pdf", ContentFile(b"%PDF-1.7 a stand-in for the URL walk"), save=False)
    report.docx.save("report.docx", ContentFile(b"PK a stand-in for the URL walk"))
    participation = ParticipationFactory(activity=activity)
    Certificate.objects.create(
        participation=participation, code="ABCD-EFGH-JK", issued_by=report.requested_by
    )
    proof = AttendanceProof(
        activity=activity,
        content_type="application/pdf",
        original_name="sheet.pdf",
        size=10,
        uploaded_by=report.requested_by,
    )
    proof.file.save("sheet.pdf", ContentFile(b"%PDF-1.7 %%EOF"))
    participant_import = ParticipantImport.objects.create(
        activity=activity, filename="list.xlsx", uploaded_by=report.requested_by
    )
    member = UserFactory(username="member", role="official")
    result = ExpectedResult.objects.create(programme=activity.programme, code="R1", title="Capacités")
    computed = Indicator.objects.create(result=result, code="1.1", title_fr="Personnes formées")
    manual = Indicator.objects.create(result=result, code="1.2", title_fr="Procédures", kind="manual")
    value = ManualValue(
        indicator=manual,
        period_start=activity.start_date,
        period_end=activity.end_date,
        value=2,
        created_by=report.requested_by,
        evidence_name="minutes.pdf",
        evidence_type="application/pdf",
    )
    value.evidence.save("evidence.pdf", ContentFile(b"%PDF-1.7 %%EOF"))
    return {
        "result-of-programme": [activity.programme.pk, result.pk],
        "result": [result.pk],
        "indicator": [result.pk, computed.pk],
        "manual-indicator": [manual.pk],
        "manual-value": [value.pk],
        "csv": ["csv"],
        "activity-csv": [activity.pk, "csv"],
        "participation": [participation.pk],
        "proof": [proof.pk],
        "import": [activity.pk, participant_import.pk],
        "report": [report.pk],
        "activity": [activity.pk],
        "session": [SessionFactory(activity=activity).pk],
        "activity-cancel": [planned.pk, "cancelled"],
        "expert": [ExpertFactory().pk],
        "trainee": [TraineeFactory().pk],
        "programme": [activity.programme.pk],
        "programme-language": [activity.programme.pk, "en"],
        "membership": [activity.programme.pk, Membership.objects.get(user=member).pk],
        "reset-link": ["MQ", "set-password"],
        "token": [api_token_create(user=member, name="dashboard", days=30)[0].pk],
    }


@pytest.fixture
def signed_in(client, request):
    def _as(role):
        if role == "site_admin":
            client.force_login(UserFactory(username="siteadmin", is_superuser=True, is_staff=True))
        elif role == "outsider":
            elsewhere = ProgrammeFactory(name="Projet opérationnel conjoint (POC) Mauritanie", country="MR")
            client.force_login(
                UserFactory(username="outsider", role="coordinator", role__programme=elsewhere)
            )
        elif role != "anonymous":
            fixture = {"no_role": "no_role_user", "admin": "admin_user"}.get(role, role)
            client.force_login(request.getfixturevalue(fixture))
        return client

    return _as


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle=", re.IGNORECASE)


def header_problems(url: str, response) -> list[str]:
    """Every answer carries the CSP and no-store; no page needs an inline script or style."""
    problems = []
    if "default-src 'self'" not in response.get("Content-Security-Policy", ""):
        problems.append(f"{url}: no Content-Security-Policy")
    cache_control = response.get("Cache-Control", "")
    if "private" not in cache_control or "no-store" not in cache_control:
        problems.append(f"{url}: Cache-Control is {cache_control!r}")
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        body = response.content.decode()
        if INLINE_SCRIPT.search(body) or INLINE_STYLE.search(body):
            problems.append(f"{url}: inline script or style")
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_each_url_answers_each_role_as_expected(role, signed_in, objects):
    client = signed_in(role)
    failures = []
    for name, (arguments, expected) in TABLE.items():
        url = reverse(name, args=objects[arguments] if arguments else None)
        response = client.get(url)
        failures += header_problems(url, response)
        wanted = outsider_expects(arguments, expected) if role == "outsider" else expected[role]
        if wanted == LOGIN:
            ok = response.status_code == 302 and response.url.startswith(reverse("login"))
        else:
            ok = response.status_code == wanted
        if not ok:
            failures.append(f"{name} {url}: {response.status_code}, expected {wanted}")
    assert failures == []


def test_the_admin_site_works_under_the_content_security_policy(client, objects):
    """Every admin list, add form, change form and history page: no inline script or style needed."""
    from django.contrib import admin

    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    failures = []
    for model, _model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls = [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls += [
                reverse(f"{prefix}_change", args=[first.pk]),
                reverse(f"{prefix}_history", args=[first.pk]),
            ]
        for url in urls:
            response = client.get(url)
            if response.status_code not in (200, 403):
                failures.append(f"{url}: {response.status_code}")
            failures += header_problems(url, response)
    assert failures == []
