"""The people trained, their participation in activities, and anonymous headcounts."""

import re
import unicodedata
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Tracked, Versioned
from courses.access import programme_ids_for, scope
from courses.choices import Region
from courses.models import Activity, Programme, done_q, ended_in_q

from .choices import Service, Sex


def normalise_name(*parts: str) -> str:
    """Case-, accent- and spacing-insensitive key of a name: "Ndèye  FALL" -> "ndeye fall"."""
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w]+", " ", text.casefold())
    return " ".join(text.split())


def normalise_service_number(value: str) -> str:
    """Service numbers are compared without spaces or dashes, in capitals."""
    return re.sub(r"[\s\-./]+", "", value or "").upper()


class TraineeQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = "trainees.view_trainee"):
        """The people on record in the programmes where ``user``'s role grants ``perm``."""
        ids = programme_ids_for(user, perm)
        if ids is None:
            return self
        on_record = Trainee.programmes.through.objects.filter(programme_id__in=ids).values("trainee_id")
        return self.filter(pk__in=on_record)

    def search(self, text: str):
        """By service number, or by every word of the name."""
        text = text.strip()
        if not text:
            return self
        number = normalise_service_number(text)
        by_name = self
        for word in normalise_name(text).split():
            by_name = by_name.filter(name_key__contains=word)
        return self.filter(Q(pk__in=by_name.values("pk")) | Q(service_number=number))

    def reached(self):
        """People trained or made aware: a counted participation (attended, in a done activity)."""
        return self.filter(pk__in=Participation.objects.counted().values("trainee"))

    def possible_duplicates(self, *, first_name: str, last_name: str, service: str, service_number: str = ""):
        """Same normalised name in the same service, or the same service number in the service."""
        condition = Q(name_key=normalise_name(first_name, last_name), service=service)
        number = normalise_service_number(service_number)
        if number:
            condition |= Q(service=service, service_number=number)
        return self.filter(condition)


class Trainee(Tracked, Versioned):
    """An official of a Senegalese service. Personal data: only coordinators and admins see it."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    rank = models.CharField(_("rank"), max_length=100, blank=True)
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    service_number = models.CharField(
        _("service number"), max_length=40, blank=True, help_text=_("Unique within a service, when known.")
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    programmes = models.ManyToManyField(
        Programme,
        verbose_name=_("programmes"),
        related_name="trainees",
        blank=True,
        help_text=_("The programmes the person is on record in (a registration adds its programme)."),
    )
    erased_at = models.DateTimeField(
        _("identity erased on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Pseudonymised: the name and contacts are gone; what the figures need stays."),
    )
    # Derived from the names for duplicate detection and search; kept in step by save().
    name_key = models.CharField(max_length=220, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=["version", "name_key"])
    objects = TraineeQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["last_name", "first_name"]
        permissions = [
            ("merge_trainee", _("Can merge two trainee records")),
            ("export_trainee", _("Can export everything recorded about a person (access request)")),
            ("erase_trainee", _("Can erase a person's identity (pseudonymisation)")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "service_number"],
                condition=~Q(service_number=""),
                name="trainee_unique_service_number",
                violation_error_message=_("Another trainee of this service already has this service number."),
            ),
            models.CheckConstraint(condition=Q(sex__in=["F", "M"]), name="trainee_sex_valid"),
            models.CheckConstraint(
                condition=Q(service__in=["police", "gendarmerie", "customs", "justice", "other"]),
                name="trainee_service_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["service", "name_key"], name="trainee_service_name_idx"),
            models.Index(fields=["last_name", "first_name"], name="trainee_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"

    def get_absolute_url(self) -> str:
        return reverse("trainees:trainee-detail", args=[self.pk])

    def normalise(self) -> None:
        """Canonical service number and name key, before validation and before every save."""
        self.name_key = normalise_name(self.first_name, self.last_name)
        self.service_number = normalise_service_number(self.service_number)

    def clean(self):
        self.normalise()

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)


def attended_q(prefix: str = "") -> Q:
    """The person was there: present or late at one session at least (``prefix`` leads to a participation).

    ``attended`` is kept in step with the attendance by :func:`trainees.attendance.attendance_refresh`.
    """
    return Q(**{f"{prefix}attended": True})


def completed_q(prefix: str = "") -> Q:
    """The person attended the programme's threshold of the sessions (``Programme.attendance_threshold``)."""
    return Q(**{f"{prefix}completed": True})


def counted_q(prefix: str = "") -> Q:
    """An achievement: attended, in a done activity."""
    return attended_q(prefix) & done_q(f"{prefix}activity__")


def attendance_rate(attended: int, held: int) -> int | None:
    """Sessions attended out of the sessions people could attend, in whole percent (None: no session)."""
    return round(100 * attended / held) if held else None


def certifiable_q(prefix: str = "") -> Q:
    """A certificate of attendance is earned: completed, in a done activity."""
    return completed_q(prefix) & done_q(f"{prefix}activity__")


class ActivityScoped(models.QuerySet):
    """Rows that belong to an activity, so to its programme."""

    default_perm = ""

    def for_user(self, user, perm: str | None = None):
        """The rows of the programmes where ``user``'s role grants ``perm`` (the model's view permission)."""
        return scope(self, user, perm or self.default_perm, "activity__programme_id")


class ParticipationQuerySet(ActivityScoped):
    default_perm = "trainees.view_participation"

    def attended(self):
        return self.filter(attended_q())

    def completed(self):
        return self.filter(completed_q())

    def certifiable(self):
        """Participations that earn a certificate of attendance: completed, in a done activity."""
        return self.filter(certifiable_q())

    def counted(self):
        """Participations the figures count: attended, in a done activity."""
        return self.filter(counted_q())

    def of_programme(self, programme):
        return self.filter(activity__programme=programme)

    def in_period(self, start, end):
        """By their activity's end date, as activities fall in a period."""
        return self.filter(ended_in_q(start, end, "activity__"))

    def summary(self) -> dict[str, int | None]:
        """Registered, present, and of those present: trained, made aware, women, men; completed, and
        the attendance rate in percent (sessions attended / sessions of the activities; None without
        any session). One query."""
        present = attended_q()
        figures = self.aggregate(
            total=Count("pk"),
            present=Count("pk", filter=present),
            completed=Count("pk", filter=completed_q()),
            sessions_attended=Coalesce(Sum("sessions_attended"), 0),
            sessions_held=Coalesce(Sum("activity__session_count"), 0),
            trained=Count("pk", filter=present & Q(outcome=Participation.Outcome.TRAINED)),
            made_aware=Count("pk", filter=present & Q(outcome=Participation.Outcome.MADE_AWARE)),
            women=Count("pk", filter=present & Q(trainee__sex=Sex.FEMALE)),
            men=Count("pk", filter=present & Q(trainee__sex=Sex.MALE)),
        )
        figures["rate"] = attendance_rate(figures["sessions_attended"], figures["sessions_held"])
        return figures

    def attended_by_service(self) -> list[tuple[str, int]]:
        """(service label, people present) for each service, in the services' order."""
        rows = self.attended().values("trainee__service").annotate(n=Count("pk")).order_by("trainee__service")
        return [(str(Service(row["trainee__service"]).label), row["n"]) for row in rows]


class Participation(Tracked):
    """One trainee in one activity, with the outcome and whether they attended."""

    class Outcome(models.TextChoices):
        TRAINED = "trained", _("Trained")
        MADE_AWARE = "made_aware", _("Made aware")

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.PROTECT, related_name="participations"
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="participations"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.TRAINED)
    # Derived from the attendance per session, kept in step by trainees.attendance.attendance_refresh
    # so that the figures stay one scan: attended = present or late once; completed = the threshold.
    attended = models.BooleanField(_("attended"), default=False, editable=False)
    sessions_attended = models.PositiveIntegerField(_("sessions attended"), default=0, editable=False)
    completed = models.BooleanField(_("completed"), default=False, editable=False)

    history = HistoricalRecords()
    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "trainee"],
                name="participation_unique_pair",
                violation_error_message=_("This person is already a participant of this activity."),
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["trained", "made_aware"]), name="participation_outcome_valid"
            ),
        ]
        indexes = [models.Index(fields=["trainee", "activity"], name="participation_trainee_idx")]

    def __str__(self) -> str:
        return f"{self.trainee} — {self.activity}"

    @classmethod
    def default_outcome_for(cls, activity: Activity) -> str:
        """Workshops mostly make people aware; the other kinds of activity train them."""
        if activity.kind == Activity.Kind.WORKSHOP:
            return cls.Outcome.MADE_AWARE
        return cls.Outcome.TRAINED


class HeadcountQuerySet(ActivityScoped):
    default_perm = "trainees.view_headcount"


class Headcount(Tracked):
    """Anonymous attendance by service and sex, for sessions where no names were taken."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="headcounts"
    )
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    count = models.PositiveIntegerField(_("number of people"))

    history = HistoricalRecords()
    objects = HeadcountQuerySet.as_manager()

    class Meta:
        verbose_name = _("headcount")
        verbose_name_plural = _("headcounts")
        ordering = ["service", "sex"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "service", "sex"],
                name="headcount_unique_group",
                violation_error_message=_("There is already a headcount for this service and sex."),
            ),
            models.CheckConstraint(condition=Q(count__gte=0), name="headcount_count_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.get_service_display()} {self.get_sex_display()} × {self.count}"


class ParticipantImportQuerySet(ActivityScoped):
    default_perm = "trainees.view_participantimport"


class ParticipantImport(models.Model):
    """An uploaded participant list: read by a worker, previewed, written only when the coordinator confirms.

    The uploaded bytes wait in ``upload`` until a worker reads them (then they are dropped). Rows
    made in one go (a test, a script) are ready at once, hence the default.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be read")
        READING = "reading", _("Being read")
        READY = "ready", _("Read")
        FAILED = "failed", _("Could not be read")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="participant_imports"
    )
    filename = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    rows = models.JSONField(_("rows"), default=list)
    notes = models.JSONField(_("notes"), default=list)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("people registered"), default=0)
    added_count = models.PositiveIntegerField(_("participants added"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.READY)
    error = models.TextField(_("error"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="fr")
    upload = models.BinaryField(null=True, editable=False)
    started_at = models.DateTimeField(_("read from"), null=True, blank=True)

    objects = ParticipantImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant list import")
        verbose_name_plural = _("participant list imports")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename} → {self.activity}"

    def get_absolute_url(self) -> str:
        return reverse("trainees:import-preview", args=[self.activity_id, self.pk])


def proof_path(proof: "AttendanceProof", filename: str) -> str:
    """A random name with the extension of the file's detected type (never the uploaded name's)."""
    return f"attendance-proofs/{proof.activity_id}/{uuid.uuid4().hex}{proof.extension}"


class AttendanceProofQuerySet(ActivityScoped):
    default_perm = "trainees.view_attendanceproof"


class AttendanceProof(models.Model):
    """A signed, scanned attendance sheet: the activity's proof for the donor's auditors."""

    class Kind(models.TextChoices):
        PDF = "application/pdf", "PDF"
        JPEG = "image/jpeg", "JPEG"
        PNG = "image/png", "PNG"

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="attendance_proofs"
    )
    # The session the sheet was signed at; empty: the whole activity (and the sheets kept before
    # sessions existed). A session removed from the planning leaves its sheets to the activity.
    session = models.ForeignKey(
        "courses.Session",
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendance_proofs",
    )
    file = models.FileField(_("file"), upload_to=proof_path)
    content_type = models.CharField(_("type"), max_length=40, choices=Kind.choices)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    # A removal leaves a "-" record naming who removed the sheet (the file itself goes).
    history = HistoricalRecords()
    objects = AttendanceProofQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance proof")
        verbose_name_plural = _("attendance proofs")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return {self.Kind.PDF: ".pdf", self.Kind.JPEG: ".jpg", self.Kind.PNG: ".png"}.get(
            self.content_type, ""
        )

    @property
    def download_name(self) -> str:
        """The uploaded name with the extension of what the file is: x.html holding a JPEG is x.jpg."""
        return f"{Path(self.original_name).stem or 'scan'}{self.extension}"

    def can_remove(self, user) -> bool:
        """Whoever uploaded the sheet may remove it, and an administrator of its programme."""
        return self.uploaded_by_id == user.pk or user.has_perm("trainees.delete_attendanceproof", self)


class CertificateQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = "trainees.view_certificate"):
        return scope(self, user, perm, "participation__activity__programme_id")

    def valid(self):
        """Certificates whose participation still stands: completed, in a done activity."""
        return self.filter(certifiable_q("participation__"))


class Certificate(models.Model):
    """A certificate of participation, issued once per participation, checked by its code."""

    participation = models.OneToOneField(
        Participation, verbose_name=_("participation"), on_delete=models.CASCADE, related_name="certificate"
    )
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.code


# The attendance per session lives in its own module; importing it here registers the model.
from .attendance import Attendance, AttendanceQuerySet  # noqa: E402, F401
