"""The expert roster and experts' assignments to activities."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Tracked, Versioned

from ..choices import Country
from .activities import Activity, done_q
from .programmes import Organisation, Programme


class ExpertQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = "courses.view_expert"):
        """The experts on the roster of the programmes where ``user``'s role grants ``perm``."""
        from ..access import programme_ids_for

        ids = programme_ids_for(user, perm)
        if ids is None:
            return self
        on_roster = Expert.programmes.through.objects.filter(programme_id__in=ids).values("expert_id")
        return self.filter(pk__in=on_roster)

    def active(self):
        return self.filter(active=True)

    def with_done_activity_count(self):
        """``activity_count``: the done activities each expert was assigned to."""
        return self.annotate(activity_count=Count("assignments", filter=done_q("assignments__activity__")))

    def search(self, text: str):
        qs = self
        for word in text.split():
            qs = qs.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(specialities__icontains=word)
                | Q(institution__name__icontains=word)
                | Q(institution__acronym__icontains=word)
            )
        return qs


class Expert(Tracked, Versioned):
    """An expert of the roster: deactivated, never deleted once assigned."""

    class Category(models.TextChoices):
        """International, or of the country where the programme works (its word: see ``Programme.country``)."""

        INTERNATIONAL = "international", _("International")
        NATIONAL = "national", _("National")

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    nationality = models.CharField(_("nationality"), max_length=2, choices=Country.choices)
    institution = models.ForeignKey(
        Organisation, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="experts"
    )
    specialities = models.CharField(_("specialities"), max_length=300, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    active = models.BooleanField(_("active"), default=True)
    programmes = models.ManyToManyField(
        Programme,
        verbose_name=_("programmes"),
        related_name="experts",
        blank=True,
        help_text=_("The programmes whose roster the expert is on (an assignment adds its programme)."),
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=["international", "national"]), name="expert_category_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="expert_name_idx"),
            models.Index(fields=["category", "active"], name="expert_category_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self) -> str:
        return reverse("courses:expert-detail", args=[self.pk])


class ExpertAssignment(Tracked):
    """An expert mobilised in an activity."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead expert")
        TRAINER = "trainer", _("Trainer")
        TUTOR = "tutor", _("Tutor")
        SPEAKER = "speaker", _("Speaker")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="assignments"
    )
    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.TRAINER)
    days = models.DecimalField(
        _("days"), max_digits=5, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        ordering = ["expert__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "expert"], name="assignment_unique_pair"),
            models.CheckConstraint(
                condition=Q(days__isnull=True) | Q(days__gte=0), name="assignment_days_positive"
            ),
        ]
        indexes = [models.Index(fields=["expert", "activity"], name="assignment_expert_idx")]

    def __str__(self) -> str:
        return f"{self.expert} — {self.activity}"
