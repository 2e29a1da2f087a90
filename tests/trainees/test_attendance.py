"""Attendance per session: the rule (attended, completed), marking, stale cells, sessions following dates."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from courses import services as course_services
from courses import session_services
from courses.models import Session
from tests.factories import ActivityFactory, ParticipationFactory, ProgrammeFactory
from trainees import services
from trainees.attendance_services import Mark, attendance_all_present, attendance_mark, sessions_needed
from trainees.models import Attendance, Participation

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 20)


def three_day_activity(coordinator, threshold=80):
    """Three days that are over, created by the service, so with their three sessions."""
    programme = ProgrammeFactory()
    programme.attendance_threshold = threshold
    programme.save()
    template = ActivityFactory.build(programme=programme)
    activity = course_services.activity_create(
        by=coordinator,
        programme=programme,
        kind="training",
        title="Fraude documentaire",
        start_date=datetime.date(2026, 3, 2),
        end_date=datetime.date(2026, 3, 4),
        duration_days=3,
        city=template.city,
        region=template.region,
    )
    return activity


def people(activity, count):
    return [ParticipationFactory(activity=activity, attended=False) for _ in range(count)]


def test_an_activity_gets_one_session_per_day_and_people_start_unmarked(coordinator):
    activity = three_day_activity(coordinator)
    assert [s.date.day for s in activity.sessions.all()] == [2, 3, 4]
    person = services.participant_register(
        activity=activity, by=coordinator, first_name="Awa", last_name="Ndiaye", sex="F", service="police"
    )
    participation = person.participations.get()
    assert (participation.attended, participation.completed, participation.sessions_attended) == (
        False,
        False,
        0,
    )
    assert not Attendance.objects.exists()


def test_present_or_late_once_is_attended_and_the_threshold_makes_completed(coordinator):
    activity = three_day_activity(coordinator, threshold=60)  # 60 % of 3 sessions: 2 needed
    assert sessions_needed(3, 60) == 2
    day1, day2, _day3 = activity.sessions.all()
    once, twice, excused = people(activity, 3)
    attendance_mark(
        session=day1,
        marks=[Mark(once.pk, "late", 0), Mark(twice.pk, "present", 0), Mark(excused.pk, "excused", 0)],
        by=coordinator,
        today=TODAY,
    )
    attendance_mark(
        session=day2,
        marks=[Mark(once.pk, "absent", 0), Mark(twice.pk, "late", 0), Mark(excused.pk, "excused", 0)],
        by=coordinator,
        today=TODAY,
    )
    rows = dict(Participation.objects.values_list("pk", "sessions_attended"))
    assert rows == {once.pk: 1, twice.pk: 2, excused.pk: 0}
    assert set(Participation.objects.attended().values_list("pk", flat=True)) == {once.pk, twice.pk}
    assert list(Participation.objects.completed().values_list("pk", flat=True)) == [twice.pk]
    activity.refresh_from_db()
    assert activity.session_count == 3


def test_a_new_threshold_recounts_who_completed(coordinator, admin_user):
    activity = three_day_activity(coordinator, threshold=100)
    [person] = people(activity, 1)
    for session in list(activity.sessions.all())[:2]:
        attendance_mark(session=session, marks=[Mark(person.pk, "present", 0)], by=coordinator, today=TODAY)
    assert not Participation.objects.completed().exists()
    programme = activity.programme
    course_services.programme_update(
        programme=programme, expected_version=programme.version, by=admin_user, attendance_threshold=60
    )
    assert Participation.objects.completed().get() == person


def test_a_future_session_cannot_be_marked(coordinator):
    activity = three_day_activity(coordinator)
    [person] = people(activity, 1)
    with pytest.raises(ValidationError, match="futur"):
        attendance_mark(
            session=activity.sessions.last(),
            marks=[Mark(person.pk, "present", 0)],
            by=coordinator,
            today=datetime.date(2026, 3, 3),
        )
    assert not Attendance.objects.exists()


def test_a_cell_changed_meanwhile_is_refused_and_the_others_saved(coordinator, admin_user):
    activity = three_day_activity(coordinator)
    first, second = people(activity, 2)
    session = activity.sessions.first()
    # Both open the page with nobody marked; the admin saves first.
    attendance_mark(session=session, marks=[Mark(first.pk, "absent", 0)], by=admin_user, today=TODAY)
    result = attendance_mark(
        session=session,
        marks=[Mark(first.pk, "present", 0), Mark(second.pk, "present", 0)],
        by=coordinator,
        today=TODAY,
    )
    assert (result.changed, result.stale) == (1, [first.pk])
    assert dict(Attendance.objects.values_list("participation", "status")) == {
        first.pk: "absent",
        second.pk: "present",
    }


def test_all_present_marks_only_the_unmarked_and_a_mark_can_be_taken_back(coordinator):
    activity = three_day_activity(coordinator)
    first, second = people(activity, 2)
    session = activity.sessions.first()
    attendance_mark(session=session, marks=[Mark(first.pk, "excused", 0)], by=coordinator, today=TODAY)
    assert attendance_all_present(session=session, by=coordinator, today=TODAY) == 1
    assert dict(Attendance.objects.values_list("participation", "status")) == {
        first.pk: "excused",
        second.pk: "present",
    }
    result = attendance_mark(session=session, marks=[Mark(second.pk, "", 1)], by=coordinator, today=TODAY)
    assert result.changed == 1
    second.refresh_from_db()
    assert not second.attended
    assert Attendance.history.filter(history_type="-").get().history_user == coordinator


def test_new_dates_add_and_drop_sessions_but_keep_the_marked_ones(coordinator):
    activity = three_day_activity(coordinator)
    [person] = people(activity, 1)
    attendance_mark(
        session=activity.sessions.last(), marks=[Mark(person.pk, "present", 0)], by=coordinator, today=TODAY
    )
    updated = course_services.activity_update(
        activity=activity,
        expected_version=activity.version,
        by=coordinator,
        start_date=datetime.date(2026, 3, 1),
        end_date=datetime.date(2026, 3, 2),
    )
    assert [s.date.day for s in Session.objects.filter(activity=activity)] == [1, 2, 4]
    assert [s.date.day for s in updated.kept_sessions] == [4]


def test_sessions_can_be_split_moved_and_removed_by_hand(coordinator):
    activity = three_day_activity(coordinator)
    day1, day2, day3 = activity.sessions.all()
    with pytest.raises(ValidationError, match="demi-journée|half-day"):
        session_services.session_add(activity=activity, date=day1.date, part="morning", by=coordinator)
    session_services.session_remove(session=day1, by=coordinator)
    session_services.session_add(activity=activity, date=day1.date, part="morning", by=coordinator)
    session_services.session_add(activity=activity, date=day1.date, part="afternoon", by=coordinator)
    with pytest.raises(ValidationError):
        session_services.session_move(
            session=day3, date=datetime.date(2026, 3, 9), part="day", by=coordinator
        )
    [person] = people(activity, 1)
    attendance_mark(session=day2, marks=[Mark(person.pk, "present", 0)], by=coordinator, today=TODAY)
    with pytest.raises(ValidationError):
        session_services.session_remove(session=day2, by=coordinator)
    activity.refresh_from_db()
    assert activity.session_count == 4


def test_an_imported_list_marks_the_dated_columns_and_leaves_the_rest_unmarked(coordinator):
    from core.uploads import ImportFileError
    from tests.trainees.spreadsheets import FRENCH_HEADER, person, xlsx
    from trainees.import_services import participant_import_commit, participant_import_preview

    activity = three_day_activity(coordinator)
    day1, day2, _day3 = (s.date for s in activity.sessions.all())
    header = [*FRENCH_HEADER, day1, day2.strftime("%d/%m/%Y")]  # a date cell, and a date typed as text
    rows = [
        header,
        [*person("Kane", "Seydou", "M"), "présent", "absent"],
        [*person("Diop", "Awa", "F"), "Excusé", ""],
        [*person("Sow", "Ali", "M"), "", ""],
    ]
    imported = participant_import_preview(
        activity=activity, data=xlsx(rows), filename="l.xlsx", by=coordinator
    )
    participant_import_commit(participant_import=imported, choices={}, by=coordinator)
    marks = {
        (name, session.day): status
        for name, session, status in Attendance.objects.values_list(
            "participation__trainee__last_name", "session__date", "status"
        )
    }
    assert marks == {
        ("Kane", day1.day): "present",
        ("Kane", day2.day): "absent",
        ("Diop", day1.day): "excused",
    }
    counted = dict(Participation.objects.values_list("trainee__last_name", "attended"))
    assert counted == {"Kane": True, "Diop": False, "Sow": False}

    # A column dated outside the sessions, or an unknown mark: refused with a clear message, nothing written.
    with pytest.raises(ImportFileError, match="séance|session"):
        participant_import_preview(
            activity=activity,
            data=xlsx([[*FRENCH_HEADER, "2026-04-01"], [*person("Ba", "Ousmane", "M"), "présent"]]),
            filename="l.xlsx",
            by=coordinator,
        )
    preview = participant_import_preview(
        activity=activity,
        data=xlsx([[*FRENCH_HEADER, day1], [*person("Ba", "Ousmane", "M"), "peut-être"]]),
        filename="l.xlsx",
        by=coordinator,
    )
    assert "peut-être" in " ".join(preview.rows[0]["errors"])
