"""Personal data as the law asks: a person's whole record for an access request, erasure by
pseudonymisation that keeps every figure, and the retention rule that erases people nobody has
seen for years.

Erasure removes what identifies a person (names, service number, contacts, rank, unit) from the
record, from its history and from the access log, and keeps what the figures are made of (sex,
service, region, participations): every count stays the same.
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import history_of
from core.models import AccessLog
from core.records import records_changed
from core.versioning import history_note, record_author

from .models import Participation, Trainee

IDENTIFYING = {"first_name": "—", "service_number": "", "email": "", "phone": "", "rank": "", "unit": ""}


def pseudonym(trainee: Trainee) -> str:
    return f"PSEUDO-{trainee.pk:06d}"


def trainee_record(trainee: Trainee, *, participations: QuerySet[Participation]) -> dict[str, Any]:
    """Everything recorded about a person, for an access request (the participations given: the
    requester's programmes', or all of them for a site administrator)."""
    participations = participations.select_related("activity__programme").order_by("activity__start_date")
    return {
        "person": {
            "id": trainee.pk,
            "last_name": trainee.last_name,
            "first_name": trainee.first_name,
            "sex": trainee.get_sex_display(),
            "service": trainee.get_service_display(),
            "rank": trainee.rank,
            "unit": trainee.unit,
            "region": trainee.get_region_display() if trainee.region else "",
            "service_number": trainee.service_number,
            "email": trainee.email,
            "phone": trainee.phone,
            "recorded_on": trainee.created_at.isoformat(),
            "identity_erased_on": trainee.erased_at.isoformat() if trainee.erased_at else None,
            "programmes": [str(programme) for programme in trainee.programmes.all()],
        },
        "participations": [
            {
                "programme": str(p.activity.programme),
                "activity": p.activity.title,
                "kind": p.activity.get_kind_display(),
                "status": p.activity.get_status_display(),
                "start_date": p.activity.start_date.isoformat(),
                "end_date": p.activity.end_date.isoformat(),
                "place": p.activity.place,
                "outcome": p.get_outcome_display(),
                "attended": p.attended,
                "certificate": _certificate(p),
            }
            for p in participations
        ],
        "history": [
            {
                "date": entry.date.isoformat(),
                "by": str(entry.user) if entry.user else "",
                "change": entry.kind,
                "reason": entry.reason,
                "fields": [{"field": c.field, "before": c.old, "after": c.new} for c in entry.changes],
            }
            for entry in history_of(trainee, limit=1000)
        ],
        "accesses": [
            {
                "date": log.at.isoformat(),
                "by": str(log.user) if log.user else "",
                "action": log.get_action_display(),
            }
            for log in AccessLog.objects.filter(subject=AccessLog.Subject.TRAINEE, object_id=str(trainee.pk))
            .select_related("user")
            .order_by("at")
        ],
    }


def _certificate(participation: Participation) -> dict | None:
    certificate = getattr(participation, "certificate", None)
    if certificate is None:
        return None
    return {"code": certificate.code, "issued_at": certificate.issued_at.isoformat()}


@transaction.atomic
def trainee_pseudonymise(*, trainee: Trainee, by: User | None, reason: str) -> Trainee:
    """Erase a person's identity, keeping every figure; the history says who did it and why."""
    reason = " ".join((reason or "").split())[:100]
    if not reason:
        raise ValidationError({"reason": _("Say why the identity is erased (e.g. the person's request).")})
    current = Trainee.objects.select_for_update().get(pk=trainee.pk)
    if current.erased_at:
        raise ValidationError(_("This person's identity is already erased."))
    name = pseudonym(current)
    for field, value in {**IDENTIFYING, "last_name": name}.items():
        setattr(current, field, value)
    current.erased_at = timezone.now()
    current.version += 1
    record_author(current, by, creating=False)
    history_note(current, by, reason)
    current.save()
    # The history kept the names at each change, and the access log named the person: erase both.
    Trainee.history.filter(id=current.pk).update(**IDENTIFYING, last_name=name)
    AccessLog.objects.filter(subject=AccessLog.Subject.TRAINEE, object_id=str(current.pk)).update(label=name)
    records_changed()
    return current


def people_past_retention(today: datetime.date | None = None, years: int | None = None) -> QuerySet[Trainee]:
    """People not erased yet who have taken part in nothing for ``years`` (the retention setting):
    recorded before the cut-off, and no activity of theirs ending after it."""
    years = settings.PERSONAL_DATA_RETENTION_YEARS if years is None else years
    if years <= 0:
        return Trainee.objects.none()
    today = today or timezone.localdate()
    cutoff = _years_before(today, years)
    recent = Participation.objects.filter(activity__end_date__gte=cutoff).values("trainee_id")
    return Trainee.objects.filter(erased_at__isnull=True, created_at__date__lt=cutoff).exclude(pk__in=recent)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def pseudonymise_inactive(today: datetime.date | None = None) -> int:
    """The retention rule: erase the identity of everyone past it. Returns how many."""
    years = settings.PERSONAL_DATA_RETENTION_YEARS
    reason = _("retention: no participation for %(years)s years") % {"years": years}
    count = 0
    for trainee in people_past_retention(today).only("pk").iterator():
        trainee_pseudonymise(trainee=trainee, by=None, reason=reason)
        count += 1
    return count
