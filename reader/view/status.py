"""The status line's text: position, selection, search, saving, analysis, notices.

One function from plain facts to one line, so what the user reads at the bottom
of the screen is tested without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass

SEPARATOR = "  ·  "


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``1 note``, ``2 notes``: counts read as English."""
    return f"{count} {noun if count == 1 else (plural_form or noun + 's')}"


@dataclass(frozen=True, slots=True)
class StatusFacts:
    """Everything the status line reports, gathered by the screen."""

    cursor: int
    length: int
    selection: tuple[int, int] | None = None
    search: str | None = None
    notes_loaded: bool = True
    saving: int = 0
    unsaved: int = 0
    reconnecting: bool = False
    """The database server went away: unsaved notes wait for the connection to return."""
    quotes: int | None = None
    """None while analysis runs."""
    mentions: int = 0
    analysis_failed: bool = False
    notice: str | None = None
    """A lasting fact about the text, e.g. how it was decoded."""


def status_text(facts: StatusFacts) -> str:
    parts = [f"{100 * facts.cursor // max(1, facts.length)}%"]
    if facts.selection:
        start, end = facts.selection
        parts.append(f"selected {plural(end - start, 'char')}")
    if facts.search:
        parts.append(facts.search)
    if not facts.notes_loaded:
        parts.append("loading notes…")
    if facts.unsaved:
        then = " — reconnecting" if facts.reconnecting else ""
        parts.append(f"{plural(facts.unsaved, 'note')} NOT SAVED{then}")
    elif facts.saving:
        parts.append("saving…")
    if facts.analysis_failed:
        parts.append("analysis failed")
    elif facts.quotes is None:
        parts.append("analysing…")
    else:
        parts.append(f"{plural(facts.quotes, 'quote')} · {plural(facts.mentions, 'mention')}")
    if facts.notice:
        parts.append(facts.notice)
    return SEPARATOR.join(parts)
