"""The story of each manual value, read from its history: who entered, changed, submitted, approved or
returned it, when, and with which comment."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import FieldChange, field_change

from .models import ManualValue

# What a coordinator types: a change of these is listed under the step that made it.
TYPED_FIELDS = ("period_start", "period_end", "value", "women", "men", "comment", "evidence_name")

ENTERED = {
    ManualValue.Status.DRAFT: _("Entered as a draft"),
    ManualValue.Status.SUBMITTED: _("Entered and submitted for approval"),
}
CHANGED = pgettext_lazy("a manual value", "Changed")
MOVED = {
    ManualValue.Status.DRAFT: CHANGED,
    ManualValue.Status.SUBMITTED: _("Submitted for approval"),
    ManualValue.Status.APPROVED: _("Approved"),
    ManualValue.Status.RETURNED: _("Returned for correction"),
}


@dataclass(frozen=True)
class ValueStep:
    date: datetime
    user: object
    action: str
    comment: str = ""
    changes: list[FieldChange] = field(default_factory=list)


def value_histories(values: Iterable[ManualValue]) -> dict[int, list[ValueStep]]:
    """{value id: its steps, oldest first}, read in one query whatever the number of values."""
    ids = [v.pk for v in values]
    records = (
        ManualValue.history.filter(id__in=ids)
        .exclude(history_type="-")
        .select_related("history_user", "created_by", "reviewed_by")
        .order_by("id", "history_date", "history_id")
    )
    steps: dict[int, list[ValueStep]] = defaultdict(list)
    previous = None
    for record in records:
        if previous is None or previous.id != record.id:
            steps[record.id].append(_entered(record))
        else:
            step = _step(previous, record)
            if step is not None:
                steps[record.id].append(step)
        previous = record
    return dict(steps)


def _entered(record) -> ValueStep:
    return ValueStep(
        date=record.history_date,
        user=record.history_user or record.created_by,
        action=str(ENTERED.get(record.status, MOVED.get(record.status, record.status))),
        comment=record.comment,
    )


def _step(previous, record) -> ValueStep | None:
    """What changed from ``previous`` to ``record``; None when nothing the reader cares about did."""
    delta = record.diff_against(previous, included_fields=list(TYPED_FIELDS))
    changes = [field_change(ManualValue, c.field, c.old, c.new) for c in delta.changes]
    moved = record.status != previous.status
    if not moved and not changes:
        return None
    reviewed = moved and record.status in (ManualValue.Status.APPROVED, ManualValue.Status.RETURNED)
    user = record.history_user or (record.reviewed_by if reviewed else None)
    action = MOVED.get(record.status, record.status) if moved else CHANGED
    return ValueStep(
        date=record.history_date,
        user=user,
        action=str(action),
        comment=record.review_comment if reviewed else "",
        changes=changes,
    )
