"""Activity and expert pages, per role, with their errors in French and bounded queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Activity, Expert
from tests.factories import (
    ActivityFactory,
    AssignmentFactory,
    ExpertFactory,
    HeadcountFactory,
    OrganisationFactory,
    ParticipationFactory,
    ProgrammeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def activity_form(**overrides):
    data = {
        "programme": ProgrammeFactory().pk,
        "kind": "training",
        "status": "planned",
        "title": "  Détection   de la fraude documentaire ",
        "theme": ThemeFactory().pk,
        "start_date": "2026-03-02",
        "end_date": "2026-03-06",
        "city": "Ziguinchor",
        "region": "ziguinchor",
        "country": "SN",
        "duration_days": "",
        "duration_hours": "30",
        "description": "",
    }
    data.update(overrides)
    return data


def test_a_coordinator_records_an_activity_and_blank_duration_counts_its_days(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("courses:activity-create"), activity_form())
    activity = Activity.objects.get()
    assert response.status_code == 302 and response.url == activity.get_absolute_url()
    assert activity.title == "Détection de la fraude documentaire"
    assert activity.duration_days == 5
    assert activity.created_by == coordinator


def test_dates_are_accepted_in_the_french_format(client, coordinator):
    client.force_login(coordinator)
    client.post(
        reverse("courses:activity-create"), activity_form(start_date="02/03/2026", end_date="06/03/2026")
    )
    assert Activity.objects.get().start_date == datetime.date(2026, 3, 2)


def test_an_end_before_the_start_is_a_french_form_error_and_nothing_is_written(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("courses:activity-create"), activity_form(end_date="2026-03-01"))
    assert response.status_code == 200
    assert "La date de fin ne peut pas précéder la date de début." in response.content.decode()
    assert not Activity.objects.exists()


def test_a_done_activity_dated_in_the_future_is_refused(client, coordinator):
    client.force_login(coordinator)
    later = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    response = client.post(
        reverse("courses:activity-create"), activity_form(status="done", start_date=later, end_date=later)
    )
    assert "sa date de fin est dans le futur" in response.content.decode()
    assert not Activity.objects.exists()


def test_a_tutoring_action_without_unit_shows_the_error_on_the_field(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("courses:activity-create"), activity_form(kind="tutoring"))
    assert "au moins une unité bénéficiaire" in response.content.decode()
    unit = OrganisationFactory(name="Division nationale de lutte contre le trafic de migrants")
    client.post(
        reverse("courses:activity-create"), activity_form(kind="tutoring", beneficiary_units=[unit.pk])
    )
    assert Activity.objects.get().beneficiary_units.get() == unit


def test_an_oversized_title_is_a_form_error_not_a_crash(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("courses:activity-create"), activity_form(title="x" * 5000))
    assert response.status_code == 200
    assert "250 caractères" in response.content.decode()


def test_the_second_of_two_concurrent_edits_is_refused_with_a_reload_link(client, coordinator, admin_user):
    activity = ActivityFactory(status="planned")
    edit_url = reverse("courses:activity-update", args=[activity.pk])
    form = activity_form(programme=activity.programme.pk, version=activity.version)
    form.pop("status")
    client.force_login(admin_user)
    assert client.post(edit_url, {**form, "title": "Première version"}).status_code == 302
    client.force_login(coordinator)
    response = client.post(edit_url, {**form, "title": "Seconde version"})
    page = response.content.decode()
    assert "vos modifications n’ont pas été enregistrées" in page
    assert f'href="{edit_url}"' in page
    activity.refresh_from_db()
    assert activity.title == "Première version"


def test_marking_done_asks_for_confirmation_first(client, coordinator):
    activity = ActivityFactory(status="planned")
    url = reverse("courses:activity-status", args=[activity.pk, "done"])
    client.force_login(coordinator)
    assert "Marquer cette activité comme réalisée\u00a0?" in client.get(url).content.decode()
    activity.refresh_from_db()
    assert activity.status == "planned"
    client.post(url, {"version": activity.version})
    activity.refresh_from_db()
    assert activity.status == "done"


def test_an_official_reads_an_activity_but_never_the_names_of_its_participants(client, official):
    participation = ParticipationFactory(trainee__last_name="Sarr", trainee__service_number="GN-445")
    AssignmentFactory(activity=participation.activity, expert__last_name="Moreau")
    client.force_login(official)
    page = client.get(participation.activity.get_absolute_url()).content.decode()
    assert "Moreau" in page
    assert "SARR" not in page and "Sarr" not in page and "GN-445" not in page
    assert "1 personne inscrite" in page


def test_an_official_cannot_change_an_activity(client, official):
    activity = ActivityFactory()
    client.force_login(official)
    response = client.post(reverse("courses:activity-update", args=[activity.pk]), activity_form())
    assert response.status_code == 403


def test_admins_see_the_change_history_and_coordinators_do_not(client, coordinator, admin_user):
    activity = ActivityFactory()
    activity.title = "Nouvel intitulé"
    activity.save()
    client.force_login(admin_user)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert 'id="history"' in page and "Nouvel intitulé" in page
    client.force_login(coordinator)
    assert 'id="history"' not in client.get(activity.get_absolute_url()).content.decode()


def test_the_list_filters_by_kind_status_and_text(client, official):
    ActivityFactory(kind="workshop", title="Atelier de sensibilisation à Kédougou")
    ActivityFactory(kind="training", title="Formation fraude documentaire")
    ActivityFactory(kind="workshop", status="cancelled", title="Atelier annulé")
    client.force_login(official)
    response = client.get(
        reverse("courses:activity-list"), {"kind": "workshop", "status": "done", "q": "kédougou"}
    )
    assert [a.title for a in response.context["activities"]] == ["Atelier de sensibilisation à Kédougou"]


def test_a_malformed_filter_shows_an_error_instead_of_a_crash(client, official):
    ActivityFactory()
    client.force_login(official)
    response = client.get(reverse("courses:activity-list"), {"ending_from": "31/31/2031"})
    assert response.status_code == 200
    assert "Les filtres n’ont pas pu être lus" in response.content.decode()
    assert client.get(reverse("courses:activity-list"), {"page": "x"}).status_code == 404


def make_activities(count: int, participants: int):
    for _ in range(count):
        activity = ActivityFactory()
        AssignmentFactory.create_batch(2, activity=activity)
        ParticipationFactory.create_batch(participants, activity=activity)
        HeadcountFactory(activity=activity)


@pytest.mark.parametrize("size", [3, 30])
def test_the_activity_list_takes_the_same_number_of_queries_whatever_its_length(
    size, client, coordinator, django_assert_max_num_queries
):
    make_activities(size, 2)
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("courses:activity-list"))
    assert len(response.context["activities"]) == size


@pytest.mark.parametrize("participants", [2, 40])
def test_the_activity_detail_takes_the_same_number_of_queries_whatever_its_size(
    participants, client, admin_user, django_assert_max_num_queries
):
    make_activities(1, participants)
    activity = Activity.objects.get()
    client.force_login(admin_user)
    with django_assert_max_num_queries(17):  # the sessions (attendance sheet), the sheets removed
        response = client.get(activity.get_absolute_url())
    assert len(response.context["participations"]) == participants


def test_the_expert_search_returns_matching_active_experts_as_you_type(client, coordinator):
    activity = ActivityFactory()
    ExpertFactory(last_name="Fernández", specialities="fraude documentaire")
    ExpertFactory(last_name="Fernández-Ruiz", active=False)
    client.force_login(coordinator)
    response = client.get(
        reverse("courses:activity-experts", args=[activity.pk]),
        {"q": "fernández"},
        headers={"X-Requested-With": "fetch"},
    )
    page = response.content.decode()
    assert "Fernández" in page and "Fernández-Ruiz" not in page
    assert "<html" not in page  # a fragment, not a whole page


def test_a_coordinator_assigns_an_expert_and_the_same_one_twice_is_refused(client, coordinator):
    activity, expert = ActivityFactory(), ExpertFactory()
    url = reverse("courses:activity-experts", args=[activity.pk])
    client.force_login(coordinator)
    client.post(url, {"action": "add", "expert": expert.pk, "role": "trainer", "days": "3"})
    response = client.post(
        url, {"action": "add", "expert": expert.pk, "role": "lead", "days": "1"}, follow=True
    )
    assert activity.assignments.get().role == "trainer"
    assert "mobilisation de" in response.content.decode() and "déjà enregistrée" in response.content.decode()


def test_an_admin_adds_an_expert_and_a_coordinator_cannot(client, coordinator, admin_user):
    institution = OrganisationFactory(name="Guardia Civil", country="ES", kind="gendarmerie")
    data = {
        "first_name": "Lucía",
        "last_name": "Navarro",
        "category": "international",
        "nationality": "ES",
        "institution": institution.pk,
        "specialities": "surveillance maritime",
        "email": "",
        "phone": "",
    }
    client.force_login(coordinator)
    assert client.post(reverse("courses:expert-create"), data).status_code == 403
    client.force_login(admin_user)
    client.post(reverse("courses:expert-create"), data)
    assert Expert.objects.get().created_by == admin_user


def test_deactivating_an_expert_keeps_the_record(client, admin_user):
    expert = ExpertFactory()
    client.force_login(admin_user)
    client.post(reverse("courses:expert-set-active", args=[expert.pk]), {"active": "0"})
    expert.refresh_from_db()
    assert expert.active is False


def test_an_expert_with_a_large_id_is_assigned_from_the_search_results(client, coordinator):
    import re

    activity = ActivityFactory()
    expert = ExpertFactory(pk=12345, last_name="Domínguez")
    client.force_login(coordinator)
    url = reverse("courses:activity-experts", args=[activity.pk])
    fragment = client.get(url, {"q": "domínguez"}, headers={"X-Requested-With": "fetch"}).content.decode()
    value = re.search(r'name="expert" value="([^"]+)"', fragment).group(1)
    assert value == "12345"
    client.post(url, {"action": "add", "expert": value, "role": "trainer", "days": ""})
    assert activity.assignments.get().expert == expert


def test_an_expert_busy_on_overlapping_dates_is_assigned_only_once_the_warning_is_confirmed(
    client, coordinator
):
    expert = ExpertFactory()
    busy = ActivityFactory(title="Atelier de Saint-Louis")  # 6 to 10 March 2023
    busy.assignments.create(expert=expert, role="trainer")
    activity = ActivityFactory(start_date=busy.end_date, title="Formation de Kaolack")
    url = reverse("courses:activity-experts", args=[activity.pk])
    client.force_login(coordinator)
    page = client.post(url, {"action": "add", "expert": expert.pk, "role": "trainer", "days": "2.5"})
    assert page.status_code == 200
    assert "Atelier de Saint-Louis" in page.content.decode()
    assert not activity.assignments.exists()
    client.post(
        url, {"action": "add", "expert": expert.pk, "role": "trainer", "days": "2.5", "confirm_overlap": "1"}
    )
    assert activity.assignments.get().expert == expert
