"""What a participant list may say: its columns and values, in French, English and Spanish.

Headers and values are compared after :func:`trainees.models.normalise_name` (case, accents and
punctuation folded). Error messages list the choices in the reader's language, so the values of
the three languages are all understood.
"""

import re

from django.utils.translation import gettext_lazy

from courses.choices import Region

from .choices import Service, Sex
from .models import Participation, normalise_name

FIELDS = ["last_name", "first_name", "sex", "service", "rank", "unit", "region", "service_number", "outcome"]
REQUIRED = ["last_name", "first_name", "sex", "service"]
FIELD_LABELS = {
    "last_name": gettext_lazy("last name"),
    "first_name": gettext_lazy("first name"),
    "sex": gettext_lazy("sex"),
    "service": gettext_lazy("service"),
    "rank": gettext_lazy("rank"),
    "unit": gettext_lazy("unit"),
    "region": gettext_lazy("region"),
    "service_number": gettext_lazy("service number"),
    "outcome": gettext_lazy("outcome"),
}
# The template's headers: French and English, both accepted alone too.
TEMPLATE_HEADERS = {
    "last_name": "Nom / Last name",
    "first_name": "Prénom / First name",
    "sex": "Sexe / Sex",
    "service": "Service",
    "rank": "Grade / Rank",
    "unit": "Unité / Unit",
    "region": "Région / Region",
    "service_number": "Matricule / Service number",
    "outcome": "Résultat / Outcome",
}
HEADER_ALIASES = {
    "last_name": ["nom", "nom de famille", "last name", "surname", "family name", "lastname"],
    "first_name": [
        "prenom",
        "prenoms",
        "first name",
        "first names",
        "given name",
        "given names",
        "firstname",
    ],
    "sex": ["sexe", "sex", "genre", "gender", "h f", "f h", "m f", "f m"],
    "service": ["service", "corps", "administration", "force", "service d origine"],
    "rank": ["grade", "rank", "grade fonction"],
    "unit": ["unite", "unit", "affectation", "unite d affectation", "structure"],
    "region": ["region", "region d affectation"],
    "service_number": [
        "matricule",
        "numero de matricule",
        "n matricule",
        "no matricule",
        "n de matricule",
        "service number",
        "staff number",
        "badge number",
        "id number",
    ],
    "outcome": ["resultat", "outcome", "result", "forme ou sensibilise", "trained or made aware"],
}
# Values in French, English and Spanish: error messages list the choices in the reader's language.
SEX_VALUES = {
    Sex.FEMALE: ["f", "femme", "feminin", "female", "woman", "w", "mujer", "femenino"],
    Sex.MALE: ["m", "h", "homme", "masculin", "male", "man", "hombre", "masculino", "varon"],
}
SERVICE_VALUES = {
    Service.POLICE: ["police", "police nationale", "pn", "policier", "policia", "policia nacional"],
    Service.GENDARMERIE: ["gendarmerie", "gendarmerie nationale", "gn", "gendarme", "gendarmeria"],
    Service.CUSTOMS: ["douane", "douanes", "customs", "dgd", "douanier", "aduana", "aduanas"],
    Service.JUSTICE: [
        "justice",
        "magistrature",
        "ministere de la justice",
        "magistrat",
        "greffe",
        "justicia",
    ],
    Service.OTHER: ["autre", "other", "autres", "otro", "otros"],
}
OUTCOME_VALUES = {
    Participation.Outcome.TRAINED: ["forme", "formee", "trained", "formation", "formado", "formada"],
    Participation.Outcome.MADE_AWARE: [
        "sensibilise",
        "sensibilisee",
        "made aware",
        "aware",
        "sensibilisation",
        "sensibilizado",
        "sensibilizada",
    ],
}
REGION_VALUES = {
    region.value: [normalise_name(region.label), normalise_name(region.value)] for region in Region
}
SERVICE_NUMBER = re.compile(r"^[A-Z0-9]{1,40}$")


def _lookup(table: dict[str, list[str]]) -> dict[str, str]:
    return {alias: key for key, aliases in table.items() for alias in aliases}


HEADERS = _lookup(HEADER_ALIASES)
SEXES = _lookup(SEX_VALUES)
SERVICES = _lookup(SERVICE_VALUES)
OUTCOMES = _lookup(OUTCOME_VALUES)
REGIONS = _lookup(REGION_VALUES)


# Optional attendance columns: a column titled with a session's date (a date cell, or 02/06/2025 or
# 2025-06-02) holds each person's attendance that day; blank leaves it unmarked.
ATTENDANCE_PREFIX = "attendance:"
ATTENDANCE_VALUES = {
    "present": ["present", "presente", "p", "x", "oui", "yes", "si"],
    "absent": ["absent", "absente", "a", "ausente", "non", "no"],
    "excused": ["excuse", "excusee", "excused", "e", "justifie", "justifiee", "justificado", "justificada"],
}
ATTENDANCES = _lookup(ATTENDANCE_VALUES)
