from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """``manage.py bench`` (``make bench``): installed with DEBUG or DEV_TOOLS, never in production."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "benchmarks"
    verbose_name = "Benchmarks"
