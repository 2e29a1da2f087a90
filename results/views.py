"""The results framework's pages: read by everyone with the dashboard, edited by the programme's admins,
manual values entered by coordinators and approved by admins."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from core.exports import xlsx_response
from core.versioning import StaleVersionError
from core.views import apply_service_errors, error_messages, get_or_404, permission_required, stale_message
from courses.models import Programme

from . import services
from .compute import compute_indicators
from .forms import (
    ExpectedResultForm,
    IndicatorForm,
    ManualValueEditForm,
    ManualValueForm,
    ReviewForm,
    year_target_formset,
)
from .history import value_histories
from .models import ExpectedResult, Indicator, ManualValue

READ = "reports.view_dashboard"
MANAGE = "results.manage_framework"


@permission_required(READ)
@require_GET
def framework(request: AuthenticatedHttpRequest, programme_pk: int) -> HttpResponse:
    """The programme's results, indicators, rules, targets and progress to date; manual values to review."""
    programme = get_or_404(Programme.objects.for_user(request.user, READ), pk=programme_pk)
    today = timezone.localdate()
    progress = {p.indicator_id: p for p in compute_indicators(programme, programme.start_date, today)}
    results = (
        ExpectedResult.objects.for_user(request.user, READ)
        .filter(programme=programme)
        .prefetch_related(
            Prefetch(
                "indicators", Indicator.objects.for_user(request.user, READ).select_related("catalogue")
            ),
            "indicators__year_targets",
        )
    )
    values = list(
        ManualValue.objects.for_user(request.user, "results.view_manualvalue")
        .filter(indicator__result__programme=programme)
        .select_related("indicator", "created_by", "reviewed_by")
    )
    steps = value_histories(values)
    context = {
        "programme": programme,
        "results": [(r, [(i, progress.get(i.pk)) for i in r.indicators.all()]) for r in results],
        "values": [(v, steps.get(v.pk, [])) for v in values],
        "can_manage": request.user.has_perm(MANAGE, programme),
        "can_enter": request.user.has_perm("results.add_manualvalue", programme),
        "can_change": request.user.has_perm("results.change_manualvalue", programme),
        "can_approve": request.user.has_perm("results.approve_manualvalue", programme),
    }
    return render(request, "results/framework.html", context)


def _form_page(request, form, title: str, back: str, **context) -> HttpResponse:
    return render(request, "results/form.html", {"form": form, "title": title, "back": back, **context})


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def result_edit(request: AuthenticatedHttpRequest, programme_pk: int, pk: int | None = None) -> HttpResponse:
    programme = get_or_404(Programme.objects.for_user(request.user, MANAGE), pk=programme_pk)
    result = (
        get_or_404(ExpectedResult.objects.for_user(request.user, MANAGE).filter(programme=programme), pk=pk)
        if pk
        else None
    )
    form = ExpectedResultForm(request.POST or None, instance=result)
    back = programme_framework_url(programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.result_save(programme=programme, result=result, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The expected result was saved."))
            return redirect(back)
    return _form_page(request, form, _("Expected result"), back)


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def indicator_edit(request: AuthenticatedHttpRequest, result_pk: int, pk: int | None = None) -> HttpResponse:
    result = get_or_404(ExpectedResult.objects.for_user(request.user, MANAGE), pk=result_pk)
    indicator = (
        get_or_404(Indicator.objects.for_user(request.user, MANAGE).filter(result=result), pk=pk)
        if pk
        else None
    )
    form = IndicatorForm(request.POST or None, instance=indicator)
    targets = year_target_formset(programme=result.programme, indicator=indicator, data=request.POST or None)
    back = programme_framework_url(result.programme)
    if request.method == "POST" and all([form.is_valid(), targets.is_valid()]):
        try:
            services.indicator_save(
                result=result,
                indicator=indicator,
                by=request.user,
                year_targets=targets.targets(),
                **form.service_fields(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect(back)
    return _form_page(request, form, _("Indicator"), back, targets=targets)


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def result_delete(request: AuthenticatedHttpRequest, programme_pk: int, pk: int) -> HttpResponse:
    """Confirm, then delete an expected result with its indicators (refused while one has approved values)."""
    programme = get_or_404(Programme.objects.for_user(request.user, MANAGE), pk=programme_pk)
    result = get_or_404(
        ExpectedResult.objects.for_user(request.user, MANAGE).filter(programme=programme), pk=pk
    )
    back = programme_framework_url(programme)
    if request.method == "POST":
        try:
            count = services.result_delete(result=result, by=request.user)
        except ValidationError as error:
            error_messages(request, error)
            return redirect(request.path)
        messages.success(
            request,
            ngettext(
                "The expected result %(code)s was deleted with %(count)s indicator.",
                "The expected result %(code)s was deleted with %(count)s indicators.",
                count,
            )
            % {"code": result.code, "count": count}
            if count
            else _("The expected result %(code)s was deleted.") % {"code": result.code},
        )
        return redirect(back)
    indicators = list(result.indicators.with_value_counts().prefetch_related("year_targets"))
    return _delete_page(request, result, indicators, back)


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def indicator_delete(request: AuthenticatedHttpRequest, result_pk: int, pk: int) -> HttpResponse:
    """Confirm, then delete an indicator with its targets and values (refused while it has approved values)."""
    result = get_or_404(
        ExpectedResult.objects.for_user(request.user, MANAGE).select_related("programme"), pk=result_pk
    )
    indicator = get_or_404(
        Indicator.objects.for_user(request.user, MANAGE)
        .filter(result=result)
        .with_value_counts()
        .prefetch_related("year_targets"),
        pk=pk,
    )
    back = programme_framework_url(result.programme)
    if request.method == "POST":
        try:
            services.indicator_delete(indicator=indicator, by=request.user)
        except ValidationError as error:
            error_messages(request, error)
            return redirect(request.path)
        messages.success(request, _("The indicator %(code)s was deleted.") % {"code": indicator.code})
        return redirect(back)
    return _delete_page(request, indicator, [indicator], back)


def _delete_page(request, target, indicators: list, back: str) -> HttpResponse:
    """What a deletion takes with it, or why it is refused (approved values)."""
    blockers = [
        services.approved_values_message(i.code, i.approved_values) for i in indicators if i.approved_values
    ]
    return render(
        request,
        "results/delete.html",
        {
            "target": target,
            "is_result": isinstance(target, ExpectedResult),
            "indicators": indicators,
            "blockers": blockers,
            "back": back,
        },
    )


@permission_required("results.add_manualvalue")
@require_http_methods(["GET", "POST"])
def value_create(request: AuthenticatedHttpRequest, indicator_pk: int) -> HttpResponse:
    indicator = get_or_404(
        Indicator.objects.for_user(request.user, "results.add_manualvalue").filter(
            kind=Indicator.Kind.MANUAL
        ),
        pk=indicator_pk,
    )
    form = ManualValueForm(request.POST or None, request.FILES or None)
    back = programme_framework_url(indicator.result.programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.manual_value_add(
                indicator=indicator,
                by=request.user,
                evidence=form.cleaned_data.pop("evidence"),
                submit="submit" in request.POST,
                **{k: v for k, v in form.cleaned_data.items() if k != "evidence"},
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The value was saved."))
            return redirect(back)
    return render(request, "results/value_form.html", {"form": form, "indicator": indicator, "back": back})


@permission_required("results.change_manualvalue")
@require_http_methods(["GET", "POST"])
def value_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Correct a draft or returned value, keep it or submit it again; submitted or approved, it stays."""
    entry = get_or_404(
        ManualValue.objects.for_user(request.user, "results.change_manualvalue").select_related(
            "indicator__result__programme", "reviewed_by"
        ),
        pk=pk,
    )
    back = programme_framework_url(entry.indicator.result.programme)
    if entry.status not in services.EDITABLE:
        messages.error(request, services.not_editable_message(entry))
        return redirect(back)
    form = ManualValueEditForm(
        request.POST or None,
        request.FILES or None,
        instance=entry,
        initial={"revision": services.manual_value_revision(entry)},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.manual_value_update(
                entry=entry,
                by=request.user,
                evidence=data.pop("evidence"),
                seen_revision=data.pop("revision"),
                submit="submit" in request.POST,
                **data,
            )
        except StaleVersionError:
            form.add_error(None, stale_message(request.path))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The value was saved."))
            return redirect(back)
    context = {"form": form, "indicator": entry.indicator, "entry": entry, "back": back}
    return render(request, "results/value_form.html", context)


@permission_required("results.add_manualvalue")
@require_POST
def value_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Submit (coordinator), approve or return (admin) a manual value."""
    entry = get_or_404(ManualValue.objects.for_user(request.user, "results.view_manualvalue"), pk=pk)
    form = ReviewForm(request.POST)
    back = programme_framework_url(entry.indicator.result.programme)
    if not form.is_valid():
        messages.error(request, _("This action is not known."))
        return redirect(back)
    try:
        services.manual_value_move(entry=entry, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The value is now “%(status)s”.") % {"status": _status_label(form)})
    return redirect(back)


def _status_label(form: ReviewForm) -> str:
    return str(ManualValue.Status(form.cleaned_data["status"]).label)


@permission_required("results.view_manualvalue")
@require_GET
def value_evidence(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    entry = get_or_404(ManualValue.objects.for_user(request.user, "results.view_manualvalue"), pk=pk)
    if not entry.evidence:
        raise Http404
    return FileResponse(
        entry.evidence.open("rb"),
        as_attachment=True,
        filename=entry.evidence_name,
        content_type=entry.evidence_type,
    )


@permission_required(READ)
@require_GET
def export(request: AuthenticatedHttpRequest, programme_pk: int) -> FileResponse:
    """One row per indicator and period (each year of the programme, then since the start)."""
    programme = get_or_404(Programme.objects.for_user(request.user, READ), pk=programme_pk)
    today = timezone.localdate()
    periods = [
        (datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today), str(year))
        for year in range(programme.start_date.year, today.year + 1)
    ]
    header = [
        _("Result"),
        _("Code"),
        _("Indicator"),
        _("Unit"),
        _("Period"),
        _("From"),
        _("To"),
        _("Baseline"),
        _("Target"),
        _("Actual"),
        _("Women"),
        _("Men"),
        _("Rule"),
    ]

    def rows():
        for start, end, label in periods:
            for p in compute_indicators(programme, max(start, programme.start_date), end):
                target = p.period_target if p.period_target is not None else p.target
                yield [
                    p.result_code,
                    p.code,
                    p.title,
                    p.unit,
                    label,
                    start,
                    end,
                    p.baseline,
                    target,
                    p.period,
                    p.women if not p.cumulative else None,
                    p.men if not p.cumulative else None,
                    p.rule,
                ]
        for p in compute_indicators(programme, programme.start_date, today):
            yield [
                p.result_code,
                p.code,
                p.title,
                p.unit,
                _("Since the start"),
                programme.start_date,
                today,
                p.baseline,
                p.target,
                p.since_start,
                p.women if p.cumulative else None,
                p.men if p.cumulative else None,
                p.rule,
            ]

    return xlsx_response(
        f"indicators-{programme.pk}-{today:%Y-%m-%d}.xlsx", [(_("Indicators"), header, rows())]
    )


def programme_framework_url(programme: Programme) -> str:
    from django.urls import reverse

    return reverse("results:framework", args=[programme.pk])
