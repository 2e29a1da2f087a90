import pytest

from poc_training.celery import ping

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_task_round_trips_through_the_real_worker(celery_worker):
    result = ping.delay("bonjour")
    assert result.get(timeout=30) == "bonjour"
    assert not ping.app.conf.task_always_eager
