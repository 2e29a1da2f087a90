"""Writes on who works on a programme: invitations, roles, departures. Every change is in the
memberships' history (with who made it and why)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_create
from core.versioning import history_note, record_author

from .access import forget_roles
from .models import Membership, Programme


@transaction.atomic
def membership_set(*, user: User, programme: Programme, role: str, by: User | None) -> Membership:
    """Give ``user`` the ``role`` in ``programme`` (a new member, or a new role for a member)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    membership = Membership.objects.select_for_update().filter(user=user, programme=programme).first()
    creating = membership is None
    if membership is None:
        membership = Membership(user=user, programme=programme, role=role)
    elif membership.role == role:
        return membership
    membership.role = role
    record_author(membership, by, creating=creating)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:  # added by someone else meanwhile
        raise ValidationError(_("This person is already a member of the programme.")) from None
    forget_roles(user)
    return membership


@transaction.atomic
def member_invite(
    *, email: str, first_name: str, last_name: str, programme: Programme, role: str, by: User | None
) -> tuple[User, bool]:
    """An account for ``email`` (created without a password, or the existing one) with ``role`` in
    ``programme``. Returns the user and whether they must set a password (new or never signed in)."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = user_create(username=email, email=email, first_name=first_name, last_name=last_name)
    elif not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    membership_set(user=user, programme=programme, role=role, by=by)
    return user, not user.has_usable_password()


@transaction.atomic
def membership_remove(*, membership: Membership, by: User | None, reason: str) -> bool:
    """Take a member off a programme; an account left with no programme is deactivated.

    Returns whether the account was deactivated. Site administrators keep their account.
    """
    user = membership.user
    history_note(membership, by, reason)
    membership.delete()
    forget_roles(user)
    if not user.is_superuser and not user.memberships.exists():
        user.is_active = False
        user.save(update_fields=["is_active"])
        return True
    return False
