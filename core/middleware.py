"""Response headers every page gets, and the project's error pages under DEBUG."""

from django.conf import settings
from django.http import HttpResponseNotFound
from django.utils.cache import patch_cache_control


class PrivateNoStoreMiddleware:
    """``Cache-Control: private, no-store`` on every response but static files.

    Pages, exports, proofs and reports carry personal data of security staff: no shared cache (a
    proxy) and no browser cache may keep them. The rule is the simplest that cannot miss one: every
    response of the application; static files are served before this middleware and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            patch_cache_control(response, private=True, no_store=True)
        return response


class ProjectErrorPagesMiddleware:
    """With DEBUG on (the demo), a 404 shows the project's page, translated, as in production.

    Django answers a 404 under DEBUG with its own technical page, in English, listing the URL
    patterns; people trying the demo should see what production shows. Every HTML 404 under DEBUG
    is Django's technical page (the project raises ``Http404``), so each is replaced.
    ``DEBUG_TECHNICAL_PAGES=1`` brings Django's pages back for a developer. The 500 page is handled
    by ``core.errors.ProjectExceptionReporter``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and not settings.DEBUG_TECHNICAL_PAGES
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and not request.path.startswith("/" + settings.STATIC_URL.lstrip("/"))
        ):
            from django.template.loader import render_to_string

            return HttpResponseNotFound(render_to_string("404.html", request=request))
        return response
