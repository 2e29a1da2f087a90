"""Programme, activities, experts and the organisations they belong to."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Tracked, Versioned

from .choices import Country, Region


class Programme(Tracked):
    """A cooperation programme; every activity belongs to one and figures are per programme."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    donor = models.CharField(_("donor"), max_length=300, blank=True)
    partners = models.TextField(_("implementing partners"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="programme_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


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


# The counting rules about activities, written once. Each takes the path from the model queried to
# the activity ("activity__" from a participation), so that a count joins the activity once instead of
# going through a subquery; the queryset methods below, and those of the models built on activities,
# are made of them.


def done_q(prefix: str = "") -> Q:
    """Only done activities count as achievements; planned and cancelled ones count nowhere."""
    return Q(**{f"{prefix}status": "done"})


def ended_in_q(start: datetime.date | None, end: datetime.date | None, prefix: str = "") -> Q:
    """An activity falls in a period by its end date (both bounds included; a missing bound is open)."""
    condition = Q()
    if start:
        condition &= Q(**{f"{prefix}end_date__gte": start})
    if end:
        condition &= Q(**{f"{prefix}end_date__lte": end})
    return condition


class ActivityQuerySet(models.QuerySet):
    def done(self):
        return self.filter(done_q())

    def planned(self):
        return self.filter(status=Activity.Status.PLANNED)

    def in_period(self, start: datetime.date | None, end: datetime.date | None):
        """Activities that fall in a period, by their end date (both bounds included)."""
        return self.filter(ended_in_q(start, end))

    def achievements(self, programme: "Programme", start: datetime.date | None, end: datetime.date | None):
        """What a programme achieved in a period: its done activities ending in it."""
        return self.filter(programme=programme).done().in_period(start, end)

    def ahead(self, programme: "Programme", after: datetime.date, until: datetime.date):
        """The programme ahead: still-planned activities not over by ``after`` that start by ``until``."""
        return self.filter(programme=programme).planned().filter(end_date__gte=after, start_date__lte=until)

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(title__icontains=text)
            | Q(description__icontains=text)
            | Q(city__icontains=text)
            | Q(theme__name__icontains=text)
        )

    def with_counts(self):
        """Number of participants and of experts, as subqueries (no join fan-out)."""
        # Participations live in the trainees app, which builds on this one: reach them by relation.
        Participation = self.model._meta.get_field("participations").related_model
        participants = (
            Participation.objects.filter(activity=OuterRef("pk"))
            .order_by()
            .values("activity")
            .annotate(n=Count("pk"))
            .values("n")
        )
        experts = (
            ExpertAssignment.objects.filter(activity=OuterRef("pk"))
            .order_by()
            .values("activity")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            participant_count=Coalesce(Subquery(participants), 0),
            expert_count=Coalesce(Subquery(experts), 0),
        )

    def for_list(self):
        return self.select_related("programme", "theme").with_counts()

    def for_detail(self):
        """An activity with everything its page shows of itself: units, hosts, experts, headcounts."""
        return self.select_related("programme", "theme", "created_by", "updated_by").prefetch_related(
            "beneficiary_units",
            "host_institutions",
            models.Prefetch(
                "assignments",
                queryset=ExpertAssignment.objects.select_related("expert__institution").order_by(
                    "expert__last_name", "expert__first_name"
                ),
            ),
            "headcounts",
        )


class Activity(Tracked, Versioned):
    """A training action, tutoring action, study trip or workshop: planned, done or cancelled."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training action")
        TUTORING = "tutoring", _("Tutoring action")
        STUDY_TRIP = "study_trip", _("Study trip")
        WORKSHOP = "workshop", _("Workshop")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    # Allowed status changes: a cancelled activity can be planned again, a done one reopened.
    TRANSITIONS = {
        Status.PLANNED: (Status.DONE, Status.CANCELLED),
        Status.DONE: (Status.PLANNED,),
        Status.CANCELLED: (Status.PLANNED,),
    }

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    title = models.CharField(_("title"), max_length=250)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.CharField(
        _("region"),
        max_length=20,
        choices=Region.choices,
        blank=True,
        help_text=_("For activities in Senegal."),
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=Country.choices,
        default=Country.SENEGAL,
        help_text=_("For a study trip, the destination country."),
    )
    beneficiary_units = models.ManyToManyField(
        Organisation,
        verbose_name=_("beneficiary units"),
        blank=True,
        related_name="benefiting_activities",
        help_text=_(
            "Units whose staff benefit; required for a tutoring action (e.g. DNLT, airport border police)."
        ),
    )
    host_institutions = models.ManyToManyField(
        Organisation,
        verbose_name=_("host institutions"),
        blank=True,
        related_name="hosted_activities",
        help_text=_("For a study trip: the institutions visited."),
    )
    duration_days = models.DecimalField(
        _("duration (days)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("Working days delivered."),
    )
    duration_hours = models.PositiveIntegerField(
        _("duration (hours)"), null=True, blank=True, help_text=_("Teaching hours, when known.")
    )
    description = models.TextField(_("description"), blank=True, max_length=5000)

    history = HistoricalRecords(
        excluded_fields=["version"], m2m_fields=[beneficiary_units, host_institutions]
    )
    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-start_date", "title"]
        permissions = [("view_change_history", _("Can see the change history of records"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="activity_end_after_start"
            ),
            models.CheckConstraint(condition=Q(duration_days__gt=0), name="activity_duration_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=["training", "tutoring", "study_trip", "workshop"]),
                name="activity_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "done", "cancelled"]), name="activity_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "status", "end_date"], name="activity_figures_idx"),
            models.Index(fields=["kind", "status"], name="activity_kind_idx"),
            models.Index(fields=["start_date"], name="activity_start_idx"),
            models.Index(fields=["region"], name="activity_region_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:activity-detail", args=[self.pk])

    def is_achievement(self) -> bool:
        """Only a done activity counts in the figures (the instance's side of :func:`done_q`)."""
        return self.status == self.Status.DONE

    def days(self, limit: int = 62) -> list[datetime.date]:
        """The calendar days of the activity (at most ``limit``), e.g. for attendance sheets."""
        count = min((self.end_date - self.start_date).days + 1, limit)
        return [self.start_date + datetime.timedelta(days=n) for n in range(count)]

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, ())

    @property
    def place(self) -> str:
        region = Region(self.region).label if self.region else ""
        parts = [self.city, region if region != self.city else ""]
        if self.country != Country.SENEGAL:
            parts.append(str(Country(self.country).label))
        return ", ".join(p for p in parts if p)

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.status == self.Status.DONE and self.end_date and self.end_date > timezone.localdate():
            errors["status"] = _("An activity cannot be done before it ends: its end date is in the future.")
        if self.kind == self.Kind.STUDY_TRIP and self.country == Country.SENEGAL:
            errors["country"] = _("A study trip takes place abroad: choose the destination country.")
        if self.region and self.country != Country.SENEGAL:
            errors["region"] = _("A region of Senegal only applies to an activity in Senegal.")
        if errors:
            raise ValidationError(errors)


class ExpertQuerySet(models.QuerySet):
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
        INTERNATIONAL = "international", _("International")
        SENEGALESE = "senegalese", _("Senegalese")

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

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=["international", "senegalese"]), name="expert_category_valid"
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

    def clean(self):
        if (
            self.category == self.Category.SENEGALESE
            and self.nationality
            and self.nationality != Country.SENEGAL
        ):
            raise ValidationError({"nationality": _("A Senegalese expert has Senegalese nationality.")})
        if self.category == self.Category.INTERNATIONAL and self.nationality == Country.SENEGAL:
            raise ValidationError(
                {"category": _("An expert of Senegalese nationality is a Senegalese expert.")}
            )


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
