"""Writes of the results framework: keyword-only services that validate, write in a transaction and record who."""

from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from core.versioning import StaleVersionError, history_note
from courses.models import Programme
from trainees.documents import delete_file_on_commit, scanned_document_check

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
        _attach_evidence(entry, evidence)
    history_note(entry, by)
    entry.save()
    return entry


def _attach_evidence(entry: ManualValue, evidence) -> None:
    """Check an uploaded evidence file like a scanned attendance sheet (by content, 10 MB at most),
    then store it for ``entry`` (saved by the caller)."""
    data = evidence.read()
    entry.evidence_type = scanned_document_check(data)
    entry.evidence_name = Path(evidence.name or "evidence").name[:255]
    entry.evidence.save(f"evidence{entry.evidence_extension}", ContentFile(data), save=False)


# A value is the coordinator's to change while it is a draft or returned; submitted, it waits for
# the review; approved, it is the programme's record.
EDITABLE = (ManualValue.Status.DRAFT, ManualValue.Status.RETURNED)


def not_editable_message(entry: ManualValue) -> str:
    return _("This value is “%(status)s”: only a draft or a returned value can be changed.") % {
        "status": entry.get_status_display()
    }


def manual_value_revision(entry: ManualValue) -> int | None:
    """The latest history row of ``entry``: an edit started from an older one would overwrite someone's."""
    return entry.history.order_by("-history_id").values_list("history_id", flat=True).first()


@transaction.atomic
def manual_value_update(
    *,
    entry: ManualValue,
    by: User,
    period_start,
    period_end,
    value: Decimal,
    women: Decimal | None = None,
    men: Decimal | None = None,
    comment: str = "",
    evidence=None,
    submit: bool = False,
    seen_revision: int | None = None,
) -> ManualValue:
    """Correct a draft or returned value (a new ``evidence`` file replaces the old one), and submit it
    if asked. Refused once submitted or approved, and if someone changed it since ``seen_revision``."""
    entry = (
        ManualValue.objects.select_for_update(of=("self",))
        .select_related("indicator__result")
        .get(pk=entry.pk)
    )
    if not by.has_perm("results.change_manualvalue", entry):
        raise PermissionDenied
    if seen_revision is not None and seen_revision != manual_value_revision(entry):
        raise StaleVersionError
    if entry.status not in EDITABLE:
        raise ValidationError(not_editable_message(entry))
    if submit and not by.has_perm(MOVE_PERMISSION[ManualValue.Status.SUBMITTED], entry):
        raise PermissionDenied
    entry.period_start, entry.period_end, entry.value = period_start, period_end, value
    entry.women, entry.men, entry.comment = women, men, comment
    _check_split(entry)
    entry.full_clean(exclude=["evidence"])
    if evidence is not None:
        delete_file_on_commit(entry.evidence)
        _attach_evidence(entry, evidence)
    if submit:
        entry.status = ManualValue.Status.SUBMITTED
    history_note(entry, by)
    entry.save()
    return entry


def _check_split(entry: ManualValue) -> None:
    split = [part for part in (entry.women, entry.men) if part is not None]
    if split and entry.value is not None and sum(split) > entry.value:
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
    history_note(entry, by)
    entry.save()
    return entry


def _refuse_approved_values(indicators: list[Indicator]) -> None:
    """Approved values are the programme's record: an indicator holding some is never deleted with them.

    The values are locked first, so that none is approved while the deletion runs.
    """
    statuses = ManualValue.objects.select_for_update(of=("self",)).filter(indicator__in=indicators)
    approved: dict[int, int] = {}
    for indicator_id, status in statuses.values_list("indicator_id", "status"):
        if status == ManualValue.Status.APPROVED:
            approved[indicator_id] = approved.get(indicator_id, 0) + 1
    if approved:
        raise ValidationError(
            [approved_values_message(i.code, approved[i.pk]) for i in indicators if i.pk in approved]
        )


def approved_values_message(code: str, count: int) -> str:
    return ngettext(
        "Indicator %(code)s has %(count)s approved value, which is the programme's record: it cannot be "
        "deleted. If that value was entered by mistake, return it (saying why), then delete the indicator.",
        "Indicator %(code)s has %(count)s approved values, which are the programme's record: it cannot be "
        "deleted. If those values were entered by mistake, return them (saying why), then delete the indicator.",
        count,
    ) % {"code": code, "count": count}


def _delete_indicators(indicators: list[Indicator], by: User) -> None:
    """Delete the indicators with their targets of each year and their values (none approved: checked)."""
    values = ManualValue.objects.filter(indicator__in=indicators)
    for entry in values:
        delete_file_on_commit(entry.evidence)
        history_note(entry, by)  # the value's history keeps its deletion, and who made it
        entry.delete()
    for indicator in indicators:
        indicator.delete()  # its targets of each year go with it


@transaction.atomic
def indicator_delete(*, indicator: Indicator, by: User) -> None:
    """Delete an indicator, its targets of each year and its values not approved; refused while it
    holds approved values (see :func:`_refuse_approved_values`)."""
    indicator = (
        Indicator.objects.select_for_update(of=("self",)).select_related("result").get(pk=indicator.pk)
    )
    if not by.has_perm("results.manage_framework", indicator):
        raise PermissionDenied
    _refuse_approved_values([indicator])
    _delete_indicators([indicator], by)


@transaction.atomic
def result_delete(*, result: ExpectedResult, by: User) -> int:
    """Delete an expected result with its indicators (their targets and values not approved); refused
    while one of them holds approved values. Returns how many indicators went with it."""
    result = ExpectedResult.objects.select_for_update().get(pk=result.pk)
    if not by.has_perm("results.manage_framework", result):
        raise PermissionDenied
    indicators = list(Indicator.objects.select_for_update().filter(result=result).order_by("code"))
    _refuse_approved_values(indicators)
    _delete_indicators(indicators, by)
    result.delete()
    return len(indicators)
