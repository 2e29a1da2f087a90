"""The move to attendance by session changes no figure of the demo programme (migrated back and forth)."""

import dataclasses
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from courses.models import Programme, Session
from reports.figures import compute_figures
from trainees.models import Attendance, Participation

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_SESSIONS = [
    ("accounts", "0006_roles_per_programme"),
    ("courses", "0005_programme_version"),
    ("trainees", "0007_import_read_by_a_worker"),
]
NEW_FIGURES = {"participations_completed", "attendance_rate"}


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def test_every_demo_figure_is_the_same_after_migrating_to_sessions():
    call_command("seed_demo", "--no-accounts", stdout=StringIO())
    programme = Programme.objects.get()
    before = compute_figures(programme)
    assert before.people and before.participations  # a real programme to compare, not an empty one

    migrate(BEFORE_SESSIONS)  # back to one "attended" box per participation: sessions and marks gone
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # and forward again

    after = compute_figures(programme)
    old_figures = {f.name for f in dataclasses.fields(before)} - NEW_FIGURES
    assert {name: getattr(after, name) for name in old_figures} == {
        name: getattr(before, name) for name in old_figures
    }
    # Who attended is now present at every session of their activity, so has completed it.
    assert after.participations_completed == after.participations
    assert Session.objects.exists()
    assert not Attendance.objects.exclude(status="present").exists()
    attended = Participation.objects.attended()
    assert attended.count() == Participation.objects.completed().count()
    assert not Participation.objects.filter(attended=False, sessions_attended__gt=0).exists()
