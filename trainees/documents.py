"""Documents of participation: signed attendance sheets (proofs) and certificates."""

import io
import re
import secrets
import warnings
import zlib
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import User
from courses.models import Activity, Session

from .choices import Sex
from .models import AttendanceProof, Certificate, Participation

PROOF_MAX_BYTES = 10 * 2**20
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: codes are typed from paper


def proof_content_type(head: bytes) -> str | None:
    """What the file is, from its first bytes (never from its name)."""
    if head.startswith(b"%PDF-"):
        return AttendanceProof.Kind.PDF
    if head.startswith(b"\xff\xd8\xff"):
        return AttendanceProof.Kind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return AttendanceProof.Kind.PNG
    return None


# What a signed sheet never needs and an attack does: scripts, and actions that open other programs.
PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch)(?![A-Za-z0-9])")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")  # /J#61vaScript is /JavaScript
PDF_STREAM = re.compile(rb"stream\r?\n")
PDF_INFLATED_AT_MOST = 20 * 2**20  # object streams inflated to look inside, in all


def _check_proof(data: bytes, content_type: str) -> None:
    """Refuse (ValidationError) a damaged file, an image past the pixel limit, a PDF with scripts."""
    damaged = ValidationError(_("This file is damaged or incomplete: scan the sheet again."))
    if content_type == AttendanceProof.Kind.PDF:
        if b"%%EOF" not in data[-2048:]:
            raise damaged
        if _pdf_is_active(data):
            raise ValidationError(
                _(
                    "This PDF holds scripts or actions that open other programs, which a scanned sheet never "
                    "needs: scan the sheet again, or print it to a new PDF."
                )
            )
        return
    _check_image(data, damaged)


def _check_image(data: bytes, damaged: ValidationError) -> None:
    from PIL import Image, UnidentifiedImageError

    limit = settings.PROOF_MAX_PIXELS
    too_large = ValidationError(
        _(
            "This image is too large (over %(megapixels)s million pixels): scan the sheet at a lower "
            "resolution (300 dpi is enough)."
        )
        % {"megapixels": limit // 1_000_000}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > limit:
                    raise too_large
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise damaged from None


def _pdf_is_active(data: bytes) -> bool:
    """Whether the PDF names a script or a launch action, in its plain objects or its object streams."""
    if PDF_ACTIVE.search(PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)):
        return True
    budget = PDF_INFLATED_AT_MOST
    for match in PDF_STREAM.finditer(data):
        head = data[max(match.start() - 600, 0) : match.start()]
        if b"/ObjStm" not in head.rsplit(b"endobj", 1)[-1] or b"/FlateDecode" not in head:
            continue
        end = data.find(b"endstream", match.end())
        inflater = zlib.decompressobj()
        try:
            inner = inflater.decompress(data[match.end() : end if end > 0 else None], budget)
        except zlib.error:
            continue
        budget -= len(inner)
        if PDF_ACTIVE.search(PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), inner)):
            return True
        if budget <= 0:
            return True  # more packed objects than a scan holds: refused rather than unread
    return False


@transaction.atomic
def scanned_document_check(data: bytes) -> str:
    """The type of a scanned document (PDF, JPEG or PNG, at most 10 MB, checked by content, never by
    name), or a ValidationError saying why it is refused. Proofs and other evidence go through it."""
    if len(data) > PROOF_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB: scan it at a lower resolution.")
            % {"size": PROOF_MAX_BYTES // 2**20}
        )
    content_type = proof_content_type(data[:16])
    if content_type is None:
        raise ValidationError(_("Upload the signed sheet as a PDF, JPEG or PNG file."))
    _check_proof(data, content_type)
    return content_type


def attendance_proof_add(
    *, activity: Activity, upload, by: User, session: Session | None = None
) -> AttendanceProof:
    """Keep a signed attendance sheet (PDF, JPEG or PNG, checked by content, at most 10 MB), of one
    session of the activity or (no session) of the whole activity."""
    if session is not None and session.activity_id != activity.pk:
        raise ValidationError(_("This session is not one of this activity's sessions."))
    if upload.size > PROOF_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB: scan it at a lower resolution.")
            % {"size": PROOF_MAX_BYTES // 2**20}
        )
    data = upload.read()
    content_type = proof_content_type(data[:16])
    if content_type is None:
        raise ValidationError(_("Upload the signed sheet as a PDF, JPEG or PNG file."))
    _check_proof(data, content_type)
    proof = AttendanceProof(
        activity=activity,
        session=session,
        content_type=content_type,
        original_name=Path(upload.name or "scan").name[:255],
        size=len(data),
        uploaded_by=by,
    )
    # The stored name's extension comes from what the file is, never from the uploaded name.
    proof.file.save(f"scan{proof.extension}", ContentFile(data), save=False)
    proof.save()
    return proof


@transaction.atomic
def attendance_proof_remove(*, proof: AttendanceProof, by: User) -> None:
    """Remove a signed sheet: allowed to whoever uploaded it and to an administrator of its programme.

    The history keeps a "-" record naming ``by``; the file leaves the storage once the removal is
    committed (never before: a rolled-back removal keeps its file).
    """
    if not proof.can_remove(by):
        raise PermissionDenied(_("Only whoever uploaded this sheet, or an administrator, may remove it."))
    file = proof.file
    proof._history_user = by  # type: ignore[attr-defined]
    proof.delete()
    delete_file_on_commit(file)


def delete_file_on_commit(file) -> None:
    """A stored document leaves the storage once the change is committed (a rolled-back change keeps it)."""
    if file:
        storage, name = file.storage, file.name
        transaction.on_commit(lambda: storage.delete(name))


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(value: str) -> str:
    raw = re.sub(r"[^0-9A-Za-z]", "", value or "").upper()[:10]
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 10 else raw


@transaction.atomic
def certificates_issue(*, participations: Iterable[Participation], by: User) -> list[Certificate]:
    """The certificates of participations that earned one (completed, activity done), issued once each."""
    participations = list(participations)
    earned = set(
        Participation.objects.certifiable()
        .filter(pk__in=[p.pk for p in participations])
        .values_list("pk", flat=True)
    )
    if any(p.pk not in earned for p in participations):
        raise ValidationError(
            _("A certificate is only for a participant who completed an activity that is done.")
        )
    existing = {c.participation_id: c for c in Certificate.objects.filter(participation__in=participations)}
    created = []
    for participation in participations:
        if participation.pk in existing:
            continue
        certificate = Certificate(participation=participation, code=_new_code(), issued_by=by)
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    certificate.save()
                break
            except IntegrityError:
                certificate.code = _new_code()
        existing[participation.pk] = certificate
        created.append(certificate)
    return [existing[p.pk] for p in participations]


def certificate_check(code: str) -> Certificate | None:
    """The valid certificate with this code, or None."""
    return (
        Certificate.objects.valid()
        .select_related("participation__activity__programme", "participation__trainee")
        .filter(code=normalise_code(code))
        .first()
    )


def outcome_phrase(participation: Participation) -> str:
    """What the person's participation made of them, agreeing with their recorded sex: "a été formée",
    "a été sensibilisé" (the languages whose participles agree say it; English reads the same)."""
    woman = participation.trainee.sex == Sex.FEMALE
    if participation.outcome == Participation.Outcome.MADE_AWARE:
        if woman:
            return pgettext("certificate, of a woman", "was made aware during the following activity:")
        return pgettext("certificate, of a man", "was made aware during the following activity:")
    if woman:
        return pgettext("certificate, of a woman", "was trained during the following activity:")
    return pgettext("certificate, of a man", "was trained during the following activity:")


def verification_url(code: str = "") -> str:
    """The public check of a certificate, at the site's own address (SITE_URL), with its code."""
    url = settings.SITE_URL + reverse("certificate-verify")
    return f"{url}?{urlencode({'code': code})}" if code else url


def qr_data_uri(url: str) -> str:
    """A QR code of ``url`` as a PNG data URI (segno), for a PDF that fetches nothing."""
    import segno

    return segno.make(url, error="m").png_data_uri(scale=8, border=1, dark="#0b1f3a")


def certificates_context(certificates: list[Certificate], language: str) -> dict:
    """What the certificates print, in ``language``: the programme's texts, logos and signatory once per
    programme, and for each certificate its outcome phrase, verification link and QR code."""
    from core.uploads import image_data_uri

    branding: dict[int, dict] = {}
    items = []
    for certificate in certificates:
        participation = certificate.participation
        programme = participation.activity.programme
        if programme.pk not in branding:
            branding[programme.pk] = {
                "texts": programme.texts(language),
                "logo": image_data_uri(programme.logo),
                "donor_logo": image_data_uri(programme.donor_logo),
                "signature": image_data_uri(programme.signature),
                "signatory_name": programme.signatory_name,
                "signatory_title": programme.signatory_title,
            }
        url = verification_url(certificate.code)
        items.append(
            {
                "certificate": certificate,
                "brand": branding[programme.pk],
                "outcome": outcome_phrase(participation),
                "verify_url": url,
                "qr": qr_data_uri(url),
            }
        )
    return {"items": items, "verify_url": verification_url()}
