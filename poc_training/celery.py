"""The Celery application.

Configured from Django settings (the ``CELERY_`` namespace). When ``CELERY_BROKER_URL`` is not
set, settings make every task run eagerly in-process: the embedded default of ``make demo``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "poc_training.settings")

app = Celery("poc_training")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="poc_training.ping")
def ping(value: str = "pong") -> str:
    """Echo a value: used by health checks and the worker round-trip test."""
    return value
