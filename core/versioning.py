"""Edits that never overwrite someone else's: optimistic locking on a record's version, and authorship."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction

from .models import Versioned

V = TypeVar("V", bound=Versioned)


class StaleVersionError(Exception):
    """The record changed since the user opened it; their edit would overwrite someone else's."""


def history_note(instance: models.Model, by: AbstractBaseUser | None, reason: str | None = None) -> None:
    """Who makes the next save or deletion of ``instance``, and why, for its history.

    django-simple-history reads these two attributes when it writes the history row.
    """
    setattr(instance, "_history_user", by)  # noqa: B010 - not a declared attribute of the model
    if reason is not None:
        setattr(instance, "_change_reason", reason)  # noqa: B010


def record_author(instance: models.Model, by: AbstractBaseUser | None, *, creating: bool) -> None:
    """Who made this change: on the record (``created_by``/``updated_by``) and in its history."""
    if creating:
        setattr(instance, "created_by", by)  # noqa: B010 - every Tracked record has it
    setattr(instance, "updated_by", by)  # noqa: B010
    history_note(instance, by)


def locked_for_update(instance: V, expected_version: int) -> V:
    """Lock the row and check that nobody saved it since ``expected_version`` was read."""
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if current.version != expected_version:
        raise StaleVersionError
    return current


@transaction.atomic
def versioned_update(
    instance: V,
    *,
    expected_version: int,
    by: AbstractBaseUser | None,
    fields: dict[str, Any],
    check: Callable[[V], None] | None = None,
) -> V:
    """Apply an edit made on ``expected_version`` of ``instance``, or refuse it if the record moved on.

    The row is locked, the fields set and validated (``full_clean``, then ``check`` for rules that
    span relations), the version moved and the author recorded. Returns the saved record.
    """
    current = locked_for_update(instance, expected_version)
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    if check is not None:
        check(current)
    current.version += 1
    record_author(current, by, creating=False)
    current.save()
    return current
