"""The attendance screens: marking a session, the grid, and marking an activity done."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Activity
from tests.factories import ActivityFactory, AttendanceFactory, ParticipationFactory, SessionFactory
from trainees.models import Attendance

pytestmark = pytest.mark.django_db


def activity_with(people: int, days: int, status="done"):
    start = timezone.localdate() - datetime.timedelta(days=10)
    activity = ActivityFactory(
        start_date=start, end_date=start + datetime.timedelta(days=days - 1), status=status
    )
    sessions = [
        SessionFactory(activity=activity, date=start + datetime.timedelta(days=n)) for n in range(days)
    ]
    participations = [ParticipationFactory(activity=activity, attended=False) for _ in range(people)]
    return activity, sessions, participations


def grid_url(activity):
    return reverse("trainees:attendance-grid", args=[activity.pk])


def session_url(session):
    return reverse("trainees:session-attendance", args=[session.pk])


@pytest.mark.parametrize(("people", "days"), [(2, 1), (30, 8)])
def test_the_grid_and_the_session_screen_take_the_same_queries_whatever_the_size(
    client, coordinator, django_assert_num_queries, people, days
):
    activity, sessions, participations = activity_with(people, days)
    for participation in participations:
        for session in sessions[: days // 2 + 1]:
            AttendanceFactory(participation=participation, session=session)
    client.force_login(coordinator)
    client.get(grid_url(activity))  # the session and the user's roles are read once, then cached
    with django_assert_num_queries(8):
        page = client.get(grid_url(activity))
    assert len(page.context["rows"]) == people
    assert all(len(cells) == days for _p, cells in page.context["rows"])
    with django_assert_num_queries(9):  # the grid's eight, and the session's signed sheets
        page = client.get(session_url(sessions[0]))
    assert len(page.context["rows"]) == people


def test_everyone_present_then_one_absent_then_saved(client, coordinator):
    activity, [session], (first, second, third) = activity_with(3, 1)
    client.force_login(coordinator)
    client.post(session_url(session), {"action": "all_present"})
    assert Attendance.objects.filter(status="present").count() == 3
    page = client.get(session_url(session))
    mark = {m.participation_id: m for _p, m in page.context["rows"] if m}[second.pk]
    response = client.post(session_url(session), {f"p{second.pk}": "absent", f"v{second.pk}": mark.version})
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("participation", "status")) == {
        first.pk: "present",
        second.pk: "absent",
        third.pk: "present",
    }
    second.refresh_from_db()
    assert (second.attended, second.completed) == (False, False)
    grid = client.get(grid_url(activity)).content.decode()
    assert "Absent" in grid or "absent" in grid.lower()


def test_a_future_session_is_refused_with_a_message_and_nothing_marked(client, coordinator):
    activity = ActivityFactory(
        status="planned",
        start_date=timezone.localdate() + datetime.timedelta(days=3),
        end_date=timezone.localdate() + datetime.timedelta(days=4),
    )
    session = SessionFactory(activity=activity)
    participation = ParticipationFactory(activity=activity, attended=False)
    client.force_login(coordinator)
    page = client.get(session_url(session))
    assert 'id="future-session"' in page.content.decode()
    response = client.post(
        session_url(session), {f"p{participation.pk}": "present", f"v{participation.pk}": "0"}, follow=True
    )
    assert "futur" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_tampered_status_changes_nothing(client, coordinator):
    activity, [session], [participation] = activity_with(1, 1)
    client.force_login(coordinator)
    response = client.post(
        session_url(session), {f"p{participation.pk}": "<b>", f"v{participation.pk}": "x"}, follow=True
    )
    assert response.status_code == 200
    assert not Attendance.objects.exists()


def test_another_programmes_session_is_not_found(client, coordinator):
    from tests.factories import ProgrammeFactory

    elsewhere = ActivityFactory(programme=ProgrammeFactory(name="Ailleurs", country="MR"))
    session = SessionFactory(activity=elsewhere)
    client.force_login(coordinator)
    assert client.get(session_url(session)).status_code == 404
    assert client.post(session_url(session), {"action": "all_present"}).status_code == 404


def test_marking_done_lists_the_unmarked_and_needs_the_confirmation(client, coordinator):
    activity, (day1, day2), (first, second) = activity_with(2, 2, status="planned")
    AttendanceFactory(participation=first, session=day1)
    AttendanceFactory(participation=second, session=day1)
    url = reverse("courses:activity-status", args=[activity.pk, "done"])
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert 'id="unmarked-attendance"' in page and session_url(day2) in page
    client.post(url, {"version": activity.version})
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PLANNED
    client.post(url, {"version": activity.version, "unmarked_means_absent": "on"})
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE
