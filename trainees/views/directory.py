"""The trainee directory: list, record, edit, and merging two records of one person."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, ListView

from accounts.http import AuthenticatedHttpRequest
from core.access_log import Action, Subject, log_access
from core.history import history_of
from core.views import (
    PaginatedFilterMixin,
    PermissionMixin,
    VersionedUpdateView,
    error_messages,
    permission_required,
)
from courses.access import holds_in_any

from .. import services
from ..filters import TraineeFilter
from ..forms import MergeForm, TraineeForm
from ..models import Participation, Trainee


class TraineeListView(PermissionMixin, PaginatedFilterMixin, ListView):
    request: AuthenticatedHttpRequest
    permission_required = "trainees.view_trainee"
    filterset_class = TraineeFilter
    template_name = "trainees/trainee_list.html"
    context_object_name = "trainees"

    def get(self, request, *args, **kwargs):
        log_access(request, Action.VIEW, Subject.TRAINEE_LIST, label=request.GET.urlencode())
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        trainees = Trainee.objects.for_user(self.request.user).annotate(
            participation_count=Count(
                "participations",
                filter=Q(participations__in=Participation.objects.for_user(self.request.user)),
            )
        )
        return self.filtered(trainees.order_by("last_name", "first_name", "pk"))


class TraineeDetailView(PermissionMixin, DetailView):
    request: AuthenticatedHttpRequest
    permission_required = "trainees.view_trainee"
    template_name = "trainees/trainee_detail.html"
    context_object_name = "trainee"

    def get_queryset(self):
        return Trainee.objects.for_user(self.request.user).select_related("created_by", "updated_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        log_access(self.request, Action.VIEW, Subject.TRAINEE, obj=self.object)
        programmes = list(self.object.programmes.values_list("pk", flat=True))
        context["trainee_can"] = {
            name.split("_")[0]: holds_in_any(user, f"trainees.{name}", programmes)
            for name in ("change_trainee", "export_trainee", "erase_trainee", "merge_trainee")
        }
        # A person may take part in several programmes: only the user's are shown.
        context["participations"] = (
            self.object.participations.for_user(user)
            .select_related("activity")
            .order_by("-activity__start_date")
        )
        if user.has_perm("courses.view_change_history"):
            context["history"] = history_of(self.object)
        if user.has_perm("trainees.merge_trainee"):
            context["duplicates"] = (
                Trainee.objects.for_user(user, "trainees.merge_trainee")
                .possible_duplicates(
                    first_name=self.object.first_name,
                    last_name=self.object.last_name,
                    service=self.object.service,
                    service_number=self.object.service_number,
                )
                .exclude(pk=self.object.pk)
                .order_by("pk")[:10]
            )
        return context


class TraineeUpdateView(VersionedUpdateView):
    request: AuthenticatedHttpRequest
    permission_required = "trainees.change_trainee"
    form_class = TraineeForm
    model = Trainee
    template_name = "trainees/trainee_form.html"
    success_message = gettext_lazy("The trainee’s record has been saved.")

    update_service = staticmethod(services.trainee_update)

    def get_queryset(self):
        return Trainee.objects.for_user(self.request.user, "trainees.change_trainee")


@permission_required("trainees.merge_trainee")
@require_http_methods(["GET", "POST"])
def trainee_merge(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Merge two records of the same person (chosen from a trainee page's possible duplicates)."""
    form = MergeForm(request.POST or request.GET or None, user=request.user)
    if form.is_bound and form.is_valid():
        keep, remove = form.cleaned_data["keep"], form.cleaned_data["remove"]
        if request.method == "POST":
            try:
                kept = services.trainee_merge(keep=keep, remove=remove, by=request.user)
            except ValidationError as error:
                error_messages(request, error)
                return redirect(keep)
            messages.success(request, _("The two records have been merged into this one."))
            return redirect(kept)
        context = {
            "form": form,
            "keep": keep,
            "remove": remove,
            "keep_participations": keep.participations.for_user(request.user).select_related("activity"),
            "remove_participations": remove.participations.for_user(request.user).select_related("activity"),
        }
        return render(request, "trainees/trainee_merge.html", context)
    messages.error(request, _("Choose two different trainees to merge, from a trainee’s page."))
    return redirect(reverse("trainees:trainee-list"))
