"""Uploaded tables read defensively: an .xlsx (openpyxl, read-only) or a CSV, recognised by content.

What a file is comes from its first bytes, never from its name. Every refusal is an
:class:`ImportFileError` whose message says, in the reader's language, why and what to do.

A workbook is a zip archive of XML parts, so a small upload can hold a lot. Before openpyxl reads
anything, :func:`check_archive` looks at the archive's directory: the number of parts, each part's
uncompressed size and compression ratio, the total, and the shared strings' size; the XML parts are
then scanned for a DOCTYPE or an entity declaration, and openpyxl itself parses with defusedxml (no
entity is ever expanded). The sheet's declared dimension is never trusted: rows are read as they
come, with a bound on the rows scanned (empty ones included), on the columns kept and on a cell's
length. The limits are settings (``UPLOAD_*``, see settings.py).

A CSV is decoded from its byte-order mark (UTF-8, UTF-16 little or big endian) before any guess
(UTF-8, else Windows-1252 line by line). Control characters (NUL and the like), which a database
refuses and nobody types, are removed, and the table's notes say how many.
"""

import csv
import io
import re
import zipfile
from xml.etree.ElementTree import ParseError

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

XLSX_MAGIC = b"PK\x03\x04"
# Files people upload by mistake: PDF, images, Word/RTF documents.
OTHER_MAGICS = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"{\\rtf", b"II*\x00", b"MM\x00*")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted (password-protected) workbook
BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# Characters no cell should hold: C0/C1 controls but tab and line breaks, and lone surrogates.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Below this uncompressed size a part cannot hurt, whatever its compression ratio.
RATIO_FLOOR = 2**20
XML_DANGER = (b"<!DOCTYPE", b"<!ENTITY")
SCAN_CHUNK = 2**16


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why and what to do."""


class Table(list):
    """The file's non-empty rows as (line number, cells), with notes on what reading it changed."""

    def __init__(self, rows=(), notes=None):
        super().__init__(rows)
        self.notes: list[str] = list(notes or [])


def read_table(data: bytes, *, max_bytes: int, max_rows: int) -> Table:
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
        return _clean_cells(_read_xlsx(data, max_rows))
    text = _decode(data)
    if data.startswith(OTHER_MAGICS) or _looks_binary(text[:4096]):
        raise ImportFileError(
            _("This file is not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file.")
        )
    return _clean_cells(_read_csv(text, max_rows))


def _looks_binary(sample: str) -> bool:
    control = len(CONTROL.findall(sample))
    return control > len(sample) // 100


def _too_long(line: int, column: int) -> ImportFileError:
    return ImportFileError(
        _(
            "Row %(line)s, column %(column)s holds more than %(max)s characters: a list of participants "
            "never needs that much. Shorten it and upload the file again."
        )
        % {
            "line": line,
            "column": column + 1,
            "max": number_format(settings.UPLOAD_MAX_CELL_CHARS, force_grouping=True),
        }
    )


def _clean_cells(table: Table) -> Table:
    """Bounded cells, without control characters (counted in a note)."""
    removed = 0
    limit = settings.UPLOAD_MAX_CELL_CHARS
    for line, cells in table:
        for index, value in enumerate(cells):
            if not isinstance(value, str):
                continue
            if len(value) > limit:
                raise _too_long(line, index)
            if CONTROL.search(value):
                cleaned, count = CONTROL.subn("", value)
                cells[index] = type(value)(cleaned) if type(value) is not str else cleaned
                removed += count
    if removed:
        table.notes.append(
            ngettext(
                "%(count)s invisible control character (such as NUL) was removed from the cells.",
                "%(count)s invisible control characters (such as NUL) were removed from the cells.",
                removed,
            )
            % {"count": removed}
        )
    return table


# --- Workbooks ------------------------------------------------------------------------------


def _damaged() -> ImportFileError:
    return ImportFileError(
        _(
            "This file looks like an Excel workbook but cannot be opened (it may be damaged). Open it in "
            "Excel or LibreOffice, save it again as .xlsx, and upload it again."
        )
    )


def _too_big_inside() -> ImportFileError:
    return ImportFileError(
        _(
            "This workbook unpacks to far more data than a list of participants holds (it may be built to "
            "overload the site, or carry hidden content). Copy the list into a new workbook and upload that."
        )
    )


def check_archive(data: bytes) -> None:
    """Refuse a workbook whose archive would unpack too much, or whose XML declares entities."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise _damaged() from error
    if len(members) > settings.UPLOAD_XLSX_MAX_PARTS:
        raise _too_big_inside()
    total = 0
    for member in members:
        size = member.file_size
        total += size
        too_big = size > settings.UPLOAD_XLSX_MAX_PART_BYTES
        too_packed = size > RATIO_FLOOR and size > member.compress_size * settings.UPLOAD_XLSX_MAX_RATIO
        shared = member.filename.lower().endswith("sharedstrings.xml")
        if too_big or too_packed or (shared and size > settings.UPLOAD_XLSX_MAX_SHARED_STRINGS_BYTES):
            raise _too_big_inside()
    if total > settings.UPLOAD_XLSX_MAX_TOTAL_BYTES:
        raise _too_big_inside()
    for member in members:
        if member.filename.lower().endswith((".xml", ".rels")):
            _scan_xml(archive, member)


def _scan_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """No DOCTYPE, no entity: a spreadsheet never needs one, and an attack always does."""
    tail = b""
    try:
        with archive.open(member) as part:
            while chunk := part.read(SCAN_CHUNK):
                window = (tail + chunk).upper()
                if any(marker in window for marker in XML_DANGER):
                    raise ImportFileError(
                        _(
                            "This workbook holds XML declarations that spreadsheets never use (entities), so it "
                            "is refused. Copy the list into a new workbook and upload that."
                        )
                    )
                tail = chunk[-16:]
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, RuntimeError) as error:
        raise _damaged() from error


def _read_xlsx(data: bytes, max_rows: int) -> Table:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if not openpyxl.DEFUSEDXML:  # openpyxl parses with defusedxml when it is installed (requirements.txt)
        raise RuntimeError("defusedxml is missing: uploaded workbooks cannot be read safely.")
    check_archive(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        OSError,
        ValueError,  # defusedxml's refusals are ValueErrors too
        TypeError,
        ParseError,
        EOFError,
    ) as error:
        raise _damaged() from error
    try:
        return _sheet_rows(workbook.worksheets[0], max_rows)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, ParseError, EOFError) as error:
        raise ImportFileError(
            _("The first sheet of this workbook cannot be read; it may be damaged.")
        ) from error
    finally:
        workbook.close()


def _too_many_rows_scanned() -> ImportFileError:
    return ImportFileError(
        _(
            "The sheet goes on past row %(max)s (perhaps empty rows that were formatted): delete the rows "
            "below the list and upload the file again."
        )
        % {"max": number_format(settings.UPLOAD_MAX_SCANNED_ROWS, force_grouping=True)}
    )


def _sheet_rows(sheet, max_rows: int) -> Table:
    """Rows as the sheet holds them, never as its declared dimension says."""
    sheet.reset_dimensions()  # read-only sheets pad every row to the declared width otherwise
    max_columns = settings.UPLOAD_MAX_COLUMNS
    rows = Table()
    for line, cells in enumerate(sheet.iter_rows(max_col=max_columns + 1), start=1):
        if line > settings.UPLOAD_MAX_SCANNED_ROWS:
            raise _too_many_rows_scanned()
        values = [Formula(str(c.value)) if getattr(c, "data_type", None) == "f" else c.value for c in cells]
        if len(values) > max_columns and values[max_columns] not in (None, ""):
            raise _too_many_columns(line)
        values = values[:max_columns]
        if any(value not in (None, "") for value in values):
            rows.append((line, values))
            if len(rows) > max_rows:
                break
    return rows


def _too_many_columns(line: int) -> ImportFileError:
    return ImportFileError(
        _(
            "Row %(line)s has values beyond column %(max)s: a list of participants has far fewer columns. "
            "Delete the extra columns and upload the file again."
        )
        % {"line": line, "max": settings.UPLOAD_MAX_COLUMNS}
    )


class Formula(str):
    """A cell holding a formula: refused, since its value is whatever the spreadsheet computed last."""


# --- CSV ------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """From a byte-order mark if there is one; else UTF-8, else Windows-1252, line by line."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(b"\x00") * 3 > len(sample):  # UTF-16 without its mark
        even_zeros = sample[0::2].count(0) > sample[1::2].count(0)
        return data.decode("utf-16-be" if even_zeros else "utf-16-le", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lines = []
    for raw in data.split(b"\n"):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode("cp1252", errors="replace"))
    return "\n".join(lines)


class SemicolonDialect(csv.excel):
    """What French-language spreadsheets write."""

    delimiter = ";"


def _read_csv(text: str, max_rows: int) -> Table:
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t|")
    except csv.Error:
        dialect = SemicolonDialect if sample.count(";") > sample.count(",") else csv.excel
    rows = Table()
    max_columns = settings.UPLOAD_MAX_COLUMNS
    line = 0
    try:
        for line, cells in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            if line > settings.UPLOAD_MAX_SCANNED_ROWS:
                raise _too_many_rows_scanned()
            if len(cells) > max_columns:
                if any(cell.strip() for cell in cells[max_columns:]):
                    raise _too_many_columns(line)
                del cells[max_columns:]
            if any(cell.strip() for cell in cells):
                rows.append((line, cells))
                if len(rows) > max_rows:
                    break
    except csv.Error as error:
        if "field limit" in str(error):
            raise _too_long(line + 1, 0) from error
        raise ImportFileError(_("This CSV file cannot be read: %(error)s.") % {"error": error}) from error
    return rows


# Logos and signature images: small pictures a PDF embeds as they are.
IMAGE_MAX_BYTES = 2 * 2**20
IMAGE_MAX_PIXELS = 16_000_000
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpeg"}


def check_image(upload) -> None:
    """A logo or signature upload: a PNG or JPEG (by content, never by name), whole, at most 2 MB and
    16 million pixels. Raises a ValidationError saying what to do; used as a model field validator."""
    import warnings

    from django.core.exceptions import ValidationError
    from PIL import Image, UnidentifiedImageError

    if not upload:
        return
    if upload.size > IMAGE_MAX_BYTES:
        raise ValidationError(
            _("The image is larger than %(size)s MB: save it smaller.") % {"size": IMAGE_MAX_BYTES // 2**20}
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    data = upload.read()
    upload.seek(position)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                if image.width * image.height > IMAGE_MAX_PIXELS:
                    raise ValidationError(_("The image is too large in pixels: save it smaller."))
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("The image is too large in pixels: save it smaller.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(_("This file is not a readable image: upload a PNG or JPEG file.")) from None
    if kind not in IMAGE_FORMATS:
        raise ValidationError(_("Upload the image as a PNG or JPEG file."))


def image_data_uri(field_file) -> str:
    """A stored image as a data: URI, for a PDF whose renderer fetches nothing but static files."""
    import base64

    if not field_file:
        return ""
    try:
        with field_file.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, ValueError):
        return ""
    kind = "png" if data.startswith(b"\x89PNG") else "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(data).decode()}"
