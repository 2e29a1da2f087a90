"""Indicators computed from hand-built records: every measure, every filter, period against since the start."""

import datetime
from decimal import Decimal

import pytest

from courses.choices import Country
from courses.models import Activity
from results.compute import compute_indicators, rule_text
from results.models import ExpectedResult, Indicator, IndicatorTarget
from tests.factories import (
    ActivityFactory,
    AssignmentFactory,
    ExpertFactory,
    OrganisationFactory,
    ParticipationFactory,
    ProgrammeFactory,
    ThemeFactory,
    TraineeFactory,
)
from trainees.models import Headcount, Participation

pytestmark = pytest.mark.django_db

M = Indicator.Measure
START, END = datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)


@pytest.fixture
def world():
    """Two trainings in 2022 and 2023, a study trip in 2023, a workshop, a planned and a cancelled one."""
    programme = ProgrammeFactory()
    fraud, smuggling = ThemeFactory(name="Fraude documentaire"), ThemeFactory(name="Trafic de migrants")
    dnlt = OrganisationFactory(name="Division nationale de lutte contre le trafic", acronym="DNLT")
    old = ActivityFactory(
        programme=programme, theme=fraud, start_date=datetime.date(2022, 5, 2), duration_days=Decimal("5")
    )
    training = ActivityFactory(
        programme=programme, theme=fraud, start_date=datetime.date(2023, 3, 6), duration_days=Decimal("4.5")
    )
    training.beneficiary_units.add(dnlt)
    trip = ActivityFactory(
        programme=programme,
        kind=Activity.Kind.STUDY_TRIP,
        theme=smuggling,
        country=Country.SPAIN,
        region="",
        start_date=datetime.date(2023, 6, 5),
        duration_days=Decimal("3"),
    )
    workshop = ActivityFactory(
        programme=programme,
        kind=Activity.Kind.WORKSHOP,
        theme=smuggling,
        start_date=datetime.date(2023, 9, 4),
    )
    planned = ActivityFactory(programme=programme, status="planned", start_date=datetime.date(2023, 10, 2))
    cancelled = ActivityFactory(
        programme=programme, status="cancelled", start_date=datetime.date(2023, 10, 9)
    )
    awa = TraineeFactory(first_name="Awa", sex="F", service="police")
    fatou = TraineeFactory(first_name="Fatou", sex="F", service="customs")
    moussa = TraineeFactory(first_name="Moussa", sex="M", service="gendarmerie")
    ibrahima = TraineeFactory(first_name="Ibrahima", sex="M", service="police")
    made_aware = Participation.Outcome.MADE_AWARE
    ParticipationFactory(activity=old, trainee=awa)
    ParticipationFactory(activity=training, trainee=awa)
    ParticipationFactory(activity=training, trainee=moussa)
    ParticipationFactory(activity=training, trainee=ibrahima, attended=False)  # absent: never counted
    ParticipationFactory(activity=trip, trainee=fatou)
    ParticipationFactory(activity=workshop, trainee=moussa, outcome=made_aware)
    ParticipationFactory(activity=workshop, trainee=ibrahima, outcome=made_aware)
    ParticipationFactory(activity=planned, trainee=fatou)
    ParticipationFactory(activity=cancelled, trainee=ibrahima)
    expert = ExpertFactory()
    AssignmentFactory(activity=old, expert=expert)
    AssignmentFactory(activity=training, expert=expert)
    AssignmentFactory(activity=trip)
    AssignmentFactory(activity=planned)
    Headcount.objects.create(activity=workshop, service="police", sex="F", count=7)
    Headcount.objects.create(activity=workshop, service="justice", sex="M", count=5)
    Headcount.objects.create(activity=old, service="police", sex="M", count=4)
    result = ExpectedResult.objects.create(programme=programme, code="R1", title="Capacités renforcées")
    return {
        "programme": programme,
        "result": result,
        "fraud": fraud,
        "dnlt": dnlt,
    }


def indicator(world, code="1.1", **rule):
    themes = rule.pop("themes", [])
    units = rule.pop("units", [])
    made = Indicator.objects.create(result=world["result"], code=code, title_fr=f"Indicateur {code}", **rule)
    made.themes.set(themes)
    made.beneficiary_units.set(units)
    return made


def progress(world, start=START, end=END):
    return {p.code: p for p in compute_indicators(world["programme"], start, end)}


@pytest.mark.parametrize(
    ("measure", "period", "since", "women", "men"),
    [
        (M.PEOPLE_REACHED, 4, 4, 2, 2),  # Awa, Moussa, Fatou, Ibrahima (made aware); absent and planned aside
        (M.PEOPLE_TRAINED, 3, 3, 2, 1),  # Awa, Moussa, Fatou
        (M.COMPLETED, 5, 6, 3, 3),
        (M.PARTICIPATIONS, 5, 6, 3, 3),
        (M.ACTIVITIES, 3, 4, None, None),
        (M.DAYS, Decimal("12.5"), Decimal("17.5"), None, None),
        (M.EXPERTS, 2, 2, None, None),
        (M.HEADCOUNT, 12, 16, 7, 9),
    ],
)
def test_each_measure_counts_done_activities_by_end_date_and_a_person_once(
    world, measure, period, since, women, men
):
    indicator(world, measure=measure)
    result = progress(world)["1.1"]
    assert (result.period, result.since_start) == (Decimal(period), Decimal(since))
    # Cumulative: women and men since the start.
    assert (result.women, result.men) == ((None, None) if women is None else (Decimal(women), Decimal(men)))


def test_period_versus_cumulative_and_the_target_compared(world):
    indicator(world, "c", measure=M.PARTICIPATIONS, cumulative=True, target=Decimal(12))
    yearly = indicator(world, "y", measure=M.PARTICIPATIONS, cumulative=False, target=Decimal(12))
    IndicatorTarget.objects.create(indicator=yearly, year=2023, value=Decimal(10))
    IndicatorTarget.objects.create(indicator=yearly, year=2024, value=Decimal(2))
    rows = progress(world)
    assert (rows["c"].actual, rows["c"].compared_target, rows["c"].percent) == (6, 12, 50)
    assert (rows["y"].actual, rows["y"].period_target, rows["y"].percent) == (5, 10, 50)
    assert (rows["y"].women, rows["c"].women) == (2, 3)  # the period, or since the start when cumulative
    # A period that starts at the programme's start: the period is everything since.
    whole = progress(world, start=world["programme"].start_date)
    assert whole["c"].period == whole["c"].since_start == 6


def test_filters_kinds_themes_outcome_services_sex_units_countries(world):
    indicator(world, "kinds", measure=M.PEOPLE_REACHED, activity_kinds=["workshop", "study_trip"])
    indicator(world, "themes", measure=M.PEOPLE_REACHED, themes=[world["fraud"]])
    indicator(world, "aware", measure=M.PEOPLE_REACHED, outcome="made_aware")
    indicator(world, "services", measure=M.PEOPLE_REACHED, services=["police", "customs"])
    indicator(world, "women", measure=M.PEOPLE_REACHED, sex="F")
    indicator(world, "units", measure=M.PARTICIPATIONS, units=[world["dnlt"]])
    indicator(world, "spain", measure=M.ACTIVITIES, countries=["ES"])
    indicator(world, "days-fraud", measure=M.DAYS, themes=[world["fraud"]])
    indicator(world, "hc-police", measure=M.HEADCOUNT, services=["police"])
    indicator(world, "experts-units", measure=M.EXPERTS, units=[world["dnlt"]])
    rows = progress(world)
    assert rows["kinds"].period == 3  # Fatou, Moussa, Ibrahima
    assert (rows["themes"].period, rows["themes"].since_start) == (2, 2)  # Awa, Moussa
    assert rows["aware"].period == 2
    assert rows["services"].period == 3  # Awa, Fatou, Ibrahima
    assert (rows["women"].period, rows["women"].men) == (2, 0)
    assert rows["units"].period == 2  # the DNLT training: Awa and Moussa (the absent one aside)
    assert rows["spain"].period == 1
    assert rows["days-fraud"].period == Decimal("4.5")
    assert (rows["hc-police"].period, rows["hc-police"].since_start) == (7, 11)
    assert rows["experts-units"].period == 1


def test_targets_by_sex(world):
    indicator(
        world, measure=M.PEOPLE_REACHED, target=Decimal(8), target_women=Decimal(4), target_men=Decimal(4)
    )
    row = progress(world)["1.1"]
    assert (row.women, row.women_percent, row.men, row.men_percent) == (2, 50, 2, 50)


def test_the_queries_do_not_grow_with_the_data_or_the_indicators(world, django_assert_max_num_queries):
    for code, measure in enumerate(M.values):
        indicator(world, f"a{code}", measure=measure, themes=[world["fraud"]], units=[world["dnlt"]])
    indicator(world, "manual", kind=Indicator.Kind.MANUAL)
    # Four to read the framework, one scan of the people, one per other kind of record counted.
    with django_assert_max_num_queries(10):
        rows = compute_indicators(world["programme"], START, END)
    assert len(rows) == len(M.values) + 1
    for code, measure in enumerate(M.values):
        indicator(world, f"b{code}", measure=measure, activity_kinds=["training"])
    for _ in range(5):
        ParticipationFactory(activity=Activity.objects.filter(status="done").first())
    with django_assert_max_num_queries(10):
        rows = compute_indicators(world["programme"], START, END)
    assert len(rows) == 2 * len(M.values) + 1


def test_the_rule_reads_in_plain_words(world, settings):
    made = indicator(
        world,
        measure=M.PEOPLE_TRAINED,
        activity_kinds=["training", "tutoring"],
        themes=[world["fraud"]],
        services=["police"],
        sex="F",
    )
    from django.utils import translation

    with translation.override("fr"):
        text = rule_text(made)
    assert text.startswith("personnes distinctes formées, action de formation, action de tutorat")
    assert "thème\u00a0: Fraude documentaire" in text
    assert "service\u00a0: Police" in text
    assert "femmes seulement" in text
