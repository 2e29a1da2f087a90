"""Writes on activities, experts and assignments.

Each function validates (``full_clean``), writes inside a transaction and records who did it.
Views and forms call them; they never save several models themselves.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, Versioned

from .models import Activity, Expert, ExpertAssignment, Organisation, RecordsVersion


class StaleVersionError(Exception):
    """The record changed since the user opened it; their edit would overwrite someone else's."""


def locked_for_update(instance: Versioned, expected_version: int) -> Versioned:
    """Lock the row and check that nobody saved it since ``expected_version`` was read."""
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if current.version != expected_version:
        raise StaleVersionError
    return current


def record_author(instance, by: User | None, *, creating: bool) -> None:
    if creating:
        instance.created_by = by
    instance.updated_by = by
    instance._history_user = by  # picked up by django-simple-history


def _check_relations(kind: str, beneficiary_units: Iterable, host_institutions: Iterable) -> None:
    errors = {}
    if kind == Activity.Kind.TUTORING and not list(beneficiary_units):
        errors["beneficiary_units"] = _("A tutoring action needs at least one beneficiary unit.")
    if kind == Activity.Kind.STUDY_TRIP and not list(host_institutions):
        errors["host_institutions"] = _("A study trip needs at least one host institution.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def activity_create(
    *,
    by: User | None,
    beneficiary_units: Iterable[Organisation] = (),
    host_institutions: Iterable[Organisation] = (),
    **fields,
) -> Activity:
    beneficiary_units, host_institutions = list(beneficiary_units), list(host_institutions)
    activity = Activity(**fields)
    activity.full_clean()
    _check_relations(activity.kind, beneficiary_units, host_institutions)
    record_author(activity, by, creating=True)
    activity.save()
    activity.beneficiary_units.set(beneficiary_units)
    activity.host_institutions.set(host_institutions)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    expected_version: int,
    by: User | None,
    beneficiary_units: Iterable[Organisation] | None = None,
    host_institutions: Iterable[Organisation] | None = None,
    **fields,
) -> Activity:
    """Apply an edit made on ``expected_version``; refuse it if the activity changed meanwhile."""
    current = locked_for_update(activity, expected_version)
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    units = (
        list(beneficiary_units) if beneficiary_units is not None else list(current.beneficiary_units.all())
    )
    hosts = (
        list(host_institutions) if host_institutions is not None else list(current.host_institutions.all())
    )
    _check_relations(current.kind, units, hosts)
    current.version += 1
    record_author(current, by, creating=False)
    current.save()
    current.beneficiary_units.set(units)
    current.host_institutions.set(hosts)
    return current


@transaction.atomic
def activity_set_status(
    *, activity: Activity, status: str, by: User | None, expected_version: int
) -> Activity:
    """Mark an activity done, cancelled, or planned again (see ``Activity.TRANSITIONS``)."""
    if status not in Activity.Status.values:
        raise ValidationError(_("Unknown status."))
    current = locked_for_update(activity, expected_version)
    if not current.can_become(status):
        raise ValidationError(
            _("A %(current)s activity cannot become %(new)s.")
            % {"current": current.get_status_display().lower(), "new": Activity.Status(status).label.lower()}
        )
    current.status = status
    current.full_clean()
    current.version += 1
    record_author(current, by, creating=False)
    current.save()
    return current


@transaction.atomic
def expert_create(*, by: User | None, **fields) -> Expert:
    expert = Expert(**fields)
    expert.full_clean()
    record_author(expert, by, creating=True)
    expert.save()
    return expert


@transaction.atomic
def expert_update(*, expert: Expert, expected_version: int, by: User | None, **fields) -> Expert:
    current = locked_for_update(expert, expected_version)
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    current.version += 1
    record_author(current, by, creating=False)
    current.save()
    return current


@transaction.atomic
def expert_set_active(*, expert: Expert, active: bool, by: User | None) -> Expert:
    """Deactivate (or reactivate) an expert: deactivated experts stay on past activities."""
    current = Expert.objects.select_for_update().get(pk=expert.pk)
    current.active = active
    current.version += 1
    record_author(current, by, creating=False)
    current.save()
    return current


@transaction.atomic
def assignment_add(
    *,
    activity: Activity,
    expert: Expert,
    by: User | None,
    role: str = ExpertAssignment.Role.TRAINER,
    days: Decimal | None = None,
) -> ExpertAssignment:
    if not expert.active:
        raise ValidationError(_("%(expert)s is no longer active on the roster.") % {"expert": expert})
    if ExpertAssignment.objects.filter(activity=activity, expert=expert).exists():
        raise ValidationError(_("%(expert)s is already assigned to this activity.") % {"expert": expert})
    assignment = ExpertAssignment(activity=activity, expert=expert, role=role, days=days)
    assignment.full_clean()
    record_author(assignment, by, creating=True)
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError:  # a concurrent request assigned the same expert
        raise ValidationError(
            _("%(expert)s is already assigned to this activity.") % {"expert": expert}
        ) from None
    return assignment


@transaction.atomic
def assignment_update(
    *, assignment: ExpertAssignment, role: str, days: Decimal | None, by: User | None
) -> ExpertAssignment:
    assignment.role = role
    assignment.days = days
    assignment.full_clean()
    record_author(assignment, by, creating=False)
    assignment.save()
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: ExpertAssignment, by: User | None) -> None:
    assignment._history_user = by
    assignment.delete()


# --- The records' version (keys the cached figures) -----------------------------------------


def records_changed() -> None:
    """Move the records' version: cached figures computed before are no longer used."""
    updated = RecordsVersion.objects.filter(pk=1).update(value=F("value") + 1, changed_at=timezone.now())
    if not updated:
        RecordsVersion.objects.get_or_create(pk=1, defaults={"value": 1})


def records_changed_signal(sender, **kwargs) -> None:
    """Receiver of saves and deletions of the figures' records (m2m changes after they happen)."""
    if kwargs.get("action", "post_").startswith("post_") and not kwargs.get("raw"):
        records_changed()


def records_version() -> int:
    return RecordsVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0
