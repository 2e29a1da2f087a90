from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo programme (seed_demo, demo_setup): installed with DEBUG or DEV_TOOLS, never in production."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demo data"
