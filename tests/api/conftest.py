import pytest
from rest_framework.test import APIClient

from accounts.services import api_token_create


@pytest.fixture
def token_client():
    """``token_client(user)``: an API client carrying a fresh personal token of ``user``."""

    def _for(user, days: int = 30) -> APIClient:
        _token, text = api_token_create(user=user, name="M&E dashboard", days=days)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
        return client

    return _for
