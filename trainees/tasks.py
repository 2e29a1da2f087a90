"""Celery tasks of the trainees: thin adapters around the services (ids in, nothing out)."""

from contextlib import nullcontext

from celery import shared_task
from django.conf import settings

from core.limits import memory_limit

from .services import participant_import_read


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
