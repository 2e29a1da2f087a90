"""Abstract bases of the domain's records, and the records' version that keys cached figures."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Tracked(models.Model):
    """Who created a record and who last changed it, and when. Services fill the ``*_by`` fields."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True


class Versioned(models.Model):
    """A version number checked on save, so that a stale edit is refused, never silently applied."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class RecordsVersion(models.Model):
    """A counter that moves whenever a record behind the figures changes: it keys the figures' cache.

    One row. Saves and deletions of the watched records move it through signals (each app names its
    own in ``AppConfig.ready`` with :func:`core.records.watch`); bulk writes move it themselves
    (:func:`core.records.records_changed`).
    """

    value = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("records version")
        verbose_name_plural = _("records versions")

    def __str__(self) -> str:
        return str(self.value)


class AccessLog(models.Model):
    """One view, export or print of personal data: who, when, what (read by site administrators).

    It keeps no link to the records it names, so that it outlives them; the label of a person
    whose identity is erased is erased too.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        PRINT = "print", _("Printed")
        DOWNLOAD = "download", _("Downloaded")
        ERASE = "erase", _("Erased")

    class Subject(models.TextChoices):
        TRAINEE = "trainee", _("a person's record")
        TRAINEE_LIST = "trainee_list", _("the list of people")
        PARTICIPANTS = "participants", _("an activity's participants")
        PARTICIPANT_EXPORT = "participant_export", _("a participant list")
        IMPORT = "import", _("an imported list")
        ATTENDANCE_SHEET = "attendance_sheet", _("an attendance sheet")
        CERTIFICATE = "certificate", _("certificates")
        PROOF = "proof", _("a signed attendance sheet")
        PERSON_EXPORT = "person_export", _("everything recorded about a person")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    subject = models.CharField(_("what"), max_length=30, choices=Subject.choices)
    object_id = models.CharField(_("record"), max_length=40, blank=True)
    label = models.CharField(_("name"), max_length=200, blank=True)
    programme_id = models.BigIntegerField(_("programme"), null=True, blank=True)
    path = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["subject", "object_id"], name="accesslog_subject_idx"),
            models.Index(fields=["user", "at"], name="accesslog_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()} {self.label}"
