"""Named entities: names from the trained tagger, dates and amounts from rules.

Why split so: names need the context a trained model weighs ("Jordan" the player or
the country), while "3 March 1996" and "$4.5 million" have a written form that rules
read exactly. Both become plain (start, end, label) mentions, outside boilerplate and
never overlapping, and go through the same canonical grouping as the spaCy backend.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from reader.analysis.entity_dates import find_time_and_amounts
from reader.analysis.grouping import group
from reader.analysis.model import Entity
from reader.analysis.ner.recognise import find_names


class Blocked:
    """Sorted spans merged where they touch, with a fast "does this overlap" test."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def hits(self, start: int, end: int) -> bool:
        index = bisect_right(self.starts, start) - 1
        if index >= 0 and self.ends[index] > start:
            return True
        return index + 1 < len(self.starts) and self.starts[index + 1] < end


def find_entities(
    text: str, boilerplate: Sequence[tuple[int, int]] = (), processes: int = 1
) -> list[Entity]:
    """Entity mentions outside boilerplate, sorted by start, each with a canonical name
    (``processes``: see ``reader.analysis.analyze``)."""
    if not text:
        return []
    blocked = Blocked(boilerplate)
    names = [
        (n.start, n.end, n.label)
        for n in find_names(text, processes)
        if not blocked.hits(n.start, n.end)
    ]
    taken = Blocked([(s, e) for s, e, _ in names])
    amounts = [
        (s, e, label)
        for s, e, label in find_time_and_amounts(text)
        if not blocked.hits(s, e) and not taken.hits(s, e)
    ]
    kept: list[tuple[int, int, str]] = []
    last_end = -1
    for start, end, label in sorted(names + amounts):
        if start >= last_end and end > start:
            kept.append((start, end, label))
            last_end = end
    return group(text, kept)
