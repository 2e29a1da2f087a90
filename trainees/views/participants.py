"""An activity's participants and anonymous headcounts: one screen each for the coordinator."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_http_methods

from accounts.http import AuthenticatedHttpRequest
from core.access_log import Action, Subject, log_access
from core.forms import clean_search_text
from core.views import apply_service_errors, error_messages, get_or_404, permission_required
from courses.models import Activity

from .. import services
from ..choices import Service, Sex
from ..forms import (
    AddParticipantForm,
    HeadcountForm,
    NewParticipantForm,
    ParticipantRowForm,
    headcounts_token,
)
from ..models import Participation, Trainee

PARTICIPANT_PERMS = ("trainees.view_trainee", "trainees.add_participation", "trainees.change_participation")


SEARCH_RESULTS = 20  # people shown by the search; the page says when there are more


def _participant_rows(activity, data=None):
    participations = activity.participations.select_related("trainee").order_by(
        "trainee__last_name", "trainee__first_name"
    )
    rows = []
    for participation in participations:
        prefix = f"p{participation.pk}"
        bound = data if data is not None and f"{prefix}-outcome" in data else None
        form = ParticipantRowForm(
            bound,
            prefix=prefix,
            initial={"outcome": participation.outcome},
        )
        rows.append((participation, form))
    return rows


@permission_required(*PARTICIPANT_PERMS)
@require_http_methods(["GET", "POST"])
def activity_participants(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One screen for an activity's participants: find or add people, outcomes (attendance: per session)."""
    activity = get_or_404(
        Activity.objects.for_user(request.user, "trainees.change_participation").select_related("programme"),
        pk=pk,
    )
    new_form = NewParticipantForm(
        prefix="new", initial={"outcome": Participation.default_outcome_for(activity)}
    )
    duplicates: list[Trainee] = []
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "save":
            return _save_rows(request, activity)
        if action == "add":
            return _add_existing(request, activity)
        if action == "new":
            new_form = NewParticipantForm(request.POST, prefix="new")
            response, duplicates = _add_new(request, activity, new_form)
            if response:
                return response
        else:
            messages.error(request, _("Unknown action."))
            return redirect(request.path)

    query = clean_search_text(request.GET.get("q"))
    results: list = []
    results_total = 0
    if query:
        matches = (
            Trainee.objects.for_user(request.user)
            .search(query)
            .exclude(participations__activity=activity)
            .order_by("last_name", "first_name")
        )
        results = list(matches[: SEARCH_RESULTS + 1])
        # Counted only when cut, so that the page can say how many more there are.
        results_total = matches.count() if len(results) > SEARCH_RESULTS else len(results)
        results = results[:SEARCH_RESULTS]
    if request.headers.get("X-Requested-With") != "fetch":
        log_access(
            request, Action.VIEW, Subject.PARTICIPANTS, obj=activity, programme_id=activity.programme_id
        )
    context = {
        "activity": activity,
        "rows": _participant_rows(activity),
        "query": query,
        "results": results,
        "results_total": results_total,
        "add_form": AddParticipantForm(
            user=request.user, initial={"outcome": Participation.default_outcome_for(activity)}
        ),
        "new_form": new_form,
        "duplicates": duplicates,
    }
    if request.headers.get("X-Requested-With") == "fetch":
        return render(request, "trainees/includes/trainee_results.html", context)
    return render(request, "trainees/activity_participants.html", context, status=400 if duplicates else 200)


def _save_rows(request: AuthenticatedHttpRequest, activity) -> HttpResponse:
    rows = _participant_rows(activity, request.POST)
    bound = [(p, f) for p, f in rows if f.is_bound]
    if not all(form.is_valid() for _p, form in bound):
        messages.error(
            request, _("Some rows could not be read; nothing was saved. Check the outcomes and try again.")
        )
        return redirect(request.path)
    changes = [
        services.ParticipationChange(
            participation=participation,
            outcome=form.cleaned_data["outcome"],
            remove=form.cleaned_data["remove"],
        )
        for participation, form in bound
    ]
    try:
        changed = services.participations_update(activity=activity, changes=changes, by=request.user)
    except ValidationError as error:
        error_messages(request, error)
        return redirect(request.path)
    messages.success(
        request,
        ngettext("Participants saved: %(count)s change.", "Participants saved: %(count)s changes.", changed)
        % {"count": changed},
    )
    return redirect(request.path)


def _add_existing(request: AuthenticatedHttpRequest, activity) -> HttpResponse:
    form = AddParticipantForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose a person from the search results."))
        return redirect(request.path)
    try:
        services.participation_add(activity=activity, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        error_messages(request, error)
        return redirect(request.path)
    person = form.cleaned_data["trainee"]
    # The sentence agrees with the person's recorded sex (French: "ajoutée" / "ajouté").
    if person.sex == Sex.FEMALE:
        added = pgettext("female", "%(person)s has been added.")
    else:
        added = pgettext("male", "%(person)s has been added.")
    messages.success(request, added % {"person": person})
    return redirect(request.path)


def _add_new(request: AuthenticatedHttpRequest, activity, form) -> tuple[HttpResponse | None, list]:
    """Create the person and their participation; possible duplicates are shown first."""
    if not form.is_valid():
        return None, []
    try:
        trainee = services.participant_register(
            activity=activity,
            by=request.user,
            allow_duplicate=form.cleaned_data["confirm_new"],
            among=Trainee.objects.for_user(request.user),
            outcome=form.cleaned_data["outcome"],
            **form.service_fields(),
        )
    except services.PossibleDuplicateError as duplicate:
        form.add_error(
            None,
            _(
                "This person may already be on record (same name and service, or same service number). "
                "Add the existing person instead, or confirm that this is someone else."
            ),
        )
        return None, duplicate.matches
    except ValidationError as error:
        apply_service_errors(form, error)
        return None, []
    if trainee.sex == Sex.FEMALE:
        added = pgettext("female", "%(person)s has been registered and added.")
    else:
        added = pgettext("male", "%(person)s has been registered and added.")
    messages.success(request, added % {"person": trainee})
    return redirect(request.path), []


@permission_required("trainees.change_headcount", "trainees.add_headcount")
@require_http_methods(["GET", "POST"])
def activity_headcounts(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Anonymous attendance of an activity, by service and sex."""
    activity = get_or_404(Activity.objects.for_user(request.user, "trainees.change_headcount"), pk=pk)
    form = HeadcountForm(request.POST or None, activity=activity)
    saved_meanwhile: dict[str, int] = {}
    if request.method == "POST" and form.is_valid():
        try:
            services.headcounts_save(
                activity=activity, counts=form.counts(), expected=form.cleaned_data["seen"], by=request.user
            )
        except services.StaleHeadcountsError as stale:
            form, saved_meanwhile = _stale_headcounts(request, activity, stale.current)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The headcounts have been saved."))
            return redirect(activity)
    context = {"activity": activity, "form": form, "saved_meanwhile": saved_meanwhile}
    return render(request, "trainees/activity_headcounts.html", context)


def _stale_headcounts(request: AuthenticatedHttpRequest, activity, current) -> tuple[HeadcountForm, dict]:
    """The form again with what the user typed (nothing lost), starting now from the numbers saved
    meanwhile, which are shown beside each field: saving again replaces them knowingly."""
    data = request.POST.copy()
    data["seen"] = headcounts_token(current)
    form = HeadcountForm(data, activity=activity)
    form.is_valid()
    form.add_error(
        None,
        _(
            "Someone else saved these headcounts after you opened the page, so your numbers were not saved. "
            "Their numbers are shown under each field; yours are still in the fields: check them and save again."
        ),
    )
    saved = {
        HeadcountForm.field_name(service, sex): current.get((service.value, sex.value), 0)
        for service in Service
        for sex in Sex
    }
    return form, saved
