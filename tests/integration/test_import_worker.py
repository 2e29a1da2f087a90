"""Uploaded lists are read by the real Celery worker, never by the web process: the page shows the
reading, then the rows or the reason of a refusal; a bomb leaves the worker able to read the next list."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.core.test_uploads import BASE, HEADER_ROW, SHEET, sheet_with, with_parts
from tests.factories import ActivityFactory
from tests.trainees.spreadsheets import FRENCH_HEADER, person, xlsx
from trainees.models import ParticipantImport

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def wait_until_read(item: ParticipantImport, seconds: float = 60) -> ParticipantImport:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        item.refresh_from_db()
        if item.status in (ParticipantImport.Status.READY, ParticipantImport.Status.FAILED):
            return item
        time.sleep(0.2)
    raise AssertionError(f"the list is still {item.status} after {seconds} s")


def upload(client, activity, name, data):
    return client.post(
        reverse("trainees:participant-import", args=[activity.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )


def test_the_worker_reads_a_list_and_refuses_a_bomb_with_a_message(client, coordinator, celery_worker):
    activity = ActivityFactory(kind="training")
    client.force_login(coordinator)
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    bomb = with_parts(BASE, **{SHEET: sheet_with(HEADER_ROW + far, "A1:XFD1048576")})

    response = upload(client, activity, "bomb.xlsx", bomb)
    item = ParticipantImport.objects.get()
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    waiting = client.get(response.url)
    if item.status in ("queued", "reading"):
        assert 'http-equiv="refresh"' in waiting.content.decode()
    item = wait_until_read(item)
    assert item.status == "failed" and item.upload is None
    page = client.get(item.get_absolute_url()).content.decode()
    assert "au-delà de la ligne" in page and 'http-equiv="refresh"' not in page

    response = upload(
        client, activity, "list.xlsx", xlsx([FRENCH_HEADER, person(), person("Sow", "Ibrahima")])
    )
    good = wait_until_read(ParticipantImport.objects.get(filename="list.xlsx"))
    assert good.status == "ready", good.error
    page = client.get(good.get_absolute_url()).content.decode()
    assert "NDIAYE" in page.upper() and "Importer la liste" in page
