"""Several programmes on one site: each user sees and changes only what their role in each allows."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from courses.models import Activity, Membership
from reports.figures import compute_figures
from tests.factories import (
    ActivityFactory,
    AssignmentFactory,
    ExpertFactory,
    ParticipationFactory,
    ProgrammeFactory,
    TraineeFactory,
    UserFactory,
)
from tests.trainees.spreadsheets import FRENCH_HEADER, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def senegal():
    return ProgrammeFactory()


@pytest.fixture
def mauritania():
    return ProgrammeFactory(
        name="Projet opérationnel conjoint (POC) Mauritanie",
        short_name="POC Mauritanie",
        country="MR",
        start_date=datetime.date(2022, 1, 1),
    )


@pytest.fixture
def b_records(mauritania):
    """Programme B's records: an activity with a named participant and an expert."""
    activity = ActivityFactory(
        programme=mauritania, title="Formation à Nouakchott", city="Nouakchott", country="MR", region=""
    )
    person = TraineeFactory(
        first_name="Mariem", last_name="Mint Sidi", service_number="MR-777", programmes=[mauritania]
    )
    ParticipationFactory(activity=activity, trainee=person)
    expert = ExpertFactory(last_name="Ould Ahmed", programmes=[mauritania])
    AssignmentFactory(activity=activity, expert=expert)
    return {"activity": activity, "person": person, "expert": expert}


def test_b_s_people_never_appear_in_a_s_pages_search_or_exports(client, coordinator, senegal, b_records):
    ActivityFactory(programme=senegal, title="Formation à Dakar")
    client.force_login(coordinator)
    pages = [
        client.get(reverse("trainees:trainee-list")),
        client.get(reverse("trainees:trainee-list"), {"q": "mint sidi"}),
        client.get(reverse("courses:expert-list")),
        client.get(reverse("courses:expert-list"), {"q": "ould"}),
        client.get(reverse("courses:activity-list")),
        client.get(reverse("courses:activity-export", args=["csv"])),
        client.get(reverse("trainees:participants-export", args=["csv"])),
        client.get(reverse("reports:dashboard")),
    ]
    a_activity = Activity.objects.get(title="Formation à Dakar")
    pages.append(
        client.get(
            reverse("trainees:activity-participants", args=[a_activity.pk]),
            {"q": "MR-777"},
            headers={"X-Requested-With": "fetch"},
        )
    )
    text = "".join(
        b"".join(page.streaming_content).decode() if page.streaming else page.content.decode()
        for page in pages
    )
    assert "Formation à Dakar" in text
    for secret in ("Mint Sidi", "MINT SIDI", "MR-777", "MR777", "Ould Ahmed", "Nouakchott"):
        assert secret not in text


def test_the_dashboard_offers_only_the_user_s_programmes_and_opens_on_theirs(
    client, coordinator, senegal, mauritania
):
    client.force_login(coordinator)
    page = client.get(reverse("reports:dashboard"))
    assert page.context["programme"] == senegal
    assert list(page.context["form"].fields["programme"].queryset) == [senegal]
    chosen = client.get(reverse("reports:dashboard"), {"programme": mauritania.pk})
    assert chosen.context["programme"] == senegal  # not theirs: the form refuses it, theirs is shown


def test_a_user_with_two_programmes_switches_and_the_choice_is_remembered(client, senegal, mauritania):
    user = UserFactory(username="both", role="official", role__programme=senegal)
    Membership.objects.create(user=user, programme=mauritania, role="official")
    client.force_login(user)
    assert (
        client.get(reverse("reports:dashboard"), {"programme": mauritania.pk}).context["programme"]
        == mauritania
    )
    assert client.get(reverse("reports:dashboard")).context["programme"] == mauritania


def test_a_role_applies_in_its_programme_only(client, senegal, mauritania):
    user = UserFactory(username="mixed", role="coordinator", role__programme=senegal)
    Membership.objects.create(user=user, programme=mauritania, role="official")
    mine = ActivityFactory(programme=senegal)
    theirs = ActivityFactory(programme=mauritania)
    client.force_login(user)
    assert client.get(reverse("courses:activity-update", args=[mine.pk])).status_code == 200
    assert client.get(reverse("courses:activity-update", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("courses:activity-detail", args=[theirs.pk])).status_code == 200
    page = client.get(reverse("courses:activity-detail", args=[theirs.pk])).content.decode()
    assert reverse("courses:activity-update", args=[theirs.pk]) not in page  # no edit button there
    assert reverse("trainees:activity-participants", args=[theirs.pk]) not in page


def test_a_new_activity_may_only_go_to_a_programme_where_the_user_records(client, senegal, mauritania):
    user = UserFactory(username="mixed", role="coordinator", role__programme=senegal)
    Membership.objects.create(user=user, programme=mauritania, role="official")
    client.force_login(user)
    data = {
        "programme": mauritania.pk,
        "kind": "training",
        "status": "planned",
        "title": "Une formation",
        "start_date": "2026-12-07",
        "end_date": "2026-12-08",
        "country": "SN",
    }
    response = client.post(reverse("courses:activity-create"), data)
    assert response.status_code == 200 and "programme" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_registering_a_known_person_puts_them_on_record_in_the_second_programme(
    client, senegal, mauritania, b_records
):
    user = UserFactory(username="both", role="coordinator", role__programme=senegal)
    Membership.objects.create(user=user, programme=mauritania, role="coordinator")
    activity = ActivityFactory(programme=senegal)
    client.force_login(user)
    client.post(
        reverse("trainees:activity-participants", args=[activity.pk]),
        {"action": "add", "trainee": b_records["person"].pk, "outcome": "trained", "attended": "on"},
    )
    assert set(b_records["person"].programmes.all()) == {senegal, mauritania}


def test_a_coordinator_cannot_add_another_programme_s_person_by_their_id(
    client, coordinator, senegal, b_records
):
    activity = ActivityFactory(programme=senegal)
    client.force_login(coordinator)
    client.post(
        reverse("trainees:activity-participants", args=[activity.pk]),
        {"action": "add", "trainee": b_records["person"].pk, "outcome": "trained", "attended": "on"},
    )
    assert not activity.participations.exists()


def test_an_import_matches_another_programme_s_person_by_service_number_without_naming_them(
    client, coordinator, senegal, b_records
):
    activity = ActivityFactory(programme=senegal)
    client.force_login(coordinator)
    data = xlsx([FRENCH_HEADER, ["Autre", "Nom", "F", "Police", "", "", "", "MR-777", "formé"]])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("trainees:participant-import", args=[activity.pk]),
        {"file": SimpleUploadedFile("list.xlsx", data)},
        follow=True,
    )
    page = response.content.decode()
    assert "déjà enregistré dans un autre programme" in page
    assert "Mint Sidi" not in page and "MINT SIDI" not in page


def test_the_headline_speaks_of_the_programme_s_own_national_experts(mauritania, b_records):
    from reports.presentation import headline

    expert = ExpertFactory(category="national", nationality="MR", programmes=[mauritania])
    AssignmentFactory(activity=b_records["activity"], expert=expert)
    figures = compute_figures(mauritania)
    assert "1 expert international ou mauritanien" not in headline(figures)
    assert "2 experts internationaux et mauritaniens" in headline(figures)
    assert figures.experts_national == 1 and figures.experts_international == 1


# --- The team -------------------------------------------------------------------------------


def test_an_admin_invites_someone_who_gets_a_link_to_choose_a_password(client, admin_user, senegal):
    client.force_login(admin_user)
    response = client.post(
        reverse("courses:programme-team", args=[senegal.pk]),
        {
            "email": "Khady.Ndour@Example.org",
            "first_name": "Khady",
            "last_name": "Ndour",
            "role": "coordinator",
        },
    )
    assert response.status_code == 302
    invited = Membership.objects.get(programme=senegal, role="coordinator").user
    assert invited.email == "khady.ndour@example.org" and not invited.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["khady.ndour@example.org"] and "/accounts/reset/" in message.body
    assert "POC Sénégal" in message.subject
    history = Membership.history.filter(programme_id=senegal.pk, user_id=invited.pk).get()
    assert history.history_user == admin_user and history.history_type == "+"


def test_an_admin_changes_a_role_and_takes_someone_off_the_team_which_closes_their_account(
    client, admin_user, senegal
):
    member = UserFactory(username="member", role="official")
    membership = Membership.objects.get(user=member)
    client.force_login(admin_user)
    url = reverse("courses:team-member", args=[senegal.pk, membership.pk])
    client.post(url, {"action": "role", f"m{membership.pk}-role": "coordinator"})
    membership.refresh_from_db()
    assert membership.role == "coordinator"
    client.post(url, {"action": "remove"})
    member.refresh_from_db()
    assert not Membership.objects.filter(user=member).exists() and not member.is_active
    assert [
        h.history_type for h in Membership.history.filter(user_id=member.pk).order_by("history_date")
    ] == [
        "+",
        "~",
        "-",
    ]


def test_a_coordinator_cannot_manage_the_team_nor_an_admin_of_another_programme(
    client, coordinator, senegal, mauritania
):
    client.force_login(coordinator)
    assert client.get(reverse("courses:programme-team", args=[senegal.pk])).status_code == 403
    other_admin = UserFactory(username="other-admin", role="admin", role__programme=mauritania)
    client.force_login(other_admin)
    assert client.get(reverse("courses:programme-team", args=[senegal.pk])).status_code == 404


def test_forgotten_password_sends_a_link_and_never_says_whether_the_address_is_known(client, coordinator):
    known = client.post(reverse("password_reset"), {"email": coordinator.email})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302 and known.url == unknown.url
    (message,) = mail.outbox
    assert message.to == [coordinator.email] and "/accounts/reset/" in message.body


def test_the_lists_keep_a_constant_number_of_queries_with_several_programmes(
    client, senegal, mauritania, django_assert_max_num_queries
):
    user = UserFactory(username="both", role="coordinator", role__programme=senegal)
    Membership.objects.create(user=user, programme=mauritania, role="coordinator")
    for programme in (senegal, mauritania):
        for _ in range(5):
            ParticipationFactory(activity__programme=programme)
    client.force_login(user)
    with django_assert_max_num_queries(9):
        client.get(reverse("courses:activity-list"))
    with django_assert_max_num_queries(9):
        client.get(reverse("trainees:trainee-list"))


def test_editing_an_expert_keeps_them_on_the_rosters_the_admin_does_not_keep(
    client, admin_user, senegal, mauritania
):
    expert = ExpertFactory(programmes=[senegal, mauritania])
    client.force_login(admin_user)
    data = {
        "first_name": "Lucía",
        "last_name": "Navarro",
        "category": "international",
        "nationality": "ES",
        "institution": expert.institution_id,
        "programmes": [senegal.pk],
        "version": expert.version,
    }
    response = client.post(reverse("courses:expert-update", args=[expert.pk]), data)
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.last_name == "Navarro" and set(expert.programmes.all()) == {senegal, mauritania}


def test_a_national_expert_is_of_the_programme_s_country(client, admin_user, senegal):
    from tests.factories import OrganisationFactory

    client.force_login(admin_user)
    data = {
        "first_name": "Awa",
        "last_name": "Ba",
        "category": "national",
        "nationality": "FR",
        "institution": OrganisationFactory().pk,
    }
    response = client.post(reverse("courses:expert-create"), data)
    assert response.status_code == 200 and "nationality" in response.context["form"].errors
    data["nationality"] = "SN"
    assert client.post(reverse("courses:expert-create"), data).status_code == 302


def test_an_admin_sets_the_programmes_english_texts_logos_and_signatory(client, admin_user, senegal):
    """Images are checked by content: a renamed text file is refused with a message and nothing changes."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from demo.images import badge

    client.force_login(admin_user)
    url = reverse("courses:programme-update", args=[senegal.pk])
    data = {
        "name": senegal.name,
        "short_name": senegal.short_name,
        "country": senegal.country,
        "start_date": senegal.start_date.isoformat(),
        "name_en": "Joint Operational Partnership (POC) Senegal",
        "visibility_statement_en": "This programme is funded by the European Union.",
        "signatory_name": "Aminata Diallo",
        "attendance_threshold": senegal.attendance_threshold,
        "version": senegal.version,
    }
    refused = client.post(url, {**data, "logo": SimpleUploadedFile("logo.png", b"not an image at all")})
    assert refused.status_code == 200
    senegal.refresh_from_db()
    assert not senegal.logo and senegal.name_en == ""
    logo = SimpleUploadedFile("logo.png", badge("POC", "#0b5394"), content_type="image/png")
    assert client.post(url, {**data, "logo": logo}).status_code == 302
    senegal.refresh_from_db()
    assert senegal.logo.name.startswith("programmes/") and senegal.signatory_name == "Aminata Diallo"
    assert senegal.texts("en").name == "Joint Operational Partnership (POC) Senegal"
    assert senegal.texts("es").name == senegal.name  # no Spanish name: the French one
    assert senegal.texts("en").visibility == "This programme is funded by the European Union."
