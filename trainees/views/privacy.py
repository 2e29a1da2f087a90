"""A person's data as the law asks: their whole record (access request) and erasing their identity."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.http import AuthenticatedHttpRequest
from core.access_log import Action, Subject, log_access
from core.exports import download_name
from core.views import apply_service_errors, get_or_404, permission_required
from courses.access import programme_ids_for

from .. import privacy
from ..models import Trainee


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why"),
        max_length=100,
        help_text=gettext_lazy("E.g. “request of the person, letter of 3 March 2027”."),
    )


@permission_required("trainees.export_trainee")
@require_GET
def trainee_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Everything recorded about a person, as a JSON file, for an access request."""
    trainee = get_or_404(Trainee.objects.for_user(request.user, "trainees.export_trainee"), pk=pk)
    participations = trainee.participations.for_user(request.user, "trainees.export_trainee")
    record = privacy.trainee_record(trainee, participations=participations)
    log_access(request, Action.EXPORT, Subject.PERSON_EXPORT, obj=trainee)
    response = HttpResponse(
        json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    name = download_name(pgettext("file name", "person"), trainee.pk, stamp, extension="json", dated=False)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@permission_required("trainees.erase_trainee")
@require_http_methods(["GET", "POST"])
def trainee_erase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Confirm, then erase a person's identity (pseudonymisation): every figure stays the same."""
    trainee = get_or_404(Trainee.objects.for_user(request.user, "trainees.erase_trainee"), pk=pk)
    _refuse_beyond_reach(request, trainee)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            privacy.trainee_pseudonymise(trainee=trainee, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            log_access(request, Action.ERASE, Subject.TRAINEE, obj=trainee, label=privacy.pseudonym(trainee))
            messages.success(request, _("The person's identity has been erased; the figures are unchanged."))
            return redirect(trainee)
    participations = trainee.participations.count()
    return render(
        request,
        "trainees/trainee_erase.html",
        {"trainee": trainee, "form": form, "participations": participations},
        status=400 if form.errors else 200,
    )


def _refuse_beyond_reach(request: AuthenticatedHttpRequest, trainee: Trainee) -> None:
    """A person on record in a programme the user does not administer is erased by a site administrator."""
    allowed = programme_ids_for(request.user, "trainees.erase_trainee")
    if allowed is not None and trainee.programmes.exclude(pk__in=allowed).exists():
        raise PermissionDenied(
            _("This person also takes part in another programme: ask a site administrator.")
        )
