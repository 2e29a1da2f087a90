from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app uses and that knows no domain: the bottom of the project."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Shared infrastructure")

    def ready(self):
        from .sqlite import install

        install()  # before any connection is made
