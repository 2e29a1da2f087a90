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


# Officials read: activities, experts' names on activities, figures and reports; never trainees.
_OFFICIAL: list[str] = [
    "courses.view_programme",
    "courses.view_activity",
    "reports.view_dashboard",
    "reports.view_committeereport",
    "reports.add_committeereport",
]
# Coordinators record activities, assign experts from the roster, register participants.
_COORDINATOR: list[str] = [
    *_OFFICIAL,
    "courses.add_activity",
    "courses.change_activity",
    "courses.view_expert",
    "courses.view_organisation",
    "courses.view_theme",
    "courses.view_expertassignment",
    "courses.add_expertassignment",
    "courses.change_expertassignment",
    "courses.delete_expertassignment",
    "trainees.view_trainee",
    "trainees.add_trainee",
    "trainees.change_trainee",
    "trainees.view_participation",
    "trainees.add_participation",
    "trainees.change_participation",
    "trainees.delete_participation",
    "trainees.view_headcount",
    "trainees.add_headcount",
    "trainees.change_headcount",
    "trainees.delete_headcount",
    "trainees.add_attendanceproof",
    "trainees.view_attendanceproof",
    "trainees.add_certificate",
    "trainees.view_certificate",
    "trainees.add_participantimport",
    "trainees.view_participantimport",
]
# Admins also keep the expert roster, reference data and users, merge trainees, see history.
_ADMIN: list[str] = [
    *_COORDINATOR,
    "courses.add_expert",
    "courses.change_expert",
    "courses.add_programme",
    "courses.change_programme",
    "courses.add_organisation",
    "courses.change_organisation",
    "courses.add_theme",
    "courses.change_theme",
    "courses.view_change_history",
    "trainees.merge_trainee",
    "accounts.view_user",
    "accounts.add_user",
    "accounts.change_user",
    "auth.view_group",
    # Unlock a sign-in locked after failed attempts: delete its rows in "Access attempts".
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.OFFICIAL: _OFFICIAL,
    Role.COORDINATOR: _COORDINATOR,
    Role.ADMIN: _ADMIN,
}

# Where each role starts its work after signing in (URL names).
LANDING: dict[str, str] = {
    Role.COORDINATOR: "courses:activity-list",
    Role.OFFICIAL: "reports:dashboard",
    Role.ADMIN: "reports:dashboard",
}


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
