"""A programme's team (who works on it, with which role) and its own settings, for its admins."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from accounts.roles import Role
from core.views import ObjectPermissions, VersionedUpdateView, error_messages, get_or_404, permission_required

from .. import services, team
from ..models import Membership, Programme
from ..team_forms import InviteForm, ProgrammeForm, RemoveForm, RoleForm


@permission_required("courses.view_membership")
@require_http_methods(["GET", "POST"])
def programme_team(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who works on the programme, with which role; its admins invite people and change roles."""
    programme = get_or_404(Programme.objects.for_user(request.user, "courses.view_membership"), pk=pk)
    can_manage = request.user.has_perm("courses.add_membership", programme)
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            return _invite(request, programme, form)
    members = programme.memberships.select_related("user").order_by("user__last_name", "user__first_name")
    history = (
        Membership.history.filter(programme_id=programme.pk)
        .select_related("history_user", "user")
        .order_by("-history_date", "-history_id")[:30]
    )
    context = {
        "programme": programme,
        "members": [(m, RoleForm(initial={"role": m.role}, prefix=f"m{m.pk}")) for m in members],
        "form": form,
        "can_manage": can_manage,
        "history": history,
        "roles": dict(Role.choices),
    }
    return render(request, "courses/programme_team.html", context, status=400 if form.errors else 200)


def _invite(request: AuthenticatedHttpRequest, programme: Programme, form: InviteForm) -> HttpResponse:
    data = form.cleaned_data
    try:
        user, must_set_password = team.member_invite(programme=programme, by=request.user, **data)
    except ValidationError as error:
        error_messages(request, error)
        return redirect(request.path)
    send_invitation(request, user=user, programme=programme, must_set_password=must_set_password)
    messages.success(
        request,
        _("%(person)s is now in the team as %(role)s; an e-mail has been sent to %(email)s.")
        % {"person": user, "role": Role(data["role"]).label.lower(), "email": user.email},
    )
    return redirect(request.path)


def send_invitation(request, *, user: User, programme: Programme, must_set_password: bool) -> None:
    """The e-mail that lets a new member choose a password (or tells a known one of the new programme)."""
    if must_set_password:
        link = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    else:
        link = reverse("login")
    context = {
        "user": user,
        "programme": programme,
        "by": request.user,
        "link": request.build_absolute_uri(link),
        "must_set_password": must_set_password,
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    send_mail(
        subject=render_to_string("courses/email/invitation_subject.txt", context).strip(),
        message=render_to_string("courses/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@permission_required("courses.change_membership")
@require_POST
def team_member(request: AuthenticatedHttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    """Change a member's role, or take them off the team (their account closes if no programme is left)."""
    programme = get_or_404(Programme.objects.for_user(request.user, "courses.change_membership"), pk=pk)
    membership = get_or_404(programme.memberships.select_related("user"), pk=membership_pk)
    back = reverse("courses:programme-team", args=[programme.pk])
    if membership.user_id == request.user.pk:
        messages.error(
            request, _("You cannot change your own role or leave the team here: ask another admin.")
        )
        return redirect(back)
    try:
        if request.POST.get("action") == "remove":
            reason = RemoveForm(request.POST).data.get("reason", "")[:200]
            closed = team.membership_remove(
                membership=membership, by=request.user, reason=reason or _("taken off the team")
            )
            messages.success(request, _removed_message(membership.user, closed))
        else:
            form = RoleForm(request.POST, prefix=f"m{membership.pk}")
            if not form.is_valid():
                raise ValidationError(_("Choose a role."))
            team.membership_set(
                user=membership.user, programme=programme, role=form.cleaned_data["role"], by=request.user
            )
            messages.success(
                request, _("The role of %(person)s has been changed.") % {"person": membership.user}
            )
    except ValidationError as error:
        error_messages(request, error)
    return redirect(back)


def _removed_message(user: User, closed: bool) -> str:
    if closed:
        return _("%(person)s is no longer in the team; their account is closed (no other programme).") % {
            "person": user
        }
    return _("%(person)s is no longer in the team.") % {"person": user}


class ProgrammeUpdateView(VersionedUpdateView):
    request: AuthenticatedHttpRequest
    permission_required = "courses.change_programme"
    form_class = ProgrammeForm
    model = Programme
    template_name = "courses/programme_form.html"
    success_message = gettext_lazy("The programme's settings have been saved.")
    update_service = staticmethod(services.programme_update)

    def get_queryset(self):
        return Programme.objects.for_user(self.request.user, "courses.change_programme")


@permission_required("courses.view_programme")
@require_http_methods(["GET"])
def programme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The programmes the user works on, with their role in each."""
    programmes = Programme.objects.for_user(request.user).order_by("name")
    roles = dict(request.user.memberships.values_list("programme_id", "role"))
    rows = [
        {
            "programme": programme,
            "role": Role(roles[programme.pk]).label if programme.pk in roles else None,
            "perms": ObjectPermissions(request.user, programme),
        }
        for programme in programmes
    ]
    return render(request, "courses/programme_list.html", {"rows": rows})
