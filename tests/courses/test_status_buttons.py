"""The activity page offers only the status changes allowed today, each saying what it does."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.factories import ActivityFactory


def _page(client, user, activity):
    client.force_login(user)
    return client.get(activity.get_absolute_url(), headers={"accept-language": "fr"}).content.decode()


def test_an_activity_in_the_future_cannot_be_marked_done(client, coordinator):
    start = timezone.localdate() + datetime.timedelta(days=10)
    activity = ActivityFactory(
        status="planned", start_date=start, end_date=start + datetime.timedelta(days=2)
    )
    assert [str(s) for s in activity.statuses_allowed_now()] == ["cancelled"]
    body = _page(client, coordinator, activity)
    assert "Marquer comme réalisée" not in body
    assert "Annuler l’activité" in body
    # The confirmation page itself refuses at once, before asking anything.
    url = reverse("courses:activity-status", args=[activity.pk, "done"])
    refused = client.get(url, headers={"accept-language": "fr"}, follow=True)
    assert refused.redirect_chain[-1][0] == activity.get_absolute_url()
    assert "ne peut pas être réalisée avant sa fin" in refused.content.decode()


def test_a_past_planned_activity_can_be_marked_done_or_cancelled(client, coordinator):
    end = timezone.localdate() - datetime.timedelta(days=1)
    activity = ActivityFactory(status="planned", start_date=end, end_date=end)
    assert [str(s) for s in activity.statuses_allowed_now()] == ["done", "cancelled"]
    body = _page(client, coordinator, activity)
    assert "Marquer comme réalisée" in body
    # "Cancel the activity" comes after "Edit", apart, never a bare "Annuler" beside it.
    assert body.index("Modifier") < body.index("Annuler l’activité")
    assert ">Annuler<" not in body.replace("\n", "").replace(" ", "")
