from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.roles import landing_url_name


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each user where their role works; users without a role get an explanation."""
    url_name = landing_url_name(request.user)
    if url_name:
        return redirect(url_name)
    return render(request, "pages/home.html")


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for the load balancer and docker-compose."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
