"""Where each user lands after signing in, and what a locked-out sign-in is told."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .roles import landing_url_name


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each user where their role works; users without a role get an explanation."""
    url_name = landing_url_name(request.user)
    if url_name:
        return redirect(url_name)
    return render(request, "pages/home.html")


def locked_out(request: HttpRequest, response: HttpResponse | None = None, credentials=None) -> HttpResponse:
    """Too many failed sign-ins (django-axes): the same page whether the user name exists or not."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    rendered = render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
    rendered["Retry-After"] = str(minutes * 60)
    return rendered
