"""Committee reports: request (a row, then a task after commit), generation, failure, retry."""

import datetime
import logging
import os
import time
import uuid
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from kombu.exceptions import KombuError

from accounts.models import User
from courses.models import Activity, Programme
from results.compute import compute_indicators

from . import presentation
from .figures import _jsonable, compute_figures
from .models import CommitteeReport

logger = logging.getLogger(__name__)

# A report can only be running this long: the worker's hard time limit kills it after that.
RUNNING_AT_MOST = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 30)
# The annex lists at most this many activities (some 70 pages); the export has them all.
ANNEX_LIMIT = 2000
# A report nobody started in this time has no worker to run it.
QUEUED_AT_MOST = timedelta(minutes=15)
# A report is tried this many times (a worker that died, a lost connection) before it is failed.
MAX_ATTEMPTS = 3
# A report's PDF is written under a temporary name, moved into place when its row is marked done.
PARTIAL_SUFFIX = ".part"


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
    # A queued report's started_at says since when it waits (the claim sets it when it starts).
    updated = CommitteeReport.objects.filter(pk=report.pk, status=CommitteeReport.Status.FAILED).update(
        status=CommitteeReport.Status.QUEUED,
        error="",
        started_at=timezone.now(),
        finished_at=None,
        attempts=0,
    )
    if not updated:
        raise ValidationError(_("Only a failed report can be tried again."))
    transaction.on_commit(lambda: _send(report.pk))
    return report


def _send(report_id: int) -> None:
    from .tasks import generate_committee_report

    task_id = str(uuid.uuid4())
    CommitteeReport.objects.filter(pk=report_id).update(task_id=task_id)
    try:
        generate_committee_report.apply_async(args=[report_id], task_id=task_id)
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


def committee_reports_recover(now: datetime.datetime | None = None) -> dict[str, int]:
    """The periodic check (Celery beat): reports that cannot be making progress, and stray files.

    A report running past the hard time limit lost its worker (killed, or its database connection
    lost): it is queued again, up to ``MAX_ATTEMPTS`` runs, then failed. A report queued for
    ``QUEUED_AT_MOST`` has no worker to run it: failed. Report files no row names are removed.
    """
    now = now or timezone.now()
    stuck = CommitteeReport.objects.filter(
        status=CommitteeReport.Status.RUNNING, started_at__lt=now - RUNNING_AT_MOST
    )
    requeued = []
    for report in stuck.filter(attempts__lt=MAX_ATTEMPTS).only("pk", "started_at"):
        if CommitteeReport.objects.filter(
            pk=report.pk, status=CommitteeReport.Status.RUNNING, started_at=report.started_at
        ).update(status=CommitteeReport.Status.QUEUED, started_at=now):  # queued since now
            requeued.append(report.pk)
    for report_id in requeued:
        _send(report_id)
    failed = _fail_all(
        stuck.filter(attempts__gte=MAX_ATTEMPTS),
        now,
        gettext_noop(
            "The preparation of the report was interrupted several times (the worker stopped). Try again; if "
            "it persists, tell the administrator."
        ),
    )
    failed += _fail_all(
        CommitteeReport.objects.alias(queued_at=Coalesce("started_at", "requested_at")).filter(
            status=CommitteeReport.Status.QUEUED, queued_at__lt=now - QUEUED_AT_MOST
        ),
        now,
        gettext_noop(
            "No report worker picked up this request. Try again; if it persists, tell the administrator."
        ),
    )
    return {"requeued": len(requeued), "failed": failed, "files_removed": committee_report_files_clean()}


def _fail_all(reports, now: datetime.datetime, message: str) -> int:
    """Fail each report with the message in its own language."""
    count = 0
    for report in reports.only("pk", "language", "status"):
        with translation.override(report.language):
            count += CommitteeReport.objects.filter(pk=report.pk, status=report.status).update(
                status=CommitteeReport.Status.FAILED, finished_at=now, error=_(message)
            )
    return count


def committee_report_files_clean(*, older_than: timedelta = timedelta(minutes=10)) -> int:
    """Remove report files that no row names: partial files of runs that died, and whole files a run
    moved into place but could not record. Recent ones are left to the run that may still own them."""
    storage = CommitteeReport._meta.get_field("pdf").storage
    root = Path(storage.path("committee-reports"))
    if not root.is_dir():
        return 0
    named = {
        Path(storage.path(name))
        for name in CommitteeReport.objects.exclude(pdf="").values_list("pdf", flat=True)
    }
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for path in root.rglob("*"):
        if path.is_file() and path not in named and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def committee_report_generate(*, report_id: int, task_id: str = "") -> bool:
    """Compute, render and store one report. Idempotent: returns False when there was nothing to do.

    The row is claimed when queued; or when running but abandoned: past the hard time limit, or run
    by this same task message, which comes back only when the worker running it died.
    """
    started = timezone.now()
    abandoned = Q(started_at__lt=started - RUNNING_AT_MOST)
    if task_id:
        abandoned |= Q(task_id=task_id)
    claimed = (
        CommitteeReport.objects.filter(pk=report_id, attempts__lt=MAX_ATTEMPTS)
        .filter(
            Q(status=CommitteeReport.Status.QUEUED) | (Q(status=CommitteeReport.Status.RUNNING) & abandoned)
        )
        .update(status=CommitteeReport.Status.RUNNING, started_at=started, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    report = CommitteeReport.objects.select_related("programme", "requested_by").get(pk=report_id)
    from core.pdf import html_to_pdf  # WeasyPrint takes seconds to import: only workers pay for it

    seen_from = report.committee_date or timezone.localdate()  # the programme ahead runs to its year's end
    try:
        with translation.override(report.language), timezone.override(settings.TIME_ZONE):
            figures = compute_figures(
                report.programme,
                report.period_start,
                report.period_end,
                today=seen_from,
            )
            indicators = compute_indicators(report.programme, report.period_start, report.period_end)
            since = (
                None
                if figures.since_programme_start
                else compute_figures(
                    report.programme,
                    report.programme.start_date,
                    report.period_end,
                    today=seen_from,
                )
            )
            html = render_committee_report_html(
                report=report, figures=figures, indicators=indicators, since_figures=since
            )
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
    # The indicators are part of the snapshot, beside the figures.
    snapshot = {**figures.to_dict(), "indicators": _jsonable([asdict(p) for p in indicators])}
    if since is not None:
        snapshot["since_start"] = since.to_dict()
    return _store(report, started, pdf, pages=pages, figures=snapshot)


def _store(report: CommitteeReport, started: datetime.datetime, pdf: bytes, **fields) -> bool:
    """Write the PDF under a temporary name, then, in the transaction that marks the row done, move it
    into place: a run that dies leaves a partial file (removed by the periodic check), never a done
    row without its file. If another run took the report over meanwhile, this one's file goes."""
    storage = report.pdf.storage
    final = report_path_for(report)
    partial = storage.save(f"{final}.{uuid.uuid4().hex}{PARTIAL_SUFFIX}", ContentFile(pdf))
    try:
        with transaction.atomic():
            name = storage.get_available_name(final)
            finished = CommitteeReport.objects.filter(
                pk=report.pk, status=CommitteeReport.Status.RUNNING, started_at=started
            ).update(
                status=CommitteeReport.Status.DONE,
                finished_at=timezone.now(),
                pdf=name,
                size=len(pdf),
                error="",
                **fields,
            )
            if finished:
                os.replace(storage.path(partial), storage.path(name))
    finally:
        storage.delete(partial)  # gone already once moved into place
    return bool(finished)


def report_path_for(report: CommitteeReport) -> str:
    return report.pdf.field.generate_filename(report, f"committee-report-{report.pk}.pdf")


def _fail(report: CommitteeReport, started: datetime.datetime, message: str) -> bool:
    CommitteeReport.objects.filter(
        pk=report.pk, status=CommitteeReport.Status.RUNNING, started_at=started
    ).update(status=CommitteeReport.Status.FAILED, finished_at=timezone.now(), error=message)
    return False


def render_committee_report_html(
    *, report: CommitteeReport, figures, indicators=(), since_figures=None
) -> str:
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
            "indicators": indicators,
            "since_figures": since_figures,
            "side_by_side": not figures.since_programme_start,
            "annex": annex[:ANNEX_LIMIT],
            "annex_more": max(annex_total - ANNEX_LIMIT, 0),
            "generated_at": timezone.localtime(),
        },
    )
