"""The figures, built around the traps of counting people, experts and activities."""

import datetime
from decimal import Decimal

import pytest

from reports.figures import Figures, compute_figures
from tests.factories import (
    ActivityFactory,
    AssignmentFactory,
    ExpertFactory,
    HeadcountFactory,
    OrganisationFactory,
    ParticipationFactory,
    ProgrammeFactory,
    TraineeFactory,
)

pytestmark = pytest.mark.django_db

START, END = datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)


@pytest.fixture
def programme():
    return ProgrammeFactory()


def activity(programme, **fields):
    fields.setdefault("start_date", datetime.date(2023, 5, 2))
    fields.setdefault("end_date", fields["start_date"] + datetime.timedelta(days=2))
    return ActivityFactory(programme=programme, **fields)


def figures(programme, start=START, end=END) -> Figures:
    return compute_figures(programme, start, end)


def test_a_person_in_three_activities_is_one_person_and_three_participations(programme):
    person = TraineeFactory()
    for _ in range(3):
        ParticipationFactory(trainee=person, activity=activity(programme))
    result = figures(programme)
    assert (result.people, result.participations, result.activities_done) == (1, 3, 3)


def test_a_person_both_trained_and_made_aware_counts_once_as_trained(programme):
    person = TraineeFactory()
    ParticipationFactory(trainee=person, activity=activity(programme), outcome="made_aware")
    ParticipationFactory(trainee=person, activity=activity(programme), outcome="trained")
    only_aware = ParticipationFactory(activity=activity(programme), outcome="made_aware").trainee
    result = figures(programme)
    assert (result.people, result.people_trained, result.people_made_aware) == (2, 1, 1)
    assert only_aware.pk


def test_planned_and_cancelled_activities_are_no_achievement(programme):
    for status in ("planned", "cancelled"):
        planned = activity(programme, status=status)
        ParticipationFactory(activity=planned)
        AssignmentFactory(activity=planned)
        HeadcountFactory(activity=planned)
    result = figures(programme)
    assert (
        result.activities_done,
        result.people,
        result.experts,
        result.headcount,
        result.participations,
    ) == (0, 0, 0, 0, 0)


def test_an_absent_person_is_not_counted(programme):
    ParticipationFactory(activity=activity(programme), attended=False)
    assert figures(programme).people == 0


def test_an_expert_in_two_activities_counts_once(programme):
    expert = ExpertFactory(category="international", nationality="ES")
    AssignmentFactory(expert=expert, activity=activity(programme))
    AssignmentFactory(expert=expert, activity=activity(programme))
    AssignmentFactory(expert__category="national", expert__nationality="SN", activity=activity(programme))
    result = figures(programme)
    assert (result.experts, result.experts_international, result.experts_national) == (2, 1, 1)
    assert {t.key: t.count for t in result.experts_by_nationality} == {"ES": 1, "SN": 1}


def test_an_activity_ending_on_the_last_day_counts_and_the_day_after_does_not(programme):
    inside = activity(programme, start_date=datetime.date(2023, 12, 29), end_date=END)
    after = activity(
        programme, start_date=datetime.date(2023, 12, 29), end_date=END + datetime.timedelta(days=1)
    )
    first_day = activity(programme, start_date=datetime.date(2022, 12, 30), end_date=START)
    before = activity(
        programme, start_date=datetime.date(2022, 12, 28), end_date=START - datetime.timedelta(days=1)
    )
    for item in (inside, after, first_day, before):
        ParticipationFactory(activity=item)
    result = figures(programme)
    assert result.activities_done == 2
    assert result.people == 2


def test_another_programme_does_not_count(programme):
    other = ProgrammeFactory(name="Autre programme")
    ParticipationFactory(activity=activity(other))
    assert figures(programme).people == 0


def test_an_empty_programme_gives_zeros_everywhere(programme):
    result = figures(programme)
    assert result.activities_done == result.people == result.experts == result.participations == 0
    assert [t.count for t in result.done_by_kind] == [0, 0, 0, 0]
    assert result.years == () and result.ahead_total == 0


def test_headcounts_are_beside_the_people_never_added(programme):
    workshop = activity(programme, kind="workshop")
    ParticipationFactory(activity=workshop, outcome="made_aware")
    HeadcountFactory(activity=workshop, service="police", sex="F", count=30)
    HeadcountFactory(activity=workshop, service="police", sex="M", count=12)
    result = figures(programme)
    assert (result.people, result.headcount) == (1, 42)
    assert {t.key: t.count for t in result.headcount_by_sex} == {"F": 30, "M": 12}


def test_breakdowns_by_service_sex_and_region_add_up_to_the_people(programme):
    for service, sex, region in [("police", "F", "dakar"), ("police", "M", "thies"), ("customs", "M", "")]:
        person = TraineeFactory(service=service, sex=sex, region=region)
        ParticipationFactory(trainee=person, activity=activity(programme))
        ParticipationFactory(trainee=person, activity=activity(programme))
    result = figures(programme)
    assert {t.key: t.count for t in result.people_by_service} == {"police": 2, "customs": 1}
    assert {t.key: t.count for t in result.people_by_sex} == {"M": 2, "F": 1}
    assert sum(t.count for t in result.people_by_region) == result.people == 3


def test_kinds_days_tutoring_units_and_destinations(programme):
    dnlt = OrganisationFactory(
        name="Division nationale de lutte contre le trafic de migrants", acronym="DNLT"
    )
    airport = OrganisationFactory(name="Police de l’aéroport")
    tutoring = activity(programme, kind="tutoring", duration_days=Decimal("10"))
    tutoring.beneficiary_units.set([dnlt, airport])
    activity(programme, kind="tutoring", duration_days=Decimal("5")).beneficiary_units.set([dnlt])
    activity(
        programme, kind="study_trip", country="ES", region="", duration_days=Decimal("4"), duration_hours=24
    )
    activity(
        programme, kind="study_trip", country="FR", region="", duration_days=Decimal("4"), duration_hours=24
    )
    activity(
        programme, kind="study_trip", country="ES", region="", duration_days=Decimal("5"), duration_hours=30
    )
    result = figures(programme)
    assert result.done("tutoring") == 2 and result.done("study_trip") == 3 and result.done("training") == 0
    assert result.days_delivered == Decimal("28") and result.hours_delivered == 78
    assert {t.key: t.count for t in result.tutoring_by_unit} == {
        "Division nationale de lutte contre le trafic de migrants (DNLT)": 2,
        "Police de l’aéroport": 1,
    }
    assert [(t.key, t.count) for t in result.study_trips_by_destination] == [("ES", 2), ("FR", 1)]


def test_the_trend_counts_people_once_per_year_and_once_in_all(programme):
    person = TraineeFactory()
    ParticipationFactory(trainee=person, activity=activity(programme, start_date=datetime.date(2022, 3, 1)))
    ParticipationFactory(trainee=person, activity=activity(programme, start_date=datetime.date(2023, 3, 1)))
    ParticipationFactory(trainee=person, activity=activity(programme, start_date=datetime.date(2023, 9, 1)))
    result = figures(programme, datetime.date(2022, 1, 1), END)
    assert [(y.year, y.activities, y.participations, y.people) for y in result.years] == [
        (2022, 1, 1, 1),
        (2023, 2, 2, 1),
    ]
    assert [(q.year, q.quarter, q.activities) for q in result.quarters] == [
        (2022, 1, 1),
        (2023, 1, 1),
        (2023, 3, 1),
    ]
    assert result.people == 1


def test_the_programme_ahead_lists_planned_activities_until_the_end_of_the_year(programme):
    soon = activity(programme, status="planned", start_date=datetime.date(2024, 1, 10))
    activity(programme, status="planned", start_date=datetime.date(2025, 1, 10))  # next year
    activity(programme, status="cancelled", start_date=datetime.date(2024, 2, 10))
    result = compute_figures(programme, START, datetime.date(2024, 1, 5), today=datetime.date(2024, 1, 6))
    assert result.ahead_until == datetime.date(2024, 12, 31)
    assert [a.pk for a in result.ahead] == [soon.pk]
    assert {t.key: t.count for t in result.ahead_by_kind}["training"] == 1


def test_a_report_for_last_year_made_this_year_shows_this_years_plans_and_flags_passed_ones(programme):
    """The committee of March 2025 reviewing 2024 sees the plans of 2025, and those whose dates passed."""
    passed = activity(programme, status="planned", start_date=datetime.date(2025, 1, 13))  # still planned
    coming = activity(programme, status="planned", start_date=datetime.date(2025, 6, 2))
    activity(programme, status="planned", start_date=datetime.date(2026, 1, 12))  # the year after
    activity(
        programme, status="planned", start_date=datetime.date(2024, 6, 3)
    )  # over before the period ended
    result = compute_figures(
        programme, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), today=datetime.date(2025, 3, 15)
    )
    assert result.ahead_until == datetime.date(2025, 12, 31)
    assert [(a.pk, a.overdue) for a in result.ahead] == [(passed.pk, True), (coming.pk, False)]
    assert result.ahead_total == 2
    # Seen from the end of 2024, the plans stop at 31 December 2024.
    then = compute_figures(
        programme, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), today=datetime.date(2024, 12, 31)
    )
    assert then.ahead_total == 0


def test_the_default_period_runs_from_the_programme_start_to_today(programme):
    result = compute_figures(programme)
    assert result.start == programme.start_date and result.since_programme_start


def test_the_figures_survive_a_json_round_trip(programme):
    ParticipationFactory(activity=activity(programme, kind="workshop"), outcome="made_aware")
    AssignmentFactory(activity=activity(programme))
    activity(programme, status="planned", start_date=datetime.date(2024, 1, 10))
    result = figures(programme, START, datetime.date(2024, 1, 5))
    assert Figures.from_dict(result.to_dict()) == result


def test_a_period_ending_before_it_starts_is_refused(programme):
    with pytest.raises(ValueError):
        compute_figures(programme, END, START)


def build(programme, size: int):
    experts = ExpertFactory.create_batch(3)
    for index in range(size):
        item = activity(
            programme,
            kind=["training", "tutoring", "study_trip", "workshop"][index % 4],
            country="ES" if index % 4 == 2 else "SN",
            region="" if index % 4 == 2 else "dakar",
        )
        item.beneficiary_units.add(OrganisationFactory())
        for expert in experts[: 1 + index % 3]:
            AssignmentFactory(activity=item, expert=expert)
        for _ in range(3):
            ParticipationFactory(activity=item)
        HeadcountFactory(activity=item)
        activity(programme, status="planned", start_date=datetime.date(2024, 2, 1))


@pytest.mark.parametrize("size", [2, 25])
def test_the_figures_take_the_same_few_queries_whatever_the_data_size(
    programme, size, django_assert_num_queries
):
    build(programme, size)
    with django_assert_num_queries(7):
        result = figures(programme, START, datetime.date(2024, 1, 5))
    assert result.activities_done == size and result.people == 3 * size


@pytest.mark.parametrize("size", [2, 25])
def test_figures_and_indicators_together_scan_the_people_once_whatever_the_data_and_the_framework(
    programme, size, django_assert_num_queries
):
    from reports.figures import compute_figures_and_indicators
    from results.compute import compute_indicators
    from results.models import ExpectedResult, Indicator

    build(programme, size)
    result = ExpectedResult.objects.create(programme=programme, code="R1", title="Capacités")
    for code, measure in enumerate(Indicator.Measure.values * (1 + size // 5)):
        Indicator.objects.create(
            result=result, code=f"{code}", title_fr=measure, measure=measure, activity_kinds=["training"]
        )
    Indicator.objects.create(result=result, code="M", title_fr="Manuel", kind=Indicator.Kind.MANUAL)
    end = datetime.date(2024, 1, 5)
    # The figures' seven, four to read the framework, and one per other kind of record the indicators
    # count (participations, activities, assignments, headcounts) and for manual values: the people of
    # the figures and of the indicators come from the same scan.
    with django_assert_num_queries(7 + 4 + 5):
        both, progress = compute_figures_and_indicators(programme, START, end)
    assert both == compute_figures(programme, START, end)
    assert progress == compute_indicators(programme, START, end)
    assert both.people == 3 * size and len(progress) == len(Indicator.Measure.values) * (1 + size // 5) + 1


def test_a_period_of_centuries_counts_its_people_by_year_with_one_flag_per_year_of_activity(
    programme, django_assert_num_queries
):
    build(programme, 3)
    with django_assert_num_queries(7):
        result = figures(programme, datetime.date(1, 1, 1), datetime.date(9999, 12, 31))
    assert result.people == 9
    assert {y.year: y.people for y in result.years} == {
        y.year: y.people for y in figures(programme, START, datetime.date(2024, 12, 31)).years
    }
