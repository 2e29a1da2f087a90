"""The access log of personal data: each view, export or print is written once, by the view that serves it."""

from django.http import HttpRequest

from .models import AccessLog

Action, Subject = AccessLog.Action, AccessLog.Subject


def log_access(
    request: HttpRequest,
    action: str,
    subject: str,
    *,
    obj=None,
    label: str = "",
    programme_id: int | None = None,
) -> AccessLog:
    """Write who read what. ``obj`` names the record (its id and, unless ``label`` says, its name)."""
    return AccessLog.objects.create(
        user=request.user if request.user.is_authenticated else None,
        action=action,
        subject=subject,
        object_id=str(obj.pk) if obj is not None else "",
        label=(label or (str(obj) if obj is not None else ""))[:200],
        programme_id=programme_id,
        path=request.get_full_path()[:300],
    )
