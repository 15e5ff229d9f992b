"""Reading one keymap file: its text, its TOML, and where in it a problem is.

Problems are collected, not raised, so that a broken keymap is reported completely,
every problem on its own line with file and line: fixing one error per run is the
complaint users have about other tools.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

_TABLE_RE = re.compile(r"""^\s*\[\s*["']?([^\]"']+?)["']?\s*\]""")
_TOML_LINE_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)")


class Problems:
    """Collects problems so that all of them are reported at once, in file and line order."""

    def __init__(self) -> None:
        self._items: list[tuple[int, int, str, int | None, str]] = []
        self._files: dict[str, int] = {}

    def add(self, label: str, line: int | None, text: str) -> None:
        order = self._files.setdefault(label, len(self._files))
        self._items.append((order, line or 0, label, line, text))

    def __bool__(self) -> bool:
        return bool(self._items)

    def lines(self) -> list[str]:
        return [
            f"{label}:{line}: {text}" if line else f"{label}: {text}"
            for _, _, label, line, text in sorted(self._items, key=lambda item: item[:2])
        ]


class Source:
    """One keymap file being read: its label for messages and its text for line numbers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.label = str(path)
        self.text = ""

    def line_of(self, context: str, action: str | None = None) -> int | None:
        """Best-effort line of ``[context]``, or of ``action`` inside it, by scanning the text."""
        current: str | None = None
        header_line: int | None = None
        ctx, act = re.escape(context), re.escape(action or "")
        in_table = re.compile(rf"""^\s*["']?{act}["']?\s*=""")
        dotted = re.compile(rf"""^\s*["']?{ctx}["']?\s*\.\s*["']?{act}["']?\s*=""")
        for number, line in enumerate(self.text.splitlines(), start=1):
            table = _TABLE_RE.match(line)
            if table:
                current = table.group(1).strip()
                if current == context and header_line is None:
                    header_line = number
                    if action is None:
                        return number
            elif action is not None:
                if current == context and in_table.match(line):
                    return number
                if current is None and dotted.match(line):
                    return number
        return header_line

    def top_level_line(self, name: str) -> int | None:
        """Line of ``name = …`` before the first table header."""
        pattern = re.compile(rf"""^\s*["']?{re.escape(name)}["']?\s*=""")
        for number, line in enumerate(self.text.splitlines(), start=1):
            if _TABLE_RE.match(line):
                return None
            if pattern.match(line):
                return number
        return None


def toml_type(value: object) -> str:
    """A TOML user's word for a value's type."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    return "a date or time"


def read_toml(source: Source, problems: Problems) -> dict | None:
    """The parsed file (its text kept for line numbers), or None after saying why not."""
    try:
        source.text = source.path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(source.label, None, "keymap file not found")
        return None
    except UnicodeDecodeError:
        problems.add(source.label, None, "not UTF-8 text")
        return None
    except OSError as exc:
        problems.add(source.label, None, f"cannot read the keymap ({exc.strerror or exc})")
        return None
    try:
        return tomllib.loads(source.text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_LINE_RE.search(message)
        if found is None:
            problems.add(source.label, None, f"TOML syntax error: {message}")
        else:
            detail = _TOML_LINE_RE.sub("", message)
            text = f"TOML syntax error: {detail} (column {found.group(2)})"
            problems.add(source.label, int(found.group(1)), text)
        return None
