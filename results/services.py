"""Writes of the results framework: keyword-only services that validate, write in a transaction and record who."""

from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from courses.models import Programme
from trainees.documents import scanned_document_check

from .models import DonorIndicator, ExpectedResult, Indicator, IndicatorTarget, ManualValue


@transaction.atomic
def result_save(
    *, programme: Programme, code: str, title: str, by: User, result: ExpectedResult | None = None
) -> ExpectedResult:
    """Create or edit an expected result of ``programme``."""
    result = result or ExpectedResult(programme=programme)
    result.code, result.title = code.strip(), title.strip()
    result.full_clean()
    result.save()
    return result


@transaction.atomic
def indicator_save(
    *,
    result: ExpectedResult,
    by: User,
    indicator: Indicator | None = None,
    themes=(),
    beneficiary_units=(),
    year_targets: dict[int, Decimal] | None = None,
    **fields,
) -> Indicator:
    """Create or edit an indicator, its rule and its targets of each year (replaced as given)."""
    indicator = indicator or Indicator(result=result)
    catalogue: DonorIndicator | None = fields.get("catalogue")
    if catalogue is not None:  # picked from the donor's catalogue: its code and titles unless typed
        fields["code"] = fields.get("code") or catalogue.code
        for language in ("fr", "en", "es"):
            key = f"title_{language}"
            fields[key] = fields.get(key) or getattr(catalogue, key)
        fields["unit"] = fields.get("unit") or catalogue.unit
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    indicator.themes.set(themes)
    indicator.beneficiary_units.set(beneficiary_units)
    if year_targets is not None:
        indicator.year_targets.exclude(year__in=year_targets).delete()
        for year, value in year_targets.items():
            IndicatorTarget.objects.update_or_create(
                indicator=indicator, year=year, defaults={"value": value}
            )
    return indicator


@transaction.atomic
def manual_value_add(
    *,
    indicator: Indicator,
    by: User,
    period_start,
    period_end,
    value: Decimal,
    women: Decimal | None = None,
    men: Decimal | None = None,
    comment: str = "",
    evidence=None,
    submit: bool = False,
) -> ManualValue:
    """A coordinator's value for a period of a manual indicator, saved as a draft or submitted at once."""
    if indicator.kind != Indicator.Kind.MANUAL:
        raise ValidationError(_("This indicator is computed from the records: it takes no value by hand."))
    entry = ManualValue(
        indicator=indicator,
        period_start=period_start,
        period_end=period_end,
        value=value,
        women=women,
        men=men,
        comment=comment,
        created_by=by,
        status=ManualValue.Status.SUBMITTED if submit else ManualValue.Status.DRAFT,
    )
    _check_split(entry)
    entry.full_clean(exclude=["evidence"])
    if evidence is not None:
        data = evidence.read()
        entry.evidence_type = scanned_document_check(data)
        entry.evidence_name = Path(evidence.name or "evidence").name[:255]
        entry.evidence.save(f"evidence{entry.evidence_extension}", ContentFile(data), save=False)
    entry.save()
    return entry


def _check_split(entry: ManualValue) -> None:
    if entry.women is not None and entry.men is not None and entry.women + entry.men > entry.value:
        raise ValidationError({"women": _("Women and men together cannot be more than the value.")})
    if entry.period_start and entry.period_end and entry.period_end < entry.period_start:
        raise ValidationError({"period_end": _("The end of the period cannot be before its start.")})


# Who may make each move: submitting is the coordinators' (and admins'), approving or returning the admins'.
MOVE_PERMISSION: dict[str, str] = {
    ManualValue.Status.SUBMITTED: "results.add_manualvalue",
    ManualValue.Status.APPROVED: "results.approve_manualvalue",
    ManualValue.Status.RETURNED: "results.approve_manualvalue",
}


@transaction.atomic
def manual_value_move(*, entry: ManualValue, status: str, by: User, comment: str = "") -> ManualValue:
    """Submit, approve or return a value; the row is locked so that two reviewers cannot both move it."""
    entry = ManualValue.objects.select_for_update().select_related("indicator__result").get(pk=entry.pk)
    permission = MOVE_PERMISSION.get(status)
    if permission is None or not by.has_perm(permission, entry.indicator.result.programme):
        raise PermissionDenied
    if not entry.can_become(status):
        raise ValidationError(
            _("This value is “%(status)s”: it cannot be moved that way.")
            % {"status": entry.get_status_display()}
        )
    if status == ManualValue.Status.RETURNED and not comment.strip():
        raise ValidationError(_("Say what to correct when returning a value."))
    entry.status = status
    if status != ManualValue.Status.SUBMITTED:
        entry.reviewed_by, entry.reviewed_at = by, timezone.now()
        entry.review_comment = comment.strip()
    entry.save()
    return entry
