"""Celery tasks of the trainees: thin adapters around the services (ids in, nothing out)."""

from contextlib import nullcontext

from celery import shared_task
from django.conf import settings

from core.limits import memory_limit

from .import_services import participant_import_read, participant_imports_fail_stuck
from .privacy import pseudonymise_inactive


@shared_task(
    bind=True,
    name="trainees.read_participant_import",
    soft_time_limit=settings.IMPORT_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.IMPORT_TASK_TIME_LIMIT,
    ignore_result=True,
)
def read_participant_import(self, import_id: int) -> None:
    """Read an uploaded list within the task's time and memory bounds.

    Acknowledged on receipt: a file that killed its worker is not delivered again; the periodic
    check fails its row instead. The memory bound is the worker child's own (never a web process's).
    """
    bound = nullcontext() if self.request.is_eager else memory_limit(settings.IMPORT_TASK_MEMORY_MB)
    with bound:
        participant_import_read(import_id=import_id)


@shared_task(name="trainees.fail_stuck_participant_imports", ignore_result=True)
def fail_stuck_participant_imports() -> None:
    """Run by Celery beat every minute (see CELERY_BEAT_SCHEDULE)."""
    participant_imports_fail_stuck()


@shared_task(name="trainees.pseudonymise_inactive_people", ignore_result=True)
def pseudonymise_inactive_people() -> int:
    """The personal-data retention rule, run every night by Celery beat."""
    return pseudonymise_inactive()
