"""The three roles and the permissions each grants.

A user holds a role in each programme they belong to (``courses.Membership``), and the role's
permissions apply in that programme only (``courses.access.MembershipBackend``); site
administrators (superusers) hold every permission everywhere. Views check permissions, never
roles. The table below is the one truth; the groups of the same names mirror it for site
administrators to read in the admin site, and are never given to users (a group would grant its
permissions in every programme). :func:`sync_roles` keeps the groups in step: when the table
changes, add a migration that calls it again.
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
    "courses.view_session",
    "courses.add_session",
    "courses.change_session",
    "courses.delete_session",
    "trainees.view_trainee",
    "trainees.add_trainee",
    "trainees.change_trainee",
    "trainees.view_participation",
    "trainees.add_participation",
    "trainees.change_participation",
    "trainees.delete_participation",
    "trainees.view_attendance",
    "trainees.add_attendance",
    "trainees.change_attendance",
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
    "results.view_manualvalue",
    "results.add_manualvalue",
    "results.change_manualvalue",
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
    "trainees.export_trainee",
    "trainees.erase_trainee",
    "trainees.delete_attendanceproof",
    "courses.view_membership",
    "courses.add_membership",
    "courses.change_membership",
    "courses.delete_membership",
    "results.manage_framework",
    "results.approve_manualvalue",
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


def landing_url_name(user) -> str | None:
    """Where the user starts: coordinators at the activities, officials and admins at the dashboard."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return LANDING[Role.ADMIN]
    for role in (Role.ADMIN, Role.COORDINATOR, Role.OFFICIAL):
        if all(user.has_perm(name) for name in ROLE_PERMISSIONS[role]):
            return LANDING[role]
    return None
