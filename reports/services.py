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
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from kombu.exceptions import KombuError

from accounts.models import User
from core.uploads import image_data_uri
from core.versioning import versioned_update
from courses.models import Activity, Programme

from . import presentation
from .figures import _jsonable, compute_figures, compute_figures_and_indicators
from .models import NARRATIVE_SECTIONS, CommitteeReport, ReportNarrative

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
    draft = ReportNarrative.objects.filter(programme=programme, language=language).first()
    report = CommitteeReport(
        programme=programme,
        period_start=start,
        period_end=end,
        language=language,
        committee_date=committee_date,
        requested_by=by,
        request_token=request_token,
        narrative=draft.as_dict() if draft else {},
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


def report_narrative_for(*, programme: Programme, language: str) -> ReportNarrative:
    """The narrative being written for the programme's next report in ``language`` (made empty the first time)."""
    return ReportNarrative.objects.get_or_create(programme=programme, language=language)[0]


def report_narrative_update(
    *, narrative: ReportNarrative, expected_version: int, by: User, **fields
) -> ReportNarrative:
    """Save the draft narrative, from the version the user saw (``fields``: its sections)."""
    unknown = set(fields) - {key for key, _title in NARRATIVE_SECTIONS}
    if unknown:
        raise ValueError(f"not a narrative section: {sorted(unknown)}")
    return versioned_update(narrative, expected_version=expected_version, by=by, fields=fields)


@transaction.atomic
def report_narrative_from_previous(
    *, narrative: ReportNarrative, expected_version: int, by: User
) -> ReportNarrative:
    """Start the draft from the narrative of the programme's last report made in its language."""
    previous = (
        CommitteeReport.objects.filter(
            programme_id=narrative.programme_id,
            language=narrative.language,
            status=CommitteeReport.Status.DONE,
        )
        .exclude(narrative={})
        .order_by("-finished_at", "-pk")
        .first()
    )
    if previous is None:
        raise ValidationError(_("No earlier report in this language has a narrative to start from."))
    sections = {key: previous.narrative.get(key, "") for key, _title in NARRATIVE_SECTIONS}
    return report_narrative_update(narrative=narrative, expected_version=expected_version, by=by, **sections)


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
        for pair in CommitteeReport.objects.exclude(pdf="").values_list("pdf", "docx")
        for name in pair
        if name
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

    from .word import committee_report_docx

    seen_from = report.committee_date or timezone.localdate()  # the programme ahead runs to its year's end
    try:
        with translation.override(report.language), timezone.override(settings.TIME_ZONE):
            figures, indicators = compute_figures_and_indicators(
                report.programme, report.period_start, report.period_end, today=seen_from
            )
            since = (
                None
                if figures.since_programme_start
                else compute_figures(
                    report.programme, report.programme.start_date, report.period_end, today=seen_from
                )
            )
            context = committee_report_context(
                report=report, figures=figures, indicators=indicators, since_figures=since
            )
            html = render_to_string("reports/pdf/committee_report.html", context)
            pdf, pages = html_to_pdf(html, style="committee-report")
            docx = committee_report_docx(context)
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
    stored = _store(report, started, {"pdf": pdf, "docx": docx}, pages=pages, figures=snapshot)
    if stored:
        report_ready_notify(report=report)
    return stored


def _store(report: CommitteeReport, started: datetime.datetime, files: dict[str, bytes], **fields) -> bool:
    """Write the files (PDF, Word copy) under temporary names, then, in the transaction that marks the
    row done, move them into place: a run that dies leaves partial files (removed by the periodic
    check), never a done row without its files. If another run took the report over meanwhile, this
    one's files go."""
    storage = report.pdf.storage
    partials = {
        kind: storage.save(
            f"{report_path_for(report, kind)}.{uuid.uuid4().hex}{PARTIAL_SUFFIX}", ContentFile(data)
        )
        for kind, data in files.items()
    }
    try:
        with transaction.atomic():
            names = {kind: storage.get_available_name(report_path_for(report, kind)) for kind in files}
            finished = CommitteeReport.objects.filter(
                pk=report.pk, status=CommitteeReport.Status.RUNNING, started_at=started
            ).update(
                status=CommitteeReport.Status.DONE,
                finished_at=timezone.now(),
                size=len(files["pdf"]),
                error="",
                **names,
                **fields,
            )
            if finished:
                for kind, partial in partials.items():
                    os.replace(storage.path(partial), storage.path(names[kind]))
    finally:
        for partial in partials.values():
            storage.delete(partial)  # gone already once moved into place
    return bool(finished)


def report_path_for(report: CommitteeReport, kind: str = "pdf") -> str:
    return report.pdf.field.generate_filename(report, f"committee-report-{report.pk}.{kind}")


def _fail(report: CommitteeReport, started: datetime.datetime, message: str) -> bool:
    failed = CommitteeReport.objects.filter(
        pk=report.pk, status=CommitteeReport.Status.RUNNING, started_at=started
    ).update(status=CommitteeReport.Status.FAILED, finished_at=timezone.now(), error=message)
    if failed:
        report.refresh_from_db()
        report_ready_notify(report=report)
    return False


def report_ready_notify(*, report: CommitteeReport) -> None:
    """Tell the requester, in the report's language, that their report is ready or failed (Django's
    e-mail: the console in the demo, SMTP from EMAIL_URL in production). A mail that cannot be sent
    is logged; the report stays as it is."""
    if not report.requested_by.email:
        return
    report.refresh_from_db(fields=["status", "error", "pages"])
    with translation.override(report.language):
        context = {"report": report, "link": settings.SITE_URL.rstrip("/") + report.get_absolute_url()}
        try:
            send_mail(
                subject=render_to_string("reports/email/report_subject.txt", context).strip(),
                message=render_to_string("reports/email/report.txt", context),
                from_email=None,
                recipient_list=[report.requested_by.email],
            )
        except OSError as error:
            logger.error(
                "Could not tell %s about committee report %s: %s", report.requested_by, report.pk, error
            )


def committee_report_context(*, report: CommitteeReport, figures, indicators=(), since_figures=None) -> dict:
    """Everything the report says, in the active language: the PDF's template and the Word copy both
    read it, so the two files carry the same report."""
    programme = report.programme
    annex = Activity.objects.achievements(programme, report.period_start, report.period_end).order_by(
        "end_date", "title"
    )
    generated_at = timezone.localtime()
    return {
        **presentation.context(figures),
        "report": report,
        "programme": programme,
        "texts": programme.texts(report.language),
        "logo": image_data_uri(programme.logo),
        "donor_logo": image_data_uri(programme.donor_logo),
        "narrative": report.narrative_sections(),
        # The results framework's indicators, when the programme has them: a section of its own.
        "indicators": indicators,
        "since_figures": since_figures,
        "side_by_side": not figures.since_programme_start,
        "signoff": {
            "prepared_by": report.requested_by.get_full_name() or report.requested_by.get_username(),
            "approved_by": programme.signatory_name,
            "approved_title": programme.signatory_title,
            "date": report.committee_date or generated_at.date(),
        },
        "annex": list(annex[:ANNEX_LIMIT]),
        "annex_more": max(figures.activities_done - ANNEX_LIMIT, 0),
        "generated_at": generated_at,
    }


def render_committee_report_html(
    *, report: CommitteeReport, figures, indicators=(), since_figures=None
) -> str:
    """The report's HTML (then turned into PDF): narrative, figures, indicators, charts and the annex."""
    return render_to_string(
        "reports/pdf/committee_report.html",
        committee_report_context(
            report=report, figures=figures, indicators=indicators, since_figures=since_figures
        ),
    )
