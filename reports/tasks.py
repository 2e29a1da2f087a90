"""Celery tasks of the reports: thin adapters around the services (ids in, nothing out)."""

from celery import shared_task
from django.conf import settings

from .services import committee_report_generate, committee_reports_recover


@shared_task(
    bind=True,
    name="reports.generate_committee_report",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    ignore_result=True,
)
def generate_committee_report(self, report_id: int) -> None:
    committee_report_generate(report_id=report_id, task_id=self.request.id or "")


@shared_task(name="reports.recover_committee_reports", ignore_result=True)
def recover_committee_reports() -> None:
    """Run by Celery beat every minute (see CELERY_BEAT_SCHEDULE)."""
    committee_reports_recover()
