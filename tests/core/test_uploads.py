"""Uploaded spreadsheets read defensively: bombs, entities, odd encodings and control characters are
refused or cleaned with a clear message, in bounded memory, and never crash the page."""

import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.uploads import ImportFileError, read_table
from tests.trainees.spreadsheets import FRENCH_HEADER, csv_bytes, person, xlsx

MB = 2**20
# The most a refused bomb may make the reading allocate (Python's allocations, traced).
PEAK_LIMIT = 64 * MB


def read(data: bytes):
    return read_table(data, max_bytes=5 * MB, max_rows=5010)


def with_parts(base: bytes, **parts: bytes | str) -> bytes:
    """A copy of the workbook ``base`` with some parts replaced or added (e.g. xl/worksheets/sheet1.xml)."""
    replaced = {name.replace("__", "/").replace("_DOT_", "."): data for name, data in parts.items()}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename not in replaced:
                target.writestr(item, source.read(item))
        for name, data in replaced.items():
            target.writestr(name, data)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def sheet_with(body: str, dimension: str = "A1:I2") -> bytes:
    return (HEAD + f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>').encode()


def inline_row(line: int, values: list[str]) -> str:
    cells = "".join(
        f'<c r="{openpyxl.utils.get_column_letter(i + 1)}{line}" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(values)
    )
    return f'<row r="{line}">{cells}</row>'


BASE = xlsx([FRENCH_HEADER, person()])
HEADER_ROW = inline_row(1, FRENCH_HEADER)


def refused_within_memory(data: bytes, message: str) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError) as error:
            read(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message in str(error.value)
    assert peak < PEAK_LIMIT, f"peak {peak / MB:.1f} MB"


def test_a_declared_dimension_of_the_whole_grid_with_one_far_cell_is_refused_quickly():
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    data = with_parts(BASE, **{SHEET: sheet_with(HEADER_ROW + far, "A1:XFD1048576")})
    assert len(data) < 10_000
    refused_within_memory(data, "au-delà de la ligne 20 000")


def test_a_million_empty_rows_are_refused_after_a_bounded_number():
    empty = "".join(f'<row r="{n}"/>' for n in range(2, 1_000_001))
    refused_within_memory(
        with_parts(BASE, **{SHEET: sheet_with(HEADER_ROW + empty)}), "au-delà de la ligne 20 000"
    )


def test_a_huge_shared_string_is_refused_before_reading():
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(BASE)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename != "xl/sharedStrings.xml":
                target.writestr(item, source.read(item))
        with target.open("xl/sharedStrings.xml", "w") as part:
            part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            chunk = b"a" * MB
            for _ in range(300):
                part.write(chunk)
            part.write(b"</t></si></sst>")
    data = out.getvalue()
    assert len(data) < 400_000
    refused_within_memory(data, "se décompresse en bien plus")


def test_a_shared_string_part_over_its_own_limit_is_refused_even_when_it_compresses_badly(settings):
    settings.UPLOAD_XLSX_MAX_SHARED_STRINGS_BYTES = 1000
    strings = "<sst>" + "".join(f"<si><t>{n}</t></si>" for n in range(200)) + "</sst>"
    refused_within_memory(
        with_parts(BASE, **{"xl/sharedStrings.xml": strings}), "se décompresse en bien plus"
    )


XXE = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&e;</t></si></sst>'
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
)


@pytest.mark.parametrize("part", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
@pytest.mark.parametrize("where", ["xl/sharedStrings.xml", SHEET])
def test_xml_entities_are_refused_and_never_expanded(part, where):
    refused_within_memory(with_parts(BASE, **{where: part}), "des entités")


def test_openpyxl_itself_parses_without_entities():
    """Defence in depth: were the scan to miss a declaration, openpyxl parses with defusedxml."""
    from defusedxml import DefusedXmlException

    assert openpyxl.DEFUSEDXML
    doctype = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    sheet = doctype + sheet_with(inline_row(1, ["&e;", "x"])).decode().split("\n", 1)[1]
    data = with_parts(BASE, **{SHEET: sheet})
    with pytest.raises(ValueError) as error:  # openpyxl wraps defusedxml's refusal
        list(openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0].iter_rows())
    refusal = error.value if isinstance(error.value, DefusedXmlException) else error.value.__context__
    assert isinstance(refusal, DefusedXmlException)


def test_a_row_beyond_the_column_limit_is_refused(settings):
    settings.UPLOAD_MAX_COLUMNS = 12
    data = with_parts(BASE, **{SHEET: sheet_with(HEADER_ROW + inline_row(2, [*person(), "", "", "", "x"]))})
    with pytest.raises(ImportFileError, match="beyond column 12|au-delà de la colonne 12"):
        read(data)


def test_an_overlong_cell_is_refused_with_its_place():
    long_unit = person(unit="x" * 5000)
    with pytest.raises(ImportFileError, match="2") as error:
        read(xlsx([FRENCH_HEADER, long_unit]))
    assert "plus de 1 000 caractères" in str(error.value)
    with pytest.raises(ImportFileError):
        read(csv_bytes([FRENCH_HEADER, long_unit]))


# --- CSV --------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_csv_in_utf_16_or_with_a_byte_order_mark_is_read(encoding):
    text = "\n".join(";".join(row) for row in [FRENCH_HEADER, person("Sène", "Ndèye")])
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data
    rows = read(data)
    assert rows[0][1][0] == "Nom" and rows[1][1][:2] == ["Sène", "Ndèye"]


def test_utf_16_without_its_mark_is_read_too():
    text = "\n".join(";".join(row) for row in [FRENCH_HEADER, person("Sène", "Ndèye")])
    for encoding in ("utf-16-le", "utf-16-be"):
        assert read(text.encode(encoding))[1][1][0] == "Sène"


def test_a_nul_byte_after_the_first_kilobytes_is_removed_with_a_note():
    rows = [FRENCH_HEADER] + [person(first=f"P{n}", number=f"PN{n}") for n in range(200)]
    data = bytearray(csv_bytes(rows))
    data[6000] = 0
    table = read(bytes(data))
    assert all("\x00" not in cell for _line, cells in table for cell in cells)
    assert table.notes and "NUL" in table.notes[0]


def test_a_nul_filled_file_is_not_a_spreadsheet():
    with pytest.raises(ImportFileError, match="not a spreadsheet|n’est pas un tableur"):
        read(b"Nom;Pr\x01\x02\x03\x04\x05\x06\x07\x08enom\n" * 50)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000))
def test_no_bytes_crash_the_reader(data):
    """Whatever the bytes: a table or a clear refusal, never another exception."""
    try:
        table = read(b"Nom;Prenom\n" + data)
    except ImportFileError as error:
        assert str(error)
    else:
        for _line, cells in table:
            for cell in cells:
                assert "\x00" not in str(cell)


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=1, max_size=2000))
def test_no_damaged_workbook_crashes_the_reader(noise):
    """A workbook with part of it overwritten: read, or refused with a message."""
    data = bytearray(BASE)
    start = len(noise) % max(len(data) - len(noise), 1)
    data[start : start + len(noise)] = noise
    try:
        read(bytes(data))
    except ImportFileError as error:
        assert str(error)


@pytest.mark.django_db
def test_the_reading_task_refuses_the_shared_string_bomb_within_its_memory_bound(admin_user):
    """The whole task (load the upload, read, record the refusal), run here, stays under the bound."""
    from tests.factories import ActivityFactory
    from trainees import import_services
    from trainees.models import ParticipantImport
    from trainees.tasks import read_participant_import

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(BASE)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        with target.open("xl/sharedStrings.xml", "w") as part:
            part.write(b"<sst><si><t>")
            for _ in range(300):
                part.write(b"a" * MB)
            part.write(b"</t></si></sst>")
    bomb = ParticipantImport.objects.create(
        activity=ActivityFactory(),
        filename="bomb.xlsx",
        uploaded_by=admin_user,
        status="queued",
        upload=out.getvalue(),
    )
    tracemalloc.start()
    try:
        read_participant_import.apply(args=[bomb.pk])
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    bomb.refresh_from_db()
    assert bomb.status == "failed" and "se décompresse en bien plus" in bomb.error
    assert peak < PEAK_LIMIT, f"peak {peak / MB:.1f} MB"
    assert import_services.participant_imports_fail_stuck() == 0
