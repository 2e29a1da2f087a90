"""The request a permission-checked view receives: its user is signed in (for type checking)."""

from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """``request.user`` is a :class:`User`: the view's permission check let no anonymous visitor in."""

    user: User
