"""Where ``reader corpus analyze`` writes: JSONL, or two Parquet tables, a part at a time.

Why writers that take one finished partition at a time: a corpus run never holds all
its results, so each partition's lines go to the file as soon as they arrive (rows,
once 20,000 make a row group) and are dropped. JSONL lines are exactly ``reader
analyze --format jsonl``'s. Parquet is two files beside each other,
``OUT.quotes.parquet`` and ``OUT.entities.parquet`` (one row per quote, one per
entity, with the document's ``source`` and ``title``), each a plain Parquet file any
tool reads on its own; their schemas are fixed here, so an empty or all-null column
still has its type. pyarrow is imported only when Parquet is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from reader.errors import ReaderError

__all__ = [
    "ENTITY_COLUMNS",
    "QUOTE_COLUMNS",
    "JsonlFile",
    "ParquetTables",
    "Rows",
    "Writer",
    "open_writer",
    "output_kind",
    "parquet_paths",
    "record_rows",
]

INSTALL_HINT = "pip install 'reader[corpus]'"
QUOTE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("source", "string"),
    ("title", "string"),
    ("start", "int64"),
    ("end", "int64"),
    ("text", "string"),
    ("speaker", "string"),
    ("speaker_start", "int64"),
    ("speaker_end", "int64"),
    ("speaker_confidence", "float64"),
)
"""Column name and Arrow type of the quotes table: the record's quote fields, with
the document they come from first."""
ENTITY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("source", "string"),
    ("title", "string"),
    ("start", "int64"),
    ("end", "int64"),
    ("text", "string"),
    ("label", "string"),
    ("canonical", "string"),
)
"""Column name and Arrow type of the entities table."""


@dataclass
class Rows:
    """Rows of one table, column by column (cheap to ship from a worker, and what
    pyarrow builds a batch from)."""

    columns: dict[str, list[Any]] = field(default_factory=dict)

    def extend(
        self, source: str, title: str, items: list[dict[str, Any]], names: list[str]
    ) -> None:
        for item in items:
            self.columns.setdefault("source", []).append(source)
            self.columns.setdefault("title", []).append(title)
            for name in names:
                self.columns.setdefault(name, []).append(item[name])

    def __len__(self) -> int:
        return len(self.columns.get("source", ()))


_QUOTE_FIELDS = [name for name, _ in QUOTE_COLUMNS[2:]]
_ENTITY_FIELDS = [name for name, _ in ENTITY_COLUMNS[2:]]


def record_rows(record: dict[str, Any], quotes: Rows, entities: Rows) -> None:
    """Add a document's quotes and entities (from its JSONL record, so both outputs say
    the same) to the two tables' rows."""
    source, title = record["source"], record["title"]
    quotes.extend(source, title, record["quotes"], _QUOTE_FIELDS)
    entities.extend(source, title, record["entities"], _ENTITY_FIELDS)


class Writer(Protocol):
    """An output open for a run: ``kind`` says what workers should send."""

    kind: str
    paths: tuple[Path, ...]

    def write(self, lines: list[str], quotes: Rows, entities: Rows) -> None: ...

    def close(self) -> None: ...


class JsonlFile:
    """One line per document, appended as partitions finish (order is completion order)."""

    kind = "jsonl"

    def __init__(self, path: Path) -> None:
        self.paths = (path,)
        try:
            self._handle = path.open("w", encoding="utf-8")
        except OSError as exc:
            raise ReaderError(f"{path}: cannot write ({exc.strerror or exc})") from None

    def write(self, lines: list[str], quotes: Rows, entities: Rows) -> None:
        self._handle.writelines(line + "\n" for line in lines)
        self._handle.flush()

    def close(self) -> None:
        self._handle.close()


def parquet_paths(out: Path) -> tuple[Path, Path]:
    """``OUT.parquet`` → ``OUT.quotes.parquet``, ``OUT.entities.parquet``."""
    stem = out.with_suffix("")
    return (
        stem.with_name(stem.name + ".quotes.parquet"),
        stem.with_name(stem.name + ".entities.parquet"),
    )


def _schema(columns: tuple[tuple[str, str], ...]) -> Any:
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64()}
    return pa.schema([pa.field(name, types[kind]) for name, kind in columns])


def quote_schema() -> Any:
    """The quotes table's ``pyarrow.Schema``."""
    return _schema(QUOTE_COLUMNS)


def entity_schema() -> Any:
    """The entities table's ``pyarrow.Schema``."""
    return _schema(ENTITY_COLUMNS)


ROW_GROUP_ROWS = 20_000
"""Rows gathered before they are written as one row group: a partition's few hundred
would make a file of tiny row groups, slow to scan, and each group's statistics stay
in the writer's memory until the file's footer is written."""


class _Table:
    """One Parquet file being written: its writer and the rows not yet written."""

    def __init__(self, path: Path, schema: Any) -> None:
        import pyarrow.parquet as pq

        self.schema = schema
        self.writer = pq.ParquetWriter(path, schema)
        self.pending: list[Any] = []
        self.rows = 0

    def add(self, rows: Rows) -> None:
        import pyarrow as pa

        if len(rows):
            self.pending.append(pa.Table.from_pydict(rows.columns, schema=self.schema))
            self.rows += len(rows)
        if self.rows >= ROW_GROUP_ROWS:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.pending:
            self.writer.write_table(pa.concat_tables(self.pending))
        self.pending, self.rows = [], 0

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.writer.close()


class ParquetTables:
    """The two tables, each a ``pyarrow.parquet.ParquetWriter`` with its explicit
    schema, written a row group at a time."""

    kind = "parquet"

    def __init__(self, out: Path) -> None:
        self.paths = parquet_paths(out)
        self._tables: list[_Table] = []
        try:
            for path, schema in zip(self.paths, (quote_schema(), entity_schema()), strict=True):
                self._tables.append(_Table(path, schema))
        except OSError as exc:
            self.close()
            raise ReaderError(f"{out}: cannot write ({exc})") from None

    def write(self, lines: list[str], quotes: Rows, entities: Rows) -> None:
        for table, rows in zip(self._tables, (quotes, entities), strict=True):
            table.add(rows)

    def close(self) -> None:
        tables, self._tables = self._tables, []
        for table in tables:
            table.close()


def output_kind(out: Path) -> str:
    """Either "jsonl" or "parquet", from the extension; ``ReaderError`` for any other, or for
    Parquet without pyarrow (checked before a run starts, not after it)."""
    suffix = out.suffix.lower()
    if suffix == ".jsonl":
        return "jsonl"
    if suffix == ".parquet":
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise ReaderError(f"Parquet output needs pyarrow: {INSTALL_HINT}") from None
        return "parquet"
    raise ReaderError(f"{out}: --out must end in .jsonl or .parquet")


def open_writer(out: Path) -> Writer:
    """The writer the output's extension asks for."""
    return JsonlFile(out) if output_kind(out) == "jsonl" else ParquetTables(out)


def dumps(record: dict[str, Any]) -> str:
    """A record as ``reader analyze --format jsonl`` prints it (without the newline)."""
    return json.dumps(record, ensure_ascii=False)
