"""Permission checks shared by every app's views.

Anonymous visitors are sent to the login page; signed-in users without the permission get a 403.
Views check permissions, never group names.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


class PermissionMixin(PermissionRequiredMixin):
    """``permission_required`` on a class-based view (Django's behaviour: login redirect or 403)."""


def permission_required(*perms: str) -> Callable:
    """Function-view decorator: login redirect for anonymous visitors, 403 for the others."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.permission_required = perms
        return wrapped

    return decorator
