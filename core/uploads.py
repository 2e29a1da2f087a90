"""Uploaded tables read defensively: an .xlsx (openpyxl, read-only) or a CSV, recognised by content.

What a file is comes from its first bytes, never from its name. Every refusal is an
:class:`ImportFileError` whose message says, in the reader's language, why and what to do.
"""

import csv
import io
import zipfile
from typing import Any

from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
# Files people upload by mistake: PDF, images, Word/RTF documents.
OTHER_MAGICS = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"{\\rtf", b"II*\x00", b"MM\x00*")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted (password-protected) workbook


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why and what to do."""


def read_table(data: bytes, *, max_bytes: int, max_rows: int) -> list[tuple[int, list[Any]]]:
    """The file's non-empty rows as (line number, cells), from an .xlsx or a CSV recognised by content.

    At most ``max_rows`` rows are read (one more tells the caller there were too many).
    """
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if len(data) > max_bytes:
        raise ImportFileError(
            _("The file is larger than %(size)s MB: split it into smaller lists.")
            % {"size": max_bytes // 2**20}
        )
    if data.startswith(OLE_MAGIC):
        raise ImportFileError(
            _(
                "This file is password-protected or in the old Excel 97–2003 format: remove the password, or "
                "save it as an Excel workbook (.xlsx) or CSV, and upload it again."
            )
        )
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data, max_rows)
    if data.startswith(OTHER_MAGICS) or b"\x00" in data[:4096] or _looks_binary(data[:4096]):
        raise ImportFileError(
            _("This file is not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file.")
        )
    return _read_csv(data, max_rows)


def _looks_binary(sample: bytes) -> bool:
    control = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13))
    return control > len(sample) // 100


def _read_xlsx(data: bytes, max_rows: int) -> list[tuple[int, list[Any]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as error:
        raise ImportFileError(
            _(
                "This file looks like an Excel workbook but cannot be opened (it may be damaged). Open it in "
                "Excel or LibreOffice, save it again as .xlsx, and upload it again."
            )
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for line, cells in enumerate(sheet.iter_rows(), start=1):
            values = []
            for cell in cells:
                if getattr(cell, "data_type", None) == "f":
                    values.append(Formula(str(cell.value)))
                else:
                    values.append(cell.value)
            if any(value not in (None, "") for value in values):
                rows.append((line, values))
                if len(rows) > max_rows:
                    break
        return rows
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise ImportFileError(
            _("The first sheet of this workbook cannot be read; it may be damaged.")
        ) from error
    finally:
        workbook.close()


class Formula(str):
    """A cell holding a formula: refused, since its value is whatever the spreadsheet computed last."""


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252/Latin-1, line by line for mixed files."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    lines = []
    for raw in data.split(b"\n"):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode("cp1252", errors="replace"))
    return "\n".join(lines).lstrip("\ufeff")


class SemicolonDialect(csv.excel):
    """What French-language spreadsheets write."""

    delimiter = ";"


def _read_csv(data: bytes, max_rows: int) -> list[tuple[int, list[Any]]]:
    text = _decode(data)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t|")
    except csv.Error:
        dialect = SemicolonDialect if sample.count(";") > sample.count(",") else csv.excel
    rows = []
    try:
        for line, cells in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            if any(cell.strip() for cell in cells):
                rows.append((line, cells))
                if len(rows) > max_rows:
                    break
    except csv.Error as error:
        raise ImportFileError(_("This CSV file cannot be read: %(error)s.") % {"error": error}) from error
    return rows
