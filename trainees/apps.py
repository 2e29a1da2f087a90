from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraineesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trainees"
    verbose_name = _("Trainees and participation")

    def ready(self):
        from core.records import watch

        from .models import Headcount, Participation, Trainee

        # The records of this app that figures are made of: any change refreshes the cached figures.
        watch(Trainee, Participation, Headcount)
