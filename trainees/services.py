"""Writes on trainees, participations and headcounts."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from core.records import records_changed
from core.versioning import history_note, record_author, versioned_update
from courses.models import Activity

from .imports import Row, Status, match_rows, preview_file
from .models import Headcount, ParticipantImport, Participation, Trainee, TraineeQuerySet

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
    attended: bool = True,
) -> Participation:
    participation = Participation(activity=activity, trainee=trainee, outcome=outcome, attended=attended)
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
    attended: bool = True,
    **trainee_fields,
) -> Trainee:
    """Register a person not yet on record and add them to the activity, both or neither."""
    trainee = trainee_create(by=by, allow_duplicate=allow_duplicate, among=among, **trainee_fields)
    participation_add(activity=activity, trainee=trainee, by=by, outcome=outcome, attended=attended)
    return trainee


@dataclass(frozen=True)
class ParticipationChange:
    participation: Participation
    outcome: str
    attended: bool
    remove: bool = False


@transaction.atomic
def participations_update(
    *, activity: Activity, changes: Iterable[ParticipationChange], by: User | None
) -> int:
    """Apply the participants screen in one go: outcomes, attendance and removals. Returns changes made."""
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
        if (participation.outcome, participation.attended) == (change.outcome, change.attended):
            continue
        participation.outcome = change.outcome
        participation.attended = change.attended
        participation.full_clean(exclude=["trainee", "activity"], validate_unique=False)
        record_author(participation, by, creating=False)
        participation.save(update_fields=["outcome", "attended", "updated_by", "updated_at"])
        changed += 1
    return changed


@transaction.atomic
def headcounts_save(*, activity: Activity, counts: dict[tuple[str, str], int], by: User | None) -> None:
    """Set the anonymous headcounts of an activity: one number per (service, sex); 0 removes it."""
    existing = {(h.service, h.sex): h for h in activity.headcounts.all()}
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
        attended = existing.attended or moving.attended
        if (outcome, attended) != (existing.outcome, existing.attended):
            existing.outcome, existing.attended = outcome, attended
            existing.updated_by = by
            history_note(existing, by, reason)
            existing.save(update_fields=["outcome", "attended", "updated_by", "updated_at"])
        moving.delete()

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


# --- Participant lists from spreadsheets ----------------------------------------------------


def participant_import_preview(
    *, activity: Activity, data: bytes, filename: str, by: User
) -> ParticipantImport:
    """Read and check an uploaded list; keeps the preview, writes no trainee and no participation.

    Raises ``ImportFileError`` when the file as a whole cannot be used.
    """
    preview = preview_file(data, activity, visible=Trainee.objects.for_user(by))
    return ParticipantImport.objects.create(
        activity=activity,
        filename=filename[:255],
        uploaded_by=by,
        rows=[row.to_dict() for row in preview.rows],
        notes=preview.notes,
    )


@dataclass(frozen=True)
class ImportResult:
    created: int
    added: int
    skipped: int


def participant_import_commit(
    *, participant_import: ParticipantImport, choices: dict[int, str], by: User
) -> ImportResult:
    """Write a previewed list, all of it or nothing, after checking it again against the database.

    ``choices`` says, for each possible duplicate (by line), "new" or the id of the person on record.
    """
    with transaction.atomic():
        locked = ParticipantImport.objects.select_for_update().get(pk=participant_import.pk)
        if locked.committed_at:
            raise ValidationError(_("This list has already been imported."))
        activity = locked.activity
        rows = [Row.from_dict(data) for data in locked.rows]
        match_rows(rows, activity, visible=Trainee.objects.for_user(by))  # the database may have changed
        locked.rows = [row.to_dict() for row in rows]
        errors = [row for row in rows if row.status == Status.ERROR]
        if errors:
            raise ValidationError(
                _("Rows %(lines)s have errors: correct the file and upload it again.")
                % {"lines": ", ".join(str(row.line) for row in errors[:20])}
            )
        undecided = []
        for row in rows:
            if row.status != Status.DUPLICATE:
                continue
            choice = choices.get(row.line, "")
            if choice == "new":
                row.status = Status.NEW
            elif choice.isdigit() and int(choice) in {c["id"] for c in row.candidates}:
                row.status, row.trainee_id = Status.MATCHED, int(choice)
            else:
                undecided.append(row.line)
        if undecided:
            ParticipantImport.objects.filter(pk=locked.pk).update(rows=locked.rows)
            raise ValidationError(
                _("Choose, for rows %(lines)s, whether each is a person on record or someone new.")
                % {"lines": ", ".join(str(line) for line in undecided[:20])}
            )
        participants = set(activity.participations.values_list("trainee_id", flat=True))
        new_people = [
            Trainee(created_by=by, updated_by=by, **_trainee_fields(row.values))
            for row in rows
            if row.status == Status.NEW
        ]
        for trainee in new_people:
            trainee.normalise()
        reason = _("imported from %(file)s") % {"file": locked.filename}
        try:
            with transaction.atomic():
                created = bulk_create_with_history(
                    new_people, Trainee, batch_size=1000, default_user=by, default_change_reason=reason
                )
                new_ids = iter(trainee.pk for trainee in created)
                participations = []
                for row in rows:
                    if row.status == Status.NEW:
                        row.trainee_id = next(new_ids)
                    if (
                        row.status == Status.PARTICIPANT
                        or row.trainee_id is None
                        or row.trainee_id in participants
                    ):
                        continue
                    participants.add(row.trainee_id)
                    participations.append(
                        Participation(
                            activity=activity,
                            trainee_id=row.trainee_id,
                            outcome=row.values["outcome"],
                            attended=True,
                            created_by=by,
                            updated_by=by,
                        )
                    )
                bulk_create_with_history(
                    participations,
                    Participation,
                    batch_size=1000,
                    default_user=by,
                    default_change_reason=reason,
                )
                _on_record_in(activity.programme_id, [p.trainee_id for p in participations])
        except IntegrityError:
            raise ValidationError(
                _(
                    "Someone registered some of these people while you were checking the list. Upload it again."
                )
            ) from None
        # The rows were a preview: once written, the list's copy of names is not kept (data minimisation).
        ParticipantImport.objects.filter(pk=locked.pk).update(
            committed_at=timezone.now(),
            created_count=len(created),
            added_count=len(participations),
            rows=[],
            notes=[],
        )
        records_changed()  # bulk inserts send no signal
        return ImportResult(
            created=len(created), added=len(participations), skipped=len(rows) - len(participations)
        )


def _on_record_in(programme_id: int, trainee_ids: list[int]) -> None:
    """Put people on the record of a programme (those already there stay as they are)."""
    through = Trainee.programmes.through
    through.objects.bulk_create(
        [through(trainee_id=pk, programme_id=programme_id) for pk in trainee_ids],
        batch_size=1000,
        ignore_conflicts=True,
    )


def _trainee_fields(values: dict) -> dict:
    return {
        name: values[name]
        for name in ("first_name", "last_name", "sex", "service", "rank", "unit", "region", "service_number")
    }
