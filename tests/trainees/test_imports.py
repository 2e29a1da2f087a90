"""Participant lists from .xlsx and CSV: every bad file gets a clear message and changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import ActivityFactory, ParticipationFactory, TraineeFactory
from tests.trainees.spreadsheets import ENGLISH_HEADER, FRENCH_HEADER, csv_bytes, person, xlsx
from trainees import import_services as services
from trainees.imports import ImportFileError, Status, preview_file
from trainees.models import ParticipantImport, Participation, Trainee

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    return ActivityFactory(kind="training")


def statuses(preview) -> list[str]:
    return [row.status for row in preview.rows]


# --- Reading and understanding --------------------------------------------------------------


def test_an_xlsx_with_french_headers_is_read(activity):
    preview = preview_file(
        xlsx([FRENCH_HEADER, person(), person("Sow", "Ibrahima", "M", "Gendarmerie")]), activity
    )
    assert statuses(preview) == [Status.NEW, Status.NEW]
    assert preview.rows[1].values["service"] == "gendarmerie" and preview.rows[0].values["region"] == "dakar"


def test_english_headers_in_another_order_are_read(activity):
    row = [
        "Aminata",
        "Ba",
        "female",
        "customs",
        "Contrôleur",
        "Brigade mobile",
        "Thiès",
        "DD 77-1",
        "made aware",
    ]
    preview = preview_file(xlsx([ENGLISH_HEADER, row]), activity)
    values = preview.rows[0].values
    assert (values["last_name"], values["sex"], values["service"], values["region"]) == (
        "Ba",
        "F",
        "customs",
        "thies",
    )
    assert (values["service_number"], values["outcome"]) == ("DD771", "made_aware")


def test_the_template_headers_in_both_languages_are_read(client, coordinator, activity):
    client.force_login(coordinator)
    template = b"".join(client.get(reverse("trainees:import-template")).streaming_content)
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(template)).active
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "Nom / Last name"
    preview = preview_file(xlsx([header, person()]), activity)
    assert statuses(preview) == [Status.NEW]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1", "cp1252"])
def test_csv_files_in_the_usual_encodings_keep_their_accents(activity, encoding):
    data = csv_bytes([FRENCH_HEADER, person("Sène", "Ndèye", region="Kédougou")], encoding=encoding)
    row = preview_file(data, activity).rows[0]
    assert (row.values["last_name"], row.values["first_name"], row.values["region"]) == (
        "Sène",
        "Ndèye",
        "kedougou",
    )


def test_a_csv_mixing_encodings_line_by_line_is_read(activity):
    data = csv_bytes([FRENCH_HEADER, person("Sène", "Ndèye")], encoding="utf-8") + csv_bytes(
        [person("Thiès", "Aïssatou", region="Thiès")], encoding="latin-1"
    )
    rows = preview_file(data, activity).rows
    assert [row.values["last_name"] for row in rows] == ["Sène", "Thiès"]


def test_a_comma_separated_csv_is_read_too(activity):
    data = csv_bytes([ENGLISH_HEADER, ["Awa", "Diop", "F", "Police", "", "", "", "", ""]], delimiter=",")
    assert statuses(preview_file(data, activity)) == [Status.NEW]


def test_extra_columns_are_ignored_with_a_note(activity):
    data = xlsx([[*FRENCH_HEADER, "Téléphone", "Observations"], [*person(), "77 000 00 00", "RAS"]])
    preview = preview_file(data, activity)
    assert statuses(preview) == [Status.NEW]
    assert "Téléphone" in preview.notes[0] and "Observations" in preview.notes[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "vide"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" * 20, "n’est pas un tableur"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "protégé par un mot de passe"),
        (b"PK\x03\x04 this is not really a zip archive" * 10, "ne peut pas être ouvert"),
        ("Nom;Prénom;Sexe;Service\n".encode(), "aucun participant"),
        (b"Liste des participants\nsans titres de colonnes\n", "Aucune ligne de titres"),
        (csv_bytes([["Nom", "Grade"], ["Diop", "Brigadier"]]), "colonnes obligatoires manquent"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(activity, data, message):
    with pytest.raises(ImportFileError) as error:
        preview_file(data, activity)
    assert message in str(error.value)


def test_a_file_over_the_size_limit_is_refused(client, coordinator, activity):
    client.force_login(coordinator)
    big = SimpleUploadedFile("big.csv", b"x" * (5 * 2**20 + 1), content_type="text/csv")
    response = client.post(reverse("trainees:participant-import", args=[activity.pk]), {"file": big})
    assert "plus de 5 Mo" in response.content.decode() or "supérieur à 5" in response.content.decode()
    assert not ParticipantImport.objects.exists()


def test_a_list_over_the_row_limit_is_refused(activity):
    rows = [FRENCH_HEADER] + [person(first=f"P{n}", number=f"PN{n}") for n in range(5001)]
    with pytest.raises(ImportFileError, match="5"):
        preview_file(csv_bytes(rows), activity)


def test_merged_header_cells_are_refused(activity):
    header = ["Identité", None, "Sexe", "Service"]
    data = xlsx([header, ["Diop", "Awa", "F", "Police"]], merge="A1:B1")
    with pytest.raises(ImportFileError, match="fusionnées"):
        preview_file(data, activity)


def test_a_formula_is_a_row_error(activity):
    data = xlsx([FRENCH_HEADER, person()], formula_at="A2")
    row = preview_file(data, activity).rows[0]
    assert row.status == Status.ERROR and "formule" in row.errors[0]


def test_row_errors_say_what_is_wrong_with_the_file_row_number(activity):
    rows = [
        FRENCH_HEADER,
        person(),
        person(last=""),
        person(first="Moussa", sex="X"),
        person(first="Ali", service="Armée"),
        person(first="Omar", number="PN-12/ab#"),
        person(first="Lamine", region="Casamance"),
        person(first="Awa", number="PN1"),
        person(first="Awa2", number="pn-1"),
        person(first="Jo", outcome="diplômé"),
    ]
    preview = preview_file(xlsx(rows), activity)
    errors = {row.line: " ".join(row.errors) for row in preview.errors}
    assert set(errors) == {3, 4, 5, 6, 7, 9, 10}
    assert "nom est manquant" in errors[3] or "nom" in errors[3]
    assert "sexe inconnu" in errors[4]
    assert "service inconnu" in errors[5]
    assert "matricule" in errors[6]
    assert "région inconnue" in errors[7]
    assert "même matricule que la ligne 8" in errors[9]
    assert "résultat inconnu" in errors[10]


# --- Matching -------------------------------------------------------------------------------


def test_people_are_matched_by_service_number_else_flagged_by_name(activity):
    on_record = TraineeFactory(first_name="Fatou", last_name="Ndiaye", service="police", service_number="PN1")
    namesake = TraineeFactory(first_name="Ibrahima", last_name="Sow", service="police", service_number="")
    already = TraineeFactory(first_name="Awa", last_name="Diop", service="police", service_number="PN9")
    ParticipationFactory(activity=activity, trainee=already)
    rows = [
        FRENCH_HEADER,
        person(number="pn 1"),
        person("Sow", "Ibrahima", "M"),
        person("Diop", "Awa", number="PN9"),
        person("Faye", "Coumba"),
    ]
    preview = preview_file(xlsx(rows), activity)
    assert statuses(preview) == [Status.MATCHED, Status.DUPLICATE, Status.PARTICIPANT, Status.NEW]
    assert preview.rows[0].trainee_id == on_record.pk
    assert [c["id"] for c in preview.rows[1].candidates] == [namesake.pk]


# --- Writing --------------------------------------------------------------------------------


def upload(client, activity, data, name="liste.xlsx"):
    return client.post(
        reverse("trainees:participant-import", args=[activity.pk]), {"file": SimpleUploadedFile(name, data)}
    )


def test_nothing_is_written_until_the_coordinator_confirms(client, coordinator, activity):
    client.force_login(coordinator)
    response = upload(client, activity, xlsx([FRENCH_HEADER, person(), person("Sow", "Ibrahima", "M")]))
    participant_import = ParticipantImport.objects.get()
    assert response.url == participant_import.get_absolute_url()
    assert not Trainee.objects.exists() and not Participation.objects.exists()
    page = client.get(response.url).content.decode()
    assert "2 nouveaux" in page or "2 nouvelles" in page or "2 nouveau" in page
    client.post(response.url)
    assert Trainee.objects.count() == 2
    assert activity.participations.count() == 2
    assert Trainee.objects.get(last_name="Sow").created_by == coordinator


def test_a_list_with_errors_cannot_be_imported(client, coordinator, activity):
    client.force_login(coordinator)
    response = upload(client, activity, xlsx([FRENCH_HEADER, person(), person(sex="?")]))
    page = client.get(response.url).content.decode()
    assert 'id="import-blocked"' in page and "Importer la liste</button>" not in page
    client.post(response.url)
    assert not Trainee.objects.exists()


def test_possible_duplicates_must_be_decided_then_the_choice_is_applied(client, coordinator, activity):
    namesake = TraineeFactory(first_name="Ibrahima", last_name="Sow", service="police")
    client.force_login(coordinator)
    response = upload(client, activity, xlsx([FRENCH_HEADER, person("Sow", "Ibrahima", "M"), person()]))
    refused = client.post(response.url, follow=True)
    assert "Indiquez, pour les lignes 2" in refused.content.decode()
    assert not Participation.objects.exists()
    client.post(response.url, {"choice-2": str(namesake.pk)})
    assert set(activity.participations.values_list("trainee__last_name", flat=True)) == {"Sow", "Ndiaye"}
    assert Trainee.objects.count() == 2  # Sow was not registered twice


def test_a_list_is_imported_once(client, coordinator, activity):
    client.force_login(coordinator)
    response = upload(client, activity, xlsx([FRENCH_HEADER, person()]))
    client.post(response.url)
    again = client.post(response.url, follow=True)
    assert "déjà été importée" in again.content.decode()
    assert activity.participations.count() == 1


def test_the_check_is_done_again_at_confirmation(coordinator, activity):
    participant_import = services.participant_import_preview(
        activity=activity,
        data=xlsx([FRENCH_HEADER, person(number="PN77")]),
        filename="a.xlsx",
        by=coordinator,
    )
    registered_meanwhile = TraineeFactory(
        first_name="Fatou", last_name="Ndiaye", service="police", service_number="PN77"
    )
    result = services.participant_import_commit(
        participant_import=participant_import, choices={}, by=coordinator
    )
    assert (result.created, result.added) == (0, 1)
    assert activity.participations.get().trainee == registered_meanwhile


def test_five_thousand_rows_preview_and_commit_in_a_bounded_number_of_queries(
    coordinator, activity, django_assert_max_num_queries
):
    rows = [FRENCH_HEADER] + [
        person(last=f"Nom{n}", first=f"Prénom{n}", number=f"PN{n:05d}", sex="F" if n % 3 else "M")
        for n in range(5000)
    ]
    data = xlsx(rows)
    # Keep the upload, claim it, load it, the uploader's roles, four matching queries, store the rows,
    # reload: whatever its size.
    with django_assert_max_num_queries(10):
        participant_import = services.participant_import_preview(
            activity=activity, data=data, filename="big.xlsx", by=coordinator
        )
    with django_assert_max_num_queries(40):
        result = services.participant_import_commit(
            participant_import=participant_import, choices={}, by=coordinator
        )
    assert (result.created, result.added) == (5000, 5000)
    assert Trainee.history.count() == 5000


def test_an_official_cannot_import(client, official, activity):
    client.force_login(official)
    assert upload(client, activity, xlsx([FRENCH_HEADER, person()])).status_code == 403


def test_spanish_values_are_understood_too(activity):
    row = ["Ba", "Aminata", "Mujer", "Aduanas", "", "", "", "", "sensibilizada"]
    values = preview_file(xlsx([FRENCH_HEADER, row]), activity).rows[0].values
    assert (values["sex"], values["service"], values["outcome"]) == ("F", "customs", "made_aware")


def test_an_unexpected_error_while_reading_fails_the_list_with_a_message(coordinator, activity, monkeypatch):
    from trainees import import_services

    def broken(data, activity):
        raise RuntimeError("a bug")

    monkeypatch.setattr(import_services, "preview_file", broken)
    upload = import_services.participant_import_upload(
        activity=activity, data=xlsx([FRENCH_HEADER, person()]), filename="l.xlsx", by=coordinator
    )
    assert upload.status == "failed" and "erreur inattendue" in upload.error and upload.upload is None


def test_a_namesake_chosen_who_is_already_a_participant_is_counted_as_skipped(coordinator, activity):
    namesake = TraineeFactory(first_name="Ibrahima", last_name="Sow", service="police", service_number="PN5")
    ParticipationFactory(activity=activity, trainee=namesake)
    participant_import = services.participant_import_preview(
        activity=activity,
        data=xlsx([FRENCH_HEADER, person("Sow", "Ibrahima", "M"), person()]),
        filename="a.xlsx",
        by=coordinator,
    )
    assert [row["status"] for row in participant_import.rows] == [Status.DUPLICATE, Status.NEW]
    result = services.participant_import_commit(
        participant_import=participant_import, choices={2: str(namesake.pk)}, by=coordinator
    )
    assert (result.created, result.added, result.skipped) == (1, 1, 1)
    assert activity.participations.count() == 2
