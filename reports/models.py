"""Committee reports: a row first (the request), then a Celery task fills it with a PDF."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.models import Versioned
from courses.access import scope
from courses.models import Programme


def report_path(report: "CommitteeReport", filename: str) -> str:
    return f"committee-reports/{report.requested_at:%Y}/{filename}"


class CommitteeReportQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = "reports.view_committeereport"):
        """The reports of the programmes where ``user``'s role grants ``perm``: shared within a programme."""
        return scope(self, user, perm, "programme_id").select_related("programme", "requested_by")


class CommitteeReport(models.Model):
    """A steering committee's report: the figures of a period, frozen, and their PDF."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="committee_reports"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    committee_date = models.DateField(_("date of the committee"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="fr")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="committee_reports",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    # The form's token: the same request sent twice (a double click) makes one report.
    request_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The task message that runs the report: when that same message comes back, its worker died.
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    figures = models.JSONField(_("figures"), null=True, blank=True, editable=False)
    # The narrative as it was when the report was requested: {section key: text}.
    narrative = models.JSONField(_("narrative"), default=dict, blank=True, editable=False)
    pdf = models.FileField(_("PDF file"), upload_to=report_path, blank=True)
    docx = models.FileField(_("Word file"), upload_to=report_path, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = CommitteeReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee report")
        verbose_name_plural = _("committee reports")
        ordering = ["-requested_at", "-pk"]
        permissions = [("view_dashboard", _("Can see the dashboard of figures"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="report_period_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | (Q(finished_at__isnull=False) & ~Q(pdf="")),
                name="report_done_has_pdf",
            ),
        ]
        indexes = [models.Index(fields=["status", "started_at"], name="report_status_idx")]

    def __str__(self) -> str:
        return f"{self.programme} — {self.period_start:%d/%m/%Y} – {self.period_end:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report-detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def filename(self, extension: str = "pdf") -> str:
        """The download's name in the report's language, with the committee's date (the period's end
        when none was given): rapport-comite-poc-senegal-2027-03-10.pdf."""
        with translation.override(self.language):
            kind = slugify(translation.pgettext("file name", "committee-report"))
        programme = slugify(self.programme.texts(self.language).short_name)
        day = self.committee_date or self.period_end
        return f"{kind}-{programme}-{day:%Y-%m-%d}.{extension}"

    def narrative_sections(self) -> list[tuple[str, str]]:
        """The frozen narrative's (title, text) in the order of the report, the empty ones left out."""
        return [
            (title, self.narrative.get(key, ""))
            for key, title in NARRATIVE_SECTIONS
            if self.narrative.get(key)
        ]


# The narrative's sections, in the order of the report.
NARRATIVE_SECTIONS = (
    ("context", _("Context")),
    ("progress", _("Progress by expected result")),
    ("difficulties", _("Difficulties and risks")),
    ("lessons", _("Lessons learnt")),
    ("decisions", _("Decisions requested from the committee")),
)


class ReportNarrativeQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = "reports.view_committeereport"):
        return scope(self, user, perm, "programme_id").select_related("programme")


class ReportNarrative(Versioned):
    """The narrative of the next committee report of a programme, in one language: a draft the
    requester or a coordinator writes before asking for the report, which copies it into its own
    snapshot (the draft stays, for the next report to start from)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="report_narratives"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    context = models.TextField(_("Context"), blank=True)
    progress = models.TextField(_("Progress by expected result"), blank=True)
    difficulties = models.TextField(_("Difficulties and risks"), blank=True)
    lessons = models.TextField(_("Lessons learnt"), blank=True)
    decisions = models.TextField(_("Decisions requested from the committee"), blank=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = ReportNarrativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("report narrative")
        verbose_name_plural = _("report narratives")
        constraints = [
            models.UniqueConstraint(fields=["programme", "language"], name="narrative_one_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.programme} ({self.language})"

    def get_absolute_url(self) -> str:
        return reverse("reports:narrative-edit", args=[self.programme_id, self.language])

    def as_dict(self) -> dict[str, str]:
        return {key: getattr(self, key) for key, _title in NARRATIVE_SECTIONS}
