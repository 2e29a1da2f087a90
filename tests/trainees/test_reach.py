"""The one grouped scan of the people (trainees/reach.py): distinct people by flag, by service, sex and region."""

import datetime
import sys
import textwrap

import pytest
from django.db.models import Q

from courses.models import Activity
from tests.core.test_settings import run_in_project
from tests.factories import (
    ActivityFactory,
    ParticipationFactory,
    ProgrammeFactory,
    ThemeFactory,
    TraineeFactory,
)
from trainees.models import Participation
from trainees.reach import BITS, Flag, reach

START, END = datetime.date(2023, 1, 1), datetime.date(2024, 12, 31)
TRAINED, AWARE = Participation.Outcome.TRAINED, Participation.Outcome.MADE_AWARE

pytestmark = pytest.mark.django_db


def activity(programme, day: datetime.date, **fields) -> Activity:
    return ActivityFactory(programme=programme, start_date=day, end_date=day, **fields)


def totals(groups) -> dict[str, int]:
    out: dict[str, int] = {}
    for group in groups:
        for key, n in group.counts.items():
            out[key] = out.get(key, 0) + n
    return out


@pytest.fixture
def world():
    programme = ProgrammeFactory(start_date=START)
    fraud = ThemeFactory(name="Fraude documentaire")
    a2023 = activity(programme, datetime.date(2023, 5, 1), theme=fraud)
    a2024 = activity(programme, datetime.date(2024, 5, 1), kind=Activity.Kind.WORKSHOP)
    planned = activity(programme, datetime.date(2024, 6, 1), status=Activity.Status.PLANNED)
    cancelled = activity(programme, datetime.date(2024, 6, 2), status=Activity.Status.CANCELLED)
    later = activity(programme, datetime.date(2025, 2, 1))
    elsewhere = activity(ProgrammeFactory(name="Autre programme"), datetime.date(2024, 5, 1))
    # Awa: trained twice in 2023 and made aware in 2024: one person everywhere she counts.
    awa = TraineeFactory(sex="F", service="customs", region="thies")
    ParticipationFactory(trainee=awa, activity=a2023)
    ParticipationFactory(trainee=awa, activity=activity(programme, datetime.date(2023, 9, 1)))
    ParticipationFactory(trainee=awa, activity=a2024, outcome=AWARE)
    # Moussa: made aware in 2024 only; registered in 2023 but absent (not counted there).
    moussa = TraineeFactory(sex="M", service="police", region="dakar")
    ParticipationFactory(trainee=moussa, activity=a2024, outcome=AWARE)
    ParticipationFactory(trainee=moussa, activity=a2023, attended=False)
    # Fatou: only in activities that are not achievements of the window or of this programme.
    fatou = TraineeFactory(sex="F", service="justice", region="")
    for item in (planned, cancelled, later, elsewhere):
        ParticipationFactory(trainee=fatou, activity=item)
    return {"programme": programme, "fraud": fraud}


def test_each_person_counts_once_per_flag_with_the_outcomes_asked(world, django_assert_num_queries):
    flags = [
        Flag("reached", Q()),
        Flag("trained", Q(), (TRAINED,)),
        Flag("aware", Q(), (AWARE,)),
        Flag("2023", Q(end_date__year=2023)),
        Flag("2024", Q(end_date__year=2024)),
        Flag("fraud trained", Q(theme=world["fraud"]), (TRAINED,)),
        Flag("workshops", Q(kind=Activity.Kind.WORKSHOP)),
        Flag("any outcome listed", Q(), (TRAINED, AWARE)),
    ]
    with django_assert_num_queries(1):
        groups = reach(world["programme"], START, END, flags)
    assert totals(groups) == {
        "reached": 2,
        "trained": 1,
        "aware": 2,
        "2023": 1,  # Moussa was absent in 2023
        "2024": 2,
        "fraud trained": 1,
        "workshops": 2,
        "any outcome listed": 2,
    }
    by_person = {(g.service, g.sex, g.region): g.counts["reached"] for g in groups}
    assert by_person == {("customs", "F", "thies"): 1, ("police", "M", "dakar"): 1}


def test_the_window_bounds_the_scan(world):
    groups = reach(world["programme"], datetime.date(2024, 1, 1), END, [Flag("reached", Q())])
    assert totals(groups) == {"reached": 2}
    groups = reach(world["programme"], START, datetime.date(2023, 12, 31), [Flag("reached", Q())])
    assert totals(groups) == {"reached": 1}
    assert reach(world["programme"], START, END, []) == []


def test_more_flags_than_one_mask_holds_are_spread_over_several(world, django_assert_num_queries):
    days = [START + datetime.timedelta(days=n) for n in range(2 * BITS + 5)]
    flags = [Flag(f"from {day}", Q(end_date__gte=day)) for day in days]
    flags += [Flag(f"trained from {day}", Q(end_date__gte=day), (TRAINED,)) for day in days]
    with django_assert_num_queries(1):
        counts = totals(reach(world["programme"], START, END, flags))
    for day in days:
        reached = (day <= datetime.date(2023, 9, 1)) + 1  # Awa while her 2023 actions are ahead
        assert counts[f"from {day}"] == reached, day
        assert counts[f"trained from {day}"] == (day <= datetime.date(2023, 9, 1)), day


def test_flags_with_the_same_conditions_share_a_column(world, django_assert_num_queries):
    flags = [Flag("a", Q(end_date__gte=START)), Flag("b", Q(end_date__gte=START)), Flag("c", Q(), (TRAINED,))]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        counts = totals(reach(world["programme"], START, END, flags))
    assert counts == {"a": 2, "b": 2, "c": 1}
    assert queries.captured_queries[0]["sql"].count("FILTER") == 2


def test_the_demo_database_sqlite_counts_the_same_people_as_a_plain_count(tmp_path):
    """The demo runs on SQLite, which has no bit_or: core/sqlite.py gives it one. Seeded demo data, the
    figures and indicators read back against a count in Python of the participations."""
    code = textwrap.dedent(
        """
        import django; django.setup()
        from django.core.management import call_command
        call_command("migrate", verbosity=0)
        call_command("seed_demo", "--scale", "1", "--no-accounts", verbosity=0)
        from django.db import connection
        assert connection.vendor == "sqlite"
        from django.utils import timezone
        from demo.builder import PROGRAMME_NAME
        from courses.models import Programme
        from trainees.models import Participation
        from reports.figures import compute_figures_and_indicators
        programme = Programme.objects.get(name=PROGRAMME_NAME)
        today = timezone.localdate()
        start = today.replace(year=today.year - 2, month=1, day=1)
        figures, indicators = compute_figures_and_indicators(programme, start, today)
        rows = Participation.objects.filter(
            attended=True, activity__programme=programme, activity__status="done",
            activity__end_date__gte=start, activity__end_date__lte=today,
        ).values_list("trainee_id", "outcome", "activity__end_date", "activity__kind")
        people = {t for t, _o, _d, _k in rows}
        trained = {t for t, o, _d, _k in rows if o == "trained"}
        years = {}
        for t, _o, day, _k in rows:
            years.setdefault(day.year, set()).add(t)
        assert figures.people == len(people) > 0, (figures.people, len(people))
        assert figures.people_trained == len(trained), (figures.people_trained, len(trained))
        assert figures.participations == len(rows) == sum(q.participations for q in figures.quarters)
        assert {y.year: y.people for y in figures.years if y.people} == {y: len(s) for y, s in years.items()}
        since = Participation.objects.filter(
            attended=True, outcome="trained", activity__programme=programme, activity__status="done",
            activity__kind__in=["training", "tutoring"],
            activity__end_date__gte=programme.start_date, activity__end_date__lte=today,
        ).values_list("trainee_id", flat=True)
        by_code = {p.code: p for p in indicators}
        assert by_code["3.7"].since_start == len(set(since)), (by_code["3.7"].since_start, len(set(since)))
        print("ok", figures.people, by_code["3.7"].since_start)
        """
    )
    result = run_in_project(
        [sys.executable, "-c", code],
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        CELERY_BROKER_URL="",
        CELERY_TASK_ALWAYS_EAGER="",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines()[-1].startswith("ok "), result.stdout


def test_a_framework_of_hundreds_of_flags_takes_a_second_statement_not_a_failure(
    world, django_assert_num_queries
):
    from trainees.reach import PER_STATEMENT

    days = [END - datetime.timedelta(days=n) for n in range(PER_STATEMENT + 40)]  # the latest first
    flags = [Flag(f"from {day}", Q(end_date__gte=day)) for day in days]
    flags.append(Flag("units", Q(beneficiary_units__isnull=False) | Q(theme=world["fraud"])))
    with django_assert_num_queries(2):
        counts = totals(reach(world["programme"], START, END, flags))
    for day in days:  # the second statement's flags (the earliest days) counted like the first's
        assert counts[f"from {day}"] == (2 if day <= datetime.date(2024, 5, 1) else 0), day
    assert counts[f"from {days[-1]}"] == 2
    assert counts["units"] == 1
