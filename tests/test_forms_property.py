"""No input a user can type produces a 500, and a refused form writes nothing."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from courses.models import Activity, Expert
from tests.factories import ActivityFactory, OrganisationFactory, ProgrammeFactory, ThemeFactory
from tests.trainees.spreadsheets import FRENCH_HEADER, csv_bytes, person, xlsx
from trainees.models import Headcount, Participation, Trainee

pytestmark = pytest.mark.django_db

# Anything a keyboard, a paste or a crafted request can send, including NUL and huge strings.
typed = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=6000),
    st.sampled_from(
        ["", " ", "0", "-1", "1e9", "2026-02-30", "31/12/2026", "NaN", "\x00", "<script>", "' OR 1=1"]
    ),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.dates().map(str),
)
PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def counts():
    return (
        Activity.objects.count(),
        Expert.objects.count(),
        Trainee.objects.count(),
        Participation.objects.count(),
        Headcount.objects.count(),
    )


@PROPERTY
@given(
    data=st.fixed_dictionaries(
        {
            name: typed
            for name in [
                "kind",
                "status",
                "title",
                "theme",
                "start_date",
                "end_date",
                "city",
                "region",
                "country",
                "duration_days",
                "duration_hours",
                "description",
                "programme",
            ]
        }
    )
)
def test_the_activity_form_never_fails_with_a_server_error(client, coordinator, data):
    ProgrammeFactory()
    ThemeFactory()
    client.force_login(coordinator)
    before = counts()
    response = client.post(reverse("courses:activity-create"), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert counts() == before


@PROPERTY
@given(
    data=st.fixed_dictionaries(
        {
            name: typed
            for name in [
                "first_name",
                "last_name",
                "category",
                "nationality",
                "institution",
                "specialities",
                "email",
                "phone",
            ]
        }
    )
)
def test_the_expert_form_never_fails_with_a_server_error(client, admin_user, data):
    OrganisationFactory()
    client.force_login(admin_user)
    before = counts()
    response = client.post(reverse("courses:expert-create"), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert counts() == before


@PROPERTY
@given(
    data=st.fixed_dictionaries(
        {
            f"new-{name}": typed
            for name in [
                "last_name",
                "first_name",
                "sex",
                "service",
                "rank",
                "unit",
                "region",
                "service_number",
                "email",
                "phone",
                "outcome",
                "attended",
                "confirm_new",
            ]
        }
    ),
    action=st.sampled_from(["new", "add", "save", "bogus"]),
    query=typed,
)
def test_the_participants_screen_never_fails_with_a_server_error(client, coordinator, data, action, query):
    activity = ActivityFactory()
    client.force_login(coordinator)
    assert (
        client.get(reverse("trainees:activity-participants", args=[activity.pk]), {"q": query}).status_code
        == 200
    )
    before = counts()
    response = client.post(
        reverse("trainees:activity-participants", args=[activity.pk]),
        {"action": action, "trainee": query, **data},
    )
    assert response.status_code in (200, 302, 400)
    if response.status_code != 302 or action in ("bogus", "save"):
        assert counts()[2:4] == before[2:4] or response.status_code == 302


@PROPERTY
@given(values=st.lists(typed, min_size=10, max_size=10))
def test_the_headcount_form_never_fails_with_a_server_error(client, coordinator, values):
    activity = ActivityFactory()
    fields = [
        f"count_{service}_{sex}"
        for service in ("police", "gendarmerie", "customs", "justice", "other")
        for sex in ("F", "M")
    ]
    client.force_login(coordinator)
    response = client.post(
        reverse("trainees:activity-headcounts", args=[activity.pk]), dict(zip(fields, values, strict=True))
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert not activity.headcounts.exists()


@PROPERTY
@given(
    params=st.fixed_dictionaries(
        {
            name: typed
            for name in [
                "q",
                "kind",
                "status",
                "ending_from",
                "ending_to",
                "region",
                "theme",
                "ordering",
                "per_page",
                "programme",
                "category",
                "active",
                "service",
                "sex",
            ]
        }
    )
)
def test_list_filters_never_fail_with_a_server_error(client, admin_user, params):
    client.force_login(admin_user)
    for name in ("courses:activity-list", "courses:expert-list", "trainees:trainee-list"):
        assert client.get(reverse(name), params).status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "courses:activity-list",
        "courses:expert-list",
        "trainees:trainee-list",
        "courses:activity-experts",
        "trainees:activity-participants",
    ],
)
def test_a_nul_character_in_a_search_box_is_harmless(client, admin_user, name):
    activity = ActivityFactory()
    client.force_login(admin_user)
    url = reverse(name, args=[activity.pk]) if name.endswith(("experts", "participants")) else reverse(name)
    assert client.get(url, {"q": "Di\x00op"}).status_code == 200


# --- Uploaded files -------------------------------------------------------------------------

cells = st.one_of(st.none(), typed, st.integers(), st.floats(allow_nan=False, allow_infinity=False))


def random_xlsx(rows) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook()
    for row in rows:
        workbook.active.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


header_words = st.sampled_from(
    [
        "Nom",
        "Prénom",
        "Sexe",
        "Service",
        "Grade",
        "Matricule",
        "Région",
        "Résultat",
        "Last name",
        "First name",
        "Sex",
        "Unit",
        "Outcome",
        "",
        "Divers",
    ]
)
spreadsheet_files = st.one_of(
    st.binary(max_size=2000),
    st.lists(st.lists(st.one_of(header_words, typed), max_size=10), max_size=8).map(
        lambda rows: "\n".join(";".join(cell.replace("\n", " ") for cell in row) for row in rows).encode(
            "utf-8"
        )
    ),
    st.tuples(
        st.lists(header_words, min_size=2, max_size=9), st.lists(st.lists(cells, max_size=9), max_size=6)
    ).map(lambda parts: random_xlsx([parts[0], *parts[1]])),
)


@PROPERTY
@given(data=spreadsheet_files, name=st.sampled_from(["liste.xlsx", "liste.csv", "liste.pdf", "x"]))
@example(data=xlsx([FRENCH_HEADER, person(), person("Sow", "Ibrahima", "M")]), name="liste.xlsx")
@example(data=csv_bytes([FRENCH_HEADER, person(), person(sex="?")]), name="liste.csv")
def test_no_uploaded_list_produces_a_server_error_or_a_partial_write(client, coordinator, data, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    activity = ActivityFactory()
    client.force_login(coordinator)
    before = counts()
    response = client.post(
        reverse("trainees:participant-import", args=[activity.pk]), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code in (200, 302)
    assert counts() == before  # reading a list never writes people or participations
    if response.status_code == 302:
        preview = client.get(response.url)
        assert preview.status_code == 200
        confirmed = client.post(response.url)
        assert confirmed.status_code == 302
        written, statuses = counts(), preview.context["counts"]
        if statuses["error"] or statuses["duplicate"]:
            assert written == before  # refused as a whole
        else:  # written as a whole: one participation per new or known person
            assert written[3] - before[3] == statuses["new"] + statuses["matched"]
            assert written[2] - before[2] == statuses["new"]
