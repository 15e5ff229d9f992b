"""Annotations as CSV for spreadsheets: RFC 4180, UTF-8, one row per annotation.

Columns: ``title, source, start, end, exact, tags, note, created, modified, speaker,
corrected_speaker, author, article_author, published, site, url`` (``author`` made the
note, and is empty for notes made before authors were recorded; ``article_author``,
``published``, ``site`` and ``url`` are what the article's page or book says about it,
empty when unknown).
Rows end in CRLF and fields are quoted when they hold a comma, a quote or a line
break (line breaks inside a note are kept as they are). No byte-order mark: it
would become part of the first header for every tool except Excel.

Tags are joined with ``;``; a ``;`` or ``\\`` inside a tag is backslash-escaped
so :func:`split_tags` gets the tags back exactly.

Formula injection: a cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR is
run as a formula by Excel and LibreOffice, and notes and article text are
untrusted (an article can contain ``=HYPERLINK(…)``). Such a cell is written
with a leading ``'``, which spreadsheets treat as "text, not formula" and do not
display. To keep this reversible, a cell that already starts with ``'`` gets one
too; :func:`unescape_cell` strips exactly one leading ``'`` and returns the
original value. This is the OWASP advice, made lossless.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from reader.notes.annotations import Annotation
from reader.store.records import ArticleRecord

COLUMNS = (
    "title",
    "source",
    "start",
    "end",
    "exact",
    "tags",
    "note",
    "created",
    "modified",
    "speaker",
    "corrected_speaker",
    "author",
    "article_author",
    "published",
    "site",
    "url",
)
"""Appended columns come last, so scripts that read the first ones by place still work."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def escape_cell(value: str) -> str:
    """Make ``value`` inert in a spreadsheet, reversibly (see module docstring)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def unescape_cell(value: str) -> str:
    """The original value of a cell written by :func:`escape_cell`."""
    return value[1:] if value.startswith("'") else value


def join_tags(tags: Sequence[str]) -> str:
    """Tags as one ``;``-separated cell that :func:`split_tags` reverses."""
    return ";".join(t.replace("\\", "\\\\").replace(";", "\\;") for t in tags)


def split_tags(cell: str) -> tuple[str, ...]:
    """The tags of a cell made by :func:`join_tags`."""
    if not cell:
        return ()
    tags: list[str] = []
    current: list[str] = []
    chars = iter(cell)
    for ch in chars:
        if ch == "\\":
            current.append(next(chars, ""))
        elif ch == ";":
            tags.append("".join(current))
            current = []
        else:
            current.append(ch)
    tags.append("".join(current))
    return tuple(tags)


def annotation_row(ann: Annotation, record: ArticleRecord | None = None) -> list[str]:
    """The row's cells, already escaped, in :data:`COLUMNS` order; ``record`` is what
    the store knows about the note's article (its metadata)."""
    cells = [
        ann.title,
        ann.source,
        str(ann.start),
        str(ann.end),
        ann.exact,
        join_tags(ann.tags),
        ann.note,
        ann.created,
        ann.modified,
        ann.speaker or "",
        ann.corrected_speaker,
        ann.author,
    ]
    meta = record or ArticleRecord(fingerprint=ann.fingerprint, path=ann.source)
    cells += [meta.author or "", meta.published or "", meta.site or "", meta.url or ""]
    return [escape_cell(c) for c in cells]


def to_csv(anns: Sequence[Annotation], articles: Mapping[str, ArticleRecord] | None = None) -> str:
    """The CSV document: a header row, then one row per annotation in order;
    ``articles`` (by fingerprint) give the article metadata columns."""
    articles = articles or {}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    writer.writerows(annotation_row(a, articles.get(a.fingerprint)) for a in anns)
    return buffer.getvalue()


def read_rows(text: str) -> list[dict[str, str]]:
    """Parse a document made by :func:`to_csv` back into unescaped cells.

    Tags stay one cell; use :func:`split_tags` on it.
    """
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return [{k: unescape_cell(v) for k, v in row.items()} for row in reader]
