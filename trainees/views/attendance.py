"""Attendance: one screen per session to mark everyone fast, and the grid person × session."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.http import AuthenticatedHttpRequest
from core.access_log import Action, Subject, log_access
from core.views import error_messages, get_or_404, permission_required
from courses.models import Activity, Session

from ..attendance_services import Mark, attendance_all_present, attendance_mark
from ..models import Attendance, AttendanceProof

MARK_PERMS = ("trainees.view_trainee", "trainees.add_attendance", "trainees.change_attendance")
STATUSES = [*Attendance.Status.choices, ("", gettext_lazy("Not marked"))]


def _people(activity: Activity):
    return activity.participations.select_related("trainee").order_by(
        "trainee__last_name", "trainee__first_name"
    )


def _marks_from(request: AuthenticatedHttpRequest, participation_ids: list[int]) -> list[Mark]:
    """The statuses posted for the people of the page; a tampered value is refused by the service."""
    marks = []
    for pk in participation_ids:
        if f"p{pk}" not in request.POST:
            continue
        try:
            seen = int(request.POST.get(f"v{pk}", "0"))
        except ValueError:
            seen = -1  # never a real version: the cell is refused as changed meanwhile
        marks.append(Mark(participation_id=pk, status=request.POST[f"p{pk}"], seen_version=seen))
    return marks


def _post(request: AuthenticatedHttpRequest, session: Session, people: list) -> HttpResponse:
    try:
        if request.POST.get("action") == "all_present":
            count = attendance_all_present(session=session, by=request.user)
            messages.success(
                request,
                ngettext(
                    "%(count)s person marked present: now change the exceptions.",
                    "%(count)s people marked present: now change the exceptions.",
                    count,
                )
                % {"count": count},
            )
            return redirect(request.path)
        result = attendance_mark(
            session=session, marks=_marks_from(request, [p.pk for p in people]), by=request.user
        )
    except ValidationError as error:
        error_messages(request, error)
        return redirect(request.path)
    messages.success(
        request,
        ngettext(
            "Attendance saved: %(count)s change.", "Attendance saved: %(count)s changes.", result.changed
        )
        % {"count": result.changed},
    )
    if result.stale:
        names = ", ".join(str(p.trainee) for p in people if p.pk in result.stale)
        messages.error(
            request,
            _(
                "Someone else marked these people after you opened the page, so your marks for them were not "
                "saved: %(names)s. Their marks are shown now; change them again if needed."
            )
            % {"names": names},
        )
    return redirect(request.path)


@permission_required(*MARK_PERMS)
@require_http_methods(["GET", "POST"])
def session_attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mark one session: everyone present in one go, then the exceptions, one radio group per person."""
    session = get_or_404(
        Session.objects.for_user(request.user, "trainees.change_attendance").select_related("activity"), pk=pk
    )
    activity = session.activity
    people = list(_people(activity))
    if request.method == "POST":
        return _post(request, session, people)
    marks = {a.participation_id: a for a in session.attendances.all()}
    rows = [(p, marks.get(p.pk)) for p in people]
    log_access(request, Action.VIEW, Subject.PARTICIPANTS, obj=activity, programme_id=activity.programme_id)
    siblings = list(activity.sessions.all())
    index = next(i for i, s in enumerate(siblings) if s.pk == session.pk)
    context = {
        "activity": activity,
        "session": session,
        "rows": rows,
        "statuses": STATUSES,
        "future": session.is_future(timezone.localdate()),
        "unmarked": sum(1 for _p, mark in rows if mark is None),
        "previous": siblings[index - 1] if index else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
        "sessions": siblings,
        "proofs": _session_proofs(request.user, session),
    }
    return render(request, "trainees/session_attendance.html", context)


def _session_proofs(user, session: Session) -> list[AttendanceProof]:
    """The signed sheets of this session, each knowing whether ``user`` may remove it (one query)."""
    if not user.has_perm("trainees.view_attendanceproof", session.activity):
        return []
    proofs = list(
        AttendanceProof.objects.for_user(user)
        .filter(session=session)
        .select_related("uploaded_by", "session")
    )
    for proof in proofs:
        proof.removable = proof.can_remove(user)
    return proofs


@permission_required("trainees.view_trainee", "trainees.view_attendance")
@require_GET
def attendance_grid(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The whole activity at a glance: one row per person, one column per session (three queries)."""
    activity = get_or_404(
        Activity.objects.for_user(request.user, "trainees.view_attendance").select_related("programme"), pk=pk
    )
    sessions = list(activity.sessions.all())
    people = list(_people(activity))
    marks = {
        (participation, session): status
        for participation, session, status in Attendance.objects.for_user(request.user)
        .filter(session__activity=activity)
        .values_list("participation_id", "session_id", "status")
    }
    rows = [(p, [marks.get((p.pk, s.pk), "") for s in sessions]) for p in people]
    log_access(request, Action.VIEW, Subject.PARTICIPANTS, obj=activity, programme_id=activity.programme_id)
    today = timezone.localdate()
    context = {
        "activity": activity,
        "sessions": [(s, s.is_future(today)) for s in sessions],
        "rows": rows,
        "labels": dict(Attendance.Status.choices),
    }
    return render(request, "trainees/attendance_grid.html", context)
