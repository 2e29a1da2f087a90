"""The dashboard of figures and the committee reports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import ListView

from accounts.http import AuthenticatedHttpRequest
from core.forms import bootstrap_widgets
from core.records import records_version
from core.views import PermissionMixin, error_messages, get_or_404, permission_required
from courses.models import Programme

from . import presentation, services
from .figures import cache_key, cached_figures
from .forms import PeriodForm, ReportRequestForm
from .models import CommitteeReport


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
    figures = cached_figures(programme, start, end, version=version)
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
        "recent_reports": CommitteeReport.objects.for_user(request.user).filter(programme=programme)[:5],
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
    return render(request, "reports/report_detail.html", {"report": report})


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
    return FileResponse(handle, as_attachment=True, filename=report.filename, content_type="application/pdf")


@permission_required("reports.add_committeereport")
@require_POST
def report_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = get_or_404(CommitteeReport.objects.for_user(request.user, "reports.add_committeereport"), pk=pk)
    try:
        services.committee_report_retry(report=report, by=request.user)
    except ValidationError as error:
        error_messages(request, error)
    return redirect(report)
