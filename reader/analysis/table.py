"""``reader analyze --format table``: analyze records as tables a person can scan.

Records are the JSON-ready dicts of the analyze contract, so the table shows
exactly what ``--format json`` would. Every string taken from an article goes into
a ``rich.text.Text``, never a markup string, so "[bold]" in an article stays text.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

_MAX_QUOTE = 240
"""Long quotes are shortened in the table; the JSON formats keep them whole."""


def _clip(text: str, limit: int = _MAX_QUOTE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quotes_table(record: dict[str, Any]) -> Table:
    """Who said what, in reading order."""
    table = Table(box=box.SIMPLE_HEAD, expand=False, title=Text("Quotes", style="bold"))
    table.add_column("#", justify="right", style="dim")
    table.add_column("Speaker", style="cyan", no_wrap=True)
    table.add_column("Quote")
    for number, quote in enumerate(record.get("quotes", []), start=1):
        speaker = quote.get("speaker")
        table.add_row(
            Text(str(number)),
            Text(speaker) if speaker else Text("unknown", style="dim italic"),
            Text(_clip(str(quote.get("text", "")))),
        )
    return table


def entities_table(record: dict[str, Any]) -> Table:
    """One row per entity: its canonical name, label, mention count and surface forms."""
    counts: Counter[tuple[str, str]] = Counter()
    forms: dict[tuple[str, str], Counter[str]] = {}
    first_seen: dict[tuple[str, str], int] = {}
    for entity in record.get("entities", []):
        key = (str(entity.get("canonical") or entity.get("text", "")), str(entity.get("label")))
        counts[key] += 1
        forms.setdefault(key, Counter())[str(entity.get("text", ""))] += 1
        first_seen.setdefault(key, int(entity.get("start", 0)))
    table = Table(box=box.SIMPLE_HEAD, expand=False, title=Text("Entities", style="bold"))
    table.add_column("Entity", style="green")
    table.add_column("Label", style="magenta", no_wrap=True)
    table.add_column("Count", justify="right")
    table.add_column("Mentions", style="dim")
    ordered = sorted(counts, key=lambda k: (-counts[k], first_seen[k]))
    for key in ordered:
        canonical, label = key
        mentions = ", ".join(form for form, _ in forms[key].most_common())
        table.add_row(Text(canonical), Text(label), Text(str(counts[key])), Text(mentions))
    return table


def print_tables(records: list[dict[str, Any]], console: Console | None = None) -> None:
    """Print each record's quotes and entities (``console`` defaults to stdout)."""
    console = console or Console(highlight=False)
    for index, record in enumerate(records):
        if index:
            console.print()
        heading = Text(str(record.get("source", "")), style="bold underline")
        title = record.get("title")
        if title:
            heading.append("  ")
            heading.append(str(title), style="bold")
        console.print(heading)
        summary = ", ".join(
            _count(len(record.get(key, [])), noun)
            for key, noun in (
                ("quotes", "quote"),
                ("entities", "entity mention"),
                ("boilerplate", "boilerplate line"),
            )
        )
        console.print(Text(summary, style="dim"))
        if record.get("quotes"):
            console.print(quotes_table(record))
        if record.get("entities"):
            console.print(entities_table(record))


def _count(n: int, noun: str) -> str:
    """``1 quote``, ``2 quotes``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
