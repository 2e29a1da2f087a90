"""Who the trainees are: their service and their sex (also the keys of headcounts)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Service(models.TextChoices):
    """The Senegalese services whose officials take part."""

    POLICE = "police", _("Police")
    GENDARMERIE = "gendarmerie", _("Gendarmerie")
    CUSTOMS = "customs", _("Customs")
    JUSTICE = "justice", _("Justice")
    OTHER = "other", pgettext_lazy("service", "Other")


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
