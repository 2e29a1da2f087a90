"""Attendance per session: who was there each day or half-day, unmarked until someone marks it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Tracked, Versioned
from courses.access import scope
from courses.models import Session


class AttendanceQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = "trainees.view_attendance"):
        return scope(self, user, perm, "session__activity__programme_id")

    def attending(self):
        """The marks that count a person as there: present, or late."""
        return self.filter(status__in=Attendance.ATTENDING)


class Attendance(Tracked, Versioned):
    """One person's status at one session. No row means not yet marked (never "present" by default)."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    # The rule, stated once: these statuses count as being there.
    ATTENDING = (Status.PRESENT, Status.LATE)

    participation = models.ForeignKey(
        "trainees.Participation",
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance marks")
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "session"],
                name="attendance_unique_mark",
                violation_error_message=_("This person's attendance at this session is already marked."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["present", "late", "excused", "absent"]),
                name="attendance_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"], name="attendance_session_idx")]

    def __str__(self) -> str:
        return f"{self.participation_id} @ {self.session}: {self.get_status_display()}"
