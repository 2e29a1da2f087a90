"""What the API reads and writes. Writes are validated here for their types, then by the services."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_dataclasses.serializers import DataclassSerializer

from courses.choices import Region
from courses.models import Activity, Organisation, Programme, Theme
from reports.figures import Figures
from reports.models import CommitteeReport
from results.compute import Progress
from trainees.models import Participation, Trainee


class ErrorSerializer(serializers.Serializer):
    """The body of every error (see ``api.errors``)."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.JSONField(), help_text="Messages per field, if any.")


class ProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ["id", "name", "short_name", "start_date", "end_date", "donor", "partners", "country"]


class FiguresSerializer(DataclassSerializer):
    """The dashboard's figures (``reports.figures.Figures``), field for field."""

    class Meta:
        dataclass = Figures


class IndicatorProgressSerializer(DataclassSerializer):
    """One indicator of the results framework (``results.compute.Progress``): its targets and what was
    achieved in the period and since the start, with the share of its target."""

    compared_target = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text="The target the achieved value is compared with (the period's years' targets, or the whole).",
    )
    actual = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    percent = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Share of the target, in percent."
    )
    women_percent = serializers.IntegerField(read_only=True, allow_null=True)
    men_percent = serializers.IntegerField(read_only=True, allow_null=True)
    met = serializers.BooleanField(read_only=True)

    class Meta:
        dataclass = Progress


def blank_region():
    """Region is optional on records: the schema must allow its empty value ("")."""
    return serializers.ChoiceField(choices=Region.choices, allow_blank=True, read_only=True)


class ActivitySerializer(serializers.ModelSerializer):
    region = blank_region()
    theme_name = serializers.CharField(source="theme.name", default=None, allow_null=True, read_only=True)
    participant_count = serializers.IntegerField(read_only=True)
    expert_count = serializers.IntegerField(read_only=True)
    page = serializers.SerializerMethodField(help_text="The activity's page on the site.")

    class Meta:
        model = Activity
        fields = [
            "id",
            "programme",
            "kind",
            "status",
            "title",
            "theme",
            "theme_name",
            "start_date",
            "end_date",
            "city",
            "region",
            "country",
            "duration_days",
            "duration_hours",
            "description",
            "beneficiary_units",
            "host_institutions",
            "participant_count",
            "expert_count",
            "version",
            "updated_at",
            "page",
        ]
        read_only_fields = fields

    def get_page(self, activity: Activity) -> str:
        return reverse("courses:activity-detail", args=[activity.pk])


class ActivityWriteSerializer(serializers.ModelSerializer):
    """A planned activity as an integration creates or changes it (its status moves on the site)."""

    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.none())
    theme = serializers.PrimaryKeyRelatedField(
        queryset=Theme.objects.filter(active=True), allow_null=True, required=False
    )
    beneficiary_units = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(active=True), many=True, required=False
    )
    host_institutions = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(active=True), many=True, required=False
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="On a change: the version you read (or send it in an If-Match header).",
    )

    class Meta:
        model = Activity
        fields = [
            "programme",
            "kind",
            "title",
            "theme",
            "start_date",
            "end_date",
            "city",
            "region",
            "country",
            "duration_days",
            "duration_hours",
            "description",
            "beneficiary_units",
            "host_institutions",
            "version",
        ]

    def __init__(self, *args, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programmes is not None:
            self.fields["programme"].queryset = programmes


class ParticipantSerializer(serializers.ModelSerializer):
    trainee = serializers.IntegerField(source="trainee_id", read_only=True)
    last_name = serializers.CharField(source="trainee.last_name", read_only=True)
    first_name = serializers.CharField(source="trainee.first_name", read_only=True)
    sex = serializers.CharField(source="trainee.sex", read_only=True)
    service = serializers.CharField(source="trainee.service", read_only=True)
    rank = serializers.CharField(source="trainee.rank", read_only=True)
    unit = serializers.CharField(source="trainee.unit", read_only=True)
    region = serializers.CharField(source="trainee.region", read_only=True)
    service_number = serializers.CharField(source="trainee.service_number", read_only=True)

    class Meta:
        model = Participation
        fields = [
            "id",
            "trainee",
            "last_name",
            "first_name",
            "sex",
            "service",
            "rank",
            "unit",
            "region",
            "service_number",
            "outcome",
            "attended",
        ]
        read_only_fields = fields


class TraineeSerializer(serializers.ModelSerializer):
    """A person on record, without their contact details (an integration has no use for them)."""

    region = blank_region()

    class Meta:
        model = Trainee
        fields = [
            "id",
            "last_name",
            "first_name",
            "sex",
            "service",
            "rank",
            "unit",
            "region",
            "service_number",
        ]
        read_only_fields = fields


class PersonSerializer(serializers.Serializer):
    """One person of a list to register, in the words of the import's template (codes or labels)."""

    last_name = serializers.CharField(max_length=100)
    first_name = serializers.CharField(max_length=100)
    sex = serializers.CharField(max_length=40)
    service = serializers.CharField(max_length=100)
    rank = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    unit = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    region = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    service_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    outcome = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    match = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text='For a possible duplicate: "new", or the id of the person on record it is.',
    )


class RegistrationSerializer(serializers.Serializer):
    participants = PersonSerializer(many=True, allow_empty=False, max_length=5000)


class RegistrationResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="People put on record.")
    added = serializers.IntegerField(help_text="Participants added to the activity.")
    skipped = serializers.IntegerField(help_text="People on the list who were already participants.")


class CommitteeReportSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField(help_text="Where the PDF is, once made.")

    class Meta:
        model = CommitteeReport
        fields = [
            "id",
            "programme",
            "period_start",
            "period_end",
            "committee_date",
            "language",
            "status",
            "requested_at",
            "finished_at",
            "pages",
            "size",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, report: CommitteeReport) -> str | None:
        if report.status != CommitteeReport.Status.DONE or not report.pdf:
            return None
        return reverse("api:report-pdf", args=[report.pk])


class CommitteeReportDetailSerializer(CommitteeReportSerializer):
    snapshot = serializers.SerializerMethodField(help_text="The figures the report was made of.")

    class Meta(CommitteeReportSerializer.Meta):
        fields = [*CommitteeReportSerializer.Meta.fields, "snapshot"]
        read_only_fields = fields

    @extend_schema_field(FiguresSerializer(allow_null=True))
    def get_snapshot(self, report: CommitteeReport) -> dict | None:
        if not report.figures:
            return None
        return FiguresSerializer(Figures.from_dict(report.figures)).data
