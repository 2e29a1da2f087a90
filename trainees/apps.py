from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraineesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trainees"
    verbose_name = _("Trainees and participation")

    def ready(self):
        from core.records import watch
        from courses.models import sessions_changed

        from .models import Attendance, Headcount, Participation, Trainee

        # The records of this app that figures are made of: any change refreshes the cached figures.
        watch(Trainee, Participation, Headcount, Attendance)
        # Sessions added, removed or moved, or a new threshold: the attendance counters are recounted.
        sessions_changed.connect(_recount, dispatch_uid="trainees-attendance-recount")


def _recount(sender, activity_id: int, **kwargs) -> None:
    from .attendance_services import attendance_refresh

    attendance_refresh(activity_id=activity_id)
