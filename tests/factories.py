"""Test data factories, in one place."""

import datetime
from decimal import Decimal

import factory

from accounts.models import User
from courses.choices import Country, Region
from courses.models import (
    Activity,
    Expert,
    ExpertAssignment,
    Membership,
    Organisation,
    Programme,
    Session,
    Theme,
)
from trainees.choices import Service, Sex
from trainees.models import Attendance, Headcount, Participation, Trainee

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        """``role="coordinator"``: that role in the default programme (``programme=`` another one)."""
        if create:
            obj.save()
        if extracted and create:
            programme = kwargs.get("programme") or ProgrammeFactory()
            Membership.objects.update_or_create(user=obj, programme=programme, defaults={"role": extracted})


# --- Records --------------------------------------------------------------------------------


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("name",)

    name = "Projet opérationnel conjoint (POC) Sénégal"
    short_name = "POC Sénégal"
    start_date = datetime.date(2020, 10, 1)
    donor = "Union européenne (Fonds fiduciaire d’urgence pour l’Afrique)"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("name",)

    name = factory.Iterator(["Fraude documentaire", "Trafic de migrants", "Traite des êtres humains"])


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Unité {n}")
    country = Country.SENEGAL
    kind = Organisation.Kind.POLICE


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    programme = factory.SubFactory(ProgrammeFactory)
    kind = Activity.Kind.TRAINING
    status = Activity.Status.DONE
    title = factory.Sequence(lambda n: f"Formation {n} : détection de la fraude documentaire")
    start_date = datetime.date(2023, 3, 6)
    end_date = factory.LazyAttribute(lambda a: a.start_date + datetime.timedelta(days=4))
    city = "Dakar"
    region = Region.DAKAR
    country = Country.SENEGAL
    duration_days = Decimal("5")


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: f"Expert{n}")
    last_name = factory.Sequence(lambda n: f"García{n}")
    category = Expert.Category.INTERNATIONAL
    nationality = Country.SPAIN
    institution = factory.SubFactory(
        OrganisationFactory, name=factory.Sequence(lambda n: f"Policía Nacional {n}"), country=Country.SPAIN
    )
    specialities = "documentos falsos"

    @factory.post_generation
    def programmes(obj, create, extracted, **kwargs):
        """On the default programme's roster unless ``programmes=[...]`` says otherwise."""
        if create:
            obj.programmes.set(extracted if extracted is not None else [ProgrammeFactory()])


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertAssignment
        skip_postgeneration_save = True

    activity = factory.SubFactory(ActivityFactory)
    expert = factory.SubFactory(ExpertFactory)
    role = ExpertAssignment.Role.TRAINER
    days = Decimal("5")

    @factory.post_generation
    def rostered(obj, create, extracted, **kwargs):
        if create:
            obj.expert.programmes.add(obj.activity.programme_id)


class TraineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainee
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: f"Moussa{n}")
    last_name = factory.Sequence(lambda n: f"Diop{n}")
    sex = Sex.MALE
    service = Service.POLICE
    rank = "Commissaire"
    unit = "DNLT"
    region = Region.DAKAR

    @factory.post_generation
    def programmes(obj, create, extracted, **kwargs):
        """On record in the default programme unless ``programmes=[...]`` says otherwise."""
        if create:
            obj.programmes.set(extracted if extracted is not None else [ProgrammeFactory()])


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation
        skip_postgeneration_save = True

    trainee = factory.SubFactory(TraineeFactory)
    activity = factory.SubFactory(ActivityFactory)
    outcome = Participation.Outcome.TRAINED
    # The counters as attendance_refresh leaves them for someone present at every session (tests that
    # need the marks themselves make sessions and attendance with the factories below).
    attended = True
    completed = factory.LazyAttribute(lambda o: o.attended)

    @factory.post_generation
    def on_record(obj, create, extracted, **kwargs):
        if create:
            obj.trainee.programmes.add(obj.activity.programme_id)


class HeadcountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Headcount

    activity = factory.SubFactory(ActivityFactory)
    service = Service.GENDARMERIE
    sex = Sex.FEMALE
    count = 12


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    activity = factory.SubFactory(ActivityFactory)
    date = factory.LazyAttribute(lambda o: o.activity.start_date)
    part = Session.Part.DAY


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    participation = factory.SubFactory(ParticipationFactory)
    session = factory.SubFactory(SessionFactory, activity=factory.SelfAttribute("..participation.activity"))
    status = Attendance.Status.PRESENT
