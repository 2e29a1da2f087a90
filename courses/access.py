"""Who may do what, in which programme.

A user holds a role in each programme they belong to (:class:`~courses.models.Membership`); the
role's permissions (``accounts.roles.ROLE_PERMISSIONS``) apply in that programme only. Site
administrators (superusers) hold every permission everywhere.

- :class:`MembershipBackend` answers ``user.has_perm(perm)`` (in at least one programme: enough to
  open a page) and ``user.has_perm(perm, obj)`` (in the object's programme: enough to act on it).
- :func:`programme_ids_for` gives the programmes where a user holds a permission: every model's
  ``for_user(user, perm)`` queryset method is made of it, and every lookup of a view goes through
  one, so that an object of another programme answers 404.
"""

from collections.abc import Iterable

from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.db.models import QuerySet

from accounts.roles import ROLE_PERMISSIONS

from .models.programmes import Membership, Programme

PERMISSIONS = {role: frozenset(names) for role, names in ROLE_PERMISSIONS.items()}


def roles_of(user) -> dict[int, str]:
    """{programme id: role} of an active, signed-in user; read once per user object (one request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, "_programme_roles", None)
    if cached is None:
        memberships = (
            Membership.objects.filter(user_id=user.pk).order_by().values_list("programme_id", "role")
        )
        cached = dict(memberships)
        user._programme_roles = cached
    return cached


def forget_roles(user) -> None:
    """After a change of the user's memberships, read them again on next use."""
    user.__dict__.pop("_programme_roles", None)


def programme_ids_for(user, perm: str) -> list[int] | None:
    """Ids of the programmes where ``user`` holds ``perm``; None means all (a site administrator)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    return sorted(pid for pid, role in roles_of(user).items() if perm in PERMISSIONS.get(role, ()))


def scope(queryset: QuerySet, user, perm: str, path: str) -> QuerySet:
    """``queryset`` limited to the rows whose programme (reached by ``path``) grants ``user`` ``perm``."""
    ids = programme_ids_for(user, perm)
    return queryset if ids is None else queryset.filter(**{f"{path}__in": ids})


def programme_id_of(obj) -> int | None:
    """The programme an object belongs to: itself, its programme, or its activity's programme."""
    if isinstance(obj, Programme):
        return obj.pk
    for path in ("programme_id", "activity__programme_id"):
        value = obj
        for part in path.split("__"):
            value = getattr(value, part, None)
            if value is None:
                break
        if value is not None:
            return value
    return None


class PasswordBackend(ModelBackend):
    """Signs users in by password (Django's), and grants no permission itself: roles in programmes
    do (:class:`MembershipBackend`), and superusers hold every permission anyway. No user is ever
    given a group or a permission of their own, so the two queries reading them are saved."""

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()


class MembershipBackend(BaseBackend):
    """Permissions from the user's role in each programme (see the module's docstring)."""

    def get_all_permissions(self, user, obj=None) -> set[str]:
        roles = roles_of(user)
        if obj is None:
            return set().union(*(PERMISSIONS.get(role, ()) for role in roles.values()))
        programme_id = programme_id_of(obj)
        role = roles.get(programme_id) if programme_id is not None else None
        return set(PERMISSIONS.get(role, ())) if role else set()

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)


def holds_in_any(user, perm: str, programme_ids: Iterable[int]) -> bool:
    """Whether ``user`` holds ``perm`` in at least one of these programmes (e.g. a person's)."""
    allowed = programme_ids_for(user, perm)
    return allowed is None or bool(set(allowed) & set(programme_ids))
