"""Where each user lands after signing in; a locked-out sign-in; forgotten passwords; what the
application keeps about people; personal API tokens."""

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from core.views import get_or_404

from .forms import ApiTokenForm
from .models import ApiToken, User
from .roles import landing_url_name
from .services import api_token_create, api_token_revoke


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each user where their role works; users without a role get an explanation."""
    url_name = landing_url_name(request.user)
    if url_name:
        return redirect(url_name)
    return render(request, "pages/home.html")


class PasswordResetView(auth_views.PasswordResetView):
    """ "Forgotten password": an e-mail with a link; at most a few requests an hour from one address,
    so that nobody can flood a mailbox. The answer never says whether the address is known."""

    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def post(self, request, *args, **kwargs):
        if is_ratelimited(request, group="password-reset", key="ip", rate="5/h", increment=True):
            return render(request, "registration/password_reset_limited.html", status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a password from an e-mailed link: after "forgotten password", or a team invitation."""

    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


def privacy(request: HttpRequest) -> HttpResponse:
    """Public: what is kept about people, why, for how long, and whom to ask."""
    return render(
        request,
        "pages/privacy.html",
        {"retention_years": settings.PERSONAL_DATA_RETENTION_YEARS, "contact": settings.PRIVACY_CONTACT},
    )


def locked_out(request: HttpRequest, response: HttpResponse | None = None, credentials=None) -> HttpResponse:
    """Too many failed sign-ins (django-axes): the same page whether the user name exists or not."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    rendered = render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
    rendered["Retry-After"] = str(minutes * 60)
    return rendered


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's personal API tokens: make one (its text is shown this once), see when each was used."""
    user = cast(User, request.user)
    created = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, text = api_token_create(
                user=user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            created = {"token": token, "text": text}
            form = ApiTokenForm()
    context = {
        "form": form,
        "created": created,
        "tokens": ApiToken.objects.for_user(user),
        "now": timezone.now(),
    }
    return render(request, "accounts/api_tokens.html", context)


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    token = get_or_404(ApiToken.objects.for_user(user), pk=pk)  # only one's own tokens
    api_token_revoke(token=token, by=user)
    messages.success(
        request, _("The token “%(name)s” is revoked: it opens nothing any more.") % {"name": token.name}
    )
    return redirect("api-tokens")
