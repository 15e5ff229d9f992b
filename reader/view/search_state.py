"""The search as the user drives it: open, type, confirm or cancel, step through matches.

Kept out of the widgets so the rules (matches found from where the search started,
cancel restores the cursor and the previous search, stepping wraps) are plain
Python, tested without a terminal. The screen only shows what this returns.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from reader.view.search import find_matches
from reader.view.spans import Span


@dataclass(frozen=True, slots=True)
class Step:
    """Where a search step lands, and whether it went round the end of the article."""

    match: Span
    index: int
    wrapped: bool


@dataclass
class SearchState:
    """Matches of the current query, the current one, and what cancel goes back to."""

    matches: list[Span] = field(default_factory=list)
    index: int | None = None
    query: str = ""
    origin: int | None = None
    """The cursor when the search bar opened; None while it is closed."""
    previous_query: str = ""

    @property
    def is_open(self) -> bool:
        return self.origin is not None

    @property
    def current(self) -> Span | None:
        return self.matches[self.index] if self.index is not None and self.matches else None

    def open(self, cursor: int) -> None:
        """The bar opens: remember where to come back to and what was searched before."""
        self.origin = cursor
        self.previous_query = self.query

    def set_query(self, text: str, query: str, cursor: int) -> Span | None:
        """Find ``query``; the first match at or after the origin becomes current."""
        self.query = query
        self.matches = find_matches(text, query)
        self.index = None
        if not self.matches:
            return None
        origin = self.origin if self.origin is not None else cursor
        starts = [m.start for m in self.matches]
        self.index = bisect_left(starts, origin) % len(starts)
        return self.matches[self.index]

    def confirm(self) -> Span | None:
        """The bar closes keeping the query: the match to move the cursor to."""
        self.origin = None
        return self.current

    def cancel(self, text: str) -> tuple[int | None, str]:
        """The bar closes without searching: the cursor to go back to, and the query restored."""
        origin, previous = self.origin, self.previous_query
        self.origin = None
        self.set_query(text, previous, origin or 0)
        return origin, previous

    def step(self, cursor: int, direction: int) -> Step | None:
        """The next (``direction`` > 0) or previous match from ``cursor``, wrapping round."""
        if not self.matches:
            return None
        starts = [m.start for m in self.matches]
        if direction > 0:
            raw = bisect_right(starts, cursor)
            wrapped = raw >= len(starts)
        else:
            raw = bisect_left(starts, cursor) - 1
            wrapped = raw < 0
        self.index = raw % len(starts)
        return Step(self.matches[self.index], self.index, wrapped)

    def status(self) -> str | None:
        """ "match 3/12", "no matches for …", or nothing when there is no search."""
        if self.matches:
            return f"match {(self.index or 0) + 1}/{len(self.matches)}"
        if self.query:
            return f"no matches for “{self.query}”"
        return None
