"""Typed, offset-based spans and a fast index to find those touching a screen row.

Everything drawn over the article text — analysis quotes and entities, the user's
annotations, search matches, boilerplate — is a ``Span``: one mechanism for all.
The view asks ``HighlightLayer.overlapping(start, end)`` once per visible row, so
the lookup is a bisect plus a scan bounded by a running maximum of span ends.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate


@dataclass(frozen=True, slots=True)
class Span:
    """A range of the article text with what it is and what to call it."""

    start: int
    end: int
    kind: str
    """quote, entity, annotation, search, boilerplate, …: picks the highlight style."""
    key: str = ""
    """Identity within the kind: an entity's canonical name, an annotation id."""
    label: str = ""
    """How the side pane lists it."""
    detail: str = ""
    """Secondary text: an entity type, a speaker."""


class HighlightLayer:
    """Spans of one kind, sorted, queryable by range."""

    __slots__ = ("_max_end", "_starts", "spans")

    def __init__(self, spans: Iterable[Span]) -> None:
        self.spans: list[Span] = sorted(
            (s for s in spans if s.end > s.start), key=lambda s: (s.start, s.end)
        )
        self._starts = [s.start for s in self.spans]
        self._max_end = list(accumulate((s.end for s in self.spans), max))

    def __len__(self) -> int:
        return len(self.spans)

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Spans that overlap ``[start, end)`` (or touch ``start`` when empty)."""
        hi = bisect_left(self._starts, max(end, start + 1))
        found: list[Span] = []
        i = hi - 1
        while i >= 0 and self._max_end[i] > start:
            span = self.spans[i]
            if span.end > start:
                found.append(span)
            i -= 1
        found.reverse()
        return found

    def next_after(self, offset: int) -> Span | None:
        """First span starting after ``offset`` (for next-match navigation)."""
        i = bisect_left(self._starts, offset + 1)
        return self.spans[i] if i < len(self.spans) else None

    def prev_before(self, offset: int) -> Span | None:
        """Last span starting before ``offset``."""
        i = bisect_left(self._starts, offset) - 1
        return self.spans[i] if i >= 0 else None
