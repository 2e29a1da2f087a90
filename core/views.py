"""View helpers every app uses: permissions, edits saved by services, filtered lists, the health check.

Anonymous visitors are sent to the login page; signed-in users without the permission get a 403.
Views check permissions, never group names.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import UpdateView

from .forms import bootstrap_widgets
from .versioning import StaleVersionError

PAGE_SIZES = (25, 50, 100)


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

        wrapped.permission_required = perms  # type: ignore[attr-defined]
        return wrapped

    return decorator


def get_or_404(queryset: QuerySet, **lookup: Any) -> Any:
    """The one row of ``queryset`` (already scoped to the user: ``Model.objects.for_user(user)``)
    matching ``lookup``, or a 404: also for an id that is not a number or is out of range."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None


class ObjectPermissions:
    """``perms`` for one object in templates: ``{{ activity_perms.courses.change_activity }}`` asks
    whether the user holds the permission where that object belongs (its programme)."""

    def __init__(self, user, obj):
        self.user, self.obj = user, obj

    def __getitem__(self, app_label: str) -> "_AppPermissions":
        return _AppPermissions(self, app_label)


class _AppPermissions:
    def __init__(self, parent: ObjectPermissions, app_label: str):
        self.parent, self.app_label = parent, app_label

    def __getitem__(self, codename: str) -> bool:
        return self.parent.user.has_perm(f"{self.app_label}.{codename}", self.parent.obj)

    def __bool__(self) -> bool:
        return True


def stale_message(url: str) -> str:
    return format_html(
        '{} <a href="{}" class="alert-link">{}</a>',
        _("Someone else saved this record after you opened it, so your changes were not saved."),
        url,
        _("Reload the latest version (copy your changes first)."),
    )


def apply_service_errors(form, error: ValidationError) -> None:
    """Show a service's validation error on the form, on its fields when it names them."""
    if hasattr(error, "error_dict"):
        for field_name, errors in error.error_dict.items():
            form.add_error(field_name if field_name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def error_messages(request: HttpRequest, error: ValidationError) -> None:
    """A service's refusal as messages on the next page."""
    for message in error.messages:
        messages.error(request, message)


class ServiceFormMixin:
    """A create or edit view whose form a service saves: a refusal stays on the form with what was typed.

    Subclasses implement :meth:`save` (call the service, return the saved record) and say what to
    tell the user in ``success_message`` or :meth:`get_success_message`.
    """

    request: HttpRequest
    success_message: Any = ""

    def save(self, form) -> Any:
        raise NotImplementedError

    def get_success_message(self, saved) -> str:
        return str(self.success_message)

    def form_invalid(self, form) -> HttpResponse:
        return super().form_invalid(form)  # type: ignore[misc]

    def form_valid(self, form) -> HttpResponse:
        try:
            saved = self.save(form)
        except StaleVersionError:
            form.add_error(None, stale_message(self.request.path))
            return self.form_invalid(form)
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message(saved))
        return redirect(saved)


class VersionedUpdateView(PermissionMixin, ServiceFormMixin, UpdateView):
    """The edit page of a versioned record, saved by ``update_service`` from the version the user saw.

    The service is called as ``update_service(<model name>=record, expected_version=..., by=...,
    **fields)``, the signature of every ``<model>_update`` service.
    """

    update_service: Callable[..., Any]

    def save(self, form) -> Any:
        return self.update_service(
            **{self.model._meta.model_name: self.object},
            expected_version=form.cleaned_data["version"],
            by=self.request.user,
            **form.service_fields(),
        )


class PaginatedFilterMixin:
    """A list filtered by a FilterSet, with a page size the user may choose."""

    request: HttpRequest
    filterset_class: Any = None

    def get_paginate_by(self, queryset) -> int:
        try:
            size = int(self.request.GET.get("per_page", 50))
        except ValueError:
            size = 50
        return size if size in PAGE_SIZES else 50

    def filtered(self, queryset):
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=queryset, request=self.request
        )
        invalid = bool(self.request.GET) and not self.filterset.is_valid()
        bootstrap_widgets(self.filterset.form)
        return queryset.none() if invalid else self.filterset.qs

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter=self.filterset, query_string=query.urlencode(), page_sizes=PAGE_SIZES)
        return context


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def _cache_ok() -> bool:
    available = getattr(cache, "available", None)
    if available is not None:
        return bool(available())
    try:  # an in-process cache (the demo's): it is there if it keeps a value
        cache.set("healthz", "ok", 5)
        return cache.get("healthz") == "ok"
    except Exception:  # whatever a cache raises, it is down
        return False


def _broker_state() -> str:
    """The task queue: "ok", "down", or "in-process" when tasks run in the web process (demo)."""
    from celery import current_app

    if current_app.conf.task_always_eager:
        return "in-process"
    try:
        with current_app.connection_for_write() as connection_:
            connection_.ensure_connection(max_retries=0, timeout=1)
    except Exception:  # kombu and its transports raise many kinds
        return "down"
    return "ok"


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """What the site depends on, each named: the database (without it nothing works: 503), the cache
    and the task queue (without them pages still work: 200, "degraded").
    """
    checks = {
        "database": "ok" if _database_ok() else "down",
        "cache": "ok" if _cache_ok() else "down",
        "broker": _broker_state(),
    }
    down = [name for name, state in checks.items() if state == "down"]
    status = "ok" if not down else ("down" if "database" in down else "degraded")
    return JsonResponse({"status": status, **checks}, status=503 if status == "down" else 200)
