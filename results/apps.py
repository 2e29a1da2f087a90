from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "results"
    verbose_name = _("Results framework")

    def ready(self):
        from core.records import watch

        from .models import ExpectedResult, Indicator, IndicatorTarget, ManualValue

        # The framework is read with the figures and cached beside them: any change refreshes both.
        watch(
            ExpectedResult,
            Indicator,
            IndicatorTarget,
            ManualValue,
            m2m=(Indicator.themes, Indicator.beneficiary_units),
        )
