"""Writes on user accounts (their roles in programmes are courses' memberships)."""

from django.db import transaction

from .models import User


@transaction.atomic
def user_create(
    *,
    username: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    site_administrator: bool = False,
) -> User:
    """Create an active account; without a password it cannot sign in until one is set (invitation).

    A site administrator is a superuser: every permission in every programme, and the admin site.
    """
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=site_administrator,
        is_superuser=site_administrator,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user
