"""Pages of the trainee directory, an activity's participants and headcounts, and merges."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, ListView, UpdateView

from accounts.history import history_of
from accounts.permissions import PermissionMixin, permission_required
from courses.forms import clean_search_text
from courses.models import Activity
from courses.views import PaginatedFilterMixin, VersionedUpdateMixin, apply_service_errors

from . import services
from .filters import TraineeFilter
from .forms import (
    AddParticipantForm,
    HeadcountForm,
    MergeForm,
    NewParticipantForm,
    ParticipantRowForm,
    TraineeForm,
)
from .models import Participation, Trainee

PARTICIPANT_PERMS = ("trainees.view_trainee", "trainees.add_participation", "trainees.change_participation")


class TraineeListView(PermissionMixin, PaginatedFilterMixin, ListView):
    permission_required = "trainees.view_trainee"
    filterset_class = TraineeFilter
    template_name = "trainees/trainee_list.html"
    context_object_name = "trainees"

    def get_queryset(self):
        trainees = Trainee.objects.annotate(participation_count=Count("participations"))
        return self.filtered(trainees.order_by("last_name", "first_name", "pk"))


class TraineeDetailView(PermissionMixin, DetailView):
    permission_required = "trainees.view_trainee"
    template_name = "trainees/trainee_detail.html"
    context_object_name = "trainee"

    def get_queryset(self):
        return Trainee.objects.select_related("created_by", "updated_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["participations"] = self.object.participations.select_related("activity").order_by(
            "-activity__start_date"
        )
        user = self.request.user
        if user.has_perm("courses.view_change_history"):
            context["history"] = history_of(self.object)
        if user.has_perm("trainees.merge_trainee"):
            context["duplicates"] = (
                Trainee.objects.possible_duplicates(
                    first_name=self.object.first_name,
                    last_name=self.object.last_name,
                    service=self.object.service,
                    service_number=self.object.service_number,
                )
                .exclude(pk=self.object.pk)
                .order_by("pk")[:10]
            )
        return context


class TraineeUpdateView(PermissionMixin, VersionedUpdateMixin, UpdateView):
    permission_required = "trainees.change_trainee"
    form_class = TraineeForm
    model = Trainee
    template_name = "trainees/trainee_form.html"
    success_message = gettext_lazy("The trainee’s record has been saved.")

    def save(self, form):
        return services.trainee_update(
            trainee=self.object,
            expected_version=form.cleaned_data["version"],
            by=self.request.user,
            **form.service_fields(),
        )


# --- Participants of an activity ------------------------------------------------------------


def _participant_rows(activity, data=None):
    participations = activity.participations.select_related("trainee").order_by(
        "trainee__last_name", "trainee__first_name"
    )
    rows = []
    for participation in participations:
        prefix = f"p{participation.pk}"
        bound = data if data is not None and f"{prefix}-outcome" in data else None
        form = ParticipantRowForm(
            bound,
            prefix=prefix,
            initial={"outcome": participation.outcome, "attended": participation.attended},
        )
        rows.append((participation, form))
    return rows


@permission_required(*PARTICIPANT_PERMS)
@require_http_methods(["GET", "POST"])
def activity_participants(request, pk: int) -> HttpResponse:
    """One screen for an activity's participants: find or add people, outcomes, attendance."""
    activity = get_object_or_404(Activity.objects.select_related("programme"), pk=pk)
    new_form = NewParticipantForm(
        prefix="new", initial={"outcome": Participation.default_outcome_for(activity)}
    )
    duplicates = []
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "save":
            return _save_rows(request, activity)
        if action == "add":
            return _add_existing(request, activity)
        if action == "new":
            new_form = NewParticipantForm(request.POST, prefix="new")
            response, duplicates = _add_new(request, activity, new_form)
            if response:
                return response
        else:
            messages.error(request, _("Unknown action."))
            return redirect(request.path)

    query = clean_search_text(request.GET.get("q"))
    results = []
    if query:
        results = (
            Trainee.objects.search(query)
            .exclude(participations__activity=activity)
            .order_by("last_name", "first_name")[:20]
        )
    context = {
        "activity": activity,
        "rows": _participant_rows(activity),
        "query": query,
        "results": results,
        "add_form": AddParticipantForm(initial={"outcome": Participation.default_outcome_for(activity)}),
        "new_form": new_form,
        "duplicates": duplicates,
    }
    if request.headers.get("X-Requested-With") == "fetch":
        return render(request, "trainees/includes/trainee_results.html", context)
    return render(request, "trainees/activity_participants.html", context, status=400 if duplicates else 200)


def _save_rows(request, activity) -> HttpResponse:
    rows = _participant_rows(activity, request.POST)
    bound = [(p, f) for p, f in rows if f.is_bound]
    if not all(form.is_valid() for _p, form in bound):
        messages.error(
            request, _("Some rows could not be read; nothing was saved. Check the outcomes and try again.")
        )
        return redirect(request.path)
    changes = [
        services.ParticipationChange(
            participation=participation,
            outcome=form.cleaned_data["outcome"],
            attended=form.cleaned_data["attended"],
            remove=form.cleaned_data["remove"],
        )
        for participation, form in bound
    ]
    try:
        changed = services.participations_update(activity=activity, changes=changes, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(request.path)
    messages.success(
        request,
        ngettext("Participants saved: %(count)s change.", "Participants saved: %(count)s changes.", changed)
        % {"count": changed},
    )
    return redirect(request.path)


def _add_existing(request, activity) -> HttpResponse:
    form = AddParticipantForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a person from the search results."))
        return redirect(request.path)
    try:
        services.participation_add(activity=activity, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(request.path)
    messages.success(request, _("%(person)s has been added.") % {"person": form.cleaned_data["trainee"]})
    return redirect(request.path)


def _add_new(request, activity, form) -> tuple[HttpResponse | None, list]:
    """Create the person and their participation; possible duplicates are shown first."""
    if not form.is_valid():
        return None, []
    try:
        trainee = services.participant_register(
            activity=activity,
            by=request.user,
            allow_duplicate=form.cleaned_data["confirm_new"],
            outcome=form.cleaned_data["outcome"],
            attended=form.cleaned_data["attended"],
            **form.service_fields(),
        )
    except services.PossibleDuplicateError as duplicate:
        form.add_error(
            None,
            _(
                "This person may already be on record (same name and service, or same service number). "
                "Add the existing person instead, or confirm that this is someone else."
            ),
        )
        return None, duplicate.matches
    except ValidationError as error:
        apply_service_errors(form, error)
        return None, []
    messages.success(request, _("%(person)s has been registered and added.") % {"person": trainee})
    return redirect(request.path), []


@permission_required("trainees.change_headcount", "trainees.add_headcount")
@require_http_methods(["GET", "POST"])
def activity_headcounts(request, pk: int) -> HttpResponse:
    """Anonymous attendance of an activity, by service and sex."""
    activity = get_object_or_404(Activity, pk=pk)
    form = HeadcountForm(request.POST or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.headcounts_save(activity=activity, counts=form.counts(), by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The headcounts have been saved."))
            return redirect(activity)
    return render(request, "trainees/activity_headcounts.html", {"activity": activity, "form": form})


@permission_required("trainees.merge_trainee")
@require_http_methods(["GET", "POST"])
def trainee_merge(request) -> HttpResponse:
    """Merge two records of the same person (chosen from a trainee page's possible duplicates)."""
    form = MergeForm(request.POST or request.GET or None)
    if form.is_bound and form.is_valid():
        keep, remove = form.cleaned_data["keep"], form.cleaned_data["remove"]
        if request.method == "POST":
            try:
                kept = services.trainee_merge(keep=keep, remove=remove, by=request.user)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                return redirect(keep)
            messages.success(request, _("The two records have been merged into this one."))
            return redirect(kept)
        context = {
            "form": form,
            "keep": keep,
            "remove": remove,
            "keep_participations": keep.participations.select_related("activity"),
            "remove_participations": remove.participations.select_related("activity"),
        }
        return render(request, "trainees/trainee_merge.html", context)
    messages.error(request, _("Choose two different trainees to merge, from a trainee’s page."))
    return redirect(reverse("trainees:trainee-list"))
