"""Writes on activities, experts and assignments.

Each function validates (``full_clean``), writes inside a transaction and records who did it.
Views and forms call them; they never save several models themselves.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.versioning import history_note, locked_for_update, record_author, versioned_update

from .models import Activity, Expert, ExpertAssignment, Organisation


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
    units = list(beneficiary_units) if beneficiary_units is not None else None
    hosts = list(host_institutions) if host_institutions is not None else None

    def check(current: Activity) -> None:
        nonlocal units, hosts
        units = units if units is not None else list(current.beneficiary_units.all())
        hosts = hosts if hosts is not None else list(current.host_institutions.all())
        _check_relations(current.kind, units, hosts)

    current = versioned_update(activity, expected_version=expected_version, by=by, fields=fields, check=check)
    current.beneficiary_units.set(units or [])
    current.host_institutions.set(hosts or [])
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


def expert_update(*, expert: Expert, expected_version: int, by: User | None, **fields) -> Expert:
    return versioned_update(expert, expected_version=expected_version, by=by, fields=fields)


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
    history_note(assignment, by)
    assignment.delete()
