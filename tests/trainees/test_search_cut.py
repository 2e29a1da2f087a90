"""The participants' search says when it shows only the first results."""

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, TraineeFactory
from trainees.views.participants import SEARCH_RESULTS

pytestmark = pytest.mark.django_db


def _search(client, activity, query):
    return client.get(
        reverse("trainees:activity-participants", args=[activity.pk]),
        {"q": query},
        headers={"X-Requested-With": "fetch", "accept-language": "fr"},
    )


def test_a_cut_search_says_how_many_match(client, coordinator):
    activity = ActivityFactory()
    TraineeFactory.create_batch(SEARCH_RESULTS + 7, last_name="Sarr", programmes=[activity.programme])
    client.force_login(coordinator)
    response = _search(client, activity, "sarr")
    assert len(response.context["results"]) == SEARCH_RESULTS
    assert (
        f"Les {SEARCH_RESULTS} premiers résultats sur {SEARCH_RESULTS + 7}\u00a0: affinez la recherche."
        in (response.content.decode())
    )


def test_a_search_that_shows_everything_says_nothing_more(client, coordinator):
    activity = ActivityFactory()
    TraineeFactory.create_batch(3, last_name="Sarr", programmes=[activity.programme])
    client.force_login(coordinator)
    response = _search(client, activity, "sarr")
    assert len(response.context["results"]) == 3
    assert "premiers résultats" not in response.content.decode()


@pytest.mark.parametrize(("sex", "word"), [("F", "ajoutée"), ("M", "ajouté")])
def test_adding_a_person_agrees_with_their_recorded_sex(client, coordinator, sex, word):
    activity = ActivityFactory()
    person = TraineeFactory(sex=sex, programmes=[activity.programme])
    client.force_login(coordinator)
    response = client.post(
        reverse("trainees:activity-participants", args=[activity.pk]),
        {"action": "add", "trainee": person.pk, "outcome": "trained", "attended": "on"},
        headers={"accept-language": "fr"},
        follow=True,
    )
    body = response.content.decode()
    assert f"{person} a été {word}." in body
    assert "(e)" not in body
