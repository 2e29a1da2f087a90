"""Readable change history of a record (django-simple-history), for the admins' record pages."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext_lazy as _

HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
HIDDEN_FIELDS = {"updated_at", "updated_by", "created_at", "created_by", "name_key", "version"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    date: datetime
    user: object
    kind: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _display(model, name: str, value) -> str:
    if value in (None, ""):
        return "—"
    try:
        model_field = model._meta.get_field(name)
    except Exception:
        return str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.many_to_many:  # a list of through rows: {"activity": 1, "organisation": 3}
        target = model_field.m2m_reverse_field_name()
        ids = [row.get(target) for row in value if isinstance(row, dict)]
        names = model_field.related_model.objects.filter(pk__in=ids)
        return ", ".join(str(n) for n in names) or "—"
    if model_field.is_relation:
        related = model_field.related_model.objects.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    return _plain(value)


def _plain(value) -> str:
    """Yes/No rather than True/False; numbers and dates as the reader's language writes them ("0,5", "3")."""
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, Decimal | float):
        if value == int(value):
            return str(int(value))
        return formats.number_format(
            value.normalize() if isinstance(value, Decimal) else value, use_l10n=True
        )
    if isinstance(value, date | int):
        return str(formats.localize(value, use_l10n=True))
    return str(value)


def field_change(model, name: str, old, new) -> FieldChange:
    """A change of one field, with its label and both values as the reader reads them."""
    label = str(model._meta.get_field(name).verbose_name)
    return FieldChange(label, _display(model, name, old), _display(model, name, new))


def history_of(instance, limit: int = 30) -> list[HistoryEntry]:
    """The latest changes of ``instance``, newest first, each with its changed fields."""
    model = type(instance)
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                changes.append(field_change(model, change.field, change.old, change.new))
        entries.append(
            HistoryEntry(
                date=record.history_date,
                user=record.history_user,
                kind=str(HISTORY_TYPES.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries
