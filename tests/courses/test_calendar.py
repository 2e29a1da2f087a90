"""The month calendar of activities: filterable by kind, each activity linked, one query for them."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_a_month_shows_the_activities_running_in_it_by_kind(client, official, django_assert_max_num_queries):
    training = ActivityFactory(
        kind="training", title="Formation à Ziguinchor", start_date=datetime.date(2026, 3, 30)
    )  # runs into April
    workshop = ActivityFactory(
        kind="workshop", title="Atelier de Kolda", start_date=datetime.date(2026, 4, 14)
    )
    ActivityFactory(kind="workshop", title="Atelier de mai", start_date=datetime.date(2026, 5, 4))
    elsewhere = ActivityFactory(
        programme=ProgrammeFactory(name="Ailleurs", country="MR"),
        title="Hors programme",
        start_date=datetime.date(2026, 4, 7),
    )
    client.force_login(official)
    url = reverse("courses:activity-calendar")
    client.get(url, {"month": "2026-04"})
    with django_assert_max_num_queries(8):
        page = client.get(url, {"month": "2026-04"}).content.decode()
    assert training.get_absolute_url() in page and workshop.get_absolute_url() in page
    assert "Atelier de mai" not in page and elsewhere.title not in page
    only_workshops = client.get(url, {"month": "2026-04", "kind": "workshop"}).content.decode()
    assert workshop.title in only_workshops and training.title not in only_workshops


def test_a_bad_month_or_kind_shows_this_month_unfiltered(client, official):
    client.force_login(official)
    response = client.get(reverse("courses:activity-calendar"), {"month": "2026-13", "kind": "<b>"})
    assert response.status_code == 200
    assert response.context["kind"] == ""


def test_a_planned_activity_that_has_ended_is_flagged_to_update(client, coordinator):
    from django.utils import timezone

    today = timezone.localdate()
    over = ActivityFactory(
        status="planned",
        title="Atelier oublié",
        start_date=today - datetime.timedelta(days=20),
        end_date=today - datetime.timedelta(days=18),
    )
    ActivityFactory(status="planned", title="Atelier à venir", start_date=today + datetime.timedelta(days=5))
    client.force_login(coordinator)
    listing = client.get(reverse("courses:activity-list")).content.decode()
    assert listing.count("à mettre à jour") == 1
    assert "à mettre à jour" in client.get(over.get_absolute_url()).content.decode()
    dashboard = client.get(reverse("reports:dashboard")).content.decode()
    assert 'id="overdue-activities"' in dashboard and "1 activité prévue est terminée" in dashboard
