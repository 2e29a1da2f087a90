"""One account per role for the demo, with a random password shown once, each a member of the demo."""

import secrets

from django.db import transaction

from accounts.models import User
from accounts.roles import Role, sync_roles
from accounts.services import user_create
from courses.models import Programme
from courses.team import membership_set

# A role in the demo programme for three of them; the site administrator needs none.
DEMO_ACCOUNTS: dict[str, tuple[str, str, str]] = {
    "coordinator": (Role.COORDINATOR, "Awa", "Diop"),
    "official": (Role.OFFICIAL, "Moussa", "Ndiaye"),
    "admin": (Role.ADMIN, "Fatou", "Sarr"),
    "siteadmin": ("site administrator", "Ibrahima", "Sy"),
}


@transaction.atomic
def demo_accounts_create() -> list[tuple[str, str, str]]:
    """Create the demo's accounts with fresh random passwords (existing ones are left alone), and
    give each its role in every demo programme.

    Returns (role, username, password) for the accounts created now: the only time the
    passwords are known in clear.
    """
    from .marker import existing_demo_author

    sync_roles()
    author = existing_demo_author()
    programmes = list(Programme.objects.filter(created_by=author)) if author else []
    created = []
    for username, (role, first, last) in DEMO_ACCOUNTS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(9)
            user = user_create(
                username=username,
                password=password,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.invalid",
                site_administrator=role not in Role.values,
            )
            created.append((str(role), username, password))
        if role in Role.values:
            for programme in programmes:
                membership_set(user=user, programme=programme, role=role, by=None)
    return created
