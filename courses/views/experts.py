"""Pages of the expert roster: list, detail, add, edit, deactivate."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView

from accounts.http import AuthenticatedHttpRequest
from core.history import history_of
from core.views import (
    PaginatedFilterMixin,
    PermissionMixin,
    ServiceFormMixin,
    VersionedUpdateView,
    get_or_404,
    permission_required,
)

from .. import services
from ..filters import ExpertFilter
from ..forms import ExpertForm
from ..models import Activity, Expert


class ExpertListView(PermissionMixin, PaginatedFilterMixin, ListView):
    request: AuthenticatedHttpRequest
    permission_required = "courses.view_expert"
    filterset_class = ExpertFilter
    template_name = "courses/expert_list.html"
    context_object_name = "experts"

    def get_queryset(self):
        queryset = (
            Expert.objects.for_user(self.request.user)
            .select_related("institution")
            .with_done_activity_count()
            .order_by("last_name", "first_name", "pk")
        )
        return self.filtered(queryset)


class ExpertDetailView(PermissionMixin, DetailView):
    request: AuthenticatedHttpRequest
    permission_required = "courses.view_expert"
    template_name = "courses/expert_detail.html"
    context_object_name = "expert"

    def get_queryset(self):
        return Expert.objects.for_user(self.request.user).select_related(
            "institution", "created_by", "updated_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Only the activities of the user's programmes: an expert may serve several programmes.
        context["assignments"] = (
            self.object.assignments.filter(activity__in=Activity.objects.for_user(self.request.user))
            .select_related("activity")
            .order_by("-activity__start_date")
        )
        if self.request.user.has_perm("courses.view_change_history"):
            context["history"] = history_of(self.object)
        return context


class ExpertCreateView(PermissionMixin, ServiceFormMixin, CreateView):
    request: AuthenticatedHttpRequest
    permission_required = "courses.add_expert"
    form_class = ExpertForm
    template_name = "courses/expert_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        return services.expert_create(by=self.request.user, **form.service_fields())

    def get_success_message(self, saved):
        return _("%(expert)s has been added to the roster.") % {"expert": saved}


class ExpertUpdateView(VersionedUpdateView):
    request: AuthenticatedHttpRequest
    permission_required = "courses.change_expert"
    form_class = ExpertForm
    model = Expert
    template_name = "courses/expert_form.html"
    success_message = gettext_lazy("The expert has been saved.")

    update_service = staticmethod(services.expert_update)

    def get_queryset(self):
        return Expert.objects.for_user(self.request.user, "courses.change_expert")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


@permission_required("courses.change_expert")
@require_POST
def expert_set_active(request: AuthenticatedHttpRequest, pk: int):
    expert = get_or_404(Expert.objects.for_user(request.user, "courses.change_expert"), pk=pk)
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
