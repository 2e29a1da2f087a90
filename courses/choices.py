"""Where activities take place: the regions of Senegal and the countries of the programme."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    """The fourteen regions of Senegal."""

    DAKAR = "dakar", "Dakar"
    DIOURBEL = "diourbel", "Diourbel"
    FATICK = "fatick", "Fatick"
    KAFFRINE = "kaffrine", "Kaffrine"
    KAOLACK = "kaolack", "Kaolack"
    KEDOUGOU = "kedougou", "Kédougou"
    KOLDA = "kolda", "Kolda"
    LOUGA = "louga", "Louga"
    MATAM = "matam", "Matam"
    SAINT_LOUIS = "saint_louis", "Saint-Louis"
    SEDHIOU = "sedhiou", "Sédhiou"
    TAMBACOUNDA = "tambacounda", "Tambacounda"
    THIES = "thies", "Thiès"
    ZIGUINCHOR = "ziguinchor", "Ziguinchor"


class Country(models.TextChoices):
    """Countries of the programme: Senegal, its neighbours, and the partners' countries (ISO codes)."""

    SENEGAL = "SN", _("Senegal")
    SPAIN = "ES", _("Spain")
    FRANCE = "FR", _("France")
    PORTUGAL = "PT", _("Portugal")
    ITALY = "IT", _("Italy")
    BELGIUM = "BE", _("Belgium")
    GERMANY = "DE", _("Germany")
    NETHERLANDS = "NL", _("Netherlands")
    MOROCCO = "MA", _("Morocco")
    MAURITANIA = "MR", _("Mauritania")
    MALI = "ML", _("Mali")
    GAMBIA = "GM", _("Gambia")
    GUINEA = "GN", _("Guinea")
    GUINEA_BISSAU = "GW", _("Guinea-Bissau")
    CABO_VERDE = "CV", _("Cabo Verde")
    NIGER = "NE", _("Niger")
    COTE_DIVOIRE = "CI", _("Côte d’Ivoire")
    OTHER = "ZZ", _("Other country")
