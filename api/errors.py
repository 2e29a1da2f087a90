"""One error body for every failure: ``{"status", "code", "detail", "errors"}``.

``errors`` holds the messages per field (a validation error) and is empty otherwise. Validation
errors of the services (Django's) are 400s, a stale version a 412, as the pages would say them.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler

from core.versioning import StaleVersionError


class StaleVersion(exceptions.APIException):
    status_code = 412
    default_code = "stale_version"
    default_detail = _(
        "This record changed since you read it: read it again, and send your change with its current version."
    )


class Conflict(exceptions.APIException):
    status_code = 409
    default_code = "conflict"
    default_detail = _("The request conflicts with the records.")


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=serializers.as_serializer_error(exc))
    elif isinstance(exc, StaleVersionError):
        exc = StaleVersion()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args[:1])
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args[:1])
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    errors = getattr(exc, "errors", None) or {}
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        code, detail = "invalid", str(_("The request is not valid: see the errors."))
    else:
        detail = str(getattr(exc, "detail", "")) or str(exc)
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        code = codes if isinstance(codes, str) else "error"
    response.data = {"status": response.status_code, "code": code, "detail": detail, "errors": errors}
    return response
