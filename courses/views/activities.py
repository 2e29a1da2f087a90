"""Pages of activities: list, record, edit, status changes, experts, export. Thin: parse, check, call, render."""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import CreateView, DetailView, ListView

from accounts.http import AuthenticatedHttpRequest
from core.access_log import Action, Subject, log_access
from core.exports import csv_response, download_name, xlsx_response
from core.forms import VersionForm, clean_search_text
from core.history import history_of
from core.versioning import StaleVersionError
from core.views import (
    ObjectPermissions,
    PaginatedFilterMixin,
    PermissionMixin,
    ServiceFormMixin,
    VersionedUpdateView,
    error_messages,
    get_or_404,
    permission_required,
    stale_message,
)

from .. import services
from ..exports import activity_header, activity_rows
from ..filters import ActivityFilter
from ..forms import ActivityForm, AssignmentAddForm, AssignmentForm
from ..models import Activity, Expert

logger = logging.getLogger(__name__)


# --- Activities -----------------------------------------------------------------------------


class ActivityListView(PermissionMixin, PaginatedFilterMixin, ListView):
    request: AuthenticatedHttpRequest
    permission_required = "courses.view_activity"
    filterset_class = ActivityFilter
    template_name = "courses/activity_list.html"
    context_object_name = "activities"

    def get_queryset(self):
        return self.filtered(Activity.objects.for_user(self.request.user).for_list())


class ActivityDetailView(PermissionMixin, DetailView):
    request: AuthenticatedHttpRequest
    permission_required = "courses.view_activity"
    template_name = "courses/activity_detail.html"
    context_object_name = "activity"

    def get_queryset(self):
        return Activity.objects.for_user(self.request.user).for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = self.object
        user = self.request.user
        # Participations belong to the trainees app, which builds on this one: the page reaches them
        # through the activity's relation, whose queryset (trainees' ParticipationQuerySet) holds the rules.
        participations = activity.participations.all()
        summary = participations.summary()
        by_service = participations.attended_by_service()
        headcounts = list(activity.headcounts.all())
        context.update(
            summary=summary,
            by_service=by_service,
            headcounts=headcounts,
            headcount_total=sum(h.count for h in headcounts),
            activity_perms=ObjectPermissions(user, activity),
            can_see_people=user.has_perm("trainees.view_trainee", activity),
            can_edit=user.has_perm("courses.change_activity", activity),
            transitions=activity.statuses_allowed_now(),
        )
        if context["can_see_people"]:
            log_access(
                self.request,
                Action.VIEW,
                Subject.PARTICIPANTS,
                obj=activity,
                programme_id=activity.programme_id,
            )
            context["participations"] = participations.select_related("trainee", "certificate").order_by(
                "trainee__last_name", "trainee__first_name"
            )
            context["certificates_issued"] = (
                participations.certifiable().filter(certificate__isnull=False).count()
            )
            context["sessions"] = list(activity.sessions.all())
            if user.has_perm("trainees.view_attendanceproof", activity):
                context["proofs"] = proofs = list(
                    activity.attendance_proofs.select_related("uploaded_by", "session")
                )
                for proof in proofs:
                    proof.removable = proof.can_remove(user)
                if user.has_perm("courses.view_change_history", activity):
                    # The sheets removed, from their history (this app reads it through the relation).
                    removed = activity.attendance_proofs.model.history.filter(
                        activity_id=activity.pk, history_type="-"
                    )
                    context["removed_proofs"] = removed.select_related("history_user").order_by(
                        "-history_date"
                    )[:30]
        if user.has_perm("courses.view_change_history"):
            context["history"] = history_of(activity)
        return context


class ActivityCreateView(PermissionMixin, ServiceFormMixin, CreateView):
    request: AuthenticatedHttpRequest
    permission_required = "courses.add_activity"
    form_class = ActivityForm
    template_name = "courses/activity_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        return services.activity_create(by=self.request.user, **form.service_fields())

    def get_success_message(self, saved):
        return _("The activity “%(title)s” has been recorded.") % {"title": saved.title}


class ActivityUpdateView(VersionedUpdateView):
    request: AuthenticatedHttpRequest
    permission_required = "courses.change_activity"
    form_class = ActivityForm
    model = Activity
    template_name = "courses/activity_form.html"
    success_message = gettext_lazy("The activity has been saved.")

    update_service = staticmethod(services.activity_update)

    def get_queryset(self):
        return Activity.objects.for_user(self.request.user, "courses.change_activity")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


@permission_required("courses.change_activity")
@require_http_methods(["GET", "POST"])
def activity_status(request: AuthenticatedHttpRequest, pk: int, status: str):
    """Confirm, then apply, a status change: mark done, cancel, or plan again."""
    activity = get_or_404(
        Activity.objects.for_user(request.user, "courses.change_activity").select_related("programme"), pk=pk
    )
    if status not in Activity.Status.values:
        raise Http404
    if not activity.can_become(status):
        messages.error(request, _("This activity cannot take that status."))
        return redirect(activity)
    if status not in activity.statuses_allowed_now():  # said before the confirmation, not after it
        messages.error(
            request, _("An activity cannot be done before it ends: its end date is in the future.")
        )
        return redirect(activity)
    form = VersionForm(request.POST or None, initial={"version": activity.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_set_status(
                activity=activity,
                status=status,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                unmarked_means_absent=request.POST.get("unmarked_means_absent") == "on",
            )
        except StaleVersionError:
            messages.error(request, stale_message(activity.get_absolute_url()))
            return redirect(activity)
        except ValidationError as error:
            error_messages(request, error)
            return redirect(request.path)
        messages.success(
            request, _("The activity is now: %(status)s.") % {"status": Activity.Status(status).label.lower()}
        )
        return redirect(activity)
    return render(
        request,
        "courses/activity_status.html",
        {
            "activity": activity,
            "form": form,
            "new_status": Activity.Status(status),
            "unmarked": activity.unmarked_sessions() if status == Activity.Status.DONE else [],
        },
    )


@permission_required("courses.add_expertassignment", "courses.view_expert")
@require_http_methods(["GET", "POST"])
def activity_experts(request: AuthenticatedHttpRequest, pk: int):
    """Experts of an activity: search the roster as you type, assign, set role and days, remove."""
    activity = get_or_404(Activity.objects.for_user(request.user, "courses.add_expertassignment"), pk=pk)
    if request.method == "POST":
        return _activity_experts_post(request, activity)
    query = clean_search_text(request.GET.get("q"))
    assignments = activity.assignments.select_related("expert__institution").order_by("expert__last_name")
    results = []
    if query:
        results = (
            Expert.objects.for_user(request.user)
            .active()
            .search(query)
            .exclude(assignments__activity=activity)
            .select_related("institution")[:20]
        )
    context = {
        "activity": activity,
        "query": query,
        "results": results,
        "rows": [(a, AssignmentForm(instance=a, prefix=f"a{a.pk}")) for a in assignments],
        "add_form": AssignmentAddForm(user=request.user),
    }
    if request.headers.get("X-Requested-With") == "fetch":
        return render(request, "courses/includes/expert_results.html", context)
    return render(request, "courses/activity_experts.html", context)


def _activity_experts_post(request: AuthenticatedHttpRequest, activity: Activity) -> HttpResponse:
    action = request.POST.get("action")
    back = reverse("courses:activity-experts", args=[activity.pk])
    try:
        if action == "add":
            form = AssignmentAddForm(request.POST, user=request.user)
            if not form.is_valid():
                logger.info("Refused assignment on activity %s: %s", activity.pk, form.errors.as_json())
                raise ValidationError(
                    _("Choose an active expert of the roster, a role and a number of days (0 or more).")
                )
            try:
                services.assignment_add(
                    activity=activity,
                    by=request.user,
                    allow_overlap=request.POST.get("confirm_overlap") == "1",
                    **form.cleaned_data,
                )
            except services.OverlapError as overlap:
                return render(
                    request,
                    "courses/assignment_overlap.html",
                    {"activity": activity, "form": form, "overlapping": overlap.activities},
                )
            messages.success(
                request, _("%(expert)s has been assigned.") % {"expert": form.cleaned_data["expert"]}
            )
        elif action in ("update", "remove"):
            assignment = get_or_404(
                activity.assignments.select_related("expert"), pk=request.POST.get("assignment")
            )
            if action == "remove":
                services.assignment_remove(assignment=assignment, by=request.user)
                messages.success(request, _("%(expert)s has been removed.") % {"expert": assignment.expert})
            else:
                row = AssignmentForm(request.POST, instance=assignment, prefix=f"a{assignment.pk}")
                if not row.is_valid():
                    raise ValidationError(_("Choose a role and a number of days (0 or more)."))
                services.assignment_update(assignment=assignment, by=request.user, **row.cleaned_data)
                messages.success(request, _("The assignment has been saved."))
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        error_messages(request, error)
    return redirect(back)


@permission_required("courses.view_activity")
@require_GET
def activity_export(request: AuthenticatedHttpRequest, fmt: str):
    """The activities matching the list's filters, as a spreadsheet (no personal data of trainees)."""
    scoped = Activity.objects.for_user(request.user)
    activity_filter = ActivityFilter(request.GET, queryset=scoped, request=request)
    activities = activity_filter.qs if activity_filter.is_valid() else scoped.none()
    filename = download_name(pgettext("file name", "activities"), extension=fmt)
    if fmt == "csv":
        return csv_response(filename, activity_header(), activity_rows(activities))
    if fmt == "xlsx":
        return xlsx_response(filename, [(_("Activities"), activity_header(), activity_rows(activities))])
    raise Http404
