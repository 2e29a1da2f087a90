"""The trainee directory: list, record, edit, and merging two records of one person."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, ListView

from accounts.http import AuthenticatedHttpRequest
from core.history import history_of
from core.views import (
    PaginatedFilterMixin,
    PermissionMixin,
    VersionedUpdateView,
    error_messages,
    permission_required,
)

from .. import services
from ..filters import TraineeFilter
from ..forms import MergeForm, TraineeForm
from ..models import Trainee


class TraineeListView(PermissionMixin, PaginatedFilterMixin, ListView):
    request: AuthenticatedHttpRequest
    permission_required = "trainees.view_trainee"
    filterset_class = TraineeFilter
    template_name = "trainees/trainee_list.html"
    context_object_name = "trainees"

    def get_queryset(self):
        trainees = Trainee.objects.annotate(participation_count=Count("participations"))
        return self.filtered(trainees.order_by("last_name", "first_name", "pk"))


class TraineeDetailView(PermissionMixin, DetailView):
    request: AuthenticatedHttpRequest
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


class TraineeUpdateView(VersionedUpdateView):
    request: AuthenticatedHttpRequest
    permission_required = "trainees.change_trainee"
    form_class = TraineeForm
    model = Trainee
    template_name = "trainees/trainee_form.html"
    success_message = gettext_lazy("The trainee’s record has been saved.")

    update_service = staticmethod(services.trainee_update)


@permission_required("trainees.merge_trainee")
@require_http_methods(["GET", "POST"])
def trainee_merge(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Merge two records of the same person (chosen from a trainee page's possible duplicates)."""
    form = MergeForm(request.POST or request.GET or None)
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
            "keep_participations": keep.participations.select_related("activity"),
            "remove_participations": remove.participations.select_related("activity"),
        }
        return render(request, "trainees/trainee_merge.html", context)
    messages.error(request, _("Choose two different trainees to merge, from a trainee’s page."))
    return redirect(reverse("trainees:trainee-list"))
