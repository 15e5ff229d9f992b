"""The bytes on disk: the snapshot document and the journal's self-checking lines.

* The *snapshot* ``<db>`` is a plain TinyDB JSON document, ``{table: {doc_id: doc}}``,
  so TinyDB's own tools (and a text editor) can still read it.
* The *journal* ``<db>-journal`` holds the changes made since the snapshot, one line per
  commit: ``<crc32 hex> <json>\\n`` whose JSON is ``{"ops": [["put", table, id, doc] |
  ["del", table, id], ...]}``. A last line that fails its CRC or lacks its newline is a
  write cut short by a crash: it is left out. A bad line *before* the end is damage, not
  a crash, and is refused rather than silently skipped.

Pure functions over bytes, apart from the file handling in ``reader.store.journal``, so
the format can be tested (and fuzzed) without touching a disk.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from reader.store.errors import StoreError

__all__ = [
    "Data",
    "Doc",
    "Op",
    "apply_ops",
    "decode_line",
    "encode_line",
    "encode_snapshot",
    "parse_journal",
    "parse_snapshot",
    "valid_op",
]

Doc = dict[str, Any]
Data = dict[str, dict[str, Doc]]
Op = list[Any]
"""``["put", table, doc_id, doc]`` or ``["del", table, doc_id]``."""


def encode_line(ops: list[Op]) -> bytes:
    """One self-checking journal line holding one commit."""
    body = json.dumps({"ops": ops}, ensure_ascii=False, separators=(",", ":"))
    raw = body.encode("utf-8", "surrogatepass")
    return b"%08x " % zlib.crc32(raw) + raw + b"\n"


def valid_op(op: Any) -> bool:
    """Whether ``op`` is a well-formed put or del (a journal line is all of them or none)."""
    if not isinstance(op, list) or len(op) < 3:
        return False
    if not (isinstance(op[1], str) and isinstance(op[2], str)):
        return False
    if op[0] == "put":
        return len(op) == 4 and isinstance(op[3], dict)
    return op[0] == "del" and len(op) == 3


def decode_line(line: bytes) -> list[Op] | None:
    """The ops of one journal line (without its newline), or None when it does not check."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    try:
        crc = int(line[:8], 16)
    except ValueError:
        return None
    body = line[9:]
    if zlib.crc32(body) != crc:
        return None
    try:
        obj = json.loads(body.decode("utf-8", "surrogatepass"))
    except ValueError:
        return None
    ops = obj.get("ops") if isinstance(obj, dict) else None
    if not isinstance(ops, list) or not all(valid_op(op) for op in ops):
        return None
    return ops


def parse_journal(data: bytes, name: str) -> tuple[list[Op], int]:
    """All ops of the valid lines and the byte length of that valid prefix.

    A bad last line is a torn write and is left out; a bad line followed by more lines
    is damage and raises ``StoreError``.
    """
    ops: list[Op] = []
    pos = 0
    size = len(data)
    while pos < size:
        newline = data.find(b"\n", pos)
        if newline == -1:
            break  # torn tail: the crash came before the newline
        decoded = decode_line(data[pos:newline])
        if decoded is None:
            if any(decode_line(line) is not None for line in data[newline + 1 :].split(b"\n")):
                lineno = data.count(b"\n", 0, pos) + 1
                raise StoreError(
                    f"{name}: damaged at line {lineno} with saved changes after it; "
                    "left untouched (move it aside to open the database without it)"
                )
            break  # a torn last write (possibly followed by garbage from a power cut)
        ops.extend(decoded)
        pos = newline + 1
    return ops, pos


def parse_snapshot(raw: bytes, name: str) -> Data:
    """The snapshot's tables, or ``StoreError`` when it is not a TinyDB JSON document."""
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw.decode("utf-8", "surrogatepass"))
    except UnicodeDecodeError:
        raise StoreError(
            f"{name}: not a reader database (not UTF-8 text); left untouched"
        ) from None
    except json.JSONDecodeError as exc:
        raise StoreError(
            f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "left untouched"
        ) from None
    if not isinstance(data, dict):
        raise StoreError(
            f"{name}: not a reader database (JSON {type(data).__name__}, not an object); "
            "left untouched"
        )
    for table, docs in data.items():
        if not isinstance(docs, dict) or not all(isinstance(d, dict) for d in docs.values()):
            raise StoreError(
                f"{name}: not a reader database (table {table!r} is not a set of records); "
                "left untouched"
            )
    return data


def apply_ops(data: Data, ops: list[Op]) -> None:
    """Replay ops in order; idempotent for a prefix already applied."""
    for op in ops:
        if op[0] == "put":
            data.setdefault(op[1], {})[op[2]] = op[3]
        else:
            table = data.get(op[1])
            if table is not None:
                table.pop(op[2], None)


def encode_snapshot(data: Data) -> bytes:
    """The whole database as one compact TinyDB JSON document."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8", "surrogatepass"
    )
