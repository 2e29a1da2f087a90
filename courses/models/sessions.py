"""Sessions: the days (or half-days) of an activity, on which attendance is taken."""

import datetime

from django.db import models
from django.db.models import Q
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Tracked

from .activities import Activity

# Sent with ``activity=`` after an activity's sessions were added, removed or moved. The trainees
# app, which records attendance on sessions, refreshes its counters on it (this app cannot import
# that one: see docs/design.md).
sessions_changed = Signal()


class SessionQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = "courses.view_session"):
        """The sessions of the programmes where ``user``'s role grants ``perm``."""
        from ..access import scope

        return scope(self, user, perm, "activity__programme_id")

    def with_marks(self):
        """Each session with its number of attendance marks (a marked session is kept, never dropped)."""
        return self.annotate(mark_count=models.Count("attendances"))

    def past_or_today(self, today: datetime.date):
        """Sessions on which attendance can be taken: a future session cannot be marked yet."""
        return self.filter(date__lte=today)


class Session(Tracked):
    """A day, a morning or an afternoon of an activity. Unique per activity, date and part."""

    class Part(models.TextChoices):
        DAY = "day", _("Full day")
        MORNING = "morning", _("Morning")
        AFTERNOON = "afternoon", _("Afternoon")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("date"))
    part = models.CharField(_("part of the day"), max_length=10, choices=Part.choices, default=Part.DAY)

    history = HistoricalRecords()
    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "part"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "date", "part"],
                name="session_unique_part",
                violation_error_message=_("This activity already has a session on that date and part."),
            ),
            models.CheckConstraint(
                condition=Q(part__in=["day", "morning", "afternoon"]), name="session_part_valid"
            ),
        ]

    def __str__(self) -> str:
        if self.part == self.Part.DAY:
            return f"{self.date:%Y-%m-%d}"
        return f"{self.date:%Y-%m-%d} ({self.get_part_display()})"

    @property
    def is_full_day(self) -> bool:
        return self.part == self.Part.DAY

    def is_future(self, today: datetime.date) -> bool:
        return self.date > today
