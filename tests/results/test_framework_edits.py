"""The framework's targets of each year, typed as rows and listed beside each indicator."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from results import services
from results.models import ExpectedResult, Indicator, IndicatorTarget
from tests.factories import ProgrammeFactory, UserFactory
from tests.results.test_views import year_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    programme = ProgrammeFactory()  # the role fixtures' programme
    programme.end_date = datetime.date(2025, 12, 31)
    programme.save()
    return programme


@pytest.fixture
def result(programme):
    return ExpectedResult.objects.create(programme=programme, code="R1", title="Capacités renforcées")


@pytest.fixture
def manual(result):
    indicator = Indicator.objects.create(
        result=result, code="2.1", title_fr="Procédures adoptées", kind="manual"
    )
    IndicatorTarget.objects.create(indicator=indicator, year=2024, value=Decimal(3))
    return indicator


def add_value(indicator, by, *, status="draft", value=2, evidence=None):
    entry = services.manual_value_add(
        indicator=indicator,
        by=by,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 6, 30),
        value=Decimal(value),
        comment="Arrêtés signés",
        evidence=evidence,
        submit=status != "draft",
    )
    if status in ("approved", "returned"):
        reviewer = UserFactory(username=f"reviewer-{entry.pk}", role="admin")
        services.manual_value_move(entry=entry, status="approved", by=reviewer)
        if status == "returned":
            services.manual_value_move(
                entry=entry, status="returned", by=reviewer, comment="Joindre l’arrêté"
            )
    entry.refresh_from_db()
    return entry


# --- Targets of each year, as rows -----------------------------------------------------------


def indicator_post(**extra) -> dict:
    return {
        "code": "1.1",
        "title_fr": "Personnes formées",
        "baseline": "0",
        "kind": "computed",
        "measure": "people_trained",
        "cumulative": "on",
        **extra,
    }


def test_the_indicator_form_shows_a_row_per_target_and_empty_rows_for_the_other_years(
    client, admin_user, result, manual
):
    client.force_login(admin_user)
    page = client.get(reverse("results:indicator-update", args=[result.pk, manual.pk])).content.decode()
    assert 'name="targets-0-year" value="2024"' in page and 'name="targets-0-value" value="3"' in page
    # 2020 to 2025: five years without a target, five empty rows after the one filled.
    assert 'name="targets-TOTAL_FORMS" value="6"' in page and 'name="targets-5-year"' in page
    assert 'name="targets-0-DELETE"' in page


def test_rows_are_saved_replaced_and_removed(client, admin_user, result, manual):
    client.force_login(admin_user)
    url = reverse("results:indicator-update", args=[result.pk, manual.pk])
    data = indicator_post(
        code="2.1", kind="manual", **year_rows((2024, 3, True), (2023, "2,5"), (2025, 4), extra=2)
    )
    response = client.post(url, data)
    assert response.status_code == 200  # "2,5" is not a number here: nothing saved
    assert {t.year: t.value for t in manual.year_targets.all()} == {2024: 3}
    data.update({"targets-1-value": "2.5"})
    assert client.post(url, data).status_code == 302
    assert {t.year: t.value for t in manual.year_targets.all()} == {2023: Decimal("2.5"), 2025: 4}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (((2024, 3), (2024, 4)), "2024 a déjà une cible plus haut\u00a0: une ligne par année."),
        (((2019, 3),), "Le programme va de 2020 à 2025\u00a0: donnez une année comprise entre les deux."),
        (((2024, -1),), "Une cible ne peut pas être négative."),
        (((2024, ""),), "Donnez la cible de cette année."),
        ((("", 5),), "Donnez l’année de cette cible."),
    ],
)
def test_a_bad_row_is_refused_in_french_and_nothing_saved(client, admin_user, result, rows, message):
    client.force_login(admin_user)
    response = client.post(
        reverse("results:indicator-create", args=[result.pk]), indicator_post(**year_rows(*rows))
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Indicator.objects.filter(code="1.1").exists()


def test_a_post_without_the_rows_management_data_is_refused_not_an_error(client, admin_user, result):
    client.force_login(admin_user)
    response = client.post(reverse("results:indicator-create", args=[result.pk]), indicator_post())
    assert response.status_code == 200 and not Indicator.objects.filter(code="1.1").exists()


def test_a_programme_without_an_end_takes_targets_from_its_start_on(client, admin_user, result, programme):
    programme.end_date = None
    programme.save()
    client.force_login(admin_user)
    url = reverse("results:indicator-create", args=[result.pk])
    response = client.post(url, indicator_post(**year_rows((2019, 1))))
    assert (
        "Le programme commence en 2020\u00a0: donnez une année à partir de celle-ci."
        in response.content.decode()
    )
    assert client.post(url, indicator_post(**year_rows((2031, 1)))).status_code == 302


# --- The framework page ----------------------------------------------------------------------


def test_the_framework_page_lists_the_targets_of_each_year_and_the_edits_each_role_may_make(
    client, official, coordinator, admin_user, programme, result, manual
):
    add_value(manual, coordinator)
    url = reverse("results:framework", args=[programme.pk])
    client.force_login(admin_user)
    page = client.get(url).content.decode()
    assert "Cibles par année\u00a0:" in page and "2024\u00a0: 3" in page
    assert reverse("results:indicator-update", args=[result.pk, manual.pk]) in page
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "2024\u00a0: 3" in page and "/delete/" not in page
    client.force_login(official)
    page = client.get(url).content.decode()
    assert "2024\u00a0: 3" in page and "/delete/" not in page


def test_the_framework_page_reads_in_a_bounded_number_of_queries(
    client, admin_user, coordinator, programme, django_assert_max_num_queries
):
    def grow(start: int):
        for r in range(start, start + 3):
            result = ExpectedResult.objects.create(programme=programme, code=f"R{r}", title="Résultat")
            for i in range(3):
                indicator = Indicator.objects.create(
                    result=result, code=f"{r}.{i}", title_fr="Procédures", kind="manual"
                )
                IndicatorTarget.objects.create(indicator=indicator, year=2024, value=1)
                entry = add_value(indicator, coordinator, status="submitted")
                services.manual_value_move(entry=entry, status="approved", by=admin_user)

    client.force_login(admin_user)
    url = reverse("results:framework", args=[programme.pk])
    grow(1)
    with django_assert_max_num_queries(16) as small:
        assert client.get(url).status_code == 200
    grow(4)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
