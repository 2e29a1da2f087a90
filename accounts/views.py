"""Where each user lands after signing in; a locked-out sign-in; forgotten passwords; what the
application keeps about people."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django_ratelimit.core import is_ratelimited

from .roles import landing_url_name


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
