"""Who is asking: the client's address, the same for the sign-in lockout and the rate limits.

Behind the reverse proxy, every request comes from the proxy's address; the proxy writes the
client's address in a header of its own (``X-Real-IP``), overwriting whatever the client sent.
``CLIENT_IP_HEADER`` names that header; unset (no proxy), the connection's address is used. A
header value that is not an address is ignored, so that nobody can pick their own bucket.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header:
        value = request.META.get(header, "").strip()
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"


def login_username(request: HttpRequest | None, credentials: dict | None) -> str:
    """The user name a sign-in attempt is counted under: as typed, without case or outer spaces,
    so that "Admin " and "admin" share one counter."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username", "")
    return str(value or "").strip().casefold()[:150]
