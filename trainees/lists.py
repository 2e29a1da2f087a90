"""Participant lists in and out: spreadsheet import, exports, attendance sheets, proofs, certificates."""

import datetime
import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from accounts.permissions import permission_required
from courses.filters import ActivityFilter
from courses.models import Activity, ExpertAssignment
from poc_training.spreadsheets import csv_response, xlsx_response

from . import services
from .exports import participant_header, participant_rows
from .imports import FIELDS, MAX_BYTES, TEMPLATE_HEADERS, ImportFileError, Row, Status
from .models import AttendanceProof, ParticipantImport, Participation

logger = logging.getLogger(__name__)
IMPORT_PERMS = (
    "trainees.view_trainee",
    "trainees.add_trainee",
    "trainees.add_participation",
    "trainees.add_participantimport",
)
PREVIEW_LISTED = 300  # rows listed in full on the preview page; those needing attention always are
WALK_IN_ROWS = 10


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Participant list (.xlsx or .csv)"))


class ProofForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Signed attendance sheet (PDF, JPEG or PNG)"))


def _filename(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"


# --- Import ---------------------------------------------------------------------------------


@permission_required(*IMPORT_PERMS)
@require_http_methods(["GET", "POST"])
def participant_import(request, pk: int) -> HttpResponse:
    """Upload a list; it is read and checked, and shown for confirmation. Nothing is written yet."""
    activity = get_object_or_404(Activity, pk=pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_BYTES:  # refused before reading it
                raise ImportFileError(
                    _("The file is larger than %(size)s MB: split it into smaller lists.")
                    % {"size": MAX_BYTES // 2**20}
                )
            preview = services.participant_import_preview(
                activity=activity, data=upload.read(), filename=upload.name or "list", by=request.user
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect(preview)
    recent = activity.participant_imports.select_related("uploaded_by")[:5]
    return render(
        request, "trainees/participant_import.html", {"activity": activity, "form": form, "recent": recent}
    )


@permission_required(*IMPORT_PERMS)
@require_http_methods(["GET", "POST"])
def participant_import_preview(request, pk: int, import_pk: int) -> HttpResponse:
    """What the list will do, row by row; confirming writes it all in one transaction."""
    participant_import = get_object_or_404(
        ParticipantImport.objects.select_related("activity", "uploaded_by"), pk=import_pk, activity_id=pk
    )
    if request.method == "POST":
        choices = {
            int(name.removeprefix("choice-")): value
            for name, value in request.POST.items()
            if name.startswith("choice-") and name.removeprefix("choice-").isdigit()
        }
        try:
            result = services.participant_import_commit(
                participant_import=participant_import, choices=choices, by=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(participant_import)
        messages.success(
            request,
            _(
                "List imported: %(created)s people registered, %(added)s participants added, %(skipped)s rows "
                "skipped (already participants)."
            )
            % {"created": result.created, "added": result.added, "skipped": result.skipped},
        )
        return redirect("trainees:activity-participants", pk=participant_import.activity_id)
    rows = [Row.from_dict(data) for data in participant_import.rows]
    attention = [row for row in rows if row.status in (Status.ERROR, Status.DUPLICATE)]
    others = [row for row in rows if row.status not in (Status.ERROR, Status.DUPLICATE)]
    counts = {
        status: sum(1 for row in rows if row.status == status)
        for status in (Status.NEW, Status.MATCHED, Status.DUPLICATE, Status.PARTICIPANT, Status.ERROR)
    }
    context = {
        "activity": participant_import.activity,
        "participant_import": participant_import,
        "attention": attention,
        "others": others[:PREVIEW_LISTED],
        "others_hidden": max(len(others) - PREVIEW_LISTED, 0),
        "counts": counts,
        "total": len(rows),
        "fields": FIELDS,
    }
    return render(request, "trainees/participant_import_preview.html", context)


@permission_required(*IMPORT_PERMS)
@require_GET
def participant_import_template(request) -> FileResponse:
    """An empty list with the expected columns (titles in French and English) and the accepted values."""
    from courses.choices import Region, Service, Sex

    values = [
        ("Sexe / Sex", ", ".join(f"{s.value} ({s.label})" for s in Sex)),
        ("Service", ", ".join(str(s.label) for s in Service)),
        ("Région / Region", ", ".join(str(r.label) for r in Region)),
        ("Résultat / Outcome", "formé / trained, sensibilisé / made aware"),
    ]
    example = ["DIOP", "Awa", "F", "Police", "Inspecteur de police", "DNLT", "Dakar", "PN-012345", "formé"]
    return xlsx_response(
        "participants-template.xlsx",
        [
            (_("Participants"), [TEMPLATE_HEADERS[name] for name in FIELDS], [example]),
            (_("Accepted values"), [_("Column"), _("Values")], values),
        ],
    )


# --- Exports --------------------------------------------------------------------------------


def _export(fmt: str, stem: str, title: str, header, rows):
    if fmt == "csv":
        return csv_response(_filename(stem, "csv"), header, rows)
    if fmt == "xlsx":
        return xlsx_response(_filename(stem, "xlsx"), [(title, header, rows)])
    raise Http404


@permission_required("trainees.view_trainee")
@require_GET
def activity_participants_export(request, pk: int, fmt: str):
    activity = get_object_or_404(Activity, pk=pk)
    activities = Activity.objects.filter(pk=activity.pk)
    return _export(
        fmt,
        f"participants-{activity.pk}",
        _("Participants"),
        participant_header(),
        participant_rows(activities),
    )


@permission_required("trainees.view_trainee")
@require_GET
def filtered_participants_export(request, fmt: str):
    """The participants of every activity matching the list's filters."""
    activity_filter = ActivityFilter(request.GET, queryset=Activity.objects.all(), request=request)
    activities = activity_filter.qs if activity_filter.is_valid() else Activity.objects.none()
    return _export(fmt, "participants", _("Participants"), participant_header(), participant_rows(activities))


# --- Attendance sheets ----------------------------------------------------------------------


@permission_required("trainees.view_trainee")
@require_GET
def attendance_sheet(request, pk: int) -> HttpResponse:
    """A printable attendance sheet, one per day (or every day of the activity), with signature cells."""
    from poc_training.pdf import html_to_pdf

    activity = get_object_or_404(
        Activity.objects.select_related("programme").prefetch_related(
            Prefetch("assignments", queryset=ExpertAssignment.objects.select_related("expert__institution"))
        ),
        pk=pk,
    )
    days = activity.days()
    chosen = request.GET.get("day", "")
    if chosen == "all":
        sheet_days = days
    else:
        try:
            day = datetime.date.fromisoformat(chosen) if chosen else days[0]
        except ValueError:
            raise Http404(_("Not a date of this activity.")) from None
        if day not in days:
            raise Http404(_("Not a date of this activity."))
        sheet_days = [day]
    participants = activity.participations.select_related("trainee").order_by(
        "trainee__last_name", "trainee__first_name"
    )
    html = render_to_string(
        "trainees/pdf/attendance_sheet.html",
        {
            "activity": activity,
            "days": sheet_days,
            "participants": list(participants),
            "walk_ins": range(WALK_IN_ROWS),
            "printed_at": timezone.localtime(),
        },
        request=request,
    )
    pdf, _pages = html_to_pdf(html, style="attendance-sheet")
    suffix = "all-days" if chosen == "all" else f"{sheet_days[0]:%Y-%m-%d}"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="attendance-sheet-{activity.pk}-{suffix}.pdf"'
    return response


# --- Proofs ---------------------------------------------------------------------------------


@permission_required("trainees.add_attendanceproof")
@require_POST
def attendance_proof_upload(request, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk)
    form = ProofForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the scanned sheet to upload."))
        return redirect(activity)
    try:
        services.attendance_proof_add(activity=activity, upload=form.cleaned_data["file"], by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The signed attendance sheet has been added to the activity."))
    return redirect(activity)


@permission_required("trainees.view_attendanceproof")
@require_GET
def attendance_proof_download(request, pk: int) -> FileResponse:
    proof = get_object_or_404(AttendanceProof, pk=pk)
    try:
        handle = proof.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file of this proof cannot be found.")) from None
    return FileResponse(
        handle, as_attachment=True, filename=proof.original_name, content_type=proof.content_type
    )


# --- Certificates ---------------------------------------------------------------------------


def _certificates_pdf(request, certificates, language: str, name: str) -> HttpResponse:
    from poc_training.pdf import html_to_pdf

    with translation.override(language):
        html = render_to_string(
            "trainees/pdf/certificates.html",
            {
                "certificates": certificates,
                "verify_url": request.build_absolute_uri(reverse("certificate-verify")),
                "issued_on": timezone.localdate(),
            },
        )
        pdf, _pages = html_to_pdf(html, style="certificate")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _language(request) -> str:
    language = request.GET.get("lang", "fr")
    return language if language in {"fr", "en", "es"} else "fr"


@permission_required("trainees.view_trainee", "trainees.add_certificate")
@require_GET
def participation_certificate(request, pk: int) -> HttpResponse:
    participation = get_object_or_404(
        Participation.objects.select_related("activity__programme", "trainee"), pk=pk
    )
    try:
        certificates = services.certificates_issue(participations=[participation], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(participation.activity)
    return _certificates_pdf(request, certificates, _language(request), f"certificate-{participation.pk}.pdf")


@permission_required("trainees.view_trainee", "trainees.add_certificate")
@require_GET
def activity_certificates(request, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("programme"), pk=pk)
    if activity.status != Activity.Status.DONE:
        messages.error(request, _("Certificates are issued once the activity is done."))
        return redirect(activity)
    participations = (
        activity.participations.filter(attended=True)
        .select_related("activity__programme", "trainee")
        .order_by("trainee__last_name", "trainee__first_name")
    )
    if not participations:
        messages.error(request, _("Nobody attended this activity: there is no certificate to issue."))
        return redirect(activity)
    certificates = services.certificates_issue(participations=participations, by=request.user)
    return _certificates_pdf(request, certificates, _language(request), f"certificates-{activity.pk}.pdf")


@require_GET
def certificate_verify(request) -> HttpResponse:
    """Public: confirms a certificate from its code, with the minimum of personal data."""
    code = request.GET.get("code", "")
    certificate, checked, limited = None, False, False
    if code:
        limited = is_ratelimited(request, group="certificate-verify", key="ip", rate="20/m", increment=True)
        if not limited:
            checked = True
            certificate = services.certificate_check(code[:40])
    context = {"code": code[:40], "certificate": certificate, "checked": checked, "limited": limited}
    return render(request, "trainees/certificate_verify.html", context, status=429 if limited else 200)
