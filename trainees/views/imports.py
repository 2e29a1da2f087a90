"""Participant lists from spreadsheets: upload, preview row by row, confirm; and the template to fill."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy, ngettext, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.http import AuthenticatedHttpRequest
from core.access_log import Action, Subject, log_access
from core.exports import download_name, xlsx_response
from core.uploads import ImportFileError
from core.views import error_messages, get_or_404, permission_required
from courses.choices import Region
from courses.models import Activity

from ..choices import Service, Sex
from ..import_services import participant_import_commit, participant_import_upload
from ..import_vocabulary import FIELDS, TEMPLATE_HEADERS
from ..imports import MAX_BYTES, Row, Status
from ..models import ParticipantImport

IMPORT_PERMS = (
    "trainees.view_trainee",
    "trainees.add_trainee",
    "trainees.add_participation",
    "trainees.add_participantimport",
)
PREVIEW_LISTED = 300  # rows listed in full on the preview page; those needing attention always are


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Participant list (.xlsx or .csv)"))


@permission_required(*IMPORT_PERMS)
@require_http_methods(["GET", "POST"])
def participant_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Upload a list; a worker reads and checks it, then it is shown for confirmation. Nothing is written yet."""
    activity = get_or_404(Activity.objects.for_user(request.user, "trainees.add_participantimport"), pk=pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_BYTES:  # refused before reading it
                raise ImportFileError(
                    _("The file is larger than %(size)s MB: split it into smaller lists.")
                    % {"size": MAX_BYTES // 2**20}
                )
            uploaded = participant_import_upload(
                activity=activity,
                data=upload.read(),
                filename=upload.name or "list",
                by=request.user,
                language=get_language() or "fr",
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if uploaded.status != ParticipantImport.Status.FAILED:
                return redirect(uploaded)  # the preview, or its progress while a worker reads it
            form.add_error("file", uploaded.error)  # read at once (tasks in-process) and refused
    recent = activity.participant_imports.select_related("uploaded_by").defer("upload", "rows")[:5]
    return render(
        request, "trainees/participant_import.html", {"activity": activity, "form": form, "recent": recent}
    )


@permission_required(*IMPORT_PERMS)
@require_http_methods(["GET", "POST"])
def import_preview(request: AuthenticatedHttpRequest, pk: int, import_pk: int) -> HttpResponse:
    """What the list will do, row by row; confirming writes it all in one transaction."""
    participant_import = get_or_404(
        ParticipantImport.objects.for_user(request.user, "trainees.add_participantimport")
        .select_related("activity", "uploaded_by")
        .defer("upload"),
        pk=import_pk,
        activity_id=pk,
    )
    if request.method == "POST":
        choices = {
            int(name.removeprefix("choice-")): str(value)
            for name, value in request.POST.items()
            if name.startswith("choice-") and name.removeprefix("choice-").isdigit()
        }
        try:
            result = participant_import_commit(
                participant_import=participant_import,
                choices=choices,
                by=request.user,
                skip_errors=request.POST.get("rows") == "valid",
            )
        except ValidationError as error:
            error_messages(request, error)
            return redirect(participant_import)
        messages.success(request, _imported_message(result))
        return redirect("trainees:activity-participants", pk=participant_import.activity_id)
    if participant_import.status != ParticipantImport.Status.READY:
        return render(
            request,
            "trainees/participant_import_reading.html",
            {"activity": participant_import.activity, "participant_import": participant_import},
        )
    activity = participant_import.activity
    log_access(request, Action.VIEW, Subject.IMPORT, obj=activity, programme_id=activity.programme_id)
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
        # Rows keep the codes the importer understood; people read the labels.
        "service_labels": dict(Service.choices),
        "sex_labels": dict(Sex.choices),
    }
    return render(request, "trainees/participant_import_preview.html", context)


def _imported_message(result) -> str:
    """What the import did, each count agreeing with its number."""
    created = ngettext("%(n)s person registered", "%(n)s people registered", result.created) % {
        "n": result.created
    }
    added = ngettext("%(n)s participant added", "%(n)s participants added", result.added) % {
        "n": result.added
    }
    skipped = ngettext(
        "%(n)s row skipped (already a participant)",
        "%(n)s rows skipped (already participants)",
        result.skipped,
    ) % {"n": result.skipped}
    message = _("List imported: %(created)s, %(added)s, %(skipped)s.") % {
        "created": created,
        "added": added,
        "skipped": skipped,
    }
    if result.rejected:
        message += " " + ngettext(
            "%(n)s row with errors was left out.", "%(n)s rows with errors were left out.", result.rejected
        ) % {"n": result.rejected}
    return message


@permission_required(*IMPORT_PERMS)
@require_GET
def import_rejected_rows(request: AuthenticatedHttpRequest, pk: int, import_pk: int) -> FileResponse:
    """The rows with errors of a list not yet imported, with their reasons: a file to fix and upload again."""
    participant_import = get_or_404(
        ParticipantImport.objects.for_user(request.user, "trainees.add_participantimport").defer("upload"),
        pk=import_pk,
        activity_id=pk,
    )
    rows = [Row.from_dict(data) for data in participant_import.rows]
    rejected = [
        [row.line, *(row.values.get(name, "") for name in FIELDS), "; ".join(row.errors)]
        for row in rows
        if row.status == Status.ERROR
    ]
    header = [_("Row of the file"), *(TEMPLATE_HEADERS[name] for name in FIELDS), _("Errors to correct")]
    name = download_name(pgettext("file name", "rejected rows"), participant_import.pk, extension="xlsx")
    return xlsx_response(name, [(_("Rejected rows"), header, rejected)])


@permission_required(*IMPORT_PERMS)
@require_GET
def participant_import_template(request: AuthenticatedHttpRequest) -> FileResponse:
    """An empty list with the expected columns (titles in French and English) and the accepted values."""
    values = [
        ("Sexe / Sex", ", ".join(f"{s.value} ({s.label})" for s in Sex)),
        ("Service", ", ".join(str(s.label) for s in Service)),
        ("Région / Region", ", ".join(str(r.label) for r in Region)),
        ("Résultat / Outcome", "formé / trained, sensibilisé / made aware"),
        (
            "#",
            "Une ligne dont la première cellule commence par # n’est pas importée (l’exemple de la liste). / "
            "A row whose first cell starts with # is not imported (the list's example).",
        ),
    ]
    # The example is a comment row (see trainees.imports.is_comment): it shows the way, never imported.
    example = ["# DIOP", "Awa", "F", "Police", "Inspecteur de police", "DNLT", "Dakar", "PN-012345", "formé"]
    return xlsx_response(
        download_name(pgettext("file name", "participants template"), extension="xlsx", dated=False),
        [
            (_("Participants"), [TEMPLATE_HEADERS[name] for name in FIELDS], [example]),
            (_("Accepted values"), [_("Column"), _("Values")], values),
        ],
    )
