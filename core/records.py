"""The records' version: one counter that moves on every change to the records behind the figures.

Cached figures are keyed by it, so they are right as soon as anything changes, even with a cache
per process. Signals are the one place this project uses them: every write path (services, the
admin site, merges) must move the version, and a service cannot cover the admin site. Bulk writes
send no signal and call :func:`records_changed` themselves.
"""

from django.db.models import F, Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from .models import RecordsVersion


def records_changed() -> None:
    """Move the records' version: cached figures computed before are no longer used."""
    updated = RecordsVersion.objects.filter(pk=1).update(value=F("value") + 1, changed_at=timezone.now())
    if not updated:
        RecordsVersion.objects.get_or_create(pk=1, defaults={"value": 1})


def records_version() -> int:
    return RecordsVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def _receiver(sender, **kwargs) -> None:
    """Saves and deletions of a watched record; many-to-many changes once they have happened."""
    if kwargs.get("action", "post_").startswith("post_") and not kwargs.get("raw"):
        records_changed()


def watch(*models: type[Model], m2m: tuple = ()) -> None:
    """Move the version on every save or deletion of ``models`` and every change of the ``m2m`` fields.

    Each app calls it from ``AppConfig.ready`` for the records of its own that figures are made of.
    """
    for model in models:
        label = model._meta.label
        post_save.connect(_receiver, sender=model, dispatch_uid=f"records-changed-save-{label}")
        post_delete.connect(_receiver, sender=model, dispatch_uid=f"records-changed-delete-{label}")
    for descriptor in m2m:
        through = descriptor.through
        m2m_changed.connect(
            _receiver, sender=through, dispatch_uid=f"records-changed-m2m-{through._meta.label}"
        )
