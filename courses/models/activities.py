"""Activities (training and tutoring actions, study trips, workshops) and the counting rules about them."""

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

from ..choices import Country, Region
from .programmes import Organisation, Programme, Theme

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
    def for_user(self, user, perm: str = "courses.view_activity"):
        """The activities of the programmes where ``user``'s role grants ``perm``."""
        from ..access import scope

        return scope(self, user, perm, "programme_id")

    def done(self):
        return self.filter(done_q())

    def planned(self):
        return self.filter(status=Activity.Status.PLANNED)

    def overdue(self, today: datetime.date):
        """Planned activities whose end date has passed: their record needs updating ("à mettre à jour")."""
        return self.planned().filter(end_date__lt=today)

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
        ExpertAssignment = self.model._meta.get_field("assignments").related_model
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
                queryset=self.model._meta.get_field("assignments")
                .related_model.objects.select_related("expert__institution")
                .order_by("expert__last_name", "expert__first_name"),
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
    # Kept in step with the sessions by the trainees app's attendance refresh (one scan for figures).
    session_count = models.PositiveIntegerField(_("number of sessions"), default=0, editable=False)

    history = HistoricalRecords(
        excluded_fields=["version", "session_count"], m2m_fields=[beneficiary_units, host_institutions]
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

    def is_overdue(self, today: datetime.date) -> bool:
        """Planned, yet over: its record needs updating ("à mettre à jour")."""
        return self.status == self.Status.PLANNED and self.end_date < today

    def days(self, limit: int = 62) -> list[datetime.date]:
        """The calendar days of the activity (at most ``limit``), e.g. for attendance sheets."""
        count = min((self.end_date - self.start_date).days + 1, limit)
        return [self.start_date + datetime.timedelta(days=n) for n in range(count)]

    def unmarked_sessions(self) -> list:
        """The sessions held so far where some participants' attendance is not marked, each with
        ``unmarked`` (how many people). Two queries."""
        people = self.participations.count()
        if not people:
            return []
        sessions = self.sessions.filter(date__lte=timezone.localdate()).annotate(marks=Count("attendances"))
        found = []
        for session in sessions:
            session.unmarked = people - session.marks
            if session.unmarked:
                found.append(session)
        return found

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, ())

    def statuses_allowed_now(self) -> list["Activity.Status"]:
        """The statuses the activity may move to today: not "done" before its end (see ``clean``)."""
        today = timezone.localdate()
        return [
            self.Status(status)
            for status in self.TRANSITIONS.get(self.status, ())
            if status != self.Status.DONE or self.end_date <= today
        ]

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
