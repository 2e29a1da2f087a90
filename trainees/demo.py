"""The demo programme: POC Senegal as its own communication describes it, at any scale.

At scale 1, from 1 October 2020 to today: 47 training actions, 14 tutoring actions (DNLT and
Dakar airport), 5 study trips (Spain, France) and 6 workshops, all done; 87 distinct experts
mobilised; 1,227 distinct officials trained or made aware, many in several activities. Cancelled
activities, people who were registered but absent, and the planned activities from today to the
end of the year exist too, and add nothing to those figures. At scale N every count is N times
larger. The same seed gives the same data on the same day.

Everything is written with bulk inserts: no per-row save, so scale 100 stays practical.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from simple_history.utils import bulk_create_with_history

from courses.choices import Country, Region, Service, Sex
from courses.models import Activity, Expert, ExpertAssignment, Organisation, Programme, Theme
from courses.services import records_changed

from .models import (
    AttendanceProof,
    Certificate,
    Headcount,
    ParticipantImport,
    Participation,
    Trainee,
    normalise_name,
)

PROGRAMME_NAME = "Projet opérationnel conjoint (POC) Sénégal"
PROGRAMME_START = datetime.date(2020, 10, 1)
BATCH = 2000

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

THEMES = [
    "Fraude documentaire",
    "Enquêtes sur le trafic de migrants",
    "Droit de la traite des êtres humains",
    "Contrôle aux frontières aéroportuaires",
    "Enquête financière et saisie des avoirs criminels",
    "Identification et protection des victimes",
    "Coopération judiciaire internationale",
    "Renseignement criminel et analyse",
    "Techniques d’audition",
    "Surveillance des frontières maritimes",
    "Preuve numérique et cybercriminalité",
    "Droits humains et migrations",
]

TRAINING_TITLES = {
    "Fraude documentaire": [
        "Détection de la fraude documentaire (niveau {level})",
        "Examen des documents de voyage",
    ],
    "Enquêtes sur le trafic de migrants": [
        "Techniques d’enquête sur le trafic de migrants",
        "Démantèlement des réseaux de passeurs",
    ],
    "Droit de la traite des êtres humains": [
        "Cadre juridique de la traite des personnes (loi 2005-06)",
        "Qualification pénale de la traite et du trafic",
    ],
    "Contrôle aux frontières aéroportuaires": [
        "Contrôle de première et deuxième ligne",
        "Profilage des passagers",
    ],
    "Enquête financière et saisie des avoirs criminels": [
        "Enquête patrimoniale sur les réseaux de passeurs",
        "Saisie et confiscation des avoirs criminels",
    ],
    "Identification et protection des victimes": [
        "Identification des victimes de traite",
        "Prise en charge et orientation des victimes",
    ],
    "Coopération judiciaire internationale": [
        "Commissions rogatoires et entraide pénale",
        "Équipes communes d’enquête",
    ],
    "Renseignement criminel et analyse": [
        "Analyse criminelle opérationnelle",
        "Exploitation des téléphones saisis",
    ],
    "Techniques d’audition": ["Audition des migrants et des témoins", "Audition des mineurs victimes"],
    "Surveillance des frontières maritimes": [
        "Interception en mer et droits des personnes",
        "Surveillance côtière",
    ],
    "Preuve numérique et cybercriminalité": [
        "Preuve numérique dans les enquêtes de trafic",
        "Réseaux sociaux et passeurs",
    ],
    "Droits humains et migrations": [
        "Droits des migrants dans les procédures",
        "Éthique et déontologie aux frontières",
    ],
}

# (name, acronym, country, kind) — Senegalese beneficiary units first.
SENEGALESE_UNITS = [
    ("Division nationale de lutte contre le trafic de migrants", "DNLT", Organisation.Kind.POLICE),
    ("Direction de la police de l’air et des frontières", "DPAF", Organisation.Kind.POLICE),
    ("Commissariat spécial de l’aéroport international Blaise Diagne", "CSAIBD", Organisation.Kind.POLICE),
    ("Section de recherches de la gendarmerie de Dakar", "SR", Organisation.Kind.GENDARMERIE),
    ("Groupement de gendarmerie maritime", "GGM", Organisation.Kind.GENDARMERIE),
    ("Direction du renseignement et des enquêtes douanières", "DRED", Organisation.Kind.CUSTOMS),
    ("Cellule nationale de lutte contre la traite des personnes", "CNLTP", Organisation.Kind.GOVERNMENT),
    ("Tribunal de grande instance de Dakar", "TGI Dakar", Organisation.Kind.JUSTICE),
]
EXPERT_INSTITUTIONS = {
    # acronym: (name, country, kind, specialities)
    "PN-ES": (
        "Policía Nacional",
        Country.SPAIN,
        Organisation.Kind.POLICE,
        ["fraude documentaire", "UCRIF", "enquêtes trafic de migrants", "contrôle aux frontières"],
    ),
    "GC": (
        "Guardia Civil",
        Country.SPAIN,
        Organisation.Kind.GENDARMERIE,
        ["surveillance maritime", "renseignement criminel", "enquête patrimoniale"],
    ),
    "MF": (
        "Ministerio Fiscal",
        Country.SPAIN,
        Organisation.Kind.JUSTICE,
        ["coopération judiciaire", "droit pénal de la traite"],
    ),
    "PN-FR": (
        "Police nationale",
        Country.FRANCE,
        Organisation.Kind.POLICE,
        ["fraude documentaire", "filières d’immigration irrégulière", "police aux frontières"],
    ),
    "GN-FR": (
        "Gendarmerie nationale",
        Country.FRANCE,
        Organisation.Kind.GENDARMERIE,
        ["analyse criminelle", "preuve numérique"],
    ),
    "MJ-FR": (
        "Ministère de la Justice",
        Country.FRANCE,
        Organisation.Kind.JUSTICE,
        ["entraide pénale internationale", "équipes communes d’enquête"],
    ),
    "PN-SN": (
        "Police nationale du Sénégal",
        Country.SENEGAL,
        Organisation.Kind.POLICE,
        ["enquêtes trafic de migrants", "techniques d’audition", "formation de formateurs"],
    ),
    "GN-SN": (
        "Gendarmerie nationale du Sénégal",
        Country.SENEGAL,
        Organisation.Kind.GENDARMERIE,
        ["police judiciaire", "surveillance des frontières"],
    ),
    "DGD": (
        "Direction générale des douanes",
        Country.SENEGAL,
        Organisation.Kind.CUSTOMS,
        ["contrôle des marchandises et des personnes", "renseignement douanier"],
    ),
    "MJ-SN": (
        "Ministère de la Justice du Sénégal",
        Country.SENEGAL,
        Organisation.Kind.JUSTICE,
        ["droit pénal", "protection des victimes"],
    ),
    "CNLTP": (
        "Cellule nationale de lutte contre la traite des personnes",
        Country.SENEGAL,
        Organisation.Kind.GOVERNMENT,
        ["identification des victimes", "orientation des victimes"],
    ),
}
# Mobilised experts per unit of scale, by institution: 52 international, 35 Senegalese = 87.
EXPERTS_BY_INSTITUTION = {
    "PN-ES": 16,
    "GC": 8,
    "MF": 4,
    "PN-FR": 14,
    "GN-FR": 6,
    "MJ-FR": 4,
    "PN-SN": 12,
    "GN-SN": 9,
    "DGD": 6,
    "MJ-SN": 5,
    "CNLTP": 3,
}
HOSTS = [
    (
        "Comisaría General de Extranjería y Fronteras",
        "CGEF",
        Country.SPAIN,
        Organisation.Kind.POLICE,
        "Madrid",
    ),
    (
        "Centro de Coordinación de Vigilancia Marítima de Costas y Fronteras",
        "CECORVIGMAR",
        Country.SPAIN,
        Organisation.Kind.GENDARMERIE,
        "Madrid",
    ),
    (
        "Jefatura Superior de Policía de Canarias",
        "JSP Canarias",
        Country.SPAIN,
        Organisation.Kind.POLICE,
        "Las Palmas de Gran Canaria",
    ),
    (
        "Office de lutte contre le trafic illicite de migrants",
        "OLTIM",
        Country.FRANCE,
        Organisation.Kind.POLICE,
        "Paris",
    ),
    (
        "Direction de la police aux frontières de Roissy-Charles de Gaulle",
        "DPAF Roissy",
        Country.FRANCE,
        Organisation.Kind.POLICE,
        "Roissy-en-France",
    ),
]

FIRST_NAMES = {
    Sex.MALE: [
        "Mamadou",
        "Moussa",
        "Ibrahima",
        "Cheikh",
        "Abdoulaye",
        "Ousmane",
        "Modou",
        "Babacar",
        "Aliou",
        "Lamine",
        "Serigne",
        "Pape",
        "Souleymane",
        "Amadou",
        "Omar",
        "Malick",
        "Boubacar",
        "Saliou",
        "Idrissa",
        "Demba",
        "Samba",
        "Alioune",
        "Mbaye",
        "Birame",
        "El Hadji",
        "Djibril",
        "Seydou",
        "Youssou",
        "Assane",
        "Khadim",
        "Ansou",
        "Lansana",
        "Ngor",
        "Jean-Baptiste",
        "Émile",
        "Tidiane",
    ],
    Sex.FEMALE: [
        "Fatou",
        "Aminata",
        "Awa",
        "Mariama",
        "Ndèye",
        "Khady",
        "Aïssatou",
        "Coumba",
        "Astou",
        "Binta",
        "Rokhaya",
        "Sokhna",
        "Adama",
        "Dieynaba",
        "Maïmouna",
        "Ramatoulaye",
        "Marième",
        "Fatoumata",
        "Oumou",
        "Yacine",
        "Mame Diarra",
        "Sophie",
        "Anta",
        "Penda",
        "Kiné",
        "Seynabou",
        "Nafissatou",
    ],
}
LAST_NAMES = [
    "Diop",
    "Ndiaye",
    "Fall",
    "Sow",
    "Ba",
    "Diallo",
    "Sy",
    "Gueye",
    "Mbaye",
    "Faye",
    "Sarr",
    "Ndour",
    "Diouf",
    "Seck",
    "Cissé",
    "Camara",
    "Thiam",
    "Kane",
    "Niang",
    "Diagne",
    "Sène",
    "Ka",
    "Dieng",
    "Touré",
    "Badji",
    "Diatta",
    "Sané",
    "Mané",
    "Coly",
    "Manga",
    "Sagna",
    "Goudiaby",
    "Bodian",
    "Tendeng",
    "Dramé",
    "Konaté",
    "Keïta",
    "Baldé",
    "Barry",
    "Sall",
    "Wade",
    "Mbengue",
    "Lo",
    "Sylla",
    "Tall",
    "Gaye",
    "Ndoye",
    "Samb",
    "Diakhaté",
    "Tine",
    "Dione",
    "Ngom",
    "Mendy",
    "Gomis",
    "Biaye",
]
EXPERT_NAMES = {
    Country.SPAIN: (
        [
            "Javier",
            "Carlos",
            "María",
            "Laura",
            "Antonio",
            "José Luis",
            "Ana",
            "Pablo",
            "Elena",
            "Sergio",
            "Lucía",
            "David",
            "Marta",
            "Raúl",
            "Cristina",
            "Alberto",
            "Isabel",
            "Manuel",
        ],
        [
            "García",
            "Fernández",
            "López",
            "Martínez",
            "Sánchez",
            "Pérez",
            "Gómez",
            "Martín",
            "Jiménez",
            "Ruiz",
            "Hernández",
            "Díaz",
            "Moreno",
            "Álvarez",
            "Romero",
            "Navarro",
            "Torres",
        ],
    ),
    Country.FRANCE: (
        [
            "Jean",
            "Pierre",
            "Marie",
            "Sophie",
            "Nicolas",
            "Isabelle",
            "Laurent",
            "Céline",
            "Philippe",
            "Nathalie",
            "Stéphane",
            "Julien",
            "Aurélie",
            "Christophe",
            "Camille",
            "Thomas",
        ],
        [
            "Martin",
            "Bernard",
            "Dubois",
            "Robert",
            "Richard",
            "Petit",
            "Durand",
            "Leroy",
            "Moreau",
            "Simon",
            "Lefebvre",
            "Michel",
            "Bertrand",
            "Roux",
            "Vincent",
            "Fournier",
            "Girard",
        ],
    ),
}
RANKS = {
    Service.POLICE: [
        "Commissaire divisionnaire",
        "Commissaire de police",
        "Officier de police",
        "Inspecteur de police",
        "Brigadier-chef",
        "Brigadier",
        "Sergent",
        "Agent de police",
    ],
    Service.GENDARMERIE: [
        "Commandant",
        "Capitaine",
        "Lieutenant",
        "Adjudant-chef",
        "Adjudant",
        "Maréchal des logis-chef",
        "Maréchal des logis",
        "Gendarme",
    ],
    Service.CUSTOMS: [
        "Inspecteur principal des douanes",
        "Inspecteur des douanes",
        "Contrôleur des douanes",
        "Vérificateur des douanes",
        "Agent des douanes",
    ],
    Service.JUSTICE: [
        "Juge d’instruction",
        "Procureur de la République",
        "Substitut du procureur",
        "Greffier en chef",
        "Greffier",
    ],
    Service.OTHER: ["Agent de l’administration pénitentiaire", "Inspecteur du travail", "Travailleur social"],
}
UNITS = {
    Service.POLICE: [
        "DNLT",
        "DPAF",
        "Commissariat spécial de l’aéroport AIBD",
        "Poste frontière de Rosso",
        "Poste frontière de Kidira",
        "Commissariat central de Dakar",
        "Division des investigations criminelles",
        "Commissariat central de Ziguinchor",
        "Commissariat de Kédougou",
        "Sûreté urbaine de Saint-Louis",
    ],
    Service.GENDARMERIE: [
        "Section de recherches de Dakar",
        "Brigade de recherches de Saint-Louis",
        "Légion de gendarmerie de Tambacounda",
        "Brigade de Kédougou",
        "Groupement de gendarmerie maritime",
        "Brigade de Mbour",
        "Brigade de Cap Skirring",
        "Compagnie de Matam",
    ],
    Service.CUSTOMS: [
        "Brigade mobile des douanes de Dakar",
        "Bureau des douanes de l’aéroport AIBD",
        "Subdivision des douanes de Kolda",
        "Brigade maritime des douanes",
        "Bureau de Kidira",
    ],
    Service.JUSTICE: [
        "Tribunal de grande instance de Dakar",
        "Tribunal de grande instance de Saint-Louis",
        "Tribunal de grande instance de Ziguinchor",
        "Cour d’appel de Thiès",
        "Tribunal d’instance de Tambacounda",
        "Parquet de Kédougou",
    ],
    Service.OTHER: ["Administration pénitentiaire", "Direction du travail", "Action éducative et sociale"],
}
SERVICE_WEIGHTS = {
    Service.POLICE: 40,
    Service.GENDARMERIE: 30,
    Service.CUSTOMS: 15,
    Service.JUSTICE: 12,
    Service.OTHER: 3,
}
SERVICE_PREFIX = {
    Service.POLICE: "PN",
    Service.GENDARMERIE: "GN",
    Service.CUSTOMS: "DD",
    Service.JUSTICE: "MJ",
    Service.OTHER: "AU",
}
# Where activities in Senegal take place: (city, region, weight).
PLACES = [
    ("Dakar", Region.DAKAR, 40),
    ("Saint-Louis", Region.SAINT_LOUIS, 10),
    ("Thiès", Region.THIES, 8),
    ("Mbour", Region.THIES, 5),
    ("Ziguinchor", Region.ZIGUINCHOR, 8),
    ("Tambacounda", Region.TAMBACOUNDA, 7),
    ("Kédougou", Region.KEDOUGOU, 6),
    ("Matam", Region.MATAM, 4),
    ("Kolda", Region.KOLDA, 4),
    ("Kaolack", Region.KAOLACK, 4),
    ("Louga", Region.LOUGA, 2),
    ("Fatick", Region.FATICK, 2),
]
REGION_WEIGHTS = {region: weight for _c, region, weight in PLACES}
WORKSHOP_TITLES = [
    "Atelier de sensibilisation à la traite des êtres humains et au trafic de migrants",
    "Atelier de concertation police–justice sur la poursuite des passeurs",
    "Atelier régional : migrations irrégulières et protection des victimes",
    "Atelier de validation des procédures opérationnelles de la DNLT",
]


@dataclass
class DemoSummary:
    scale: int
    activities: dict = field(default_factory=dict)
    experts: int = 0
    trainees: int = 0
    participations: int = 0
    headcounts: int = 0


class DemoBuilder:
    """Builds the demo programme in memory, then writes it in bulk, in one transaction."""

    def __init__(self, *, scale: int = 1, seed: int = 2020, today: datetime.date):
        if scale < 1:
            raise ValueError("scale must be at least 1")
        self.scale = scale
        self.rng = random.Random(f"{seed}-{scale}")
        self.today = today
        self.year_end = datetime.date(today.year, 12, 31)

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
        )
        themes = {name: Theme.objects.get_or_create(name=name)[0] for name in THEMES}
        units = {}
        for name, acronym, kind in SENEGALESE_UNITS:
            units[acronym] = Organisation.objects.get_or_create(
                name=name, country=Country.SENEGAL, defaults={"acronym": acronym, "kind": kind}
            )[0]
        institutions = {}
        for key, (name, country, kind, _specialities) in EXPERT_INSTITUTIONS.items():
            institutions[key] = Organisation.objects.get_or_create(
                name=name, country=country, defaults={"kind": kind}
            )[0]
        hosts = []
        for name, acronym, country, kind, city in HOSTS:
            host = Organisation.objects.get_or_create(
                name=name, country=country, defaults={"acronym": acronym, "kind": kind}
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
            category=Expert.Category.SENEGALESE
            if country == Country.SENEGAL
            else Expert.Category.INTERNATIONAL,
            nationality=country,
            institution=institution,
            specialities=", ".join(self.rng.sample(specialities, k=min(2, len(specialities)))),
            email=f"{slug}.{serial}@experts.example",
            phone=phone,
            active=True,
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
        )
        return activity, beneficiary, host_list

    # --- people -------------------------------------------------------------------------------

    def trainee(self, serial_by_service: dict) -> Trainee:
        service = self.weighted(SERVICE_WEIGHTS)
        sex = Sex.FEMALE if self.rng.random() < (0.32 if service == Service.JUSTICE else 0.17) else Sex.MALE
        serial_by_service[service] += 1
        with_number = self.rng.random() < 0.85
        trainee = Trainee(
            first_name=self.rng.choice(FIRST_NAMES[sex]),
            last_name=self.rng.choice(LAST_NAMES),
            sex=sex,
            service=service,
            rank=self.rng.choice(RANKS[service]),
            unit=self.rng.choice(UNITS[service]),
            region=self.weighted(REGION_WEIGHTS),
            service_number=f"{SERVICE_PREFIX[service]}-{serial_by_service[service]:06d}"
            if with_number
            else "",
        )
        trainee.normalise()
        return trainee

    # --- the whole programme ------------------------------------------------------------------

    @transaction.atomic
    def build(self) -> DemoSummary:
        rng, scale = self.rng, self.scale
        summary = DemoSummary(scale=scale)
        programme, themes, units, institutions, hosts = self.reference_data()

        mobilised, extra_experts = self.experts(institutions)
        experts = bulk_create_with_history(
            mobilised + extra_experts, Expert, batch_size=BATCH, default_change_reason="demo data"
        )
        mobilised, extra_experts = experts[: len(mobilised)], experts[len(mobilised) :]
        summary.experts = len(experts)

        specs = []  # (activity, beneficiary units, hosts)
        for status, table in (
            (Activity.Status.DONE, DONE_ACTIVITIES),
            (Activity.Status.CANCELLED, CANCELLED_ACTIVITIES),
            (Activity.Status.PLANNED, PLANNED_ACTIVITIES),
        ):
            for kind, per_scale in table.items():
                for serial in range(per_scale * scale):
                    specs.append(self.activity(programme, kind, status, themes, units, hosts, serial))
        specs.sort(key=lambda spec: (spec[0].start_date, spec[0].title))
        activities = bulk_create_with_history(
            [spec[0] for spec in specs], Activity, batch_size=BATCH, default_change_reason="demo data"
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
        for activity in activities:
            key = (activity.kind, activity.status)
            summary.activities[key] = summary.activities.get(key, 0) + 1

        done = [a for a in activities if a.status == Activity.Status.DONE]
        other = [a for a in activities if a.status != Activity.Status.DONE]

        # Experts: every mobilised expert in at least one done activity, then more at random.
        assignments: dict[int, set[int]] = {a.pk: set() for a in activities}
        rows = []

        def assign(activity, expert):
            if expert.pk in assignments[activity.pk]:
                return False
            assignments[activity.pk].add(expert.pk)
            role = {
                Activity.Kind.TUTORING: ExpertAssignment.Role.TUTOR,
                Activity.Kind.WORKSHOP: ExpertAssignment.Role.SPEAKER,
            }.get(activity.kind, ExpertAssignment.Role.TRAINER)
            if not assignments[activity.pk] - {expert.pk} and activity.kind == Activity.Kind.TRAINING:
                role = ExpertAssignment.Role.LEAD
            rows.append(
                ExpertAssignment(activity=activity, expert=expert, role=role, days=activity.duration_days)
            )
            return True

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

        # People: the counted ones, the absent-only ones, and those only in planned/cancelled activities.
        serials = dict.fromkeys(Service, 0)
        counted = [self.trainee(serials) for _ in range(COUNTED_PEOPLE * scale)]
        absent_only = [self.trainee(serials) for _ in range(ABSENT_ONLY_PEOPLE * scale)]
        not_yet = [self.trainee(serials) for _ in range(NOT_YET_PEOPLE * scale)]
        people = bulk_create_with_history(
            counted + absent_only + not_yet, Trainee, batch_size=BATCH, default_change_reason="demo data"
        )
        counted = people[: len(counted)]
        absent_only = people[len(counted) : len(counted) + len(absent_only)]
        not_yet = people[len(counted) + len(absent_only) :]
        summary.trainees = len(people)

        members: dict[int, set[int]] = {a.pk: set() for a in activities}
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
                Participation(activity=activity, trainee=trainee, outcome=outcome, attended=attended)
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
        Participation.objects.bulk_create(participations, batch_size=BATCH)
        summary.participations = len(participations)

        headcounts = []
        for activity in done:
            if activity.kind != Activity.Kind.WORKSHOP:
                continue
            for service in rng.sample(list(Service)[:4], k=2):
                for sex in Sex:
                    headcounts.append(
                        Headcount(activity=activity, service=service, sex=sex, count=rng.randint(3, 35))
                    )
        Headcount.objects.bulk_create(headcounts, batch_size=BATCH)
        summary.headcounts = len(headcounts)
        records_changed()  # bulk inserts send no signal
        return summary


def activity_m2m_history_models() -> list:
    """The history tables of the activity's many-to-many fields (django-simple-history)."""
    return [
        field.related_model
        for field in Activity.history.model._meta.related_objects
        if field.related_model._meta.db_table.startswith(Activity.history.model._meta.db_table)
    ]


@transaction.atomic
def demo_reset(programme_name: str = PROGRAMME_NAME) -> bool:
    """Remove the demo programme and what only it used; returns whether there was one.

    Bulk SQL deletes: the per-row signals of an ORM delete would take minutes at scale 100.
    Reference data (themes, organisations) stays and is reused.
    """
    programme = Programme.objects.filter(name=programme_name).first()
    if programme is None:
        return False
    quote = connection.ops.quote_name

    def table(model):
        return quote(model._meta.db_table)

    activity_ids = f"SELECT id FROM {table(Activity)} WHERE programme_id = %s"
    participation_ids = f"SELECT id FROM {table(Participation)} WHERE activity_id IN ({activity_ids})"
    # The demo's documents go with it: committee reports, uploaded lists, signed sheets (files too).
    for document in [
        *programme.committee_reports.all(),
        *AttendanceProof.objects.filter(activity__programme=programme),
    ]:
        (document.pdf if hasattr(document, "pdf") else document.file).delete(save=False)
    statements = [
        f"DELETE FROM {table(Certificate)} WHERE participation_id IN ({participation_ids})",
        f"DELETE FROM {table(ParticipantImport)} WHERE activity_id IN ({activity_ids})",
        f"DELETE FROM {table(AttendanceProof)} WHERE activity_id IN ({activity_ids})",
        f"DELETE FROM {table(programme.committee_reports.model)} WHERE programme_id = %s",
        f"DELETE FROM {table(Participation)} WHERE activity_id IN ({activity_ids})",
        f"DELETE FROM {table(Headcount)} WHERE activity_id IN ({activity_ids})",
        f"DELETE FROM {table(ExpertAssignment)} WHERE activity_id IN ({activity_ids})",
        f"DELETE FROM {table(Activity.beneficiary_units.through)} WHERE activity_id IN ({activity_ids})",
        f"DELETE FROM {table(Activity.host_institutions.through)} WHERE activity_id IN ({activity_ids})",
        *(
            f"DELETE FROM {table(m2m_history)} WHERE history_id IN "
            f"(SELECT history_id FROM {table(Activity.history.model)} WHERE programme_id = %s)"
            for m2m_history in activity_m2m_history_models()
        ),
        f"DELETE FROM {table(Activity.history.model)} WHERE programme_id = %s",
        f"DELETE FROM {table(Activity)} WHERE programme_id = %s",
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, [programme.pk])
        for model, related in ((Trainee, Participation), (Expert, ExpertAssignment)):
            foreign = "trainee_id" if model is Trainee else "expert_id"
            orphans = (
                f"SELECT id FROM {table(model)} WHERE id NOT IN (SELECT {foreign} FROM {table(related)})"
            )
            cursor.execute(f"DELETE FROM {table(model.history.model)} WHERE id IN ({orphans})")
            cursor.execute(f"DELETE FROM {table(model)} WHERE id IN ({orphans})")
    programme.delete()
    records_changed()
    return True
