"""Exports as .xlsx (XlsxWriter) and .csv: written row by row, never holding an export in memory, formula-safe.

A cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) would be run as a
formula by a spreadsheet: it is written with a leading apostrophe, so it reads as plain text.

A CSV is read with whatever separator the reader's spreadsheet expects, which may not be the one it
was written with (``;`` in French, ``,`` in English). So every field holding either separator, a
quote or a line break is quoted, and inside such a field a formula character right after a
separator or a line break gets its apostrophe too: read with the other separator, that part starts a
cell of its own.
"""

import datetime
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import get_language

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


FORMULA_FIRST = frozenset(FORMULA_STARTS)
ROWS_PER_CHUNK = 500


def neutralise(value):
    """The value as it can safely go in a cell: text that looks like a formula gets an apostrophe."""
    if isinstance(value, str) and value[:1] in FORMULA_FIRST:
        return "'" + value
    return value


def download_name(words: str, *parts: object, extension: str, dated: bool = True) -> str:
    """A download's file name in the reader's language: ``download_name(_("participants"), 12, extension="csv")``
    gives ``participants-12-2026-11-28.csv`` in English, ``participantes-12-2026-11-28.csv`` in Spanish.

    ``words`` come translated; the name is ASCII (accents dropped, apostrophes become hyphens) so that
    every browser and file system keeps it as it is.
    """
    stem = slugify(str(words).replace("’", " ").replace("'", " "))
    pieces = [stem, *(slugify(str(part)) for part in parts if part not in (None, ""))]
    if dated:
        pieces.append(f"{timezone.localdate():%Y-%m-%d}")
    return "-".join(piece for piece in pieces if piece) + "." + extension


def _csv_number(value: Decimal | float) -> str:
    """A number as the reader's spreadsheet reads it: "3" not "3.0", "0,5" in French, "0.5" in English
    (the CSV's separator follows the same language, see :func:`csv_delimiter`)."""
    if value == int(value):
        return str(int(value))
    if isinstance(value, Decimal):
        value = value.normalize()
    return number_format(value, use_l10n=True, force_grouping=False)


def _csv_value(value) -> str:
    if type(value) is str:  # the common case first: exports are mostly text
        return "'" + value if value[:1] in FORMULA_FIRST else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal | float):
        return _csv_number(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(neutralise(value) if isinstance(value, str) else value)


# A field holding one of these is quoted, whichever separator the file uses.
CSV_SPECIAL = re.compile(r'[;,"\r\n]')
# A formula character right after a separator or a line break (quotes and spaces aside): the start of
# a cell for a reader of the other separator.
CSV_INNER_FORMULA = re.compile(r'([;,\r\n])(?=[\s"]*[=+\-@])')


def csv_field(text: str) -> str:
    """One CSV field, quoted when it holds a separator (either), a quote or a line break."""
    if CSV_SPECIAL.search(text) is None:
        return text
    text = CSV_INNER_FORMULA.sub(r"\1'", text)
    return '"' + text.replace('"', '""') + '"'


def csv_line(values: Iterable, delimiter: str) -> str:
    """A CSV record: formula-safe values, quoted as :func:`csv_field` says, ended by CRLF (RFC 4180)."""
    return delimiter.join(csv_field(_csv_value(value)) for value in values) + "\r\n"


def csv_delimiter() -> str:
    """French (and Spanish) spreadsheets expect semicolons, English ones commas."""
    return "," if (get_language() or "fr").startswith("en") else ";"


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """A CSV download (UTF-8 with a byte-order mark, so that Excel reads accents), streamed row by row."""
    delimiter = csv_delimiter()

    def chunks() -> Iterator[bytes]:
        """Rows written in chunks of a few hundred: memory stays flat, overhead stays low."""
        lines = ["\ufeff" + csv_line([str(h) for h in header], delimiter)]
        for count, row in enumerate(rows, start=1):
            lines.append(csv_line(row, delimiter))
            if count % ROWS_PER_CHUNK == 0:
                yield "".join(lines).encode("utf-8")
                lines.clear()
        yield "".join(lines).encode("utf-8")

    response = StreamingHttpResponse(chunks(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(
    filename: str, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]
) -> FileResponse:
    """An .xlsx download written row by row by XlsxWriter (constant memory) to a temporary file.

    Strings are never read as formulas, URLs or numbers; formula-like text also gets its apostrophe.
    """
    import xlsxwriter

    spool = tempfile.SpooledTemporaryFile(max_size=8 * 2**20)  # noqa: SIM115 - FileResponse closes it
    workbook = xlsxwriter.Workbook(
        spool,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_date_format": "yyyy-mm-dd",
            "tmpdir": tempfile.gettempdir(),
        },
    )
    bold = workbook.add_format({"bold": True})
    dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for title, header, rows in sheets:
        sheet = workbook.add_worksheet(_sheet_title(title))
        sheet.write_row(0, 0, [str(value) for value in header], bold)
        sheet.freeze_panes(1, 0)  # the column titles stay in view while scrolling
        last_row = 0
        for index, row in enumerate(rows, start=1):
            last_row = index
            for column, value in enumerate(row):
                value = _xlsx_value(value)
                if value is None:
                    continue
                if isinstance(value, datetime.date):
                    sheet.write_datetime(index, column, value, dates)
                elif isinstance(value, str):
                    sheet.write_string(index, column, value)
                else:
                    sheet.write(index, column, value)
        if header:
            sheet.autofilter(0, 0, last_row, len(header) - 1)  # a filter on every column
    workbook.close()
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def _sheet_title(title: str) -> str:
    """Excel refuses some characters in sheet names, and more than 31 of them."""
    return "".join(" " if c in "[]:*?/\\" else c for c in str(title))[:31] or "Sheet"


ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters XML cannot hold


def _xlsx_value(value):
    if type(value) is str:
        value = ILLEGAL_XML.sub("", value) if ILLEGAL_XML.search(value) else value
        return "'" + value if value[:1] in FORMULA_FIRST else value
    if isinstance(value, Decimal):
        return float(value)
    return value
