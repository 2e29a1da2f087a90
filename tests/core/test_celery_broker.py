"""A web request never hangs when the broker is down."""

import time

import pytest
from kombu.exceptions import OperationalError

from poc_training.celery import ping


def test_sending_a_task_to_an_unreachable_broker_fails_fast_with_a_catchable_error(unreachable_broker):
    started = time.monotonic()
    with pytest.raises(OperationalError):
        ping.delay("anyone there?")
    assert time.monotonic() - started < 2.5
