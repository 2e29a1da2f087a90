"""The sessions of an activity: add a day or a half-day, move one, remove one not yet marked."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.http import AuthenticatedHttpRequest
from core.forms import DateInput
from core.views import error_messages, get_or_404, permission_required

from .. import session_services
from ..models import Activity, Session


class SessionForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    part = forms.ChoiceField(label=gettext_lazy("Part of the day"), choices=Session.Part.choices)


def _post(request: AuthenticatedHttpRequest, activity: Activity) -> None:
    action = request.POST.get("action")
    if action == "remove":
        session = get_or_404(activity.sessions.all(), pk=request.POST.get("session"))
        session_services.session_remove(session=session, by=request.user)
        messages.success(request, _("The session has been removed."))
        return
    form = SessionForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Give a date and a part of the day."))
    if action == "add":
        session_services.session_add(activity=activity, by=request.user, **form.cleaned_data)
        messages.success(request, _("The session has been added."))
    elif action == "move":
        session = get_or_404(activity.sessions.all(), pk=request.POST.get("session"))
        session_services.session_move(session=session, by=request.user, **form.cleaned_data)
        messages.success(request, _("The session has been moved."))
    else:
        raise ValidationError(_("Unknown action."))


@permission_required("courses.change_session", "courses.add_session", "courses.delete_session")
@require_http_methods(["GET", "POST"])
def activity_sessions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_or_404(Activity.objects.for_user(request.user, "courses.change_session"), pk=pk)
    if request.method == "POST":
        try:
            _post(request, activity)
        except ValidationError as error:
            error_messages(request, error)
        return redirect(request.path)
    context = {
        "activity": activity,
        "sessions": activity.sessions.with_marks(),
        "parts": Session.Part.choices,
    }
    return render(request, "courses/activity_sessions.html", context)
