"""Where each user lands after signing in."""

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
