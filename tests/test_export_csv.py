"""CSV export: golden file, RFC 4180 framing, lossless parse-back, formula safety."""

from __future__ import annotations

import csv
import io

import pytest
from test_export_w3c import NOW, check_golden, sample_annotations

from reader.export import export_annotations, order_for_export
from reader.export.csv_format import (
    COLUMNS,
    escape_cell,
    join_tags,
    read_rows,
    split_tags,
    unescape_cell,
)


def exported() -> str:
    return export_annotations(sample_annotations(), "csv", now=NOW)


def test_csv_matches_golden_file() -> None:
    check_golden("sample.csv", exported())


def test_rows_end_in_crlf_and_multiline_notes_are_quoted() -> None:
    text = exported()
    assert text.startswith(",".join(COLUMNS) + "\r\n")
    assert text.endswith("\r\n")
    records = text.split("\r\n")
    assert len(records) == 1 + 6 + 1  # header, rows, empty tail
    # The only bare LFs are inside quoted notes that have line breaks.
    assert '"He calls it a ""distraction"", not a scandal, again.\nSecond line' in text


def test_csv_parses_back_to_the_annotations() -> None:
    rows = read_rows(exported())
    anns = order_for_export(sample_annotations())
    assert len(rows) == len(anns)
    for row, ann in zip(rows, anns, strict=True):
        assert row["title"] == ann.title
        assert row["source"] == ann.source
        assert (int(row["start"]), int(row["end"])) == (ann.start, ann.end)
        assert row["exact"] == ann.exact
        assert split_tags(row["tags"]) == ann.tags
        assert row["note"] == ann.note
        assert (row["created"], row["modified"]) == (ann.created, ann.modified)


def test_plain_csv_reader_sees_utf8_text_and_header() -> None:
    reader = csv.reader(io.StringIO(exported(), newline=""))
    header, *rows = list(reader)
    assert header == list(COLUMNS)
    notes = [r[COLUMNS.index("note")] for r in rows]
    assert "Ελληνικά: συγγνώμη; 日本語：本当に申し訳ない; عربي: آسف جدا" in notes


def test_formula_cells_cannot_run_in_a_spreadsheet() -> None:
    reader = csv.reader(io.StringIO(exported(), newline=""))
    for row in reader:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize(
    "value", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "'quoted", "''", "plain", "", "a=b"]
)
def test_cell_escaping_is_reversible(value: str) -> None:
    escaped = escape_cell(value)
    assert unescape_cell(escaped) == value
    assert not escaped.startswith(("=", "+", "-", "@", "\t"))


def test_cells_that_need_no_guard_are_written_as_they_are() -> None:
    assert escape_cell("a=b") == "a=b"
    assert escape_cell("Ελληνικά") == "Ελληνικά"


@pytest.mark.parametrize("tags", [(), ("a",), ("red ken", "b"), ("a;b", "c\\d", "\\;"), ("x", "")])
def test_tags_cell_round_trips(tags: tuple[str, ...]) -> None:
    assert split_tags(join_tags(tags)) == tags


def test_empty_export_is_just_the_header() -> None:
    assert export_annotations([], "csv") == ",".join(COLUMNS) + "\r\n"
