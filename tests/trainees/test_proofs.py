"""Signed attendance sheets: image bombs, active PDFs and polyglots are refused or neutralised."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories import ActivityFactory
from trainees.models import AttendanceProof

pytestmark = pytest.mark.django_db


def upload(client, activity, name, data):
    return client.post(
        reverse("trainees:proof-upload", args=[activity.pk]),
        {"file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims width × height, with a tiny compressed body."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def pdf(*objects: bytes) -> bytes:
    body = b"%PDF-1.7\n" + b"".join(b"%d 0 obj\n%s\nendobj\n" % (i, o) for i, o in enumerate(objects, 1))
    return body + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [] /Count 0 >>"


@pytest.fixture
def activity():
    return ActivityFactory()


@pytest.mark.parametrize("size", [(30000, 30000), (8000, 8000)], ids=["pillow-bomb", "over-our-limit"])
def test_an_image_over_the_pixel_limit_is_refused_with_a_message(client, coordinator, activity, size):
    client.force_login(coordinator)
    response = upload(client, activity, "scan.png", png_header(*size))
    assert response.status_code == 200
    assert "trop grande" in response.content.decode()
    assert not AttendanceProof.objects.exists()


@pytest.mark.parametrize(
    "active",
    [
        pdf(
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>",
            PAGES,
            b"<< /S /JavaScript /JS (app.alert(1)) >>",
        ),
        pdf(CATALOG, PAGES, b"<< /S /Launch /F (cmd.exe) >>"),
        pdf(CATALOG, PAGES, b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"),
    ],
    ids=["javascript", "launch", "escaped-name"],
)
def test_a_pdf_with_a_script_or_a_launch_action_is_refused(client, coordinator, activity, active):
    client.force_login(coordinator)
    response = upload(client, activity, "scan.pdf", active)
    assert "scripts" in response.content.decode()
    assert not AttendanceProof.objects.exists()


def test_a_script_hidden_in_a_compressed_object_stream_is_found(client, coordinator, activity):
    packed = zlib.compress(b"3 0 << /S /JavaScript /JS (app.alert(1)) >>")
    stream = b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (
        len(packed),
        packed,
    )
    client.force_login(coordinator)
    upload(client, activity, "scan.pdf", pdf(CATALOG, PAGES, stream))
    assert not AttendanceProof.objects.exists()


def test_a_plain_pdf_is_kept(client, coordinator, activity):
    client.force_login(coordinator)
    upload(client, activity, "scan.pdf", pdf(CATALOG, PAGES))
    proof = AttendanceProof.objects.get()
    assert proof.file.name.endswith(".pdf")


def test_a_jpeg_html_polyglot_is_stored_and_served_as_a_jpeg(client, coordinator, activity):
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(
        buffer, format="JPEG", comment=b"<html><script>alert(1)</script>"
    )
    client.force_login(coordinator)
    upload(client, activity, "x.html", buffer.getvalue())
    proof = AttendanceProof.objects.get()
    assert proof.content_type == "image/jpeg" and proof.file.name.endswith(".jpg")
    response = client.get(reverse("trainees:proof-download", args=[proof.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'attachment; filename="x.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"
