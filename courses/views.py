"""Pages of activities and of the expert roster. Thin: parse, check permission, call, render."""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from accounts.history import history_of
from accounts.permissions import PermissionMixin, permission_required
from poc_training.spreadsheets import csv_response, xlsx_response

from . import services
from .choices import Service
from .exports import activity_header, activity_rows
from .filters import ActivityFilter, ExpertFilter
from .forms import (
    ActivityForm,
    AssignmentAddForm,
    AssignmentForm,
    ExpertForm,
    VersionForm,
    bootstrap_widgets,
    clean_search_text,
)
from .models import Activity, Expert, ExpertAssignment

PAGE_SIZES = (25, 50, 100)
logger = logging.getLogger(__name__)


def stale_message(url: str) -> str:
    return format_html(
        '{} <a href="{}" class="alert-link">{}</a>',
        _("Someone else saved this record after you opened it, so your changes were not saved."),
        url,
        _("Reload the latest version (copy your changes first)."),
    )


def apply_service_errors(form, error: ValidationError) -> None:
    """Show a service's validation error on the form, on its fields when it names them."""
    if hasattr(error, "error_dict"):
        for field_name, errors in error.error_dict.items():
            form.add_error(field_name if field_name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class VersionedUpdateMixin:
    """An edit saved through a service that refuses stale versions; the form keeps what was typed."""

    success_message = ""

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            saved = self.save(form)
        except services.StaleVersionError:
            form.add_error(None, stale_message(self.request.path))
            return self.form_invalid(form)
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(saved)


class PaginatedFilterMixin:
    """A list filtered by a FilterSet, with a page size the user may choose."""

    filterset_class = None

    def get_paginate_by(self, queryset):
        try:
            size = int(self.request.GET.get("per_page", 50))
        except ValueError:
            size = 50
        return size if size in PAGE_SIZES else 50

    def filtered(self, queryset):
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=queryset, request=self.request
        )
        invalid = bool(self.request.GET) and not self.filterset.is_valid()
        bootstrap_widgets(self.filterset.form)
        return queryset.none() if invalid else self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter=self.filterset, query_string=query.urlencode(), page_sizes=PAGE_SIZES)
        return context


# --- Activities -----------------------------------------------------------------------------


class ActivityListView(PermissionMixin, PaginatedFilterMixin, ListView):
    permission_required = "courses.view_activity"
    filterset_class = ActivityFilter
    template_name = "courses/activity_list.html"
    context_object_name = "activities"

    def get_queryset(self):
        return self.filtered(Activity.objects.for_list())


class ActivityDetailView(PermissionMixin, DetailView):
    permission_required = "courses.view_activity"
    template_name = "courses/activity_detail.html"
    context_object_name = "activity"

    def get_queryset(self):
        return Activity.objects.select_related(
            "programme", "theme", "created_by", "updated_by"
        ).prefetch_related(
            "beneficiary_units",
            "host_institutions",
            Prefetch(
                "assignments",
                queryset=ExpertAssignment.objects.select_related("expert__institution").order_by(
                    "expert__last_name", "expert__first_name"
                ),
            ),
            "headcounts",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = self.object
        user = self.request.user
        # Participations belong to the trainees app, which builds on this one: reach them by relation.
        participations = activity.participations.all()
        Participation = participations.model
        summary = participations.aggregate(
            total=Count("pk"),
            present=Count("pk", filter=Q(attended=True)),
            trained=Count("pk", filter=Q(attended=True, outcome=Participation.Outcome.TRAINED)),
            made_aware=Count("pk", filter=Q(attended=True, outcome=Participation.Outcome.MADE_AWARE)),
            women=Count("pk", filter=Q(attended=True, trainee__sex="F")),
            men=Count("pk", filter=Q(attended=True, trainee__sex="M")),
        )
        by_service = [
            (Service(row["trainee__service"]).label, row["n"])
            for row in participations.filter(attended=True)
            .values("trainee__service")
            .annotate(n=Count("pk"))
            .order_by("trainee__service")
        ]
        headcounts = list(activity.headcounts.all())
        context.update(
            summary=summary,
            by_service=by_service,
            headcounts=headcounts,
            headcount_total=sum(h.count for h in headcounts),
            can_see_people=user.has_perm("trainees.view_trainee"),
            can_edit=user.has_perm("courses.change_activity"),
            transitions=[Activity.Status(s) for s in Activity.TRANSITIONS[activity.status]],
        )
        if context["can_see_people"]:
            context["participations"] = participations.select_related("trainee").order_by(
                "trainee__last_name", "trainee__first_name"
            )
            context["days"] = activity.days()
            if user.has_perm("trainees.view_attendanceproof"):
                context["proofs"] = activity.attendance_proofs.select_related("uploaded_by")
        if user.has_perm("courses.view_change_history"):
            context["history"] = history_of(activity)
        return context


class ActivityCreateView(PermissionMixin, CreateView):
    permission_required = "courses.add_activity"
    form_class = ActivityForm
    template_name = "courses/activity_form.html"

    def form_valid(self, form):
        try:
            activity = services.activity_create(by=self.request.user, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The activity “%(title)s” has been recorded.") % {"title": activity.title}
        )
        return redirect(activity)


class ActivityUpdateView(PermissionMixin, VersionedUpdateMixin, UpdateView):
    permission_required = "courses.change_activity"
    form_class = ActivityForm
    model = Activity
    template_name = "courses/activity_form.html"
    success_message = gettext_lazy("The activity has been saved.")

    def save(self, form):
        return services.activity_update(
            activity=self.object,
            expected_version=form.cleaned_data["version"],
            by=self.request.user,
            **form.service_fields(),
        )


@permission_required("courses.change_activity")
@require_http_methods(["GET", "POST"])
def activity_status(request, pk: int, status: str):
    """Confirm, then apply, a status change: mark done, cancel, or plan again."""
    activity = get_object_or_404(Activity.objects.select_related("programme"), pk=pk)
    if status not in Activity.Status.values:
        raise Http404
    if not activity.can_become(status):
        messages.error(request, _("This activity cannot take that status."))
        return redirect(activity)
    form = VersionForm(request.POST or None, initial={"version": activity.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_set_status(
                activity=activity,
                status=status,
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleVersionError:
            messages.error(request, stale_message(activity.get_absolute_url()))
            return redirect(activity)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(activity)
        messages.success(
            request, _("The activity is now: %(status)s.") % {"status": Activity.Status(status).label.lower()}
        )
        return redirect(activity)
    return render(
        request,
        "courses/activity_status.html",
        {"activity": activity, "form": form, "new_status": Activity.Status(status)},
    )


@permission_required("courses.add_expertassignment", "courses.view_expert")
@require_http_methods(["GET", "POST"])
def activity_experts(request, pk: int):
    """Experts of an activity: search the roster as you type, assign, set role and days, remove."""
    activity = get_object_or_404(Activity, pk=pk)
    if request.method == "POST":
        return _activity_experts_post(request, activity)
    query = clean_search_text(request.GET.get("q"))
    assignments = activity.assignments.select_related("expert__institution").order_by("expert__last_name")
    results = []
    if query:
        results = (
            Expert.objects.active()
            .search(query)
            .exclude(assignments__activity=activity)
            .select_related("institution")[:20]
        )
    context = {
        "activity": activity,
        "query": query,
        "results": results,
        "rows": [(a, AssignmentForm(instance=a, prefix=f"a{a.pk}")) for a in assignments],
        "add_form": AssignmentAddForm(),
    }
    if request.headers.get("X-Requested-With") == "fetch":
        return render(request, "courses/includes/expert_results.html", context)
    return render(request, "courses/activity_experts.html", context)


def _activity_experts_post(request, activity: Activity) -> HttpResponseRedirect:
    action = request.POST.get("action")
    back = reverse("courses:activity-experts", args=[activity.pk])
    try:
        if action == "add":
            form = AssignmentAddForm(request.POST)
            if not form.is_valid():
                logger.info("Refused assignment on activity %s: %s", activity.pk, form.errors.as_json())
                raise ValidationError(
                    _("Choose an active expert of the roster, a role and a number of days (0 or more).")
                )
            services.assignment_add(activity=activity, by=request.user, **form.cleaned_data)
            messages.success(
                request, _("%(expert)s has been assigned.") % {"expert": form.cleaned_data["expert"]}
            )
        elif action in ("update", "remove"):
            assignment = get_object_or_404(
                ExpertAssignment, pk=request.POST.get("assignment"), activity=activity
            )
            if action == "remove":
                services.assignment_remove(assignment=assignment, by=request.user)
                messages.success(request, _("%(expert)s has been removed.") % {"expert": assignment.expert})
            else:
                form = AssignmentForm(request.POST, instance=assignment, prefix=f"a{assignment.pk}")
                if not form.is_valid():
                    raise ValidationError(_("Choose a role and a number of days (0 or more)."))
                services.assignment_update(assignment=assignment, by=request.user, **form.cleaned_data)
                messages.success(request, _("The assignment has been saved."))
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(back)


# --- Experts --------------------------------------------------------------------------------


class ExpertListView(PermissionMixin, PaginatedFilterMixin, ListView):
    permission_required = "courses.view_expert"
    filterset_class = ExpertFilter
    template_name = "courses/expert_list.html"
    context_object_name = "experts"

    def get_queryset(self):
        queryset = (
            Expert.objects.select_related("institution")
            .annotate(
                activity_count=Count(
                    "assignments", filter=Q(assignments__activity__status=Activity.Status.DONE)
                )
            )
            .order_by("last_name", "first_name", "pk")
        )
        return self.filtered(queryset)


class ExpertDetailView(PermissionMixin, DetailView):
    permission_required = "courses.view_expert"
    template_name = "courses/expert_detail.html"
    context_object_name = "expert"

    def get_queryset(self):
        return Expert.objects.select_related("institution", "created_by", "updated_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignments"] = self.object.assignments.select_related("activity").order_by(
            "-activity__start_date"
        )
        if self.request.user.has_perm("courses.view_change_history"):
            context["history"] = history_of(self.object)
        return context


class ExpertCreateView(PermissionMixin, CreateView):
    permission_required = "courses.add_expert"
    form_class = ExpertForm
    template_name = "courses/expert_form.html"

    def form_valid(self, form):
        try:
            expert = services.expert_create(by=self.request.user, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(expert)s has been added to the roster.") % {"expert": expert})
        return redirect(expert)


class ExpertUpdateView(PermissionMixin, VersionedUpdateMixin, UpdateView):
    permission_required = "courses.change_expert"
    form_class = ExpertForm
    model = Expert
    template_name = "courses/expert_form.html"
    success_message = gettext_lazy("The expert has been saved.")

    def save(self, form):
        return services.expert_update(
            expert=self.object,
            expected_version=form.cleaned_data["version"],
            by=self.request.user,
            **form.service_fields(),
        )


@permission_required("courses.change_expert")
@require_POST
def expert_set_active(request, pk: int):
    expert = get_object_or_404(Expert, pk=pk)
    active = request.POST.get("active") == "1"
    services.expert_set_active(expert=expert, active=active, by=request.user)
    if active:
        messages.success(request, _("%(expert)s is active on the roster again.") % {"expert": expert})
    else:
        messages.success(
            request,
            _("%(expert)s has been deactivated: they stay on past activities but can no longer be assigned.")
            % {"expert": expert},
        )
    return redirect(expert)


@permission_required("courses.view_activity")
@require_GET
def activity_export(request, fmt: str):
    """The activities matching the list's filters, as a spreadsheet (no personal data of trainees)."""
    activity_filter = ActivityFilter(request.GET, queryset=Activity.objects.all(), request=request)
    activities = activity_filter.qs if activity_filter.is_valid() else Activity.objects.none()
    filename = f"activities-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, activity_header(), activity_rows(activities))
    if fmt == "xlsx":
        return xlsx_response(filename, [(_("Activities"), activity_header(), activity_rows(activities))])
    raise Http404
