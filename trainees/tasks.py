"""Celery tasks of the trainees: thin adapters around the services."""

from celery import shared_task

from .privacy import pseudonymise_inactive


@shared_task(name="trainees.pseudonymise_inactive_people", ignore_result=True)
def pseudonymise_inactive_people() -> int:
    """The personal-data retention rule, run every night by Celery beat."""
    return pseudonymise_inactive()
