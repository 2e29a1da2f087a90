"""Programmes, the people who work on them (memberships), and reference data: themes, organisations."""

from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext
from simple_history.models import HistoricalRecords

from accounts.roles import Role
from core.models import Tracked, Versioned
from core.uploads import check_image

from ..choices import Country


class ProgrammeQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = "courses.view_programme"):
        """The programmes where ``user``'s role grants ``perm`` (every programme for a site administrator)."""
        from ..access import programme_ids_for

        ids = programme_ids_for(user, perm)
        return self if ids is None else self.filter(pk__in=ids)


def programme_image_path(programme: "Programme", filename: str) -> str:
    return f"programmes/{filename}"


@dataclass(frozen=True)
class ProgrammeTexts:
    """What a document says of its programme, in one language."""

    name: str
    short_name: str
    donor: str
    partners: str
    visibility: str


# The languages with their own programme texts besides French, the programme's own language.
TEXT_LANGUAGES = ("en", "es")
TEXT_FIELDS = ("name", "donor", "partners", "visibility_statement")


class Programme(Tracked, Versioned):
    """A cooperation programme; every activity belongs to one and figures are per programme.

    Its texts (name, donor, partners, visibility statement) are written in French, with English and
    Spanish versions in explicit ``_en``/``_es`` fields: documents in those languages use them, or the
    French text when a version is missing. Its logos and signatory brand its reports and certificates.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    donor = models.CharField(_("donor"), max_length=300, blank=True)
    partners = models.TextField(_("implementing partners"), blank=True)
    description = models.TextField(_("description"), blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=Country.choices,
        default=Country.SENEGAL,
        help_text=_("Where the programme works: its national experts are of this country."),
    )
    attendance_threshold = models.PositiveSmallIntegerField(
        _("attendance threshold (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("A participation is completed when the person attended this share of the sessions."),
    )
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    name_es = models.CharField(_("name in Spanish"), max_length=200, blank=True)
    donor_en = models.CharField(_("donor in English"), max_length=300, blank=True)
    donor_es = models.CharField(_("donor in Spanish"), max_length=300, blank=True)
    partners_en = models.TextField(_("implementing partners in English"), blank=True)
    partners_es = models.TextField(_("implementing partners in Spanish"), blank=True)
    visibility_statement = models.TextField(
        _("visibility statement"),
        blank=True,
        help_text=_(
            "The funding line documents carry, e.g. “Ce programme est financé par l’Union européenne”."
        ),
    )
    visibility_statement_en = models.TextField(_("visibility statement in English"), blank=True)
    visibility_statement_es = models.TextField(_("visibility statement in Spanish"), blank=True)
    logo = models.ImageField(
        _("programme logo"), upload_to=programme_image_path, blank=True, validators=[check_image]
    )
    donor_logo = models.ImageField(
        _("donors' logos"),
        upload_to=programme_image_path,
        blank=True,
        validators=[check_image],
        help_text=_("One image with the donors' logos side by side (PNG or JPEG)."),
    )
    signatory_name = models.CharField(_("signatory"), max_length=150, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    signature = models.ImageField(
        _("signature image"), upload_to=programme_image_path, blank=True, validators=[check_image]
    )

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="programme_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(attendance_threshold__gte=1, attendance_threshold__lte=100),
                name="programme_threshold_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("courses:programme-team", args=[self.pk])

    def texts(self, language: str) -> ProgrammeTexts:
        """The programme's texts in ``language``, the French ones where that language has none."""

        def text(field: str) -> str:
            own = getattr(self, f"{field}_{language}", "") if language in TEXT_LANGUAGES else ""
            return own or getattr(self, field)

        name = text("name")
        return ProgrammeTexts(
            name=name,
            short_name=self.short_name or name,
            donor=text("donor"),
            partners=text("partners"),
            visibility=text("visibility_statement"),
        )

    def national_experts(self, count: int) -> str:
        """The programme's word for its national experts, agreeing with ``count`` ("Senegalese")."""
        return national_adjective(self.country, count)


def national_adjective(country: str, count: int) -> str:
    """Experts "of" a country, as an adjective that agrees with their number (French: sénégalais)."""
    words = {
        Country.SENEGAL: lambda n: npgettext("experts", "Senegalese", "Senegalese", n),
        Country.MAURITANIA: lambda n: npgettext("experts", "Mauritanian", "Mauritanian", n),
        Country.MALI: lambda n: npgettext("experts", "Malian", "Malian", n),
        Country.GAMBIA: lambda n: npgettext("experts", "Gambian", "Gambian", n),
        Country.GUINEA: lambda n: npgettext("experts", "Guinean", "Guinean", n),
        Country.GUINEA_BISSAU: lambda n: npgettext("experts", "Bissau-Guinean", "Bissau-Guinean", n),
        Country.CABO_VERDE: lambda n: npgettext("experts", "Cabo Verdean", "Cabo Verdean", n),
        Country.NIGER: lambda n: npgettext("experts", "Nigerien", "Nigerien", n),
        Country.COTE_DIVOIRE: lambda n: npgettext("experts", "Ivorian", "Ivorian", n),
        Country.MOROCCO: lambda n: npgettext("experts", "Moroccan", "Moroccan", n),
    }
    word = words.get(country)
    return word(count) if word else npgettext("experts", "national", "national", count)


class Membership(Tracked):
    """A user's role in one programme: what they may see and do there (site administrators need none)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["programme", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "programme"], name="membership_unique_pair"),
            models.CheckConstraint(
                condition=Q(role__in=["coordinator", "official", "admin"]), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.programme} ({Role(self.role).label})"


class Theme(models.Model):
    """A training theme (reference data kept by admins)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(Tracked):
    """An institution or unit: a beneficiary unit, an expert's institution, a host institution."""

    class Kind(models.TextChoices):
        POLICE = "police", _("Police")
        GENDARMERIE = "gendarmerie", _("Gendarmerie")
        CUSTOMS = "customs", _("Customs")
        JUSTICE = "justice", _("Justice")
        GOVERNMENT = "government", _("Ministry or administration")
        INTERNATIONAL = "international", _("International organisation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default=Country.SENEGAL)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "country"], name="organisation_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name
