"""Exports as .xlsx and .csv: streamed, never holding a whole export in memory twice, and formula-safe.

A cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) would be run as a
formula by a spreadsheet: it is written with a leading apostrophe, so it reads as plain text.
"""

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import get_language

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """The value as it can safely go in a cell: text that looks like a formula gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(neutralise(value) if isinstance(value, str) else value)


class _Echo:
    """A file-like object whose write returns what it was given (for streaming csv.writer)."""

    def write(self, value: str) -> str:
        return value


def csv_delimiter() -> str:
    """French (and Spanish) spreadsheets expect semicolons, English ones commas."""
    return "," if (get_language() or "fr").startswith("en") else ";"


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """A CSV download (UTF-8 with a byte-order mark, so that Excel reads accents), streamed row by row."""
    writer = csv.writer(_Echo(), delimiter=csv_delimiter())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([str(h) for h in header])
        for row in rows:
            yield writer.writerow([_csv_value(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(
    filename: str, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]
) -> FileResponse:
    """An .xlsx download written in openpyxl's write-only mode to a temporary file, then streamed."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        bold = Font(bold=True)
        header_cells = []
        for value in header:
            cell = WriteOnlyCell(sheet, value=str(value))
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([_xlsx_value(v) for v in row])
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 2**20)  # noqa: SIM115 - FileResponse closes it
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def _xlsx_value(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value
