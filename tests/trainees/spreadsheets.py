"""Real files for the import tests, made with openpyxl and the csv module."""

import csv
import io

from openpyxl import Workbook

FRENCH_HEADER = ["Nom", "Prénom", "Sexe", "Service", "Grade", "Unité", "Région", "Matricule", "Résultat"]
ENGLISH_HEADER = [
    "First name",
    "Last name",
    "Sex",
    "Service",
    "Rank",
    "Unit",
    "Region",
    "Service number",
    "Outcome",
]


def xlsx(rows: list[list], *, merge: str | None = None, formula_at: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    if formula_at:
        sheet[formula_at] = "=UPPER(B2)"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], *, delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def person(
    last="Ndiaye",
    first="Fatou",
    sex="F",
    service="Police",
    rank="Inspecteur",
    unit="DNLT",
    region="Dakar",
    number="",
    outcome="formé",
) -> list:
    return [last, first, sex, service, rank, unit, region, number, outcome]
