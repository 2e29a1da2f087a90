"""Writes on trainees, participations and headcounts."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.versioning import history_note, record_author, versioned_update
from courses.models import Activity

from .attendance_services import attendance_refresh
from .models import Headcount, Participation, Trainee, TraineeQuerySet

# Fields copied from the removed record of a merge when the kept one leaves them blank.
MERGE_FILLABLE = ("rank", "unit", "region", "service_number", "email", "phone")


class PossibleDuplicateError(Exception):
    """A trainee with the same normalised name and service, or service number, exists."""

    def __init__(self, matches: list[Trainee]):
        super().__init__(matches)
        self.matches = matches


@transaction.atomic
def trainee_create(
    *, by: User | None, allow_duplicate: bool = False, among: TraineeQuerySet | None = None, **fields
) -> Trainee:
    """Create a trainee; possible duplicates stop it unless the user confirmed they are different.

    Possible duplicates are looked for ``among`` the people the user may see (everyone by default):
    another programme's people are never shown. A service number is unique everywhere.
    """
    trainee = Trainee(**fields)
    trainee.full_clean()
    matches = list(
        (among if among is not None else Trainee.objects.all()).possible_duplicates(
            first_name=trainee.first_name,
            last_name=trainee.last_name,
            service=trainee.service,
            service_number=trainee.service_number,
        )
    )
    same_number = [
        m for m in matches if trainee.service_number and m.service_number == trainee.service_number
    ]
    if same_number:
        raise ValidationError(
            {"service_number": _("Another trainee of this service already has this service number.")}
        )
    if matches and not allow_duplicate:
        raise PossibleDuplicateError(matches)
    record_author(trainee, by, creating=True)
    trainee.save()
    return trainee


def trainee_update(*, trainee: Trainee, expected_version: int, by: User | None, **fields) -> Trainee:
    return versioned_update(trainee, expected_version=expected_version, by=by, fields=fields)


@transaction.atomic
def participation_add(
    *,
    activity: Activity,
    trainee: Trainee,
    by: User | None,
    outcome: str = Participation.Outcome.TRAINED,
) -> Participation:
    """Add a person to an activity. Their attendance is unmarked until someone marks it."""
    participation = Participation(activity=activity, trainee=trainee, outcome=outcome)
    participation.full_clean()  # includes the unique pair: "already a participant"
    record_author(participation, by, creating=True)
    try:
        with transaction.atomic():
            participation.save()
    except IntegrityError:  # a concurrent request added the same person
        raise ValidationError(_("This person is already a participant of this activity.")) from None
    trainee.programmes.add(activity.programme_id)  # now on record in that programme too
    return participation


@transaction.atomic
def participant_register(
    *,
    activity: Activity,
    by: User | None,
    allow_duplicate: bool = False,
    among: TraineeQuerySet | None = None,
    outcome: str = Participation.Outcome.TRAINED,
    **trainee_fields,
) -> Trainee:
    """Register a person not yet on record and add them to the activity, both or neither."""
    trainee = trainee_create(by=by, allow_duplicate=allow_duplicate, among=among, **trainee_fields)
    participation_add(activity=activity, trainee=trainee, by=by, outcome=outcome)
    return trainee


@dataclass(frozen=True)
class ParticipationChange:
    participation: Participation
    outcome: str
    remove: bool = False


@transaction.atomic
def participations_update(
    *, activity: Activity, changes: Iterable[ParticipationChange], by: User | None
) -> int:
    """Apply the participants screen in one go: outcomes and removals (attendance is marked per
    session). Returns changes made."""
    changed = 0
    for change in changes:
        participation = change.participation
        if participation.activity_id != activity.pk:
            raise ValidationError(_("A participant of another activity cannot be changed here."))
        if change.remove:
            history_note(participation, by)
            participation.delete()
            changed += 1
            continue
        if participation.outcome == change.outcome:
            continue
        participation.outcome = change.outcome
        participation.full_clean(exclude=["trainee", "activity"], validate_unique=False)
        record_author(participation, by, creating=False)
        participation.save(update_fields=["outcome", "updated_by", "updated_at"])
        changed += 1
    return changed


class StaleHeadcountsError(Exception):
    """Someone saved the headcounts since the user opened them; ``current`` holds what they saved."""

    def __init__(self, current: dict[tuple[str, str], int]):
        super().__init__(current)
        self.current = current


@transaction.atomic
def headcounts_save(
    *,
    activity: Activity,
    counts: dict[tuple[str, str], int],
    by: User | None,
    expected: dict[tuple[str, str], int] | None = None,
) -> None:
    """Set the anonymous headcounts of an activity: one number per (service, sex); 0 removes it.

    ``expected`` is what the user saw (absent groups count 0): if the headcounts changed since, the
    save is refused with :class:`StaleHeadcountsError`, nothing written. The activity's row is locked
    first, so that two saves are checked one after the other.
    """
    Activity.objects.select_for_update().filter(pk=activity.pk).values_list("pk", flat=True).first()
    existing = {(h.service, h.sex): h for h in activity.headcounts.all()}
    if expected is not None:
        current = {key: headcount.count for key, headcount in existing.items() if headcount.count}
        if {key: count for key, count in expected.items() if count} != current:
            raise StaleHeadcountsError(current)
    for key, count in counts.items():
        if count is None or count < 0:
            raise ValidationError(_("A headcount cannot be below zero."))
        headcount = existing.get(key)
        if count == 0:
            if headcount:
                history_note(headcount, by)
                headcount.delete()
            continue
        if headcount is None:
            headcount = Headcount(activity=activity, service=key[0], sex=key[1], count=count)
            record_author(headcount, by, creating=True)
        elif headcount.count == count:
            continue
        else:
            headcount.count = count
            record_author(headcount, by, creating=False)
        headcount.full_clean(validate_unique=False)
        headcount.save()


@transaction.atomic
def trainee_merge(*, keep: Trainee, remove: Trainee, by: User | None) -> Trainee:
    """Merge ``remove`` into ``keep``: participations move, blank details are filled, nothing is lost.

    When both took part in the same activity, one participation remains: trained wins over made
    aware, attended over absent. Every change is in the history, with the reason.
    """
    if keep.pk == remove.pk:
        raise ValidationError(_("Choose two different trainees to merge."))
    keep = Trainee.objects.select_for_update().get(pk=keep.pk)
    remove = Trainee.objects.select_for_update().get(pk=remove.pk)
    reason = _("merged trainee #%(removed)s into #%(kept)s") % {"removed": remove.pk, "kept": keep.pk}

    kept_by_activity = {p.activity_id: p for p in keep.participations.select_for_update()}
    for moving in remove.participations.select_for_update():
        history_note(moving, by, reason)
        existing = kept_by_activity.get(moving.activity_id)
        if existing is None:
            moving.trainee = keep
            moving.updated_by = by
            moving.save(update_fields=["trainee", "updated_by", "updated_at"])
            continue
        trained = Participation.Outcome.TRAINED
        outcome = trained if trained in (existing.outcome, moving.outcome) else existing.outcome
        if outcome != existing.outcome:
            existing.outcome = outcome
            existing.updated_by = by
            history_note(existing, by, reason)
            existing.save(update_fields=["outcome", "updated_by", "updated_at"])
        # Marks of the removed record fill the sessions the kept one has no mark for.
        marked = existing.attendances.values("session_id")
        moving.attendances.exclude(session_id__in=marked).update(participation=existing)
        moving.delete()
        attendance_refresh(activity_id=existing.activity_id)

    for name in MERGE_FILLABLE:
        if not getattr(keep, name) and getattr(remove, name):
            if name == "service_number" and remove.service != keep.service:
                continue
            setattr(keep, name, getattr(remove, name))
    keep.programmes.add(*remove.programmes.all())
    history_note(remove, by, reason)
    remove.delete()  # frees its service number before the kept record takes it
    keep.version += 1
    history_note(keep, by, reason)
    record_author(keep, by, creating=False)
    keep.full_clean()
    keep.save()
    return keep
