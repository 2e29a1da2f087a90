"""Spreadsheets people can work in: titles frozen with a filter, numbers and file names in their language."""

import csv
import io
from decimal import Decimal

import openpyxl
from django.utils import timezone, translation

from core.exports import csv_line, download_name, xlsx_response


def test_an_xlsx_keeps_its_titles_in_view_with_a_filter_on_every_column():
    response = xlsx_response(
        "list.xlsx", [("Participants", ["Nom", "Jours", "Service"], [["BA", 3, "Police"]] * 4)]
    )
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Participants"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C5"


def test_csv_numbers_are_written_as_the_readers_language_writes_them():
    with translation.override("fr"):
        line = csv_line([Decimal("3.0"), Decimal("0.50"), 2.5, 7], ";")
    assert next(csv.reader([line], delimiter=";")) == [
        "3",
        "0,5",
        "2,5",
        "7",
    ]  # "0,5" quoted: it holds a comma
    with translation.override("en"):
        assert csv_line([Decimal("3.0"), Decimal("0.50")], ",") == "3,0.5\r\n"


def test_file_names_are_in_the_readers_language():
    today = f"{timezone.localdate():%Y-%m-%d}"
    with translation.override("fr"):
        assert download_name(
            translation.pgettext("file name", "attendance sheet"), 12, extension="pdf", dated=False
        ) == ("feuille-d-emargement-12.pdf")
        assert (
            download_name(translation.pgettext("file name", "activities"), extension="csv")
            == f"activites-{today}.csv"
        )
    with translation.override("es"):
        assert download_name(translation.pgettext("file name", "participants"), 3, extension="xlsx") == (
            f"participantes-3-{today}.xlsx"
        )
