from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

# The records the figures are computed from: any change to them must refresh the cached figures.
FIGURE_SOURCES = [
    "courses.Programme",
    "courses.Organisation",
    "courses.Activity",
    "courses.Expert",
    "courses.ExpertAssignment",
    "trainees.Trainee",
    "trainees.Participation",
    "trainees.Headcount",
]


class CoursesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = _("Activities and experts")

    def ready(self):
        from .models import Activity
        from .services import records_changed_signal

        for label in FIGURE_SOURCES:
            model = self.apps.get_model(label)
            post_save.connect(
                records_changed_signal, sender=model, dispatch_uid=f"records-changed-save-{label}"
            )
            post_delete.connect(
                records_changed_signal, sender=model, dispatch_uid=f"records-changed-del-{label}"
            )
        for field in (Activity.beneficiary_units, Activity.host_institutions):
            m2m_changed.connect(
                records_changed_signal,
                sender=field.through,
                dispatch_uid=f"records-changed-m2m-{field.field.name}",
            )
