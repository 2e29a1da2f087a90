"""Writes on user accounts (their roles in programmes are courses' memberships) and their API tokens."""

import hmac
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken, User


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


# A token reads "poc_<prefix>_<secret>": the prefix finds it, the secret proves it.
TOKEN_SCHEME = "poc"
TOKEN_LIFETIMES_DAYS = (30, 90, 365)


def api_token_create(*, user: User, name: str, days: int) -> tuple[ApiToken, str]:
    """Make a personal API token valid ``days`` days; returns it and its full text, shown once."""
    if days not in TOKEN_LIFETIMES_DAYS:
        raise ValidationError({"days": _("Choose one of the lifetimes offered.")})
    secret = secrets.token_urlsafe(32)
    while True:
        prefix = secrets.token_hex(ApiToken.PREFIX_LENGTH // 2)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=prefix,
        digest=ApiToken.digest_of(secret),
        expires_at=timezone.now() + timedelta(days=days),
    )
    token.full_clean()
    token.save()
    return token, f"{TOKEN_SCHEME}_{prefix}_{secret}"


def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke a token at once (its owner's act); a revoked token opens nothing, ever again."""
    if token.user_id != by.pk:
        raise ValidationError(_("Only its owner can revoke a token."))
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db()
    return token


def api_token_check(text: str) -> ApiToken | None:
    """The active token this text is, or None (unknown, malformed, revoked or expired).

    Marks it used (at most once a minute, to spare a write per request).
    """
    scheme, _sep, rest = text.partition("_")
    prefix, _sep, secret = rest.partition("_")
    if scheme != TOKEN_SCHEME or len(prefix) != ApiToken.PREFIX_LENGTH or not secret:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, ApiToken.digest_of(secret)):
        return None
    now = timezone.now()
    if not token.is_active(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
