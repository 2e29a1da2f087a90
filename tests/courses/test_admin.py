"""The admin site: a history page only where a model keeps a history; ids that cannot exist answer 404."""

import pytest
from django.urls import reverse

from tests.factories import (
    ActivityFactory,
    OrganisationFactory,
    ProgrammeFactory,
    TraineeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    return root


def test_programmes_and_organisations_show_the_admin_log_not_a_crash(client, superuser):
    programme, organisation = ProgrammeFactory(), OrganisationFactory()
    for url in (
        reverse("admin:courses_programme_history", args=[programme.pk]),
        reverse("admin:courses_organisation_history", args=[organisation.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_records_with_a_history_show_it(client, superuser):
    activity, trainee = ActivityFactory(), TraineeFactory()
    assert client.get(reverse("admin:courses_activity_history", args=[activity.pk])).status_code == 200
    response = client.get(reverse("admin:trainees_trainee_history", args=[trainee.pk]))
    assert response.status_code == 200
    version = trainee.history.latest().history_id
    url = reverse("admin:trainees_trainee_simple_history", args=[trainee.pk, version])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("bad", ["abc", "1.5", "99999999999999999999999", "-1", "١"])
def test_ids_that_cannot_exist_answer_404_on_history_pages(client, superuser, bad):
    activity = ActivityFactory()
    version = activity.history.latest().history_id
    assert client.get(f"/admin/courses/activity/{bad}/history/").status_code == 404
    assert client.get(f"/admin/courses/activity/{bad}/history/{version}/").status_code == 404
    assert client.get(f"/admin/courses/activity/{activity.pk}/history/{bad}/").status_code == 404
