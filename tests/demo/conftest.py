import pytest

from tests.factories import UserFactory


@pytest.fixture
def coordinator(roles):
    """A user who writes records next to the demo: no role in any programme (that would make one)."""
    return UserFactory(username="coordinator")


@pytest.fixture
def official(roles):
    return UserFactory(username="official")
