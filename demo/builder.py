"""The demo programme: POC Senegal as its own communication describes it, at any scale.

At scale 1, from 1 October 2020 to today: 47 training actions, 14 tutoring actions (DNLT and
Dakar airport), 5 study trips (Spain, France) and 6 workshops, all done; 87 distinct experts
mobilised; 1,227 distinct officials trained or made aware, many in several activities. Cancelled
activities, people who were registered but absent, and the planned activities from today to the
end of the year exist too, and add nothing to those figures. At scale N every count is N times
larger. The same seed gives the same data on the same day.

Everything the demo writes is created by the demo's own author (:func:`demo.marker.demo_author`),
which is how a reset recognises it. The names come from the data files of ``demo/data``.
Everything is written with bulk inserts: no per-row save, so scale 100 stays practical.
"""

import datetime
import json
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from core.records import records_changed
from courses.choices import Country, Region
from courses.models import Activity, Expert, ExpertAssignment, Organisation, Programme, Session, Theme
from trainees.choices import Service, Sex
from trainees.models import Attendance, Headcount, Participation, Trainee, normalise_name

from .framework import write_framework
from .marker import demo_author


def brand(programme: Programme) -> None:
    """The demo's logos and signature: plain drawn images, so the demo ships no third party's mark."""
    from django.core.files.base import ContentFile

    from .images import badge, signature

    programme.logo.save("poc-logo.png", ContentFile(badge("POC", "#0b5394")), save=False)
    programme.donor_logo.save(
        "donor-logos.png", ContentFile(badge("UE · EU", "#003399", width=360)), save=False
    )
    programme.signature.save("signature.png", ContentFile(signature()), save=False)
    programme.save(update_fields=["logo", "donor_logo", "signature"])


PROGRAMME_NAME = "Projet opérationnel conjoint (POC) Sénégal"
PROGRAMME_START = datetime.date(2020, 10, 1)
BATCH = 2000
DATA = Path(__file__).resolve().parent / "data"

# Per unit of scale.
DONE_ACTIVITIES = {
    Activity.Kind.TRAINING: 47,
    Activity.Kind.TUTORING: 14,
    Activity.Kind.STUDY_TRIP: 5,
    Activity.Kind.WORKSHOP: 6,
}
CANCELLED_ACTIVITIES = {Activity.Kind.TRAINING: 3, Activity.Kind.WORKSHOP: 1}
PLANNED_ACTIVITIES = {
    Activity.Kind.TRAINING: 3,
    Activity.Kind.TUTORING: 1,
    Activity.Kind.STUDY_TRIP: 1,
    Activity.Kind.WORKSHOP: 1,
}
COUNTED_PEOPLE = 1227  # trained or made aware in a done activity
ABSENT_ONLY_PEOPLE = 14  # registered in a done activity but absent: not counted
NOT_YET_PEOPLE = 26  # registered only in planned or cancelled activities: not counted
EXTRA_EXPERTS = 5  # on the roster, not mobilised in a done activity (2 of them inactive)

# Participants per activity (min, max), per kind.
GROUP_SIZE = {
    Activity.Kind.TRAINING: (26, 40),
    Activity.Kind.TUTORING: (8, 14),
    Activity.Kind.STUDY_TRIP: (6, 9),
    Activity.Kind.WORKSHOP: (40, 60),
}
EXPERTS_PER_ACTIVITY = {
    Activity.Kind.TRAINING: (2, 3),
    Activity.Kind.TUTORING: (1, 2),
    Activity.Kind.STUDY_TRIP: (1, 2),
    Activity.Kind.WORKSHOP: (2, 4),
}
DAYS = {
    Activity.Kind.TRAINING: (3, 5),
    Activity.Kind.TUTORING: (5, 20),
    Activity.Kind.STUDY_TRIP: (4, 6),
    Activity.Kind.WORKSHOP: (1, 2),
}


def _load(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


_ACTIVITIES, _ORGANISATIONS, _PEOPLE = _load("activities"), _load("organisations"), _load("people")
THEMES: list[str] = _ACTIVITIES["themes"]
TRAINING_TITLES: dict[str, list[str]] = _ACTIVITIES["training_titles"]
WORKSHOP_TITLES: list[str] = _ACTIVITIES["workshop_titles"]
# Where activities in Senegal take place: (city, region, weight).
PLACES = [(p["city"], p["region"], p["weight"]) for p in _ACTIVITIES["places"]]
REGION_WEIGHTS = {region: weight for _c, region, weight in PLACES}
# (name, acronym, kind): Senegalese beneficiary units.
SENEGALESE_UNITS = [(u["name"], u["acronym"], u["kind"]) for u in _ORGANISATIONS["senegalese_units"]]
# key: (name, country, kind, specialities)
EXPERT_INSTITUTIONS = {
    key: (i["name"], i["country"], i["kind"], i["specialities"])
    for key, i in _ORGANISATIONS["expert_institutions"].items()
}
# Mobilised experts per unit of scale, by institution: 52 international, 35 Senegalese = 87.
EXPERTS_BY_INSTITUTION: dict[str, int] = _ORGANISATIONS["experts_by_institution"]
HOSTS = [(h["name"], h["acronym"], h["country"], h["kind"], h["city"]) for h in _ORGANISATIONS["hosts"]]
FIRST_NAMES: dict[str, list[str]] = _PEOPLE["first_names"]
LAST_NAMES: list[str] = _PEOPLE["last_names"]
EXPERT_NAMES = {country: (n["first"], n["last"]) for country, n in _PEOPLE["expert_names"].items()}
RANKS: dict[str, list[str]] = _PEOPLE["ranks"]
UNITS: dict[str, list[str]] = _PEOPLE["units"]
SERVICE_WEIGHTS: dict[str, int] = _PEOPLE["service_weights"]
SERVICE_PREFIX: dict[str, str] = _PEOPLE["service_prefix"]


@dataclass
class DemoSummary:
    scale: int
    activities: dict = field(default_factory=dict)
    experts: int = 0
    trainees: int = 0
    participations: int = 0
    headcounts: int = 0
    indicators: int = 0


class DemoBuilder:
    """Builds the demo programme in memory, then writes it in bulk, in one transaction."""

    def __init__(self, *, scale: int = 1, seed: int = 2020, today: datetime.date):
        if scale < 1:
            raise ValueError("scale must be at least 1")
        self.scale = scale
        self.rng = random.Random(f"{seed}-{scale}")
        # Attendance draws from its own generator: the other records stay what they were before it.
        self.attendance_rng = random.Random(f"{seed}-{scale}-attendance")
        self.today = today
        self.year_end = datetime.date(today.year, 12, 31)
        self.author = demo_author()
        # Every row the demo writes is its author's: that is how a reset tells it from real records.
        self.by = {"created_by": self.author, "updated_by": self.author}

    # --- helpers ------------------------------------------------------------------------------

    def weighted(self, weights: dict):
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def past_dates(self, days: int) -> tuple[datetime.date, datetime.date]:
        """A start and end date between the programme start and yesterday (activity days long)."""
        span = (self.today - PROGRAMME_START).days - days - 1
        start = PROGRAMME_START + datetime.timedelta(days=self.rng.randrange(max(span, 1)))
        while start.weekday() >= 5:  # activities start on a working day
            start -= datetime.timedelta(days=1)
        start = max(start, PROGRAMME_START)
        return start, min(start + datetime.timedelta(days=days - 1), self.today - datetime.timedelta(days=1))

    def future_dates(self, days: int) -> tuple[datetime.date, datetime.date]:
        span = max((self.year_end - self.today).days - days, 0)
        start = self.today + datetime.timedelta(days=self.rng.randint(min(1, span), max(span, 1)))
        start = min(start, self.year_end)
        while start.weekday() >= 5 and start < self.year_end:
            start += datetime.timedelta(days=1)
        return start, min(start + datetime.timedelta(days=days - 1), self.year_end)

    def place(self) -> tuple[str, str]:
        city, region, _weight = self.rng.choices(PLACES, weights=[p[2] for p in PLACES])[0]
        return city, region

    # --- reference data -----------------------------------------------------------------------

    def reference_data(self):
        programme = Programme.objects.create(
            name=PROGRAMME_NAME,
            short_name="POC Sénégal",
            start_date=PROGRAMME_START,
            end_date=None,
            donor="Union européenne — Fonds fiduciaire d’urgence pour l’Afrique",
            partners=(
                "FIIAPP (Espagne) ; Policía Nacional et Guardia Civil (Espagne) ; "
                "Police nationale et Gendarmerie nationale (France) ; "
                "ministère de l’Intérieur et ministère de la Justice du Sénégal"
            ),
            description=(
                "Appui aux services de sécurité et de justice du Sénégal dans la lutte contre les réseaux de "
                "trafic de migrants et de traite des êtres humains."
            ),
            visibility_statement=(
                "Ce programme est financé par l’Union européenne. Son contenu relève de la seule "
                "responsabilité de ses partenaires de mise en œuvre."
            ),
            name_en="Joint Operational Partnership (POC) Senegal",
            donor_en="European Union — Emergency Trust Fund for Africa",
            partners_en=(
                "FIIAPP (Spain); Policía Nacional and Guardia Civil (Spain); "
                "Police nationale and Gendarmerie nationale (France); "
                "Ministry of the Interior and Ministry of Justice of Senegal"
            ),
            visibility_statement_en=(
                "This programme is funded by the European Union. Its contents are the sole responsibility "
                "of its implementing partners."
            ),
            name_es="Partenariado Operativo Conjunto (POC) Senegal",
            donor_es="Unión Europea — Fondo Fiduciario de Emergencia para África",
            partners_es=(
                "FIIAPP (España); Policía Nacional y Guardia Civil (España); "
                "Police nationale y Gendarmerie nationale (Francia); "
                "Ministerio del Interior y Ministerio de Justicia de Senegal"
            ),
            visibility_statement_es=(
                "Este programa está financiado por la Unión Europea. Su contenido es responsabilidad "
                "exclusiva de sus socios de ejecución."
            ),
            signatory_name="Aminata Diallo",
            signatory_title="Coordinatrice du programme POC Sénégal",
            **self.by,
        )
        brand(programme)
        themes = {name: Theme.objects.get_or_create(name=name)[0] for name in THEMES}
        units = {}
        for name, acronym, kind in SENEGALESE_UNITS:
            units[acronym] = Organisation.objects.get_or_create(
                name=name, country=Country.SENEGAL, defaults={"acronym": acronym, "kind": kind, **self.by}
            )[0]
        institutions = {}
        for key, (name, country, kind, _specialities) in EXPERT_INSTITUTIONS.items():
            institutions[key] = Organisation.objects.get_or_create(
                name=name, country=country, defaults={"kind": kind, **self.by}
            )[0]
        hosts = []
        for name, acronym, country, kind, city in HOSTS:
            host = Organisation.objects.get_or_create(
                name=name, country=country, defaults={"acronym": acronym, "kind": kind, **self.by}
            )[0]
            hosts.append((host, city))
        return programme, themes, units, institutions, hosts

    # --- experts ------------------------------------------------------------------------------

    def experts(self, institutions) -> tuple[list[Expert], list[Expert]]:
        mobilised, extra = [], []
        serial = 0
        for key, per_scale in EXPERTS_BY_INSTITUTION.items():
            name, country, _kind, specialities = EXPERT_INSTITUTIONS[key]
            for _ in range(per_scale * self.scale):
                serial += 1
                mobilised.append(self.expert(serial, institutions[key], country, specialities))
        keys = list(EXPERTS_BY_INSTITUTION)
        for index in range(EXTRA_EXPERTS * self.scale):
            serial += 1
            key = keys[index % len(keys)]
            name, country, _kind, specialities = EXPERT_INSTITUTIONS[key]
            expert = self.expert(serial, institutions[key], country, specialities)
            expert.active = index % EXTRA_EXPERTS >= 2  # two of each five have left the roster
            extra.append(expert)
        return mobilised, extra

    def expert(self, serial: int, institution, country: str, specialities: list[str]) -> Expert:
        if country == Country.SENEGAL:
            sex = Sex.FEMALE if self.rng.random() < 0.25 else Sex.MALE
            first, last = self.rng.choice(FIRST_NAMES[sex]), self.rng.choice(LAST_NAMES)
            phone = (
                f"+221 77 {self.rng.randint(100, 999)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)}"
            )
        else:
            firsts, lasts = EXPERT_NAMES[country]
            first, last = self.rng.choice(firsts), self.rng.choice(lasts)
            prefix = "+34 6" if country == Country.SPAIN else "+33 6"
            digits = (self.rng.randint(10, 99), self.rng.randint(100, 999), self.rng.randint(100, 999))
            phone = f"{prefix}{digits[0]} {digits[1]} {digits[2]}"
        slug = normalise_name(first, last).replace(" ", ".")
        return Expert(
            first_name=first,
            last_name=last,
            category=Expert.Category.NATIONAL
            if country == Country.SENEGAL
            else Expert.Category.INTERNATIONAL,
            nationality=country,
            institution=institution,
            specialities=", ".join(self.rng.sample(specialities, k=min(2, len(specialities)))),
            email=f"{slug}.{serial}@experts.example",
            phone=phone,
            active=True,
            **self.by,
        )

    # --- activities ---------------------------------------------------------------------------

    def activity(
        self, programme, kind, status, themes, units, hosts, serial: int
    ) -> tuple[Activity, list, list]:
        low, high = DAYS[kind]
        days = self.rng.randint(low, high)
        if status == Activity.Status.PLANNED:
            start, end = self.future_dates(days)
        else:
            start, end = self.past_dates(days)
        theme_name = self.rng.choice(THEMES)
        beneficiary, host_list = [], []
        city, region, country = "", "", Country.SENEGAL
        if kind == Activity.Kind.TRAINING:
            city, region = self.place()
            title = self.rng.choice(TRAINING_TITLES[theme_name]).format(level=self.rng.randint(1, 2))
            title = f"Formation : {title}"
            if self.rng.random() < 0.4:
                beneficiary = [units[self.rng.choice(["DNLT", "DPAF", "SR", "DRED", "GGM"])]]
        elif kind == Activity.Kind.TUTORING:
            at_airport = serial % 2 == 0
            if at_airport:
                city, region = "Diass", Region.THIES
                beneficiary = [units["CSAIBD"], units["DPAF"]]
                theme_name = self.rng.choice(
                    ["Contrôle aux frontières aéroportuaires", "Fraude documentaire"]
                )
                title = f"Tutorat opérationnel à l’aéroport AIBD : {theme_name.lower()}"
            else:
                city, region = "Dakar", Region.DAKAR
                beneficiary = [units["DNLT"]]
                theme_name = self.rng.choice(
                    [
                        "Enquêtes sur le trafic de migrants",
                        "Renseignement criminel et analyse",
                        "Enquête financière et saisie des avoirs criminels",
                    ]
                )
                title = f"Tutorat opérationnel auprès de la DNLT : {theme_name.lower()}"
        elif kind == Activity.Kind.STUDY_TRIP:
            host, city = hosts[serial % len(hosts)]
            country = host.country
            host_list = [host]
            theme_name = "Contrôle aux frontières aéroportuaires" if "Roissy" in host.name else theme_name
            destination = "Espagne" if country == Country.SPAIN else "France"
            title = f"Voyage d’étude en {destination} ({city}) : {theme_name.lower()}"
        else:
            city, region = self.place()
            title = f"{self.rng.choice(WORKSHOP_TITLES)}, {city}"
            theme_name = self.rng.choice(
                [
                    "Droit de la traite des êtres humains",
                    "Identification et protection des victimes",
                    "Droits humains et migrations",
                ]
            )
        hours = None if kind == Activity.Kind.TUTORING else days * 6
        activity = Activity(
            programme=programme,
            kind=kind,
            status=status,
            title=title[:250],
            theme=themes[theme_name],
            start_date=start,
            end_date=end,
            city=city,
            region=region,
            country=country,
            duration_days=Decimal(days),
            duration_hours=hours,
            description="",
            **self.by,
        )
        return activity, beneficiary, host_list

    # --- people -------------------------------------------------------------------------------

    def trainee(self, serial_by_service: dict) -> Trainee:
        service = self.weighted(SERVICE_WEIGHTS)
        sex = Sex.FEMALE if self.rng.random() < (0.32 if service == Service.JUSTICE else 0.17) else Sex.MALE
        serial_by_service[service] += 1
        while (service, self.number(service, serial_by_service[service])) in self.numbers_taken:
            serial_by_service[service] += 1  # a real record (or a kept demo one) has this number
        with_number = self.rng.random() < 0.85
        trainee = Trainee(
            first_name=self.rng.choice(FIRST_NAMES[sex]),
            last_name=self.rng.choice(LAST_NAMES),
            sex=sex,
            service=service,
            rank=self.rng.choice(RANKS[service]),
            unit=self.rng.choice(UNITS[service]),
            region=self.weighted(REGION_WEIGHTS),
            service_number=self.number(service, serial_by_service[service]) if with_number else "",
            **self.by,
        )
        trainee.normalise()
        return trainee

    @staticmethod
    def number(service: str, serial: int) -> str:
        return f"{SERVICE_PREFIX[service]}{serial:06d}"  # as normalised: no dash

    # --- the whole programme ------------------------------------------------------------------

    @transaction.atomic
    def build(self) -> DemoSummary:
        summary = DemoSummary(scale=self.scale)
        programme, themes, units, institutions, hosts = self.reference_data()
        mobilised, extra_experts = self.write_experts(institutions)
        summary.experts = len(mobilised) + len(extra_experts)
        activities = self.write_activities(programme, themes, units, hosts)
        for activity in activities:
            key = (activity.kind, activity.status)
            summary.activities[key] = summary.activities.get(key, 0) + 1
        done = [a for a in activities if a.status == Activity.Status.DONE]
        other = [a for a in activities if a.status != Activity.Status.DONE]
        self.write_assignments(done, other, mobilised, extra_experts)
        summary.trainees, summary.participations = self.write_people(done, other)
        summary.headcounts = self.write_headcounts(done)
        self.write_rosters(programme, mobilised + extra_experts)
        summary.indicators = write_framework(programme, self.author, self.today)
        records_changed()  # bulk inserts send no signal
        return summary

    def write_rosters(self, programme, experts) -> None:
        """Every demo expert and person is on the demo programme's roster."""
        experts_through, trainees_through = Expert.programmes.through, Trainee.programmes.through
        experts_through.objects.bulk_create(
            [experts_through(expert_id=e.pk, programme_id=programme.pk) for e in experts], batch_size=BATCH
        )
        trainees_through.objects.bulk_create(
            [trainees_through(trainee_id=t.pk, programme_id=programme.pk) for t in self.people],
            batch_size=BATCH,
        )

    def write_experts(self, institutions) -> tuple[list[Expert], list[Expert]]:
        mobilised, extra_experts = self.experts(institutions)
        experts = bulk_create_with_history(
            mobilised + extra_experts,
            Expert,
            batch_size=BATCH,
            default_user=self.author,
            default_change_reason="demo data",
        )
        return experts[: len(mobilised)], experts[len(mobilised) :]

    def write_activities(self, programme, themes, units, hosts) -> list[Activity]:
        specs = []  # (activity, beneficiary units, hosts)
        for status, table in (
            (Activity.Status.DONE, DONE_ACTIVITIES),
            (Activity.Status.CANCELLED, CANCELLED_ACTIVITIES),
            (Activity.Status.PLANNED, PLANNED_ACTIVITIES),
        ):
            for kind, per_scale in table.items():
                for serial in range(per_scale * self.scale):
                    specs.append(self.activity(programme, kind, status, themes, units, hosts, serial))
        specs.sort(key=lambda spec: (spec[0].start_date, spec[0].title))
        activities = bulk_create_with_history(
            [spec[0] for spec in specs],
            Activity,
            batch_size=BATCH,
            default_user=self.author,
            default_change_reason="demo data",
        )
        unit_links, host_links = [], []
        for activity, (_a, beneficiary, host_list) in zip(activities, specs, strict=True):
            unit_links += [
                Activity.beneficiary_units.through(activity_id=activity.pk, organisation_id=u.pk)
                for u in beneficiary
            ]
            host_links += [
                Activity.host_institutions.through(activity_id=activity.pk, organisation_id=h.pk)
                for h in host_list
            ]
        Activity.beneficiary_units.through.objects.bulk_create(unit_links, batch_size=BATCH)
        Activity.host_institutions.through.objects.bulk_create(host_links, batch_size=BATCH)
        return activities

    def write_assignments(self, done, other, mobilised, extra_experts) -> None:
        """Every mobilised expert in at least one done activity, then more at random."""
        rng = self.rng
        assignments: dict[int, set[int]] = {a.pk: set() for a in done + other}
        rows = []

        def assign(activity, expert):
            if expert.pk in assignments[activity.pk]:
                return
            assignments[activity.pk].add(expert.pk)
            role = {
                Activity.Kind.TUTORING: ExpertAssignment.Role.TUTOR,
                Activity.Kind.WORKSHOP: ExpertAssignment.Role.SPEAKER,
            }.get(activity.kind, ExpertAssignment.Role.TRAINER)
            if not assignments[activity.pk] - {expert.pk} and activity.kind == Activity.Kind.TRAINING:
                role = ExpertAssignment.Role.LEAD
            rows.append(
                ExpertAssignment(
                    activity=activity, expert=expert, role=role, days=activity.duration_days, **self.by
                )
            )

        shuffled = list(mobilised)
        rng.shuffle(shuffled)
        for index, expert in enumerate(shuffled):
            assign(done[index % len(done)], expert)
        for activity in done:
            low, high = EXPERTS_PER_ACTIVITY[activity.kind]
            wanted = rng.randint(low, high)
            while len(assignments[activity.pk]) < wanted:
                assign(activity, rng.choice(mobilised))
        active_extra = [e for e in extra_experts if e.active]
        for activity in other:
            assign(activity, rng.choice(active_extra or mobilised))
            if rng.random() < 0.5:
                assign(activity, rng.choice(mobilised))
        ExpertAssignment.objects.bulk_create(rows, batch_size=BATCH)

    def write_people(self, done, other) -> tuple[int, int]:
        """The counted people, the absent-only ones, and those only in planned or cancelled activities."""
        rng, scale = self.rng, self.scale
        self.numbers_taken = set(
            Trainee.objects.exclude(service_number="").values_list("service", "service_number")
        )
        serials = dict.fromkeys(Service, 0)
        counted = [self.trainee(serials) for _ in range(COUNTED_PEOPLE * scale)]
        absent_only = [self.trainee(serials) for _ in range(ABSENT_ONLY_PEOPLE * scale)]
        not_yet = [self.trainee(serials) for _ in range(NOT_YET_PEOPLE * scale)]
        people = bulk_create_with_history(
            counted + absent_only + not_yet,
            Trainee,
            batch_size=BATCH,
            default_user=self.author,
            default_change_reason="demo data",
        )
        self.people = people
        counted = people[: len(counted)]
        absent_only = people[len(counted) : len(counted) + len(absent_only)]
        not_yet = people[len(counted) + len(absent_only) :]

        members: dict[int, set[int]] = {a.pk: set() for a in done + other}
        participations = []

        def register(activity, trainee, attended=True):
            if trainee.pk in members[activity.pk]:
                return False
            members[activity.pk].add(trainee.pk)
            if activity.kind == Activity.Kind.WORKSHOP:
                outcome = Participation.Outcome.MADE_AWARE
            else:
                outcome = (
                    Participation.Outcome.MADE_AWARE if rng.random() < 0.08 else Participation.Outcome.TRAINED
                )
            participations.append(
                Participation(
                    activity=activity, trainee=trainee, outcome=outcome, attended=attended, **self.by
                )
            )
            return True

        capacity = {a.pk: rng.randint(*GROUP_SIZE[a.kind]) for a in done}
        slots = [a for a in done for _ in range(capacity[a.pk])]
        rng.shuffle(slots)
        if len(slots) < len(counted):
            raise RuntimeError("The demo activities have fewer places than people to count.")
        for trainee, activity in zip(counted, slots, strict=False):
            register(activity, trainee, attended=True)
        for activity in slots[len(counted) :]:
            for _attempt in range(5):
                if register(activity, rng.choice(counted), attended=rng.random() > 0.05):
                    break
        for trainee in absent_only:
            register(rng.choice(done), trainee, attended=False)
        # Planned and cancelled activities: the people seen nowhere else, and some known ones.
        for trainee in not_yet:
            activity = rng.choice(other)
            register(activity, trainee, attended=activity.status == Activity.Status.PLANNED)
        for activity in other:
            for trainee in rng.sample(counted, k=rng.randint(2, 6)):
                register(activity, trainee, attended=activity.status == Activity.Status.PLANNED)
        self.write_attendance(done + other, participations)
        return len(people), len(participations)

    def write_attendance(self, activities, participations) -> None:
        """A full-day session per day of each activity, and marks that agree with ``attended``.

        Done activities: people who attended are present on most days (some late, some missing a
        day or two, so that the rate and the completed count mean something); the others absent.
        Planned and cancelled activities: nobody is marked, so nobody has attended yet. The
        counters are set here as :func:`trainees.attendance_services.attendance_refresh` would.
        """
        sessions_of: dict[int, list[Session]] = {}
        rows = []
        for activity in activities:
            sessions_of[activity.pk] = [
                Session(activity=activity, date=day, part=Session.Part.DAY, **self.by)
                for day in activity.days(limit=10_000)
            ]
            rows.extend(sessions_of[activity.pk])
            activity.session_count = len(sessions_of[activity.pk])
        Session.objects.bulk_create(rows, batch_size=BATCH)
        Activity.objects.bulk_update(activities, ["session_count"], batch_size=BATCH)
        threshold = activities[0].programme.attendance_threshold if activities else 80
        planned = {a.pk for a in activities if a.status != Activity.Status.DONE}
        marks: list[tuple[Participation, Session, str]] = []
        for participation in participations:
            sessions = sessions_of[participation.activity.pk]
            if participation.activity.pk in planned:
                participation.attended = False
                continue
            statuses = self._statuses(len(sessions), participation.attended)
            marks.extend((participation, s, status) for s, status in zip(sessions, statuses, strict=True))
            participation.sessions_attended = sum(1 for st in statuses if st in ("present", "late"))
            participation.completed = participation.sessions_attended >= max(
                math.ceil(len(sessions) * threshold / 100), 1
            )
        Participation.objects.bulk_create(participations, batch_size=BATCH)
        Attendance.objects.bulk_create(
            [Attendance(participation=p, session=s, status=status, **self.by) for p, s, status in marks],
            batch_size=BATCH,
        )

    def _statuses(self, count: int, attended: bool) -> list[str]:
        """One person's marks at ``count`` sessions: present at one at least when they attended."""
        rng = self.attendance_rng
        if not attended:
            return [rng.choice(["absent", "absent", "excused"]) for _ in range(count)]
        statuses = ["present"] * count
        draw = rng.random()
        missed = 0 if draw < 0.8 else (1 if draw < 0.93 else max(count // 2, 1))
        for index in rng.sample(range(count), k=min(missed, count - 1)):
            statuses[index] = rng.choice(["absent", "excused"])
        if count > 1 and rng.random() < 0.1:
            statuses[0] = "late"
        return statuses

    def write_headcounts(self, done) -> int:
        headcounts = []
        for activity in done:
            if activity.kind != Activity.Kind.WORKSHOP:
                continue
            for service in self.rng.sample(list(Service)[:4], k=2):
                for sex in Sex:
                    headcounts.append(
                        Headcount(
                            activity=activity,
                            service=service,
                            sex=sex,
                            count=self.rng.randint(3, 35),
                            **self.by,
                        )
                    )
        Headcount.objects.bulk_create(headcounts, batch_size=BATCH)
        return len(headcounts)
