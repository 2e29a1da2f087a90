"""One account per role for the demo, with a random password shown once."""

import secrets

from django.db import transaction

from accounts.models import User
from accounts.roles import Role, sync_roles
from accounts.services import user_create_with_role

DEMO_USERNAMES: dict[str, str] = {
    Role.COORDINATOR: "coordinator",
    Role.OFFICIAL: "official",
    Role.ADMIN: "admin",
}
DEMO_NAMES: dict[str, tuple[str, str]] = {
    Role.COORDINATOR: ("Awa", "Diop"),
    Role.OFFICIAL: ("Moussa", "Ndiaye"),
    Role.ADMIN: ("Fatou", "Sarr"),
}


@transaction.atomic
def demo_accounts_create() -> list[tuple[str, str, str]]:
    """Create one account per role with a fresh random password; existing ones are left alone.

    Returns (role, username, password) for the accounts created now: the only time the
    passwords are known in clear.
    """
    sync_roles()
    created = []
    for role, username in DEMO_USERNAMES.items():
        if User.objects.filter(username=username).exists():
            continue
        password = secrets.token_urlsafe(9)
        first, last = DEMO_NAMES[role]
        user_create_with_role(
            username=username,
            password=password,
            role=role,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.invalid",
        )
        created.append((str(role), username, password))
    return created
