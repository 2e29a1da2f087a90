"""Writes on attendance: marking a session, and the one refresh that keeps the counters in step.

The rule, stated once (docs/design.md, "Attendance"): a participation is *attended* when the person
was present or late at one session at least; it is *completed* when the sessions attended reach the
programme's threshold (``Programme.attendance_threshold`` percent) of the activity's sessions.
:func:`attendance_refresh` writes both on every participation of an activity, with the activity's
number of sessions, so that the figures read columns instead of counting marks.
"""

import datetime
import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.records import records_changed
from core.versioning import history_note, record_author
from courses.models import Activity, Session

from .attendance import Attendance
from .models import Participation


def sessions_needed(session_count: int, threshold: int) -> int:
    """How many sessions a person must attend to complete an activity of ``session_count`` sessions."""
    return math.ceil(session_count * threshold / 100)


def attendance_refresh(*, activity_id: int) -> None:
    """Recount the activity's sessions and each participation's attended sessions, attended, completed.

    Called after every change of attendance, sessions, participants or the programme's threshold.
    Three UPDATE statements whatever the number of people.
    """
    activity = Activity.objects.select_related("programme").only("pk", "programme__attendance_threshold")
    current = activity.get(pk=activity_id)
    session_count = Session.objects.filter(activity_id=activity_id).count()
    Activity.objects.filter(pk=activity_id).update(session_count=session_count)
    attending = (
        Attendance.objects.attending()
        .filter(participation=OuterRef("pk"))
        .order_by()
        .values("participation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    participations = Participation.objects.filter(activity_id=activity_id)
    participations.update(sessions_attended=Coalesce(Subquery(attending), 0))
    needed = sessions_needed(session_count, current.programme.attendance_threshold)
    participations.update(
        attended=ExpressionWrapper(Q(sessions_attended__gte=1), output_field=BooleanField()),
        # With no session, nobody completes (needed is at least one session).
        completed=ExpressionWrapper(Q(sessions_attended__gte=max(needed, 1)), output_field=BooleanField()),
    )
    records_changed()  # bulk updates send no signal: the cached figures must not be used any more


@dataclass(frozen=True)
class Mark:
    """What the user chose for one person at one session ("" = not marked), on the version they saw."""

    participation_id: int
    status: str
    seen_version: int  # 0: the cell was unmarked when the user opened the page


@dataclass(frozen=True)
class MarkResult:
    """Cells written, and cells left as someone else saved them since the user opened the page."""

    changed: int
    stale: list[int]


def _check_session(session: Session, today: datetime.date) -> None:
    if session.date > today:
        raise ValidationError(_("This session is in the future: its attendance cannot be marked yet."))


def _apply(session: Session, mark: Mark, current: Attendance | None, by: User | None) -> bool | None:
    """Write one cell. True if written, False if unchanged, None if it changed meanwhile (stale)."""
    if (current.status if current else "") == mark.status:
        return False
    if (current.version if current else 0) != mark.seen_version:
        return None
    if not mark.status:
        assert current is not None
        history_note(current, by)
        current.delete()
        return True
    if mark.status not in Attendance.Status.values:
        raise ValidationError(_("Unknown attendance status."))
    if current is None:
        current = Attendance(participation_id=mark.participation_id, session=session, status=mark.status)
        record_author(current, by, creating=True)
    else:
        current.status = mark.status
        current.version += 1
        record_author(current, by, creating=False)
    current.save()
    return True


@transaction.atomic
def attendance_mark(
    *, session: Session, marks: list[Mark], by: User | None, today: datetime.date | None = None
) -> MarkResult:
    """Mark a session's attendance, cell by cell.

    A cell changed by someone else since the user saw it is left as they saved it (refused), and
    named in the result's ``stale``; the other cells are saved.
    """
    _check_session(session, today or timezone.localdate())
    Activity.objects.select_for_update().filter(pk=session.activity_id).values_list("pk", flat=True).first()
    allowed = set(Participation.objects.filter(activity_id=session.activity_id).values_list("pk", flat=True))
    existing = {a.participation_id: a for a in Attendance.objects.filter(session=session).select_for_update()}
    changed, stale = 0, []
    for mark in marks:
        if mark.participation_id not in allowed:
            raise ValidationError(_("A participant of another activity cannot be marked here."))
        result = _apply(session, mark, existing.get(mark.participation_id), by)
        if result is None:
            stale.append(mark.participation_id)
        elif result:
            changed += 1
    if changed:
        attendance_refresh(activity_id=session.activity_id)
    return MarkResult(changed=changed, stale=stale)


@transaction.atomic
def attendance_all_present(*, session: Session, by: User | None, today: datetime.date | None = None) -> int:
    """Mark everyone not yet marked at this session present (then the user changes the exceptions)."""
    _check_session(session, today or timezone.localdate())
    Activity.objects.select_for_update().filter(pk=session.activity_id).values_list("pk", flat=True).first()
    unmarked = Participation.objects.filter(activity_id=session.activity_id).exclude(
        attendances__session=session
    )
    created = 0
    for participation_id in unmarked.values_list("pk", flat=True):
        mark = Attendance(
            participation_id=participation_id, session=session, status=Attendance.Status.PRESENT
        )
        record_author(mark, by, creating=True)
        mark.save()
        created += 1
    if created:
        attendance_refresh(activity_id=session.activity_id)
    return created
