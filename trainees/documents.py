"""Documents of participation: signed attendance sheets (proofs) and certificates."""

import io
import re
import secrets
from collections.abc import Iterable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from courses.models import Activity

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


def _check_proof(data: bytes, content_type: str) -> bool:
    if content_type == AttendanceProof.Kind.PDF:
        return b"%%EOF" in data[-2048:]
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    return True


@transaction.atomic
def attendance_proof_add(*, activity: Activity, upload, by: User) -> AttendanceProof:
    """Keep a signed attendance sheet (PDF, JPEG or PNG, checked by content, at most 10 MB)."""
    if upload.size > PROOF_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB: scan it at a lower resolution.")
            % {"size": PROOF_MAX_BYTES // 2**20}
        )
    data = upload.read()
    content_type = proof_content_type(data[:16])
    if content_type is None:
        raise ValidationError(_("Upload the signed sheet as a PDF, JPEG or PNG file."))
    if not _check_proof(data, content_type):
        raise ValidationError(_("This file is damaged or incomplete: scan the sheet again."))
    proof = AttendanceProof(
        activity=activity,
        content_type=content_type,
        original_name=Path(upload.name or "scan").name[:255],
        size=len(data),
        uploaded_by=by,
    )
    proof.file.save(proof.original_name, ContentFile(data), save=False)
    proof.save()
    return proof


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(value: str) -> str:
    raw = re.sub(r"[^0-9A-Za-z]", "", value or "").upper()[:10]
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 10 else raw


@transaction.atomic
def certificates_issue(*, participations: Iterable[Participation], by: User) -> list[Certificate]:
    """The certificates of participations that earned one (attended, activity done), issued once each."""
    participations = list(participations)
    earned = set(
        Participation.objects.counted()
        .filter(pk__in=[p.pk for p in participations])
        .values_list("pk", flat=True)
    )
    if any(p.pk not in earned for p in participations):
        raise ValidationError(
            _("A certificate is only for a participant who attended an activity that is done.")
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
        .select_related("participation__activity", "participation__trainee")
        .filter(code=normalise_code(code))
        .first()
    )
