"""Committee reports: request (a row, then a task after commit), generation, failure, retry."""

import datetime
import logging
import uuid
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import KombuError

from accounts.models import User
from courses.models import Activity, Programme

from . import presentation
from .figures import compute_figures
from .models import CommitteeReport

logger = logging.getLogger(__name__)

# A report can only be running this long: the worker's hard time limit kills it after that.
RUNNING_AT_MOST = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 30)
# The annex lists at most this many activities (some 70 pages); the export has them all.
ANNEX_LIMIT = 2000
# A report nobody started in this time has no worker to run it.
QUEUED_AT_MOST = timedelta(minutes=15)


class ReportQueueUnavailable(Exception):
    """The task queue could not be reached; the report was marked failed."""


def committee_report_request(
    *,
    programme: Programme,
    start: datetime.date,
    end: datetime.date,
    language: str,
    by: User,
    request_token: uuid.UUID,
    committee_date: datetime.date | None = None,
) -> CommitteeReport:
    """Create the report's row and send its task once the row is committed.

    The same ``request_token`` (one form, clicked twice) gives back the same report.
    """
    existing = CommitteeReport.objects.filter(request_token=request_token).first()
    if existing:
        return existing
    report = CommitteeReport(
        programme=programme,
        period_start=start,
        period_end=end,
        language=language,
        committee_date=committee_date,
        requested_by=by,
        request_token=request_token,
    )
    report.full_clean(exclude=["request_token"])
    try:
        with transaction.atomic():
            report.save()
            transaction.on_commit(lambda: _send(report.pk))
    except IntegrityError:  # the same token, committed by a concurrent click
        return CommitteeReport.objects.get(request_token=request_token)
    report.refresh_from_db()
    if report.status == CommitteeReport.Status.FAILED and report.attempts == 0:
        raise ReportQueueUnavailable(report.error)
    return report


@transaction.atomic
def committee_report_retry(*, report: CommitteeReport, by: User) -> CommitteeReport:
    """Queue a failed report again; a report that is done stays as it is (archives are immutable)."""
    updated = CommitteeReport.objects.filter(pk=report.pk, status=CommitteeReport.Status.FAILED).update(
        status=CommitteeReport.Status.QUEUED, error="", started_at=None, finished_at=None
    )
    if not updated:
        raise ValidationError(_("Only a failed report can be tried again."))
    transaction.on_commit(lambda: _send(report.pk))
    return report


def _send(report_id: int) -> None:
    from .tasks import generate_committee_report

    try:
        generate_committee_report.apply_async(args=[report_id])
    except (KombuError, OSError) as error:
        logger.error("Could not queue committee report %s: %s", report_id, error)
        CommitteeReport.objects.filter(pk=report_id, status=CommitteeReport.Status.QUEUED).update(
            status=CommitteeReport.Status.FAILED,
            finished_at=timezone.now(),
            error=_(
                "The report service is unavailable right now (its task queue cannot be reached), so the "
                "report was not started. Try again in a few minutes; if it persists, tell the administrator."
            ),
        )


def committee_reports_fail_stuck(now: datetime.datetime | None = None) -> int:
    """Fail reports that cannot be making progress: running past the hard limit, or never started."""
    now = now or timezone.now()
    running = CommitteeReport.objects.filter(
        status=CommitteeReport.Status.RUNNING, started_at__lt=now - RUNNING_AT_MOST
    ).update(
        status=CommitteeReport.Status.FAILED,
        finished_at=now,
        error=_("The preparation of the report was interrupted (the worker stopped). Try again."),
    )
    queued = CommitteeReport.objects.filter(
        status=CommitteeReport.Status.QUEUED, requested_at__lt=now - QUEUED_AT_MOST
    ).update(
        status=CommitteeReport.Status.FAILED,
        finished_at=now,
        error=_(
            "No report worker picked up this request. Try again; if it persists, tell the administrator."
        ),
    )
    return running + queued


def committee_report_generate(*, report_id: int) -> bool:
    """Compute, render and store one report. Idempotent: returns False when there was nothing to do."""
    started = timezone.now()
    claimed = (
        CommitteeReport.objects.filter(pk=report_id)
        .filter(
            Q(status=CommitteeReport.Status.QUEUED)
            | Q(status=CommitteeReport.Status.RUNNING, started_at__lt=started - RUNNING_AT_MOST)
        )
        .update(status=CommitteeReport.Status.RUNNING, started_at=started, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    report = CommitteeReport.objects.select_related("programme", "requested_by").get(pk=report_id)
    from core.pdf import html_to_pdf  # WeasyPrint takes seconds to import: only workers pay for it

    try:
        with translation.override(report.language), timezone.override(settings.TIME_ZONE):
            figures = compute_figures(report.programme, report.period_start, report.period_end)
            html = render_committee_report_html(report=report, figures=figures)
            pdf, pages = html_to_pdf(html, style="committee-report")
    except SoftTimeLimitExceeded:
        return _fail(
            report, started, _("The report took too long to prepare and was stopped. Try a shorter period.")
        )
    except Exception:
        logger.exception("Committee report %s failed", report_id)
        with translation.override(report.language):
            message = _(
                "The report could not be prepared because of an unexpected error, which has been logged."
            )
        return _fail(report, started, message)
    name = report.pdf.storage.save(report_path_for(report), ContentFile(pdf))
    finished = CommitteeReport.objects.filter(
        pk=report_id, status=CommitteeReport.Status.RUNNING, started_at=started
    ).update(
        status=CommitteeReport.Status.DONE,
        finished_at=timezone.now(),
        figures=figures.to_dict(),
        pdf=name,
        pages=pages,
        size=len(pdf),
        error="",
    )
    if not finished:  # another run took the report over meanwhile: keep one file only
        report.pdf.storage.delete(name)
    return bool(finished)


def report_path_for(report: CommitteeReport) -> str:
    return report.pdf.field.generate_filename(report, f"committee-report-{report.pk}.pdf")


def _fail(report: CommitteeReport, started: datetime.datetime, message: str) -> bool:
    CommitteeReport.objects.filter(
        pk=report.pk, status=CommitteeReport.Status.RUNNING, started_at=started
    ).update(status=CommitteeReport.Status.FAILED, finished_at=timezone.now(), error=message)
    return False


def render_committee_report_html(*, report: CommitteeReport, figures) -> str:
    """The report's HTML (then turned into PDF): figures, charts and the annex of activities."""
    annex = Activity.objects.achievements(report.programme, report.period_start, report.period_end).order_by(
        "end_date", "title"
    )
    annex_total = figures.activities_done
    return render_to_string(
        "reports/pdf/committee_report.html",
        {
            **presentation.context(figures),
            "report": report,
            "programme": report.programme,
            "annex": annex[:ANNEX_LIMIT],
            "annex_more": max(annex_total - ANNEX_LIMIT, 0),
            "generated_at": timezone.localtime(),
        },
    )
