"""The framework's edits beyond creation: deleting results and indicators, correcting a manual value,
reading its history, and the targets of each year as rows."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from core.versioning import StaleVersionError
from results import services
from results.history import value_histories
from results.models import ExpectedResult, Indicator, IndicatorTarget, ManualValue
from tests.factories import ProgrammeFactory, UserFactory
from tests.results.test_views import year_rows

pytestmark = pytest.mark.django_db

SCAN = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF"


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


@pytest.fixture
def outsider_admin(roles):
    """An admin of another programme: none of this programme's rows exist for them."""
    elsewhere = ProgrammeFactory(name="Projet opérationnel conjoint (POC) Mauritanie", country="MR")
    return UserFactory(username="admin-elsewhere", role="admin", role__programme=elsewhere)


@pytest.fixture
def outsider_coordinator(roles):
    elsewhere = ProgrammeFactory(name="Projet opérationnel conjoint (POC) Mauritanie", country="MR")
    return UserFactory(username="coordinator-elsewhere", role="coordinator", role__programme=elsewhere)


def scan(name="minutes.pdf", data=SCAN):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


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


# --- Deleting --------------------------------------------------------------------------------


def test_deleting_an_indicator_takes_its_targets_and_values_not_approved_with_it(
    admin_user, coordinator, manual, django_capture_on_commit_callbacks
):
    draft = add_value(manual, coordinator, evidence=scan())
    add_value(manual, coordinator, status="submitted")
    storage, name = draft.evidence.storage, draft.evidence.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.indicator_delete(indicator=manual, by=admin_user)
    assert not Indicator.objects.filter(pk=manual.pk).exists()
    assert not IndicatorTarget.objects.exists() and not ManualValue.objects.exists()
    assert not storage.exists(name)  # the evidence file left the storage with its value
    # The values' history keeps their deletion, and who made it.
    deleted = ManualValue.history.filter(id=draft.pk, history_type="-").get()
    assert deleted.history_user == admin_user


def test_an_indicator_with_approved_values_is_not_deleted(admin_user, coordinator, manual):
    add_value(manual, coordinator, status="approved")
    add_value(manual, coordinator)
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        services.indicator_delete(indicator=manual, by=admin_user)
    assert "L’indicateur 2.1 a 1 valeur approuvée" in refused.value.messages[0]
    assert ManualValue.objects.count() == 2 and manual.year_targets.count() == 1


def test_returning_its_approved_value_lets_the_indicator_go(admin_user, coordinator, manual):
    approved = add_value(manual, coordinator, status="approved")
    services.manual_value_move(entry=approved, status="returned", by=admin_user, comment="Saisie en double")
    services.indicator_delete(indicator=manual, by=admin_user)
    assert not Indicator.objects.exists()


def test_deleting_a_result_takes_its_indicators_unless_one_has_approved_values(
    admin_user, coordinator, result, manual
):
    computed = Indicator.objects.create(result=result, code="1.1", title_fr="Personnes formées")
    approved = add_value(manual, coordinator, status="approved")
    with pytest.raises(ValidationError):
        services.result_delete(result=result, by=admin_user)
    assert Indicator.objects.filter(result=result).count() == 2
    services.manual_value_move(entry=approved, status="returned", by=admin_user, comment="Erreur")
    assert services.result_delete(result=result, by=admin_user) == 2
    assert not ExpectedResult.objects.exists() and not Indicator.objects.filter(pk=computed.pk).exists()


def test_only_the_programmes_admins_delete(coordinator, outsider_admin, result, manual):
    for user in (coordinator, outsider_admin):
        with pytest.raises(PermissionDenied):
            services.indicator_delete(indicator=manual, by=user)
        with pytest.raises(PermissionDenied):
            services.result_delete(result=result, by=user)
    assert Indicator.objects.filter(pk=manual.pk).exists()


def test_the_confirmation_page_lists_what_goes_then_the_post_deletes(
    client, admin_user, coordinator, programme, result, manual
):
    Indicator.objects.create(result=result, code="1.1", title_fr="Personnes formées")
    add_value(manual, coordinator)
    client.force_login(admin_user)
    url = reverse("results:result-delete", args=[programme.pk, result.pk])
    page = client.get(url).content.decode()
    assert "Supprimer le résultat attendu R1 Capacités renforcées\u00a0?" in page
    assert "2 indicateurs sont supprimés avec lui" in page
    assert "1.1</strong> Personnes formées" in page and "2.1</strong> Procédures adoptées" in page
    assert "2024\u00a0: 3" in page and "1 valeur saisie à la main, non approuvée" in page
    assert ExpectedResult.objects.exists()  # a GET deletes nothing
    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("results:framework", args=[programme.pk])
    assert not ExpectedResult.objects.exists() and not Indicator.objects.exists()
    page = client.get(response.url).content.decode()
    assert "Le résultat attendu R1 a été supprimé avec 2 indicateurs." in page


def test_a_refused_deletion_says_why_and_offers_no_button(client, admin_user, coordinator, result, manual):
    add_value(manual, coordinator, status="approved")
    client.force_login(admin_user)
    url = reverse("results:indicator-delete", args=[result.pk, manual.pk])
    page = client.get(url).content.decode()
    assert 'id="deletion-refused"' in page and "Oui, supprimer" not in page
    assert "a 1 valeur approuvée, qui fait foi pour le programme" in page
    response = client.post(url, follow=True)
    assert "a 1 valeur approuvée" in response.content.decode()
    assert Indicator.objects.filter(pk=manual.pk).exists()


def test_deleting_answers_each_role(
    client, official, coordinator, admin_user, outsider_admin, programme, result, manual
):
    urls = [
        reverse("results:indicator-delete", args=[result.pk, manual.pk]),
        reverse("results:result-delete", args=[programme.pk, result.pk]),
    ]
    for user, status in ((official, 403), (coordinator, 403), (outsider_admin, 404)):
        client.force_login(user)
        for url in urls:
            assert client.post(url).status_code == status, (user, url)
    assert Indicator.objects.filter(pk=manual.pk).exists()
    client.force_login(admin_user)
    page = client.get(urls[0]).content.decode()
    assert "Supprimer l’indicateur 2.1 Procédures adoptées\u00a0?" in page
    assert "Supprimé avec lui\u00a0:" in page and "2024\u00a0: 3" in page and "Aucune valeur saisie" in page
    assert client.post(urls[0]).status_code == 302 and not Indicator.objects.filter(pk=manual.pk).exists()


# --- Correcting a manual value ---------------------------------------------------------------


def test_a_draft_is_corrected_and_its_evidence_replaced(
    coordinator, manual, django_capture_on_commit_callbacks
):
    entry = add_value(manual, coordinator, evidence=scan("old.pdf"))
    old = entry.evidence.name
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.manual_value_update(
            entry=entry,
            by=coordinator,
            period_start=entry.period_start,
            period_end=entry.period_end,
            value=Decimal(4),
            women=Decimal(1),
            comment="Quatre arrêtés",
            evidence=scan("new.pdf"),
            seen_revision=services.manual_value_revision(entry),
        )
    entry.refresh_from_db()
    assert (entry.status, entry.value, entry.women, entry.evidence_name) == ("draft", 4, 1, "new.pdf")
    assert entry.evidence.name != old and not entry.evidence.storage.exists(old)


def test_a_returned_value_is_corrected_and_submitted_again(coordinator, manual):
    entry = add_value(manual, coordinator, status="returned")
    services.manual_value_update(
        entry=entry,
        by=coordinator,
        period_start=entry.period_start,
        period_end=entry.period_end,
        value=Decimal(3),
        submit=True,
    )
    entry.refresh_from_db()
    assert (entry.status, entry.value) == ("submitted", 3)


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_a_submitted_or_approved_value_is_not_changed(coordinator, manual, status):
    entry = add_value(manual, coordinator, status=status)
    with pytest.raises(ValidationError) as refused:
        services.manual_value_update(
            entry=entry, by=coordinator, period_start=entry.period_start, period_end=entry.period_end, value=9
        )
    assert "seule une valeur en brouillon ou renvoyée peut être modifiée" in refused.value.messages[0]
    entry.refresh_from_db()
    assert entry.value == 2


def test_a_correction_made_on_an_older_reading_or_by_someone_else_is_refused(
    coordinator, official, outsider_coordinator, manual
):
    entry = add_value(manual, coordinator)
    seen = services.manual_value_revision(entry)
    fields = {"period_start": entry.period_start, "period_end": entry.period_end}
    services.manual_value_update(entry=entry, by=coordinator, value=Decimal(5), seen_revision=seen, **fields)
    with pytest.raises(StaleVersionError):
        services.manual_value_update(
            entry=entry, by=coordinator, value=Decimal(6), seen_revision=seen, **fields
        )
    for user in (official, outsider_coordinator):
        with pytest.raises(PermissionDenied):
            services.manual_value_update(entry=entry, by=user, value=Decimal(7), **fields)
    entry.refresh_from_db()
    assert entry.value == 5


def test_a_bad_correction_changes_nothing(coordinator, manual):
    entry = add_value(manual, coordinator, evidence=scan())
    fields = {"period_start": entry.period_start, "period_end": entry.period_end}
    with pytest.raises(ValidationError):
        services.manual_value_update(
            entry=entry, by=coordinator, value=Decimal(2), women=Decimal(3), **fields
        )
    with pytest.raises(ValidationError):
        services.manual_value_update(
            entry=entry, by=coordinator, value=Decimal(8), evidence=scan("x.pdf", b"<html></html>"), **fields
        )
    entry.refresh_from_db()
    assert (entry.value, entry.women, entry.evidence_name) == (2, None, "minutes.pdf")


def test_the_edit_page_corrects_and_resubmits_a_returned_value(client, coordinator, manual):
    entry = add_value(manual, coordinator, status="returned")
    client.force_login(coordinator)
    url = reverse("results:value-update", args=[entry.pk])
    page = client.get(url).content.decode()
    assert "Joindre l’arrêté" in page and "Enregistrer et soumettre à l’approbation" in page
    assert "Enregistrer sans soumettre" in page
    response = client.post(
        url,
        {
            "period_start": "2024-01-01",
            "period_end": "2024-06-30",
            "value": "3",
            "comment": "Avec l’arrêté",
            "evidence": scan("arrete.pdf"),
            "revision": str(services.manual_value_revision(entry)),
            "submit": "1",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.value, entry.evidence_name) == ("submitted", 3, "arrete.pdf")
    # Submitted, it waits for the review: its edit page sends back to the framework with a message.
    response = client.get(url, follow=True)
    assert "seule une valeur en brouillon ou renvoyée peut être modifiée" in response.content.decode()


def test_the_edit_page_keeps_what_was_typed_when_refused(client, coordinator, manual):
    entry = add_value(manual, coordinator)
    client.force_login(coordinator)
    response = client.post(
        reverse("results:value-update", args=[entry.pk]),
        {"period_start": "2024-06-30", "period_end": "2024-01-01", "value": "-1", "draft": "1"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "La fin de la période ne peut pas précéder son début." in text or "supérieure ou égale à 0" in text
    entry.refresh_from_db()
    assert entry.value == 2


def test_the_edit_page_answers_each_role(
    client, official, coordinator, admin_user, outsider_coordinator, manual
):
    entry = add_value(manual, coordinator)
    url = reverse("results:value-update", args=[entry.pk])
    data = {"period_start": "2024-01-01", "period_end": "2024-06-30", "value": "7"}
    for user, status in ((official, 403), (outsider_coordinator, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status
        assert client.post(url, data).status_code == status
    entry.refresh_from_db()
    assert entry.value == 2
    client.force_login(admin_user)  # an admin enters values too
    assert client.post(url, data).status_code == 302
    entry.refresh_from_db()
    assert entry.value == 7


# --- History of a value ----------------------------------------------------------------------


def test_the_history_of_a_value_says_who_did_what_when_with_the_comments(
    client, coordinator, admin_user, manual
):
    client.force_login(coordinator)
    client.post(
        reverse("results:value-create", args=[manual.pk]),
        {"period_start": "2024-01-01", "period_end": "2024-06-30", "value": "2", "comment": "Deux arrêtés"},
    )
    entry = ManualValue.objects.get()
    services.manual_value_update(
        entry=entry,
        by=coordinator,
        period_start=entry.period_start,
        period_end=entry.period_end,
        value=Decimal(3),
        comment=entry.comment,
    )
    services.manual_value_move(entry=entry, status="submitted", by=coordinator)
    services.manual_value_move(entry=entry, status="returned", by=admin_user, comment="Joindre les arrêtés")
    services.manual_value_move(entry=entry, status="submitted", by=coordinator)
    services.manual_value_move(entry=entry, status="approved", by=admin_user)
    steps = value_histories([entry])[entry.pk]
    assert [(s.action, s.user, s.comment) for s in steps] == [
        ("Saisi en brouillon", coordinator, "Deux arrêtés"),
        ("Modifié", coordinator, ""),
        ("Soumis pour approbation", coordinator, ""),
        ("Renvoyé pour correction", admin_user, "Joindre les arrêtés"),
        ("Soumis pour approbation", coordinator, ""),
        ("Approuvé", admin_user, ""),
    ]
    assert [(c.field, c.old, c.new) for c in steps[1].changes] == [("valeur", "2", "3")]
    client.force_login(admin_user)
    page = client.get(reverse("results:framework", args=[manual.result.programme_id])).content.decode()
    assert '<details class="small value-history">' in page
    assert "Renvoyé pour correction" in page and "Joindre les arrêtés" in page
    assert "Valeur\u00a0: <del>2</del> → 3" in page


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
    assert reverse("results:indicator-delete", args=[result.pk, manual.pk]) in page
    assert reverse("results:result-delete", args=[programme.pk, result.pk]) in page
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "2024\u00a0: 3" in page and "/delete/" not in page
    assert reverse("results:value-update", args=[ManualValue.objects.get().pk]) in page
    client.force_login(official)
    page = client.get(url).content.decode()
    assert "2024\u00a0: 3" in page and "/edit/" not in page and "/delete/" not in page


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
