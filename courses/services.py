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

from .models import Activity, Expert, ExpertAssignment, Organisation, Programme, sessions_changed
from .session_services import sessions_sync


def _check_relations(kind: str, beneficiary_units: Iterable, host_institutions: Iterable) -> None:
    errors = {}
    if kind == Activity.Kind.TUTORING and not list(beneficiary_units):
        errors["beneficiary_units"] = _("A tutoring action needs at least one beneficiary unit.")
    if kind == Activity.Kind.STUDY_TRIP and not list(host_institutions):
        errors["host_institutions"] = _("A study trip needs at least one host institution.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def programme_update(*, programme: Programme, expected_version: int, by: User | None, **fields) -> Programme:
    """A programme's own settings (its name, dates, donor, partners, country, attendance threshold)."""
    threshold = programme.attendance_threshold
    current = versioned_update(programme, expected_version=expected_version, by=by, fields=fields)
    if current.attendance_threshold != threshold:  # who completed depends on it: recount
        for activity in current.activities.only("pk"):
            sessions_changed.send(sender=Programme, activity_id=activity.pk)
    return current


def organisations_saved(organisations: Iterable[Organisation], *, by: User | None) -> list[Organisation]:
    """The organisations, those new from an activity form (not saved yet) recorded on the way.

    A coordinator may name a missing beneficiary unit or host institution while recording an activity;
    one with the same name (whatever its case) in the same country is reused. Admins correct or merge
    them later in the administration.
    """
    saved = []
    for organisation in organisations:
        if organisation._state.adding:
            existing = Organisation.objects.filter(
                name__iexact=organisation.name, country=organisation.country
            ).first()
            if existing is None:
                organisation.full_clean()
                record_author(organisation, by, creating=True)
                organisation.save()
            else:
                organisation = existing
        saved.append(organisation)
    return saved


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
    beneficiary_units = organisations_saved(beneficiary_units, by=by)
    host_institutions = organisations_saved(host_institutions, by=by)
    record_author(activity, by, creating=True)
    activity.save()
    activity.beneficiary_units.set(beneficiary_units)
    activity.host_institutions.set(host_institutions)
    sessions_sync(activity=activity, by=by)
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

    dates = (activity.start_date, activity.end_date)
    current = versioned_update(activity, expected_version=expected_version, by=by, fields=fields, check=check)
    current.beneficiary_units.set(organisations_saved(units or [], by=by))
    current.host_institutions.set(organisations_saved(hosts or [], by=by))
    # New dates, new sessions; marked sessions outside them are kept, for the user to deal with.
    kept = sessions_sync(activity=current, by=by) if (current.start_date, current.end_date) != dates else []
    setattr(current, "kept_sessions", kept)  # noqa: B010 - for the page to say so
    return current


@transaction.atomic
def activity_set_status(
    *,
    activity: Activity,
    status: str,
    by: User | None,
    expected_version: int,
    unmarked_means_absent: bool = False,
) -> Activity:
    """Mark an activity done, cancelled, or planned again (see ``Activity.TRANSITIONS``).

    An activity whose attendance is not fully marked is marked done only once the user confirmed
    that the people not marked were absent (``unmarked_means_absent``): nobody counts by default.
    """
    if status not in Activity.Status.values:
        raise ValidationError(_("Unknown status."))
    current = locked_for_update(activity, expected_version)
    if status == Activity.Status.DONE and not unmarked_means_absent and current.unmarked_sessions():
        raise ValidationError(
            _("Some attendance is not marked: mark it, or confirm that the people not marked were absent.")
        )
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


def _check_category(category: str, nationality: str, programmes: Iterable[Programme]) -> None:
    """National experts are of the country where their programmes work; international ones are not."""
    countries = {programme.country for programme in programmes}
    if not countries:
        raise ValidationError({"programmes": _("Put the expert on the roster of at least one programme.")})
    if category == Expert.Category.NATIONAL and nationality not in countries:
        raise ValidationError(
            {
                "nationality": _(
                    "A national expert has the nationality of the country where the programme works."
                )
            }
        )
    if category == Expert.Category.INTERNATIONAL and countries == {nationality}:
        raise ValidationError(
            {"category": _("An expert of the country where the programme works is a national expert.")}
        )


@transaction.atomic
def expert_create(*, by: User | None, programmes: Iterable[Programme], **fields) -> Expert:
    """Add an expert to the roster of ``programmes``."""
    programmes = list(programmes)
    expert = Expert(**fields)
    expert.full_clean()
    _check_category(expert.category, expert.nationality, programmes)
    record_author(expert, by, creating=True)
    expert.save()
    expert.programmes.set(programmes)
    return expert


@transaction.atomic
def expert_update(
    *,
    expert: Expert,
    expected_version: int,
    by: User | None,
    programmes: Iterable[Programme] | None = None,
    **fields,
) -> Expert:
    chosen = list(programmes) if programmes is not None else None

    def check(current: Expert) -> None:
        _check_category(current.category, current.nationality, chosen or current.programmes.all())

    current = versioned_update(expert, expected_version=expected_version, by=by, fields=fields, check=check)
    if chosen is not None:
        current.programmes.set(chosen)
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


class OverlapError(Exception):
    """The expert is already assigned to activities whose dates overlap: the user may still confirm."""

    def __init__(self, activities: list[Activity]):
        super().__init__(activities)
        self.activities = activities


def overlapping_activities(*, activity: Activity, expert: Expert) -> list[Activity]:
    """The expert's other planned or done activities whose dates overlap this one's."""
    return list(
        Activity.objects.filter(
            assignments__expert=expert,
            start_date__lte=activity.end_date,
            end_date__gte=activity.start_date,
        )
        .exclude(pk=activity.pk)
        .exclude(status=Activity.Status.CANCELLED)
        .order_by("start_date")
    )


@transaction.atomic
def assignment_add(
    *,
    activity: Activity,
    expert: Expert,
    by: User | None,
    role: str = ExpertAssignment.Role.TRAINER,
    days: Decimal | None = None,
    allow_overlap: bool = False,
) -> ExpertAssignment:
    """Assign an expert; one already busy on overlapping dates needs ``allow_overlap`` (confirmed)."""
    if not expert.active:
        raise ValidationError(_("%(expert)s is no longer active on the roster.") % {"expert": expert})
    if not allow_overlap:
        overlapping = overlapping_activities(activity=activity, expert=expert)
        if overlapping:
            raise OverlapError(overlapping)
    if ExpertAssignment.objects.filter(activity=activity, expert=expert).exists():
        raise ValidationError(_("%(expert)s is already assigned to this activity.") % {"expert": expert})
    assignment = ExpertAssignment(activity=activity, expert=expert, role=role, days=days)
    assignment.full_clean()
    record_author(assignment, by, creating=True)
    try:
        with transaction.atomic():
            assignment.save()
            expert.programmes.add(activity.programme_id)  # now on that programme's roster too
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
