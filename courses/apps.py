from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = _("Activities and experts")

    def ready(self):
        from core.records import watch

        from .models import Activity, Expert, ExpertAssignment, Organisation, Programme

        # The records of this app that figures are made of: any change refreshes the cached figures.
        watch(
            Programme,
            Organisation,
            Activity,
            Expert,
            ExpertAssignment,
            m2m=(Activity.beneficiary_units, Activity.host_institutions),
        )
