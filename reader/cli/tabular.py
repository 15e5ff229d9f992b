"""Rows on stdout as a person or a script wants them: an aligned table, JSON lines, CSV.

Shared by ``reader quotes`` and ``reader entities``. JSON lines and CSV are streamed,
row by row, so a large corpus shows its first rows at once and ``| head`` stops it
early; a table needs every row to align its columns. CSV is RFC 4180 with a header
row, and a cell a spreadsheet would run as a formula gets a leading ``'`` (the export's
``escape_cell``: article text is untrusted). Table cells go through ``visible_text``
so an escape sequence in an article is shown, never run, and each row is one line.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from rich.cells import cell_len, set_cell_size

from reader.article.display import visible_text
from reader.export.csv_format import escape_cell

__all__ = ["FORMATS", "Column", "csv_cell", "one_line", "write_records", "write_table"]

FORMATS = ("table", "jsonl", "csv")
GAP = "  "
ELLIPSIS = "…"
MIN_FLEX = 12
"""The narrowest the stretching column gets on a narrow terminal."""


def csv_cell(value: Any) -> str:
    """A cell as CSV holds it: ``None`` empty, numbers as Python writes them, text escaped."""
    if value is None:
        return ""
    if isinstance(value, str):
        return escape_cell(value)
    return str(value)


def write_records(
    out: TextIO, fmt: str, fields: Sequence[str], records: Iterable[Mapping[str, Any]]
) -> None:
    """Stream ``records`` (each with exactly ``fields``) as ``jsonl`` or ``csv``."""
    if fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    if fmt != "csv":
        raise ValueError(f"not a streamed format: {fmt}")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(fields)
    for record in records:
        writer.writerow([csv_cell(record[name]) for name in fields])


def one_line(text: str) -> str:
    """Text shown on one table line: whitespace runs as one space, controls visible."""
    return visible_text(" ".join(text.split()))


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its heading, widest width (``None``: takes what is left), side."""

    heading: str
    widest: int | None = None
    right: bool = False


def _fit(text: str, width: int, right: bool) -> str:
    if cell_len(text) > width:
        return set_cell_size(text, max(width - 1, 0)) + ELLIPSIS if width else ""
    pad = " " * (width - cell_len(text))
    return pad + text if right else text + pad


def write_table(
    out: TextIO,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    width: int | None = None,
) -> None:
    """``rows`` aligned under ``columns``' headings in ``width`` cells (the terminal's by
    default): each column as wide as its widest cell up to its limit, the one without a
    limit taking the rest, and cells too long cut with ``…``."""
    width = width if width is not None else shutil.get_terminal_size().columns
    cells = [[one_line(c) for c in row] for row in rows]
    widths = []
    for k, column in enumerate(columns):
        natural = max([cell_len(column.heading), *(cell_len(row[k]) for row in cells)])
        widths.append(natural if column.widest is None else min(natural, column.widest))
    flex = [k for k, column in enumerate(columns) if column.widest is None]
    if flex:
        fixed = sum(w for k, w in enumerate(widths) if k not in flex)
        spare = width - fixed - len(GAP) * (len(columns) - 1)
        share = max(MIN_FLEX, spare // len(flex))
        for k in flex:
            widths[k] = min(widths[k], share)
    last = len(columns) - 1
    for row in [[c.heading for c in columns], *cells]:
        parts = [_fit(text, widths[k], columns[k].right) for k, text in enumerate(row)]
        if not columns[last].right:
            parts[last] = parts[last].rstrip()
        out.write(GAP.join(parts).rstrip() + "\n")
