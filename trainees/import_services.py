"""Participant lists from spreadsheets: kept at upload, read by a worker, written when confirmed.

The reading (``participant_import_read``) runs in a Celery task (``trainees.tasks``), never in a web
process; ``participant_import_preview`` reads at once, for scripts, the benchmark and tests.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import KombuError
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from core.records import records_changed
from core.uploads import ImportFileError
from courses.models import Activity

from .attendance_services import attendance_refresh
from .import_vocabulary import ATTENDANCE_PREFIX, FIELDS
from .imports import MAX_BYTES, Row, Status, match_rows, parse_rows, preview_file
from .models import Attendance, ParticipantImport, Participation, Trainee

logger = logging.getLogger(__name__)


def participant_import_upload(
    *, activity: Activity, data: bytes, filename: str, by: User, language: str = "fr"
) -> ParticipantImport:
    """Keep an uploaded list and have a worker read it: a web process never parses a spreadsheet.

    The row is committed before its task is sent (no transaction here), so the worker finds it.
    With tasks run in-process (``make demo``, tests), it is read before this returns.
    """
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(size)s MB: split it into smaller lists.")
            % {"size": MAX_BYTES // 2**20}
        )
    upload = ParticipantImport.objects.create(
        activity=activity,
        filename=filename[:255],
        uploaded_by=by,
        language=language,
        status=ParticipantImport.Status.QUEUED,
        upload=data,
    )
    from .tasks import read_participant_import

    try:
        read_participant_import.apply_async(args=[upload.pk])
    except (KombuError, OSError) as error:
        logger.error("Could not queue the reading of participant list %s: %s", upload.pk, error)
        _import_failed(
            upload.pk,
            _(
                "The service that reads lists is unavailable right now, so the list was not read. Upload it "
                "again in a few minutes; if it persists, tell the administrator."
            ),
        )
    upload.refresh_from_db()
    return upload


def _import_failed(import_id: int, message: str) -> None:
    ParticipantImport.objects.filter(pk=import_id).exclude(status=ParticipantImport.Status.READY).update(
        status=ParticipantImport.Status.FAILED, error=message, upload=None
    )


def participant_import_read(*, import_id: int) -> bool:
    """Read and check an uploaded list (the worker's part); writes no trainee and no participation.

    Claims the row first (queued, or reading for longer than the task may live), so that running it
    twice reads once. Returns whether the list is ready for the coordinator.
    """
    started = timezone.now()
    claimed = (
        ParticipantImport.objects.filter(pk=import_id)
        .filter(
            Q(status=ParticipantImport.Status.QUEUED)
            | Q(status=ParticipantImport.Status.READING, started_at__lt=started - IMPORT_READING_AT_MOST)
        )
        .update(status=ParticipantImport.Status.READING, started_at=started)
    )
    if not claimed:
        return False
    item = ParticipantImport.objects.select_related("activity", "uploaded_by").get(pk=import_id)
    with translation.override(item.language):
        try:
            # Possible duplicates among the people the uploader may see: another programme's are never named.
            visible = Trainee.objects.for_user(item.uploaded_by)
            preview = preview_file(bytes(item.upload or b""), item.activity, visible=visible)
        except ImportFileError as error:
            message = str(error)
        except SoftTimeLimitExceeded:
            message = _("Reading this list took too long and was stopped: split it into smaller lists.")
        except MemoryError:
            message = _("This list needs too much memory to be read: split it into smaller lists.")
        except Exception:
            logger.exception("Participant list %s could not be read", import_id)
            message = _("The list could not be read because of an unexpected error, which has been logged.")
        else:
            ParticipantImport.objects.filter(pk=import_id, started_at=started).update(
                status=ParticipantImport.Status.READY,
                rows=[row.to_dict() for row in preview.rows],
                notes=preview.notes,
                upload=None,
            )
            return True
    _import_failed(import_id, message)
    return False


# A reading can only last this long: the task's hard time limit stops it after that.
IMPORT_READING_AT_MOST = timedelta(seconds=settings.IMPORT_TASK_TIME_LIMIT + 30)


def participant_imports_fail_stuck(now=None) -> int:
    """Lists whose reading cannot be making progress (its worker stopped): failed, with a reason."""
    now = now or timezone.now()
    stuck = ParticipantImport.objects.filter(
        Q(status=ParticipantImport.Status.READING, started_at__lt=now - IMPORT_READING_AT_MOST)
        | Q(status=ParticipantImport.Status.QUEUED, uploaded_at__lt=now - timedelta(minutes=15))
    )
    count = 0
    for item in stuck.only("pk", "language"):
        with translation.override(item.language):
            _import_failed(item.pk, _("The reading of this list was interrupted. Upload it again."))
        count += 1
    return count


def participant_import_preview(
    *, activity: Activity, data: bytes, filename: str, by: User
) -> ParticipantImport:
    """Upload a list and read it now, in this process (scripts, the benchmark, tests).

    Raises ``ImportFileError`` when the file as a whole cannot be used.
    """
    upload = ParticipantImport.objects.create(
        activity=activity,
        filename=filename[:255],
        uploaded_by=by,
        language=translation.get_language() or "fr",
        status=ParticipantImport.Status.QUEUED,
        upload=data,
    )
    participant_import_read(import_id=upload.pk)
    upload.refresh_from_db()
    if upload.status != ParticipantImport.Status.READY:
        raise ImportFileError(upload.error)
    return upload


@dataclass(frozen=True)
class ImportResult:
    created: int
    added: int
    skipped: int
    rejected: int = 0


def participant_import_commit(
    *, participant_import: ParticipantImport, choices: dict[int, str], by: User, skip_errors: bool = False
) -> ImportResult:
    """Write a previewed list, all of it or nothing, after checking it again against the database.

    ``choices`` says, for each possible duplicate (by line), "new" or the id of the person on record.
    ``skip_errors``: the coordinator chose to import the valid rows and leave the rows with errors
    out (they download them to fix); the valid rows are still written all or nothing.
    """
    with transaction.atomic():
        locked = ParticipantImport.objects.select_for_update().get(pk=participant_import.pk)
        if locked.committed_at:
            raise ValidationError(_("This list has already been imported."))
        if locked.status != ParticipantImport.Status.READY:
            raise ValidationError(_("This list has not been read yet, or could not be read."))
        activity = locked.activity
        rows = [Row.from_dict(data) for data in locked.rows]
        match_rows(rows, activity, visible=Trainee.objects.for_user(by))  # the database may have changed
        locked.rows = [row.to_dict() for row in rows]
        rows, errors = _rows_to_write(rows, skip_errors=skip_errors)
        undecided = []
        already = set(activity.participations.values_list("trainee_id", flat=True)) | {
            row.trainee_id for row in rows if row.trainee_id and row.status != Status.DUPLICATE
        }
        for row in rows:
            if row.status != Status.DUPLICATE:
                continue
            choice = choices.get(row.line, "")
            if choice == "new":
                row.status = Status.NEW
            elif choice.isdigit() and int(choice) in {c["id"] for c in row.candidates}:
                row.status, row.trainee_id = Status.MATCHED, int(choice)
                if row.trainee_id in already:  # the person chosen is registered already: said so, skipped
                    row.status = Status.PARTICIPANT
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
                _attendance_from(rows, participations, activity, by)
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
            created=len(created),
            added=len(participations),
            skipped=len(rows) - len(participations),
            rejected=len(errors),
        )


class ListRowsInvalid(Exception):
    """Some people of a list sent as data cannot be registered: ``errors`` by position (from 1)."""

    def __init__(self, errors: dict[int, list[str]]):
        super().__init__(errors)
        self.errors = errors


class DuplicatesUndecided(Exception):
    """Some people of a list may be on record already: ``candidates`` by position (from 1), to choose."""

    def __init__(self, candidates: dict[int, list[dict]]):
        super().__init__(candidates)
        self.candidates = candidates


def participant_list_register(
    *, activity: Activity, people: list[dict[str, str]], choices: dict[int, str], by: User
) -> ImportResult:
    """Register a list sent as data (the API) as an uploaded one is: the same checks of each value,
    the same duplicate detection, then all of it or nothing (``participant_import_commit``).

    ``people`` hold the import's columns (``import_vocabulary.FIELDS``); ``choices`` say, by position
    from 1, "new" or the id of the person on record for each possible duplicate.
    """
    table = [(0, list(FIELDS))] + [
        (position, [person.get(name, "") for name in FIELDS]) for position, person in enumerate(people, 1)
    ]
    try:
        rows = parse_rows(table, 0, dict(enumerate(FIELDS)), Participation.default_outcome_for(activity))
    except ImportFileError as error:
        raise ValidationError(str(error)) from None
    match_rows(rows, activity, visible=Trainee.objects.for_user(by))
    errors = {row.line: row.errors for row in rows if row.status == Status.ERROR}
    if errors:
        raise ListRowsInvalid(errors)
    undecided = {
        row.line: row.candidates
        for row in rows
        if row.status == Status.DUPLICATE
        and choices.get(row.line) != "new"
        and choices.get(row.line) not in {str(c["id"]) for c in row.candidates}
    }
    if undecided:
        raise DuplicatesUndecided(undecided)
    with transaction.atomic():  # the list's record goes too if the writing is refused
        item = ParticipantImport.objects.create(
            activity=activity,
            filename=_("list sent through the API"),
            uploaded_by=by,
            language=translation.get_language() or "fr",
            status=ParticipantImport.Status.READY,
            rows=[row.to_dict() for row in rows],
        )
        return participant_import_commit(participant_import=item, choices=choices, by=by)


def _attendance_from(rows: list[Row], participations: list[Participation], activity: Activity, by) -> None:
    """The list's attendance columns, as marks on the sessions of their dates (blank: unmarked)."""
    by_trainee = {p.trainee_id: p.pk for p in participations}
    sessions: dict[str, list[int]] = {}
    for pk, date in activity.sessions.values_list("pk", "date"):
        sessions.setdefault(f"{ATTENDANCE_PREFIX}{date.isoformat()}", []).append(pk)
    marks = [
        Attendance(
            participation_id=by_trainee[row.trainee_id],
            session_id=session,
            status=status,
            created_by=by,
            updated_by=by,
        )
        for row in rows
        if row.trainee_id in by_trainee
        for name, status in row.values.items()
        if name.startswith(ATTENDANCE_PREFIX) and status
        for session in sessions.get(name, [])
    ]
    if marks:
        bulk_create_with_history(marks, Attendance, batch_size=1000, default_user=by)
        attendance_refresh(activity_id=activity.pk)


def _rows_to_write(rows: list[Row], *, skip_errors: bool) -> tuple[list[Row], list[Row]]:
    """The rows to write and those with errors: any error refuses the list unless the coordinator chose
    to leave the rows with errors out."""
    errors = [row for row in rows if row.status == Status.ERROR]
    if errors and skip_errors:
        rows = [row for row in rows if row.status != Status.ERROR]
        if not rows:
            raise ValidationError(
                _("No row of this list can be imported: correct the file and upload it again.")
            )
    elif errors:
        raise ValidationError(
            _("Rows %(lines)s have errors: correct the file and upload it again.")
            % {"lines": ", ".join(str(row.line) for row in errors[:20])}
        )
    return rows, errors


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
