"""Today's "attended" becomes "present at every session": one full-day session per day of each activity.

No figure changes: ``attended`` keeps its value, the participations that attended are marked present
at every session (so they are completed), the others stay unmarked. Backwards, the sessions and
marks are removed and ``attended`` is left as it was.
"""

import datetime

from django.db import migrations

BATCH = 2000


def forwards(apps, schema_editor):
    Activity = apps.get_model("courses", "Activity")
    Session = apps.get_model("courses", "Session")
    Participation = apps.get_model("trainees", "Participation")
    Attendance = apps.get_model("trainees", "Attendance")
    db = schema_editor.connection.alias
    for activity in Activity.objects.using(db).only("pk", "start_date", "end_date").iterator():
        days = (activity.end_date - activity.start_date).days + 1
        dates = [activity.start_date + datetime.timedelta(days=n) for n in range(days)]
        existing = set(Session.objects.using(db).filter(activity=activity).values_list("date", flat=True))
        Session.objects.using(db).bulk_create(
            [Session(activity=activity, date=date, part="day") for date in dates if date not in existing],
            batch_size=BATCH,
        )
        sessions = list(Session.objects.using(db).filter(activity=activity).values_list("pk", flat=True))
        attended = list(
            Participation.objects.using(db)
            .filter(activity=activity, attended=True)
            .values_list("pk", flat=True)
        )
        Attendance.objects.using(db).bulk_create(
            [
                Attendance(participation_id=participation, session_id=session, status="present")
                for participation in attended
                for session in sessions
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        Activity.objects.using(db).filter(pk=activity.pk).update(session_count=len(sessions))
        Participation.objects.using(db).filter(pk__in=attended).update(
            sessions_attended=len(sessions), completed=bool(sessions)
        )


def backwards(apps, schema_editor):
    Session = apps.get_model("courses", "Session")
    Attendance = apps.get_model("trainees", "Attendance")
    db = schema_editor.connection.alias
    Attendance.objects.using(db).all().delete()
    Session.objects.using(db).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_sessions_and_attendance_threshold"),
        ("trainees", "0008_attendance_per_session"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
