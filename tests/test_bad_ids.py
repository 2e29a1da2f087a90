"""Ids nobody can have (past the database's integer range) answer 404, never 500."""

import pytest

from tests.factories import ActivityFactory

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "url",
    [
        f"/activities/{HUGE}/headcounts/",
        f"/activities/{HUGE}/import/",
        "/activities/{activity}/import/" + HUGE + "/",
        f"/proofs/{HUGE}/",
        f"/reports/{HUGE}/",
        f"/reports/{HUGE}/status/",
        f"/trainees/{HUGE}/",
        f"/programmes/{HUGE}/results/{HUGE}/delete/",
        f"/results/{HUGE}/indicators/{HUGE}/delete/",
        f"/indicator-values/{HUGE}/edit/",
        f"/admin/courses/activity/{HUGE}/history/",
        f"/admin/trainees/headcount/{HUGE}/history/",
        "/admin/courses/activity/{activity}/history/" + HUGE + "/",
    ],
)
def test_an_id_past_the_integer_range_is_not_found(client, admin_user, url):
    activity = ActivityFactory()
    admin_user.is_superuser = admin_user.is_staff = True  # the admin site is the site administrators'
    admin_user.save()
    client.force_login(admin_user)
    assert client.get(url.format(activity=activity.pk)).status_code == 404
