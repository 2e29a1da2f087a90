"""The results framework of a programme: expected results, their indicators, targets and manual values.

An indicator is either *computed* from the records by a rule (what to count, and filters on the
activities and people; see :mod:`results.compute`) or *manual*: a value per period typed by a
coordinator, which counts only once an admin of the programme has approved it. Indicators may be
picked from a donor's catalogue (:class:`DonorIndicator`), whose titles are versioned because donors
reword them.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from courses.access import scope
from courses.models import Organisation, Programme, Theme


class DonorIndicator(models.Model):
    """An indicator as a donor publishes it (e.g. the EU Trust Fund for Africa's common output indicators).

    A reworded title is a new version; indicators keep the entry they were picked from.
    """

    donor = models.CharField(_("donor"), max_length=40)
    code = models.CharField(_("code"), max_length=20)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    current = models.BooleanField(_("current wording"), default=True)
    title_en = models.CharField(_("title (English)"), max_length=400)
    title_fr = models.CharField(_("title (French)"), max_length=400, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=400, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("donor indicator")
        verbose_name_plural = _("donor indicators")
        ordering = ["donor", "code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["donor", "code", "version"], name="donor_indicator_unique_version"
            )
        ]

    def __str__(self) -> str:
        label = f"{self.donor} {self.code} — {self.title}"
        return label if self.current else f"{label} (v{self.version})"

    @property
    def title(self) -> str:
        return _title_in_language(self)


def _title_in_language(obj) -> str:
    """The title in the reader's language, else in English, else in French."""
    language = (get_language() or "fr")[:2]
    return getattr(obj, f"title_{language}", "") or obj.title_en or obj.title_fr


class FrameworkQuerySet(models.QuerySet):
    path = "programme_id"
    default_perm = "reports.view_dashboard"

    def for_user(self, user, perm: str | None = None):
        """The rows of the programmes where ``user``'s role grants ``perm`` (reading: the dashboard's)."""
        return scope(self, user, perm or self.default_perm, self.path)


class ExpectedResult(models.Model):
    """An expected result (outcome or output) of the programme's logframe."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="expected_results"
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=400)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("expected result")
        verbose_name_plural = _("expected results")
        ordering = ["programme", "code"]
        permissions = [("manage_framework", _("Can edit the results framework"))]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="result_unique_code",
                violation_error_message=_("This programme already has a result with this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class IndicatorQuerySet(FrameworkQuerySet):
    path = "result__programme_id"

    def with_value_counts(self):
        """Each indicator with how many approved values, other values and targets of a year it holds
        (what its deletion would take with it, or what refuses it)."""
        approved = Q(manual_values__status=ManualValue.Status.APPROVED)
        return self.annotate(
            approved_values=models.Count("manual_values", filter=approved, distinct=True),
            other_values=models.Count("manual_values", filter=~approved, distinct=True),
            targets_count=models.Count("year_targets", distinct=True),
        )


class Indicator(models.Model):
    """An indicator of an expected result: its targets, and the rule that computes it (or manual values)."""

    class Kind(models.TextChoices):
        COMPUTED = "computed", _("Computed from the records")
        MANUAL = "manual", _("Entered by hand, approved")

    class Measure(models.TextChoices):
        PEOPLE_REACHED = "people_reached", _("distinct people reached")
        PEOPLE_TRAINED = "people_trained", _("distinct people trained")
        COMPLETED = "completed", _("completed participations")
        PARTICIPATIONS = "participations", _("participations")
        ACTIVITIES = "activities", _("activities")
        DAYS = "days", _("days delivered")
        EXPERTS = "experts", _("distinct experts")
        HEADCOUNT = "headcount", _("anonymous headcount")

    class Outcome(models.TextChoices):
        TRAINED = "trained", _("trained")
        MADE_AWARE = "made_aware", _("made aware")

    result = models.ForeignKey(
        ExpectedResult, verbose_name=_("expected result"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=20)
    title_fr = models.CharField(_("title (French)"), max_length=400)
    title_en = models.CharField(_("title (English)"), max_length=400, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=400, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True, help_text=_("e.g. people, procedures"))
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=1, default=Decimal(0))
    target = models.DecimalField(
        _("target"),
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("For the whole programme."),
    )
    target_women = models.DecimalField(
        _("target for women"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    target_men = models.DecimalField(
        _("target for men"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    cumulative = models.BooleanField(
        _("cumulative"),
        default=True,
        help_text=_("Progress is what was achieved since the start (otherwise: in the period)."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMPUTED)
    catalogue = models.ForeignKey(
        DonorIndicator,
        verbose_name=_("donor indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
    )
    # The rule of a computed indicator: what to count, then filters (empty means no filter).
    measure = models.CharField(
        _("what to count"), max_length=20, choices=Measure.choices, default=Measure.PEOPLE_TRAINED
    )
    activity_kinds = models.JSONField(_("kinds of activity"), default=list, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    services = models.JSONField(_("services"), default=list, blank=True)
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    beneficiary_units = models.ManyToManyField(
        Organisation, verbose_name=_("beneficiary organisations"), blank=True, related_name="+"
    )
    countries = models.JSONField(_("destination countries"), default=list, blank=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["result__code", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "code"],
                name="indicator_unique_code",
                violation_error_message=_("This result already has an indicator with this code."),
            ),
            models.CheckConstraint(condition=Q(kind__in=["computed", "manual"]), name="indicator_kind_valid"),
            models.CheckConstraint(condition=Q(sex__in=["", "F", "M"]), name="indicator_sex_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return _title_in_language(self)

    @property
    def programme_id(self) -> int:
        return self.result.programme_id


class IndicatorTarget(models.Model):
    """The target of one year (optional: the programme's target stands without them)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="year_targets"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=1)

    class Meta:
        verbose_name = _("target of a year")
        verbose_name_plural = _("targets of a year")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_target_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value}"


def evidence_path(value: "ManualValue", filename: str) -> str:
    import uuid

    return f"indicator-evidence/{value.indicator_id}/{uuid.uuid4().hex}{value.evidence_extension}"


class ManualValueQuerySet(FrameworkQuerySet):
    path = "indicator__result__programme_id"

    def approved(self):
        """Only approved values count."""
        return self.filter(status=ManualValue.Status.APPROVED)


class ManualValue(models.Model):
    """A manual indicator's value for a period, typed by a coordinator and approved by an admin."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for correction")

    # Allowed moves: who may make each is checked by the services.
    TRANSITIONS = {
        Status.DRAFT: (Status.SUBMITTED,),
        Status.RETURNED: (Status.SUBMITTED,),
        Status.SUBMITTED: (Status.APPROVED, Status.RETURNED),
        Status.APPROVED: (Status.RETURNED,),
    }

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="manual_values"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    value = models.DecimalField(
        _("value"), max_digits=12, decimal_places=1, validators=[MinValueValidator(0)]
    )
    women = models.DecimalField(_("of which women"), max_digits=12, decimal_places=1, null=True, blank=True)
    men = models.DecimalField(_("of which men"), max_digits=12, decimal_places=1, null=True, blank=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    evidence_type = models.CharField(max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    review_comment = models.TextField(_("reviewer's comment"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ManualValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("manual value")
        verbose_name_plural = _("manual values")
        ordering = ["indicator", "-period_end"]
        permissions = [("approve_manualvalue", _("Can approve or return the values of manual indicators"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="manual_value_period_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "approved", "returned"]),
                name="manual_value_status_valid",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="manual_value_not_negative"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.indicator.code} {self.period_start:%d/%m/%Y} – {self.period_end:%d/%m/%Y}: {self.value}"
        )

    @property
    def programme_id(self) -> int:
        return self.indicator.result.programme_id

    @property
    def evidence_extension(self) -> str:
        return {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(
            self.evidence_type, ""
        )

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, ())
