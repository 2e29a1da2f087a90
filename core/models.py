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
