"""Writes on sessions: generated from an activity's dates, then added, removed or moved by hand.

Every change sends :data:`courses.models.sessions_changed`, on which the trainees app recounts the
attendance (this app cannot import that one).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.versioning import history_note, record_author

from .models import Activity, Session, sessions_changed


def _changed(activity: Activity) -> None:
    sessions_changed.send(sender=Session, activity_id=activity.pk)


@transaction.atomic
def sessions_sync(*, activity: Activity, by: User | None) -> list[Session]:
    """Give each day of the activity a session; drop the sessions now outside its dates.

    Sessions already marked are kept even outside the dates (nothing recorded is lost): they are
    returned, for the user to move or remove them knowingly.
    """
    sessions = list(activity.sessions.all())
    covered = {s.date for s in sessions}
    kept = []
    for session in sessions:
        if activity.start_date <= session.date <= activity.end_date:
            continue
        if session.attendances.exists():
            kept.append(session)
            continue
        history_note(session, by)
        session.delete()
    day = activity.start_date
    while day <= activity.end_date:
        if day not in covered:
            session = Session(activity=activity, date=day, part=Session.Part.DAY)
            record_author(session, by, creating=True)
            session.save()
        day += datetime.timedelta(days=1)
    _changed(activity)
    return kept


def _check_slot(activity: Activity, date: datetime.date, part: str, exclude: int | None = None) -> None:
    if part not in Session.Part.values:
        raise ValidationError(_("Choose a full day, a morning or an afternoon."))
    if not activity.start_date <= date <= activity.end_date:
        raise ValidationError(_("A session takes place between the activity's start and end dates."))
    same_day = set(activity.sessions.filter(date=date).exclude(pk=exclude).values_list("part", flat=True))
    if part in same_day:
        raise ValidationError(_("This activity already has a session on that date and part."))
    if same_day and (part == Session.Part.DAY or Session.Part.DAY in same_day):
        raise ValidationError(_("A full day and a half-day cannot both be sessions of the same date."))


@transaction.atomic
def session_add(*, activity: Activity, date: datetime.date, part: str, by: User | None) -> Session:
    _check_slot(activity, date, part)
    session = Session(activity=activity, date=date, part=part)
    session.full_clean()
    record_author(session, by, creating=True)
    session.save()
    _changed(activity)
    return session


@transaction.atomic
def session_move(*, session: Session, date: datetime.date, part: str, by: User | None) -> Session:
    """Move a session to another date (or part of the day); its marks move with it."""
    _check_slot(session.activity, date, part, exclude=session.pk)
    session.date, session.part = date, part
    session.full_clean()
    record_author(session, by, creating=False)
    session.save()
    _changed(session.activity)
    return session


@transaction.atomic
def session_remove(*, session: Session, by: User | None) -> None:
    """Remove a session not yet marked (a marked one holds what people did: move it instead)."""
    if session.attendances.exists():
        raise ValidationError(_("This session's attendance is marked: it cannot be removed."))
    history_note(session, by)
    activity = session.activity
    session.delete()
    _changed(activity)
