"""Response headers every page gets."""

from django.conf import settings
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
