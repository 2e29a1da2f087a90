"""Exports, attendance sheets, signed proofs and certificates."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from tests.factories import ActivityFactory, AssignmentFactory, ParticipationFactory
from trainees.models import AttendanceProof, Certificate

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


@pytest.fixture
def activity():
    activity = ActivityFactory(
        title='=HYPERLINK("http://evil.example")',
        start_date=datetime.date(2025, 3, 3),
        end_date=datetime.date(2025, 3, 5),
    )
    AssignmentFactory(activity=activity, expert__first_name="Laura", expert__last_name="Torres")
    ParticipationFactory(
        activity=activity,
        trainee__last_name="-Diop",
        trainee__first_name="@Awa",
        trainee__service_number="PN123",
    )
    ParticipationFactory(
        activity=activity, trainee__last_name="Sarr", trainee__first_name="Modou", attended=False
    )
    return activity


# --- Exports --------------------------------------------------------------------------------


def test_the_participants_export_in_csv_has_the_context_and_neutralised_cells(client, coordinator, activity):
    client.force_login(coordinator)
    response = client.get(reverse("trainees:activity-participants-export", args=[activity.pk, "csv"]))
    assert response.streaming and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig")), delimiter=";"))
    header, first = rows[0], rows[1]
    assert header[:4] == ["Identifiant de l’activité", "Type", "Statut", "Activité"]
    assert first[3] == '\'=HYPERLINK("http://evil.example")'
    assert first[9:11] == ["'-Diop", "'@Awa"]
    assert "Laura Torres" in first[8] and first[16] == "PN123" and first[-1] == "oui"
    assert len(rows) == 3


def test_the_participants_export_in_xlsx_never_holds_a_formula(client, coordinator, activity):
    client.force_login(coordinator)
    response = client.get(reverse("trainees:activity-participants-export", args=[activity.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(body(response))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    values = [cell.value for cell in cells]
    assert '\'=HYPERLINK("http://evil.example")' in values and "'-Diop" in values


def test_officials_export_activities_but_never_participants(client, official, activity):
    client.force_login(official)
    assert (
        client.get(reverse("trainees:activity-participants-export", args=[activity.pk, "csv"])).status_code
        == 403
    )
    assert client.get(reverse("trainees:participants-export", args=["csv"])).status_code == 403
    response = client.get(reverse("courses:activity-export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(body(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Identifiant", "Programme", "Type")
    assert rows[1][15] == f"Laura Torres ({activity.assignments.get().expert.institution})"
    assert rows[1][17] == 2  # participants registered: a count, no names
    assert all("Diop" not in str(value) for row in rows for value in row)


def test_the_activities_export_follows_the_list_filters(client, official, activity):
    ActivityFactory(kind="workshop", title="Atelier à Kolda")
    client.force_login(official)
    response = client.get(reverse("courses:activity-export", args=["csv"]), {"kind": "workshop"})
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig")), delimiter=";"))
    assert [row[4] for row in rows[1:]] == ["Atelier à Kolda"]


def test_the_participants_of_the_filtered_activities_are_exported_in_a_few_queries(
    client, coordinator, django_assert_max_num_queries
):
    for _ in range(5):
        item = ActivityFactory(kind="training")
        AssignmentFactory(activity=item)
        ParticipationFactory.create_batch(4, activity=item)
    ActivityFactory(kind="workshop")
    client.force_login(coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("trainees:participants-export", args=["csv"]), {"kind": "training"})
        rows = body(response).decode("utf-8-sig").splitlines()
    assert len(rows) == 1 + 5 * 4


def test_english_exports_use_commas(client, coordinator, activity):
    client.force_login(coordinator)
    client.post(reverse("set_language"), {"language": "en"})
    response = client.get(reverse("trainees:activity-participants-export", args=[activity.pk, "csv"]))
    assert body(response).decode("utf-8-sig").startswith("Activity id,Kind,Status,Activity")


# --- Attendance sheets ----------------------------------------------------------------------


def test_the_attendance_sheet_lists_the_participants_with_blank_rows(client, coordinator, activity):
    client.force_login(coordinator)
    response = client.get(reverse("trainees:attendance-sheet", args=[activity.pk]), {"day": "2025-03-04"})
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Feuille d’émargement" in text and "mardi 4 mars 2025" in text
    assert "-DIOP @Awa" in text and "SARR Modou" in text and "Laura Torres" in text
    assert "Signature" in text and "12" in text  # 2 registered + 10 blank rows


def test_every_session_has_its_sheet_dated_and_numbered_on_every_page(client, coordinator, activity):
    client.force_login(coordinator)
    response = client.get(reverse("trainees:attendance-sheet", args=[activity.pk]), {"day": "all"})
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    days = ["lundi 3 mars 2025", "mardi 4 mars 2025", "mercredi 5 mars 2025"]
    per_sheet = len(pages) // len(days)
    assert per_sheet >= 2  # the sheet continues on a second page: the case that matters
    for index, text in enumerate(pages):
        day, number = days[index // per_sheet], index % per_sheet + 1
        assert day in text  # continuations included
        assert f"{number} / {per_sheet}" in text  # numbered within the session's sheet
    first = pages[0]
    assert "Signature (matin)" in first and "Signature (après-midi)" in first  # a full day
    assert "Matricule" in first and "Téléphone" in first  # for walk-ins too


def test_a_half_day_session_has_one_signature_column(client, coordinator, activity):
    from tests.factories import SessionFactory

    morning = SessionFactory(activity=activity, part="morning")
    client.force_login(coordinator)
    response = client.get(reverse("trainees:attendance-sheet", args=[activity.pk]), {"session": morning.pk})
    text = pdf_text(response.content)
    assert "Matin" in text and "Signature (matin)" not in text and "Signature" in text


def test_a_day_outside_the_activity_is_not_found(client, coordinator, activity):
    client.force_login(coordinator)
    url = reverse("trainees:attendance-sheet", args=[activity.pk])
    assert client.get(url, {"day": "2025-03-09"}).status_code == 404
    assert client.get(url, {"day": "nonsense"}).status_code == 404


# --- Proofs ---------------------------------------------------------------------------------


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def upload_proof(client, activity, name, data):
    return client.post(
        reverse("trainees:proof-upload", args=[activity.pk]),
        {"file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def test_a_signed_sheet_is_kept_with_who_uploaded_it_and_when(client, coordinator, activity):
    client.force_login(coordinator)
    upload_proof(client, activity, "emargement.png", png_bytes())
    proof = AttendanceProof.objects.get()
    assert (proof.content_type, proof.uploaded_by, proof.original_name) == (
        "image/png",
        coordinator,
        "emargement.png",
    )
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "emargement.png" in page and str(coordinator) in page
    download = client.get(reverse("trainees:proof-download", args=[proof.pk]))
    assert body(download) == png_bytes()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("scan.pdf", b"MZ\x90\x00 an executable renamed", "PDF, JPEG ou PNG"),
        ("scan.png", b"\x89PNG\r\n\x1a\n but truncated", "endommagé"),
        ("scan.pdf", b"%PDF-1.7 without its end", "endommagé"),
    ],
)
def test_a_proof_is_checked_by_its_content(client, coordinator, activity, name, data, message):
    client.force_login(coordinator)
    response = upload_proof(client, activity, name, data)
    assert message in response.content.decode()
    assert not AttendanceProof.objects.exists()


def test_a_proof_over_the_size_limit_is_refused(client, coordinator, activity):
    client.force_login(coordinator)
    response = upload_proof(client, activity, "huge.pdf", b"%PDF-1.4" + b"0" * (10 * 2**20) + b"%%EOF")
    assert "plus de 10 Mo" in response.content.decode()
    assert not AttendanceProof.objects.exists()


def test_officials_neither_upload_nor_download_proofs(client, coordinator, official, activity):
    client.force_login(coordinator)
    upload_proof(client, activity, "emargement.png", png_bytes())
    client.force_login(official)
    assert (
        client.get(reverse("trainees:proof-download", args=[AttendanceProof.objects.get().pk])).status_code
        == 403
    )
    assert upload_proof(client, activity, "x.png", png_bytes()).status_code == 403


# --- Certificates ---------------------------------------------------------------------------


def test_a_certificate_names_the_person_the_activity_and_a_code(client, coordinator, activity):
    attended = activity.participations.get(attended=True)
    client.force_login(coordinator)
    url = reverse("trainees:participation-certificate", args=[attended.pk])
    response = client.post(url, follow=True)
    text = pdf_text(response.content)
    certificate = Certificate.objects.get()
    assert "Attestation de participation" in text and "@Awa -DIOP" in text
    assert certificate.code in text and "du 3 mars 2025 au 5 mars 2025" in text
    client.post(url)
    assert client.get(url).status_code == 200
    assert Certificate.objects.count() == 1  # issued once, printed as often as needed


def test_reading_a_certificate_never_issues_one(client, coordinator, activity):
    attended = activity.participations.get(attended=True)
    client.force_login(coordinator)
    participant = client.get(reverse("trainees:participation-certificate", args=[attended.pk]))
    everyone = client.get(reverse("trainees:activity-certificates", args=[activity.pk]))
    assert participant.status_code == everyone.status_code == 302
    assert not Certificate.objects.exists()


def test_no_certificate_for_an_absentee_or_a_planned_activity(client, coordinator, activity):
    client.force_login(coordinator)
    absent = activity.participations.get(attended=False)
    client.post(reverse("trainees:participation-certificate", args=[absent.pk]))
    planned = ParticipationFactory(activity__status="planned")
    client.post(reverse("trainees:participation-certificate", args=[planned.pk]))
    assert (
        client.post(reverse("trainees:activity-certificates", args=[planned.activity.pk])).status_code == 302
    )
    assert not Certificate.objects.exists()


def test_all_certificates_of_an_activity_in_one_pdf(client, coordinator, activity):
    ParticipationFactory(activity=activity, trainee__last_name="Gueye")
    client.force_login(coordinator)
    url = reverse("trainees:activity-certificates", args=[activity.pk])
    response = client.post(url, {"lang": "en"}, follow=True)
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2 == Certificate.objects.count()
    assert "Certificate of participation" in reader.pages[0].extract_text()


def test_the_public_check_confirms_a_code_with_initials_only(client, coordinator, activity):
    client.force_login(coordinator)
    client.post(reverse("trainees:activity-certificates", args=[activity.pk]))
    code = Certificate.objects.get().code
    client.logout()
    page = client.get(
        reverse("certificate-verify"), {"code": code.lower().replace("-", " ")}
    ).content.decode()
    assert "Cette attestation est valide." in page and "@. -." in page
    assert "Diop" not in page and "PN123" not in page
    unknown = client.get(reverse("certificate-verify"), {"code": "AAAA-BBBB-CC"}).content.decode()
    assert "Aucune attestation valide ne porte ce code." in unknown


def test_a_certificate_of_a_withdrawn_participation_no_longer_checks(client, coordinator, activity):
    client.force_login(coordinator)
    client.post(reverse("trainees:activity-certificates", args=[activity.pk]))
    certificate = Certificate.objects.get()
    certificate.participation.completed = False
    certificate.participation.save()
    page = client.get(reverse("certificate-verify"), {"code": certificate.code}).content.decode()
    assert "Aucune attestation valide" in page


def test_the_public_check_is_rate_limited(client):
    cache.clear()
    for _ in range(20):
        assert client.get(reverse("certificate-verify"), {"code": "AAAA-BBBB-CC"}).status_code == 200
    response = client.get(reverse("certificate-verify"), {"code": "AAAA-BBBB-CC"})
    assert response.status_code == 429
    assert "Trop de vérifications" in response.content.decode()
    cache.clear()


def test_a_certificate_carries_the_signatory_the_funding_line_a_qr_code_and_agrees_with_the_person(
    client, coordinator, activity
):
    """A4 landscape; the programme's signatory, signature, funding line; "formée" for a woman and
    "sensibilisé" for a man; a QR code and a link at the site's own address (SITE_URL)."""
    from demo.images import signature

    programme = activity.programme
    programme.signatory_name = "Aminata Diallo"
    programme.signatory_title = "Coordinatrice du programme"
    programme.visibility_statement = "Ce programme est financé par l’Union européenne."
    programme.signature.save("signature.png", ContentFile(signature()), save=False)
    programme.save()
    woman = activity.participations.get(attended=True)
    woman.trainee.sex = "F"
    woman.trainee.save()
    man = ParticipationFactory(activity=activity, trainee__sex="M", outcome="made_aware")
    client.force_login(coordinator)
    response = client.post(reverse("trainees:activity-certificates", args=[activity.pk]), follow=True)
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    by_person = {}
    for printed in reader.pages:
        text = " ".join(printed.extract_text().split())
        by_person["woman" if woman.trainee.last_name.upper() in text else "man"] = text
        assert "Aminata Diallo" in text and "Coordinatrice du programme" in text
        assert "Ce programme est financé par l’Union européenne." in text
        assert "https://training.example.org/verify/?code=" in text and "testserver" not in text
        assert len(printed.images) >= 2  # the signature and the QR code
    assert "a été formée lors de" in by_person["woman"]
    assert "a été sensibilisé lors de" in by_person["man"] and "sensibilisée" not in by_person["man"]
    assert Certificate.objects.filter(participation=man).exists()


def test_the_public_check_names_the_programme_and_its_signatory(client, coordinator, activity):
    programme = activity.programme
    programme.signatory_name = "Aminata Diallo"
    programme.save()
    client.force_login(coordinator)
    client.post(reverse("trainees:activity-certificates", args=[activity.pk]))
    client.logout()
    page = client.get(
        reverse("certificate-verify"), {"code": Certificate.objects.get().code}
    ).content.decode()
    assert programme.name in page and "Aminata Diallo" in page
