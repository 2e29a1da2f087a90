"""The dashboard of figures and the committee reports."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import ListView

from accounts.http import AuthenticatedHttpRequest
from core.forms import bootstrap_widgets
from core.records import records_version
from core.versioning import StaleVersionError
from core.views import PermissionMixin, error_messages, get_or_404, permission_required, stale_message
from courses.models import Activity, Programme

from . import presentation, services
from .figures import Figures, cache_key, cached_figures, cached_figures_and_indicators
from .forms import NarrativeForm, PeriodForm, ReportRequestForm
from .models import CommitteeReport, ReportNarrative


@permission_required("reports.view_dashboard")
@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The headline figures, their breakdowns, the programme ahead, and the committee reports."""
    return _dashboard(request)


def _dashboard(
    request: AuthenticatedHttpRequest, request_form: ReportRequestForm | None = None, status: int = 200
) -> HttpResponse:
    """The dashboard; ``request_form``, when given, is a refused report request shown with its errors."""
    programmes = list(Programme.objects.for_user(request.user, "reports.view_dashboard"))
    if not programmes:
        return render(request, "reports/dashboard.html", {"empty": True})
    default = _chosen_programme(request, programmes)
    data = request.GET.copy()
    data.setdefault("programme", str(default.pk))  # the picker shows the programme the figures are of
    form = PeriodForm(data, user=request.user, default=default)
    if form.is_valid():
        programme, start, end = (form.cleaned_data[name] for name in ("programme", "start", "end"))
        if "programme" in request.GET and request.session.get(CHOSEN_PROGRAMME) != programme.pk:
            request.session[CHOSEN_PROGRAMME] = programme.pk  # remembered for the next visit
    else:  # the errors are shown beside the picker; the figures are those of the whole programme
        programme, start, end = form.cleaned_data.get("programme") or form.default, None, None
    version = records_version()
    figures, indicators = cached_figures_and_indicators(programme, start, end, version=version)
    if request_form is None:
        request_form = ReportRequestForm(
            user=request.user,
            default=programme,
            initial={
                "programme": programme,
                "start": figures.start,
                "end": figures.end,
                "language": get_language(),
            },
        )
    bootstrap_widgets(form)
    bootstrap_widgets(request_form)
    context = {
        # The presentation is computed only if the page's cached figures fragment is missing.
        **presentation.lazy_context(figures),
        "figures_cache_key": cache_key(programme, figures.start, figures.end, version),
        "several_programmes": len(programmes) > 1,
        "form": form,
        "programme": programme,
        "request_form": request_form,
        "indicators": indicators,
        # A period that does not start at the programme's start shows its figures beside those since then.
        "since_figures": None
        if figures.since_programme_start
        else cached_figures(programme, programme.start_date, figures.end, version=version),
        "side_by_side": not figures.since_programme_start,
        "recent_reports": CommitteeReport.objects.for_user(request.user).filter(programme=programme)[:5],
        "overdue": Activity.objects.for_user(request.user)
        .filter(programme=programme)
        .overdue(timezone.localdate())
        .count(),
    }
    return render(request, "reports/dashboard.html", context, status=status)


CHOSEN_PROGRAMME = "dashboard-programme"


def _chosen_programme(request, programmes) -> Programme:
    """The programme the user last chose on the dashboard, if still theirs, or their first one."""
    chosen = request.session.get(CHOSEN_PROGRAMME)
    return next((p for p in programmes if p.pk == chosen), None) or programmes[0]


class ReportListView(PermissionMixin, ListView):
    request: AuthenticatedHttpRequest
    permission_required = "reports.view_committeereport"
    template_name = "reports/report_list.html"
    context_object_name = "reports"
    paginate_by = 25

    def get_queryset(self):
        return CommitteeReport.objects.for_user(self.request.user)


@permission_required("reports.add_committeereport")
@require_http_methods(["GET", "POST"])
def report_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A report request (POST). A GET (a reloaded or bookmarked address) goes to the form on the dashboard.

    A refused request shows the dashboard again with the typed dates kept and the faulty field marked.
    """
    if request.method == "GET":
        return redirect(reverse("reports:dashboard") + "#request-report")
    form = ReportRequestForm(request.POST, user=request.user)
    if not form.is_valid():
        return _dashboard(request, request_form=form, status=400)
    data = form.cleaned_data
    try:
        report = services.committee_report_request(
            programme=data["programme"],
            start=data["start"],
            end=data["end"],
            language=data["language"],
            committee_date=data["committee_date"],
            request_token=data["request_token"],
            by=request.user,
        )
    except services.ReportQueueUnavailable as unavailable:
        messages.error(request, str(unavailable))
        return redirect("reports:report-list")
    except ValidationError as error:
        error_messages(request, error)
        return redirect("reports:dashboard")
    return redirect(report)


@permission_required("reports.view_committeereport")
@require_GET
def report_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = get_or_404(CommitteeReport.objects.for_user(request.user), pk=pk)
    snapshot = Figures.from_dict(report.figures) if report.figures else None
    context = {"report": report, "snapshot": snapshot}
    if snapshot:
        with translation.override(report.language):
            context["headline"] = presentation.headline(snapshot)
        context["done_by_kind"] = presentation.labelled(snapshot.done_by_kind, "kind")
    return render(request, "reports/report_detail.html", context)


@permission_required("reports.view_committeereport")
@require_GET
@never_cache
def report_status(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """The report's state, read from its row, for the page that waits for it."""
    report = get_or_404(CommitteeReport.objects.for_user(request.user), pk=pk)
    return JsonResponse(
        {
            "status": report.status,
            "label": report.get_status_display(),
            "finished": report.is_finished,
            "error": report.error,
            "download_url": reverse("reports:report-download", args=[report.pk])
            if report.status == CommitteeReport.Status.DONE
            else None,
            "pages": report.pages,
            "finished_at": date_format(report.finished_at, "SHORT_DATETIME_FORMAT")
            if report.finished_at
            else None,
        }
    )


@permission_required("reports.view_committeereport")
@require_GET
def report_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    report = get_or_404(CommitteeReport.objects.for_user(request.user), pk=pk)
    if report.status != CommitteeReport.Status.DONE or not report.pdf:
        raise Http404(_("This report has no PDF yet."))
    try:
        handle = report.pdf.open("rb")
    except FileNotFoundError:
        raise Http404(_("The PDF of this report cannot be found.")) from None
    return FileResponse(
        handle, as_attachment=True, filename=report.filename("pdf"), content_type="application/pdf"
    )


@permission_required("reports.add_committeereport")
@require_POST
def report_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = get_or_404(CommitteeReport.objects.for_user(request.user, "reports.add_committeereport"), pk=pk)
    try:
        services.committee_report_retry(report=report, by=request.user)
    except ValidationError as error:
        error_messages(request, error)
    return redirect(report)


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@permission_required("reports.view_committeereport")
@require_GET
def report_download_word(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The report's Word copy, made in the same run as its PDF."""
    report = get_or_404(CommitteeReport.objects.for_user(request.user), pk=pk)
    if report.status != CommitteeReport.Status.DONE or not report.docx:
        raise Http404(_("This report has no Word copy."))
    try:
        handle = report.docx.open("rb")
    except FileNotFoundError:
        raise Http404(_("The Word copy of this report cannot be found.")) from None
    return FileResponse(handle, as_attachment=True, filename=report.filename("docx"), content_type=DOCX_TYPE)


def _narrative(request: AuthenticatedHttpRequest, pk: int, language: str) -> ReportNarrative:
    """The draft narrative of a programme the user may request reports for, in one of the site's languages."""
    programme = get_or_404(Programme.objects.for_user(request.user, "reports.add_committeereport"), pk=pk)
    if language not in dict(settings.LANGUAGES):
        raise Http404(_("There is no such language."))
    return services.report_narrative_for(programme=programme, language=language)


@permission_required("reports.add_committeereport")
@require_http_methods(["GET", "POST"])
def narrative_edit(request: AuthenticatedHttpRequest, pk: int, language: str) -> HttpResponse:
    """The narrative of the programme's next report, in ``language``: written before the report is made."""
    narrative = _narrative(request, pk, language)
    form = NarrativeForm(request.POST or None, instance=narrative)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in NarrativeForm.Meta.fields}
        try:
            services.report_narrative_update(
                narrative=narrative, expected_version=form.cleaned_data["version"], by=request.user, **fields
            )
        except StaleVersionError:
            form.add_error(None, stale_message(request.path))
        else:
            messages.success(
                request, _("The narrative is saved: the next report in this language will carry it.")
            )
            return redirect(request.path)
    bootstrap_widgets(form)
    previous = (
        CommitteeReport.objects.for_user(request.user)
        .filter(programme=narrative.programme, language=language, status=CommitteeReport.Status.DONE)
        .exclude(narrative={})
        .first()
    )
    return render(
        request,
        "reports/narrative_form.html",
        {
            "form": form,
            "narrative": narrative,
            "programme": narrative.programme,
            "language_name": dict(settings.LANGUAGES)[language],
            "languages": settings.LANGUAGES,
            "previous": previous,
        },
    )


@permission_required("reports.add_committeereport")
@require_POST
def narrative_from_previous(request: AuthenticatedHttpRequest, pk: int, language: str) -> HttpResponse:
    """Start the draft from the narrative of the last report made in the same language."""
    narrative = _narrative(request, pk, language)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        services.report_narrative_from_previous(
            narrative=narrative, expected_version=version, by=request.user
        )
    except StaleVersionError:
        messages.error(request, stale_message(reverse("reports:narrative-edit", args=[pk, language])))
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request, _("The narrative now holds the previous report's text: edit it for this one.")
        )
    return redirect(narrative)
