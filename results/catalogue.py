"""The donors' indicator catalogue as published: loaded by a data migration, and again by whoever needs it
after a database was emptied (the demo, tests that flush the database)."""

# The EU Trust Fund for Africa's common output indicators that this programme reports on, with
# their codes and titles as published (English); French and Spanish are working translations.
EUTF = [
    {
        "code": "3.7",
        "version": 1,
        "current": True,
        "unit": "individuals",
        "title_en": "Number of individuals trained on migration management and protection",
        "title_fr": "Nombre de personnes formées à la gestion des migrations et à la protection",
        "title_es": "Número de personas formadas en gestión de la migración y protección",
    },
    {
        "code": "4.2",
        "version": 1,
        "current": False,
        "unit": "staff",
        "title_en": (
            "Number of staff from governmental institutions, internal security forces and relevant "
            "non-state actors trained on security, border management, CVE, conflict prevention, "
            "protection of civilian populations and human rights"
        ),
        "title_fr": (
            "Nombre d'agents des institutions gouvernementales, des forces de sécurité intérieure et des "
            "acteurs non étatiques concernés formés à la sécurité, à la gestion des frontières, à la "
            "lutte contre l'extrémisme violent, à la prévention des conflits, à la protection des "
            "populations civiles et aux droits de l'homme"
        ),
        "title_es": (
            "Número de agentes de instituciones gubernamentales, fuerzas de seguridad interior y actores "
            "no estatales pertinentes formados en seguridad, gestión de fronteras, lucha contra el "
            "extremismo violento, prevención de conflictos, protección de la población civil y derechos "
            "humanos"
        ),
    },
    {
        "code": "4.2",
        "version": 2,
        "current": True,
        "unit": "staff",
        "title_en": (
            "Number of staff from governmental institutions, internal security forces and relevant "
            "non-state actors trained on governance, conflict prevention and human rights"
        ),
        "title_fr": (
            "Nombre d'agents des institutions gouvernementales, des forces de sécurité intérieure et des "
            "acteurs non étatiques concernés formés à la gouvernance, à la prévention des conflits et "
            "aux droits de l'homme"
        ),
        "title_es": (
            "Número de agentes de instituciones gubernamentales, fuerzas de seguridad interior y actores "
            "no estatales pertinentes formados en gobernanza, prevención de conflictos y derechos humanos"
        ),
    },
]


def catalogue_load(DonorIndicator=None) -> None:
    """Create or update the catalogue's entries (idempotent); ``DonorIndicator`` may be a migration's model."""
    if DonorIndicator is None:
        from .models import DonorIndicator
    for entry in EUTF:
        DonorIndicator.objects.update_or_create(
            donor="EUTF", code=entry["code"], version=entry["version"], defaults=entry
        )
