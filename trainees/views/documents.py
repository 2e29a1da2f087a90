"""Participant lists out and documents: exports, attendance sheets, signed proofs, certificates."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import get_usage

from accounts.http import AuthenticatedHttpRequest
from core.access_log import Action, Subject, log_access
from core.exports import csv_response, download_name, xlsx_response
from core.views import error_messages, get_or_404, permission_required
from courses.filters import ActivityFilter
from courses.models import Activity, Session

from .. import documents
from ..exports import participant_header, participant_rows
from ..models import AttendanceProof, Certificate, Participation

WALK_IN_ROWS = 10


class ProofForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Signed attendance sheet (PDF, JPEG or PNG)"))
    session: "forms.ModelChoiceField[Session]" = forms.ModelChoiceField(
        label=gettext_lazy("Session"),
        queryset=None,  # set per activity in __init__
        required=False,
        empty_label=gettext_lazy("Whole activity"),
        error_messages={
            "invalid_choice": gettext_lazy("This session is not one of this activity's sessions.")
        },
    )

    def __init__(self, *args, activity: Activity, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the activity's own sessions, in the user's programmes: any other id is a form error.
        field = self.fields["session"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Session.objects.for_user(user).filter(activity=activity)


def _back(request: AuthenticatedHttpRequest, activity: Activity) -> HttpResponse:
    """Back to the page the form was on (the activity's or a session's), else to the activity."""
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(activity)


def _filename(stem: tuple, extension: str) -> str:
    """``stem``: the translated words of the name, then its parts (an activity's number)."""
    return download_name(*stem, extension=extension)


# --- Exports --------------------------------------------------------------------------------


def _export(request, fmt: str, stem: tuple, title: str, header, rows, *, activity=None):
    """A participant list as a spreadsheet: personal data, so the export is logged."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    log_access(
        request,
        Action.EXPORT,
        Subject.PARTICIPANT_EXPORT,
        obj=activity,
        label="" if activity else request.GET.urlencode(),
        programme_id=activity.programme_id if activity else None,
    )
    if fmt == "csv":
        return csv_response(_filename(stem, "csv"), header, rows)
    return xlsx_response(_filename(stem, "xlsx"), [(title, header, rows)])


@permission_required("trainees.view_trainee")
@require_GET
def activity_participants_export(request: AuthenticatedHttpRequest, pk: int, fmt: str):
    activities = Activity.objects.for_user(request.user, "trainees.view_trainee").filter(pk=pk)
    activity = get_or_404(activities, pk=pk)
    return _export(
        request,
        fmt,
        (pgettext("file name", "participants"), activity.pk),
        _("Participants"),
        participant_header(),
        participant_rows(activities),
        activity=activity,
    )


@permission_required("trainees.view_trainee")
@require_GET
def filtered_participants_export(request: AuthenticatedHttpRequest, fmt: str):
    """The participants of every activity matching the list's filters."""
    scoped = Activity.objects.for_user(request.user, "trainees.view_trainee")
    activity_filter = ActivityFilter(request.GET, queryset=scoped, request=request)
    activities = activity_filter.qs if activity_filter.is_valid() else scoped.none()
    return _export(
        request,
        fmt,
        (pgettext("file name", "participants"),),
        _("Participants"),
        participant_header(),
        participant_rows(activities),
    )


# --- Attendance sheets ----------------------------------------------------------------------


def _sheet_sessions(activity: Activity, session: str, day: str) -> list[Session]:
    """The sessions to print: one (by id, or the sessions of a day), or all ("all"); the first by default.

    An activity without sessions yet prints one full day per calendar day.
    """
    sessions = list(activity.sessions.all()) or [Session(activity=activity, date=d) for d in activity.days()]
    if "all" in (session, day):
        return sessions
    if session:
        chosen = [s for s in sessions if str(s.pk) == session]
    elif day:
        try:
            date = datetime.date.fromisoformat(day)
        except ValueError:
            raise Http404(_("Not a date of this activity.")) from None
        chosen = [s for s in sessions if s.date == date]
    else:
        chosen = sessions[:1]
    if not chosen:
        raise Http404(_("Not a date of this activity."))
    return chosen


@permission_required("trainees.view_trainee")
@require_GET
def attendance_sheet(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A printable attendance sheet per session (or every session), with signature cells: a morning and
    an afternoon column for a full day, one for a half-day; blank rows for walk-ins."""
    from core.pdf import htmls_to_pdf

    activity = get_or_404(
        Activity.objects.for_user(request.user, "trainees.view_trainee")
        .select_related("programme")
        .prefetch_related("assignments__expert__institution"),
        pk=pk,
    )
    sheets = _sheet_sessions(activity, request.GET.get("session", ""), request.GET.get("day", ""))
    participants = activity.participations.select_related("trainee").order_by(
        "trainee__last_name", "trainee__first_name"
    )
    people = list(participants)
    # One document per session, so that each sheet's pages are numbered from its own start.
    htmls = [
        render_to_string(
            "trainees/pdf/attendance_sheet.html",
            {
                "activity": activity,
                "session": session,
                "participants": people,
                "walk_ins": range(WALK_IN_ROWS),
                "printed_at": timezone.localtime(),
            },
            request=request,
        )
        for session in sheets
    ]
    pdf, _pages = htmls_to_pdf(htmls, style="attendance-sheet")
    log_access(
        request, Action.PRINT, Subject.ATTENDANCE_SHEET, obj=activity, programme_id=activity.programme_id
    )
    suffix = f"{sheets[0].date:%Y-%m-%d}" if len(sheets) == 1 else pgettext("file name", "all sessions")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = download_name(
        pgettext("file name", "attendance sheet"), activity.pk, suffix, extension="pdf", dated=False
    )
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


# --- Proofs ---------------------------------------------------------------------------------


@permission_required("trainees.add_attendanceproof")
@require_POST
def attendance_proof_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_or_404(Activity.objects.for_user(request.user, "trainees.add_attendanceproof"), pk=pk)
    form = ProofForm(request.POST, request.FILES, activity=activity, user=request.user)
    if not form.is_valid():
        if "session" in form.errors:
            for message in form.errors["session"]:
                messages.error(request, str(message))
        else:
            messages.error(request, _("Choose the scanned sheet to upload."))
        return _back(request, activity)
    try:
        documents.attendance_proof_add(
            activity=activity,
            upload=form.cleaned_data["file"],
            by=request.user,
            session=form.cleaned_data["session"],
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The signed attendance sheet has been added to the activity."))
    return _back(request, activity)


@permission_required("trainees.add_attendanceproof")
@require_POST
def attendance_proof_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Remove a signed sheet (its uploader or an administrator of the programme; others: 403)."""
    proof = get_or_404(
        AttendanceProof.objects.for_user(request.user, "trainees.add_attendanceproof").select_related(
            "activity"
        ),
        pk=pk,
    )
    activity = proof.activity
    name = proof.original_name
    documents.attendance_proof_remove(proof=proof, by=request.user)  # PermissionDenied: a 403
    messages.success(
        request,
        _("The signed sheet “%(name)s” has been removed; the history keeps a record.") % {"name": name},
    )
    return _back(request, activity)


@permission_required("trainees.view_attendanceproof")
@require_GET
def attendance_proof_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    proof = get_or_404(AttendanceProof.objects.for_user(request.user).select_related("activity"), pk=pk)
    try:
        handle = proof.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file of this proof cannot be found.")) from None
    log_access(request, Action.DOWNLOAD, Subject.PROOF, obj=proof, programme_id=proof.activity.programme_id)
    return FileResponse(
        handle, as_attachment=True, filename=proof.download_name, content_type=proof.content_type
    )


# --- Certificates ---------------------------------------------------------------------------


def _certificates_pdf(
    request: AuthenticatedHttpRequest, certificates, language: str, name: str
) -> HttpResponse:
    from core.pdf import html_to_pdf

    with translation.override(language):
        html = render_to_string(
            "trainees/pdf/certificates.html",
            {**documents.certificates_context(certificates, language), "issued_on": timezone.localdate()},
        )
        pdf, _pages = html_to_pdf(html, style="certificate")
    first = certificates[0].participation.activity
    log_access(request, Action.PRINT, Subject.CERTIFICATE, obj=first, programme_id=first.programme_id)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _language(request: AuthenticatedHttpRequest) -> str:
    language = request.POST.get("lang") or request.GET.get("lang", "fr")
    return language if language in {"fr", "en", "es"} else "fr"


def _with_language(url: str, language: str) -> str:
    return f"{url}?lang={language}"


@permission_required("trainees.view_trainee", "trainees.add_certificate")
@require_http_methods(["GET", "POST"])
def participation_certificate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """POST issues the participant's certificate (once); GET downloads the one issued."""
    participation = get_or_404(
        Participation.objects.for_user(request.user, "trainees.add_certificate").select_related(
            "activity__programme", "trainee"
        ),
        pk=pk,
    )
    if request.method == "POST":
        try:
            documents.certificates_issue(participations=[participation], by=request.user)
        except ValidationError as error:
            error_messages(request, error)
            return redirect(participation.activity)
        return redirect(_with_language(request.path, _language(request)))
    certificates = list(_certificates(request.user).filter(participation=participation))
    if not certificates:
        messages.error(request, _("No certificate has been issued for this participant yet."))
        return redirect(participation.activity)
    return _certificates_pdf(
        request,
        certificates,
        _language(request),
        download_name(pgettext("file name", "certificate"), participation.pk, extension="pdf", dated=False),
    )


@permission_required("trainees.view_trainee", "trainees.add_certificate")
@require_http_methods(["GET", "POST"])
def activity_certificates(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """POST issues the certificates the activity's participants earned; GET downloads those issued."""
    activity = get_or_404(
        Activity.objects.for_user(request.user, "trainees.add_certificate").select_related("programme"), pk=pk
    )
    if request.method == "POST":
        if not activity.is_achievement():
            messages.error(request, _("Certificates are issued once the activity is done."))
            return redirect(activity)
        earned = activity.participations.certifiable().select_related("activity__programme", "trainee")
        if not earned:
            messages.error(request, _("Nobody completed this activity: there is no certificate to issue."))
            return redirect(activity)
        documents.certificates_issue(participations=earned, by=request.user)
        return redirect(_with_language(request.path, _language(request)))
    certificates = list(_certificates(request.user).filter(participation__activity=activity))
    if not certificates:
        messages.error(request, _("No certificate has been issued for this activity yet."))
        return redirect(activity)
    return _certificates_pdf(
        request,
        certificates,
        _language(request),
        download_name(pgettext("file name", "certificates"), activity.pk, extension="pdf", dated=False),
    )


def _certificates(user):
    """Valid certificates with what they print, in the order of the participants' names."""
    return (
        Certificate.objects.for_user(user, "trainees.add_certificate")
        .valid()
        .select_related("participation__activity__programme", "participation__trainee")
        .order_by("participation__trainee__last_name", "participation__trainee__first_name", "pk")
    )


@require_GET
def certificate_verify(request) -> HttpResponse:
    """Public: confirms a certificate from its code, with the minimum of personal data.

    At most 20 checks a minute per address, counted in the shared cache. When the cache cannot count
    (it is unreachable), the check is refused (429) rather than left unlimited: it fails closed.
    """
    code = request.GET.get("code", "")
    certificate, checked, limited, unavailable = None, False, False, False
    if code:
        usage = get_usage(request, group="certificate-verify", key="ip", rate="20/m", increment=True)
        limited = bool(usage and usage["should_limit"])
        unavailable = bool(usage and usage["limit"] == 0)  # the cache could not count
        if not limited:
            checked = True
            certificate = documents.certificate_check(code[:40])
    context = {
        "code": code[:40],
        "certificate": certificate,
        "programme": certificate.participation.activity.programme if certificate else None,
        "programme_texts": certificate.participation.activity.programme.texts(translation.get_language())
        if certificate
        else None,
        "checked": checked,
        "limited": limited,
        "unavailable": unavailable,
    }
    response = render(request, "trainees/certificate_verify.html", context, status=429 if limited else 200)
    if limited:
        response["Retry-After"] = "60"
    return response
