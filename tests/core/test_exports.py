"""CSV exports: every field holding either separator, a quote or a line break is quoted; no formula cell
whichever separator the reader's spreadsheet uses."""

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from core.exports import FORMULA_STARTS, csv_line, csv_response


def read(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def test_a_field_holding_the_other_separator_is_quoted_and_neutralised():
    line = csv_line(["DNLT", "x,=1+1"], ";")
    assert line == 'DNLT;"x,\'=1+1"\r\n'
    assert read(line, ";") == [["DNLT", "x,'=1+1"]]
    # Opened by a spreadsheet that splits on commas: no cell is a formula.
    assert all(not cell.startswith(FORMULA_STARTS) for row in read(line, ",") for cell in row)


def test_quotes_line_breaks_and_both_separators_are_quoted_and_plain_text_is_not():
    assert csv_line(['a "b"', "c\nd", "e;f", "g,h", "plain", 12, None], ",") == (
        '"a ""b""","c\nd","e;f","g,h",plain,12,\r\n'
    )


def test_the_streamed_export_quotes_the_other_separator():
    response = csv_response("x.csv", ["Unité"], [["x,=1+1"], ["=cmd"]])
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert read(text, ";") == [["Unité"], ["x,'=1+1"], ["'=cmd"]]


TEXT = st.text(alphabet=st.sampled_from(list('ab =+-@;,"\n\r\t')), max_size=12)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(TEXT, min_size=2, max_size=4), delimiter=st.sampled_from([";", ","]))
def test_no_cell_is_a_formula_whichever_separator_reads_the_file(values, delimiter):
    text = csv_line(values, delimiter)
    for reader_delimiter in (";", ","):
        for row in read(text, reader_delimiter):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@")), (values, text, cell)
    # With its own separator, the file gives the values back (neutralised cells start with ').
    back = read(text, delimiter)[0]
    assert len(back) == len(values)
    for written, value in zip(back, values, strict=True):
        assert written.replace("'", "") == value.replace("'", "")
