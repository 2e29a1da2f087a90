"""Writes on users and roles."""

from django.contrib.auth.models import Group
from django.db import transaction

from .models import User
from .roles import Role


@transaction.atomic
def user_create_with_role(
    *, username: str, password: str, role: str, first_name: str = "", last_name: str = "", email: str = ""
) -> User:
    """Create an active user holding one role; admins also reach the admin site."""
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=role == Role.ADMIN,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    return user
