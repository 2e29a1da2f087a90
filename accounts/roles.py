"""The three roles, as Django groups with permissions.

Views check permissions, never group names; the groups only bundle permissions. The data
migrations of ``accounts`` call :func:`sync_roles`, which makes every group hold exactly the
permissions listed here. When this table changes, add a migration that calls it again.
"""

from django.apps import apps as global_apps
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    OFFICIAL = "official", _("Official")
    ADMIN = "admin", _("Administrator")


_OFFICIAL: list[str] = []
_COORDINATOR: list[str] = [*_OFFICIAL]
_ADMIN: list[str] = [
    *_COORDINATOR,
    "accounts.view_user",
    "accounts.add_user",
    "accounts.change_user",
    "auth.view_group",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.OFFICIAL: _OFFICIAL,
    Role.COORDINATOR: _COORDINATOR,
    Role.ADMIN: _ADMIN,
}

# Where each role starts its work after signing in (URL names).
LANDING: dict[str, str] = {}


def sync_roles(apps=global_apps, *, using: str = "default", strict: bool = True) -> None:
    """Create the role groups and give each exactly its permissions (idempotent).

    Migrations call it with ``strict=False``: a permission whose model a later migration creates
    is skipped then, and granted by the role migration that depends on that later one. Elsewhere a
    missing permission is a mistake in the table and raises ``LookupError``.
    """
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations; create them now so that a migration
    # (with its historical ``apps``) can hand them out.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=apps, using=using)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        wanted = set(names)
        found = []
        for name in sorted(wanted):
            app_label, codename = name.split(".", 1)
            try:
                found.append(
                    Permission.objects.using(using).get(content_type__app_label=app_label, codename=codename)
                )
            except Permission.DoesNotExist:
                if not strict:
                    continue
                raise LookupError(f"Role {role!r} names a permission that does not exist: {name}") from None
        group.permissions.set(found)


def user_role(user) -> Role | None:
    """The user's role: admin wins over coordinator, which wins over official."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    names = {group.name for group in user.groups.all()}
    for role in (Role.ADMIN, Role.COORDINATOR, Role.OFFICIAL):
        if role in names:
            return role
    return None


def landing_url_name(user) -> str | None:
    role = user_role(user)
    return LANDING.get(role) if role else None
