"""`manage.py seed_demo`: the programme as its communication describes it, checked by direct queries."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from courses.models import Activity, Expert, Programme
from trainees.models import Headcount, Participation, Trainee

pytestmark = pytest.mark.django_db

PROGRAMME_START = datetime.date(2020, 10, 1)


def seed(*args):
    out = StringIO()
    call_command("seed_demo", "--no-accounts", *args, stdout=out)
    return out.getvalue()


def achievements():
    today = timezone.localdate()
    return Activity.objects.filter(status="done", end_date__gte=PROGRAMME_START, end_date__lte=today)


def figures() -> dict:
    done = achievements()
    return {
        "by_kind": dict(done.values_list("kind").annotate(n=Count("id")).order_by()),
        "experts": Expert.objects.filter(assignments__activity__in=done).distinct().count(),
        "people": Trainee.objects.filter(participations__activity__in=done, participations__attended=True)
        .distinct()
        .count(),
    }


def snapshot() -> list:
    """The data, without database ids, to compare two runs."""
    activities = sorted(
        Activity.objects.values_list(
            "kind", "status", "title", "start_date", "end_date", "city", "country", "duration_days"
        )
    )
    people = sorted(
        Trainee.objects.values_list(
            "first_name", "last_name", "sex", "service", "rank", "unit", "region", "service_number"
        )
    )
    experts = sorted(Expert.objects.values_list("first_name", "last_name", "email", "active"))
    participations = sorted(
        Participation.objects.values_list(
            "activity__title",
            "activity__start_date",
            "trainee__service",
            "trainee__service_number",
            "trainee__last_name",
            "trainee__first_name",
            "outcome",
            "attended",
        )
    )
    return [activities, people, experts, participations]


def test_scale_one_is_the_programme_as_it_communicates_it():
    seed()
    assert figures() == {
        "by_kind": {"training": 47, "tutoring": 14, "study_trip": 5, "workshop": 6},
        "experts": 87,
        "people": 1227,
    }


def test_people_take_part_more_than_once_and_both_outcomes_occur():
    seed()
    done = achievements()
    attended = Participation.objects.filter(activity__in=done, attended=True)
    assert attended.count() > figures()["people"] * 1.3
    assert attended.filter(outcome="made_aware").exists() and attended.filter(outcome="trained").exists()
    in_three = Trainee.objects.annotate(n=Count("participations")).filter(n__gte=3)
    assert in_three.exists()


def test_planned_and_cancelled_activities_exist_and_the_planned_ones_lie_ahead_this_year():
    seed()
    today = timezone.localdate()
    planned = Activity.objects.filter(status="planned")
    assert planned.exists() and Activity.objects.filter(status="cancelled").exists()
    assert not planned.filter(start_date__lt=today).exists()
    assert not planned.filter(end_date__gt=datetime.date(today.year, 12, 31)).exists()
    assert not Activity.objects.filter(status="done", end_date__gte=today).exists()


def test_people_only_absent_or_only_in_planned_activities_are_on_record_but_not_counted():
    seed()
    assert Trainee.objects.count() > figures()["people"]
    assert Expert.objects.count() > figures()["experts"]
    assert Headcount.objects.exists()


def test_the_tutoring_actions_are_with_the_dnlt_and_at_the_airport_and_the_trips_in_spain_and_france():
    seed()
    tutoring = achievements().filter(kind="tutoring")
    units = set(tutoring.values_list("beneficiary_units__acronym", flat=True))
    assert {"DNLT", "CSAIBD"} <= units
    assert set(achievements().filter(kind="study_trip").values_list("country", flat=True)) == {"ES", "FR"}


def test_the_same_seed_gives_the_same_data():
    seed("--seed", "7")
    first = snapshot()
    seed("--seed", "7", "--reset")
    assert snapshot() == first
    seed("--seed", "8", "--reset")
    assert snapshot() != first


def test_scale_two_doubles_every_figure():
    seed("--scale", "2")
    assert figures() == {
        "by_kind": {"training": 94, "tutoring": 28, "study_trip": 10, "workshop": 12},
        "experts": 174,
        "people": 2454,
    }


def test_running_twice_without_reset_refuses_and_changes_nothing():
    seed()
    before = (Activity.objects.count(), Trainee.objects.count())
    with pytest.raises(CommandError, match="already loaded"):
        seed()
    assert (Activity.objects.count(), Trainee.objects.count()) == before
    assert Programme.objects.count() == 1


def test_demo_accounts_are_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo", stdout=StringIO())
    assert not Programme.objects.exists()


def test_demo_accounts_are_created_and_shown_once_when_allowed(settings):
    settings.DEBUG = False
    out = StringIO()
    call_command("seed_demo", "--allow-production", stdout=out)
    assert "coordinator" in out.getvalue() and "official" in out.getvalue()
    out = StringIO()
    call_command("seed_demo", "--allow-production", "--reset", stdout=out)
    assert "Demo accounts" not in out.getvalue()


def test_reset_also_removes_the_demos_documents(official, coordinator):
    from django.core.files.base import ContentFile

    from reports.models import CommitteeReport
    from trainees.models import AttendanceProof, Certificate, ParticipantImport

    seed()
    programme = Programme.objects.get()
    participation = Participation.objects.filter(attended=True, activity__status="done").first()
    activity = participation.activity
    report = CommitteeReport(
        programme=programme,
        period_start=programme.start_date,
        period_end=timezone.localdate(),
        requested_by=official,
        status="done",
        finished_at=timezone.now(),
    )
    report.pdf.save("r.pdf", ContentFile(b"%PDF-1.7 %%EOF"))
    proof = AttendanceProof(
        activity=activity,
        session=activity.sessions.first(),  # a sheet of a session goes before the sessions do
        content_type="application/pdf",
        original_name="s.pdf",
        size=14,
        uploaded_by=coordinator,
    )
    proof.file.save("s.pdf", ContentFile(b"%PDF-1.7 %%EOF"))
    assert proof.session is not None
    Certificate.objects.create(participation=participation, code="ABCD-EFGH-JK", issued_by=coordinator)
    ParticipantImport.objects.create(activity=activity, filename="l.xlsx", uploaded_by=coordinator)
    seed("--reset")
    assert not CommitteeReport.objects.exists() and not Certificate.objects.exists()
    assert not proof.file.storage.exists(proof.file.name)
    assert not AttendanceProof.history.exists()
    assert figures()["people"] == 1227


# --- A reset removes the demo, and only the demo --------------------------------------------


def real_records(coordinator):
    """A real programme beside the demo: an activity with a participant, an expert never assigned,
    a trainee never registered, each with its history (written through the services)."""
    from courses import services as course_services
    from tests.factories import OrganisationFactory, ProgrammeFactory, ThemeFactory
    from trainees import services as trainee_services
    from trainees.attendance_services import attendance_all_present

    programme = ProgrammeFactory(
        name="Projet opérationnel conjoint (POC) Mauritanie", short_name="POC Mauritanie"
    )
    activity = course_services.activity_create(
        by=coordinator,
        programme=programme,
        kind="training",
        status="done",
        title="Formation : contrôle documentaire à Nouakchott",
        theme=ThemeFactory(name="Fraude documentaire"),
        start_date=datetime.date(2024, 5, 6),
        end_date=datetime.date(2024, 5, 8),
        country="MR",
        duration_days=3,
    )
    unassigned = course_services.expert_create(
        by=coordinator,
        first_name="Inés",
        last_name="Morales",
        category="international",
        nationality="ES",
        institution=OrganisationFactory(name="Guardia Civil (Mauritanie)", country="ES"),
        programmes=[programme],
    )
    unregistered = trainee_services.trainee_create(
        by=coordinator, first_name="Aïcha", last_name="Mint Ahmed", sex="F", service="police"
    )
    participant = trainee_services.participant_register(
        activity=activity,
        by=coordinator,
        first_name="Sidi",
        last_name="Ould Cheikh",
        sex="M",
        service="gendarmerie",
    )
    for session in activity.sessions.all():  # he came: attendance is never assumed
        attendance_all_present(session=session, by=coordinator)
    return {"activity": activity, "expert": unassigned, "trainee": unregistered, "participant": participant}


def test_a_reset_keeps_another_programmes_records_and_their_history(coordinator):
    seed()
    real = real_records(coordinator)
    out = seed("--reset", "--keep-other-records")
    assert "Removed the previous demo" in out
    for record in real.values():
        record.refresh_from_db()  # still there
        assert record.history.exists()
    assert Programme.objects.count() == 2  # the real one and the new demo
    assert Participation.objects.filter(activity=real["activity"], trainee=real["participant"]).exists()
    assert figures()["people"] == 1227 + 1  # the demo's, plus the real participant
    seed("--reset", "--keep-other-records")
    assert Trainee.objects.filter(pk__in=[real["trainee"].pk, real["participant"].pk]).count() == 2
    assert Expert.objects.filter(pk=real["expert"].pk).exists()


def test_a_reset_next_to_real_records_refuses_until_confirmed_and_says_what_it_would_remove(coordinator):
    seed()
    real = real_records(coordinator)
    before = (Activity.objects.count(), Trainee.objects.count(), Expert.objects.count())
    with pytest.raises(CommandError) as refused:
        seed("--reset")
    message = str(refused.value)
    assert "not the demo's (1 programme, 1 activity, 1 expert, 2 trainees)" in message
    assert "82 activities" in message and "--keep-other-records" in message  # what it would remove
    assert (Activity.objects.count(), Trainee.objects.count(), Expert.objects.count()) == before
    assert Activity.objects.filter(pk=real["activity"].pk).exists()


def test_a_demo_person_registered_in_a_real_activity_outlives_the_reset(coordinator):
    from trainees import services as trainee_services

    seed()
    real = real_records(coordinator)
    demo_person = Trainee.objects.filter(created_by__username="demo-data").first()
    trainee_services.participation_add(activity=real["activity"], trainee=demo_person, by=coordinator)
    seed("--reset", "--keep-other-records")
    assert Trainee.objects.filter(pk=demo_person.pk).exists()
    assert demo_person.participations.get().activity == real["activity"]


def test_the_benchmark_refuses_a_database_with_real_records(coordinator, settings):
    settings.DEBUG = False
    real_records(coordinator)
    with pytest.raises(CommandError, match="not the demo's"):
        call_command("bench", "--scales", "1", "--no-throughput", stdout=StringIO())
    assert Activity.objects.count() == 1


def test_a_programme_of_the_demos_name_that_is_not_the_demos_is_never_replaced():
    from tests.factories import ProgrammeFactory

    ProgrammeFactory()  # same name as the demo's, made by someone else
    with pytest.raises(CommandError, match="is not the demo's"):
        seed()
    assert Programme.objects.count() == 1 and not Activity.objects.exists()


def test_the_demo_ships_a_results_framework_with_targets_met_and_not_and_a_reset_removes_it():
    from results.compute import compute_indicators
    from results.models import ExpectedResult, Indicator, ManualValue

    seed()
    programme = Programme.objects.get()
    assert ExpectedResult.objects.filter(programme=programme).count() == 2
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert len(codes) == 5 and {"3.7", "4.2"} <= codes
    assert set(Indicator.objects.exclude(catalogue=None).values_list("catalogue__code", flat=True)) == {
        "3.7",
        "4.2",
    }
    rows = compute_indicators(programme, programme.start_date, timezone.localdate())
    met = {p.code for p in rows if p.met}
    assert met and met != codes  # some targets met, others not
    assert all(p.compared_target for p in rows)
    assert ManualValue.objects.filter(status="submitted").exists()
    seed("--reset")
    assert Indicator.objects.count() == 5  # the new demo's, the old one's gone
