"""The import reads as people do: the template's example is never imported, rows show labels, counts agree."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import ActivityFactory, ParticipationFactory, TraineeFactory
from tests.trainees.spreadsheets import FRENCH_HEADER, person, xlsx
from trainees.imports import Status, preview_file
from trainees.models import ParticipantImport


def test_the_templates_example_row_is_a_comment_the_importer_skips(client, coordinator):
    activity = ActivityFactory()
    client.force_login(coordinator)
    template = b"".join(client.get(reverse("trainees:import-template")).streaming_content)
    rows = [[cell.value for cell in row] for row in load_workbook(io.BytesIO(template)).active.iter_rows()]
    assert rows[1][0].startswith("#")
    preview = preview_file(xlsx([rows[0], rows[1], person()]), activity)
    assert [row.status for row in preview.rows] == [Status.NEW]  # only the real person


def test_the_preview_shows_labels_and_counts_agreeing_with_their_number(client, coordinator):
    activity = ActivityFactory()
    known = TraineeFactory(last_name="Sarr", first_name="Modou", service_number="PN-1", sex="M")
    ParticipationFactory(activity=activity, trainee=known)
    client.force_login(coordinator)
    data = xlsx([FRENCH_HEADER, person(service="Douanes"), person("Sarr", "Modou", "M", number="PN-1")])
    response = client.post(
        reverse("trainees:participant-import", args=[activity.pk]),
        {"file": SimpleUploadedFile("liste.xlsx", data)},
    )
    page = client.get(response.url, headers={"accept-language": "fr"}).content.decode()
    assert ParticipantImport.objects.count() == 1
    assert "Douanes" in page and ">customs<" not in page
    assert "1 déjà participant<" in page and "1 déjà participants" not in page
    assert "0 erreur<" in page


def test_the_coordinator_may_import_the_valid_rows_and_download_the_rejected_ones(client, coordinator):
    from trainees.models import Trainee

    activity = ActivityFactory()
    client.force_login(coordinator)
    data = xlsx([FRENCH_HEADER, person(), person("Sow", "Ibrahima", "?"), person("Fall", "Aïda", "F")])
    response = client.post(
        reverse("trainees:participant-import", args=[activity.pk]),
        {"file": SimpleUploadedFile("liste.xlsx", data)},
    )
    participant_import = ParticipantImport.objects.get()
    page = client.get(response.url, headers={"accept-language": "fr"}).content.decode()
    assert "Importer les lignes valides" in page
    rejected = client.get(
        reverse("trainees:import-rejected-rows", args=[activity.pk, participant_import.pk]),
        headers={"accept-language": "fr"},
    )
    assert rejected["Content-Disposition"].startswith('attachment; filename="lignes-rejetees-')
    sheet = load_workbook(io.BytesIO(b"".join(rejected.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(rows) == 2 and rows[1][0] == 3 and rows[1][1] == "Sow" and rows[1][-1]  # its reason
    # Without the explicit choice, nothing is written; with it, the two valid rows are.
    client.post(response.url)
    assert not Trainee.objects.exists()
    done = client.post(response.url, {"rows": "valid"}, headers={"accept-language": "fr"}, follow=True)
    assert sorted(Trainee.objects.values_list("last_name", flat=True)) == ["Fall", "Ndiaye"]
    assert activity.participations.count() == 2
    assert "1 ligne comportant des erreurs a été écartée." in done.content.decode()
