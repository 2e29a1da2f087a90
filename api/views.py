"""The REST API, version 1: read what the pages show, write what an integration needs.

Every queryset is the model's ``for_user(user, perm)`` and every object lookup goes through it, so
that another programme's objects answer 404, as on the pages; a permission held in no programme
answers 403. Writes call the services the pages call. Reads of personal data go to the access log.
"""

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.access_log import Action, Subject, log_access
from core.views import get_or_404
from courses import services as course_services
from courses.models import Activity, Programme
from reports.figures import cached_figures, cached_figures_and_indicators
from reports.forms import PeriodForm
from reports.models import CommitteeReport
from trainees.import_services import DuplicatesUndecided, ListRowsInvalid, participant_list_register
from trainees.models import Trainee

from . import serializers
from .errors import Conflict
from .filters import ActivityFilter

ID = r"[0-9]{1,18}"  # ids in URLs: digits only, within the database's range


class Holds(permissions.BasePermission):
    """The view's permission for the action (``perms``) in at least one programme; objects are scoped."""

    def has_permission(self, request, view) -> bool:
        perm = view.perms.get(view.action)
        return bool(request.user and request.user.is_authenticated and perm and request.user.has_perm(perm))


class ScopedViewSet(viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, Holds]
    lookup_value_regex = ID
    perms: dict[str, str] = {}

    def scoped(self, model, action_name: str | None = None):
        return model.objects.for_user(self.request.user, self.perms[action_name or self.action])

    def get_object(self):
        obj = get_or_404(self.filter_queryset(self.get_queryset()), pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj


@extend_schema_view(
    list=extend_schema(summary="The programmes the caller belongs to"),
    retrieve=extend_schema(summary="One programme"),
)
class ProgrammeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = serializers.ProgrammeSerializer
    perms = {
        "list": "courses.view_programme",
        "retrieve": "courses.view_programme",
        "figures": "reports.view_dashboard",
        "indicators": "reports.view_dashboard",
    }

    def get_queryset(self):
        return self.scoped(Programme).order_by("name", "pk")

    @extend_schema(
        summary="The figures of a period (the dashboard's, the same numbers)",
        parameters=[
            OpenApiParameter(
                "start", OpenApiTypes.DATE, description="First day (default: the programme's start)."
            ),
            OpenApiParameter("end", OpenApiTypes.DATE, description="Last day (default: today)."),
        ],
        responses=serializers.FiguresSerializer,
    )
    @action(detail=True, methods=["get"])
    def figures(self, request: Request, pk=None) -> Response:
        programme, start, end = self._period()
        figures = cached_figures(programme, start, end)
        return Response(serializers.FiguresSerializer(figures).data)

    @extend_schema(
        summary="The results framework's indicators: targets and what was achieved in a period and since the start",
        parameters=[
            OpenApiParameter(
                "start", OpenApiTypes.DATE, description="First day (default: the programme's start)."
            ),
            OpenApiParameter("end", OpenApiTypes.DATE, description="Last day (default: today)."),
        ],
        responses=serializers.IndicatorProgressSerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def indicators(self, request: Request, pk=None) -> Response:
        """The same values as the dashboard's indicators section (``results.compute``), in the
        language of the request, cached with the figures; not paginated (a framework holds a handful)."""
        programme, start, end = self._period()
        _figures, progress = cached_figures_and_indicators(programme, start, end)
        return Response(serializers.IndicatorProgressSerializer(progress, many=True).data)

    def _period(self):
        """The programme and the period asked, checked as the dashboard checks it."""
        programme = self.get_object()
        form = PeriodForm(
            {"programme": programme.pk, **{k: request_param(self.request, k) for k in ("start", "end")}},
            user=self.request.user,
            default=programme,
        )
        if not form.is_valid():
            raise exceptions.ValidationError(form.errors)
        return programme, form.cleaned_data["start"], form.cleaned_data["end"]


def request_param(request: Request, name: str) -> str:
    return request.query_params.get(name, "")


class Pdf(renderers.BaseRenderer):
    """The report's PDF itself is a file response; errors on the way are JSON."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return renderers.JSONRenderer().render(data)


def if_match_version(request: Request) -> int | None:
    """The version an ``If-Match`` header names (``"3"`` or ``3``), if any."""
    value = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
    return int(value) if value.isdigit() and len(value) < 10 else None


@extend_schema_view(
    list=extend_schema(summary="Activities, filtered"),
    retrieve=extend_schema(summary="One activity (its ETag is its version)"),
    create=extend_schema(
        summary="Plan an activity",
        request=serializers.ActivityWriteSerializer,
        responses=serializers.ActivitySerializer,
    ),
    partial_update=extend_schema(
        summary="Change a planned activity, from the version read (body `version` or If-Match)",
        request=serializers.ActivityWriteSerializer,
        responses=serializers.ActivitySerializer,
    ),
)
class ActivityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    http_method_names = ["get", "post", "patch", "head", "options"]
    serializer_class = serializers.ActivitySerializer
    filterset_class = ActivityFilter
    perms = {
        "list": "courses.view_activity",
        "retrieve": "courses.view_activity",
        "create": "courses.add_activity",
        "partial_update": "courses.change_activity",
        "participants": "trainees.view_participation",
        "register": "trainees.add_participation",
    }

    def get_queryset(self):
        queryset = self.scoped(Activity).order_by("-start_date", "title", "pk")
        if self.action in ("list", "retrieve"):
            queryset = queryset.for_list().prefetch_related("beneficiary_units", "host_institutions")
        return queryset

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    def _read_back(self, activity: Activity, code: int = status.HTTP_200_OK) -> Response:
        fresh = (
            self.scoped(Activity, "list")
            .for_list()
            .prefetch_related("beneficiary_units", "host_institutions")
        )
        data = self.get_serializer(fresh.get(pk=activity.pk)).data
        return Response(data, status=code, headers={"ETag": f'"{data["version"]}"'})

    def create(self, request, *args, **kwargs):
        incoming = serializers.ActivityWriteSerializer(
            data=request.data, programmes=self.scoped(Programme, "create")
        )
        incoming.is_valid(raise_exception=True)
        fields = dict(incoming.validated_data)
        fields.pop("version", None)
        activity = course_services.activity_create(by=request.user, status=Activity.Status.PLANNED, **fields)
        return self._read_back(activity, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        activity = self.get_object()
        incoming = serializers.ActivityWriteSerializer(
            data=request.data,
            partial=True,
            programmes=self.scoped(Programme).filter(pk=activity.programme_id),
        )
        incoming.is_valid(raise_exception=True)
        fields = dict(incoming.validated_data)
        version = fields.pop("version", None) or if_match_version(request)
        if version is None:
            raise exceptions.ValidationError(
                {"version": [_("Send the version you read, in the body or in an If-Match header.")]}
            )
        if fields.pop("programme", activity.programme) != activity.programme:
            raise exceptions.ValidationError(
                {"programme": [_("An activity cannot move to another programme.")]}
            )
        if activity.status != Activity.Status.PLANNED:
            raise Conflict(_("Only a planned activity can be changed through the API."))
        activity = course_services.activity_update(
            activity=activity, expected_version=version, by=request.user, **fields
        )
        return self._read_back(activity)

    @extend_schema(
        summary="The participants of an activity (personal data: recorded in the access log)",
        responses=serializers.ParticipantSerializer(many=True),
    )
    @action(detail=True, methods=["get"], serializer_class=serializers.ParticipantSerializer)
    def participants(self, request: Request, pk=None) -> Response:
        activity = get_or_404(self.scoped(Activity), pk=pk)
        rows = activity.participations.select_related("trainee").order_by(
            "trainee__last_name", "trainee__first_name", "pk"
        )
        page = self.paginate_queryset(rows)
        log_access(
            request, Action.VIEW, Subject.PARTICIPANTS, obj=activity, programme_id=activity.programme_id
        )
        return self.get_paginated_response(serializers.ParticipantSerializer(page, many=True).data)

    @extend_schema(
        summary="Register people to an activity, all or none, as an imported list",
        request=serializers.RegistrationSerializer,
        responses={201: serializers.RegistrationResultSerializer},
    )
    @participants.mapping.post
    def register(self, request: Request, pk=None) -> Response:
        if not request.user.has_perm("trainees.add_trainee"):
            raise exceptions.PermissionDenied
        activity = get_or_404(self.scoped(Activity), pk=pk)
        incoming = serializers.RegistrationSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        people = [dict(person) for person in incoming.validated_data["participants"]]
        choices = {
            position: person.pop("match") for position, person in enumerate(people, 1) if person["match"]
        }
        try:
            result = participant_list_register(
                activity=activity, people=people, choices=choices, by=request.user
            )
        except ListRowsInvalid as invalid:
            raise exceptions.ValidationError(
                {"participants": {str(k): v for k, v in invalid.errors.items()}}
            ) from None
        except DuplicatesUndecided as undecided:
            conflict = Conflict(
                _(
                    'Some people may be on record already: send, for each, "match": "new" or the id of the person.'
                )
            )
            conflict.errors = {"participants": {str(k): v for k, v in undecided.candidates.items()}}
            raise conflict from None
        body = serializers.RegistrationResultSerializer(result).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="People on record in the caller's programmes (personal data: recorded in the access log)",
        parameters=[OpenApiParameter("q", str, description="A service number, or words of the name.")],
    ),
    retrieve=extend_schema(summary="One person on record (personal data: recorded in the access log)"),
)
class TraineeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = serializers.TraineeSerializer
    perms = {"list": "trainees.view_trainee", "retrieve": "trainees.view_trainee"}

    def get_queryset(self):
        return self.scoped(Trainee).order_by("last_name", "first_name", "pk")

    def list(self, request, *args, **kwargs):
        query = request.query_params.get("q", "")[:100]
        page = self.paginate_queryset(self.get_queryset().search(query))
        log_access(request, Action.VIEW, Subject.TRAINEE_LIST, label=request.query_params.urlencode())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        trainee = self.get_object()
        log_access(request, Action.VIEW, Subject.TRAINEE, obj=trainee)
        return Response(self.get_serializer(trainee).data)


@extend_schema_view(
    list=extend_schema(summary="Committee reports"),
    retrieve=extend_schema(summary="One committee report, with the figures it was made of"),
)
class CommitteeReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    perms = {
        "list": "reports.view_committeereport",
        "retrieve": "reports.view_committeereport",
        "pdf": "reports.view_committeereport",
    }

    def get_queryset(self):
        return self.scoped(CommitteeReport).order_by("-requested_at", "-pk")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.CommitteeReportDetailSerializer
        return serializers.CommitteeReportSerializer

    @extend_schema(
        summary="The report's PDF",
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF.")},
    )
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[renderers.JSONRenderer, Pdf],
        url_path="pdf",
        url_name="pdf",
    )
    def pdf(self, request: Request, pk=None):
        report = self.get_object()
        if report.status != CommitteeReport.Status.DONE or not report.pdf:
            raise Http404(_("This report has no PDF yet."))
        try:
            handle = report.pdf.open("rb")
        except FileNotFoundError:
            raise Http404(_("The PDF of this report cannot be found.")) from None
        return FileResponse(
            handle, as_attachment=True, filename=report.filename("pdf"), content_type="application/pdf"
        )
