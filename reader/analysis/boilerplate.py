"""Recognise boilerplate lines ("READ MORE: …") that carry no article content."""

from __future__ import annotations


def find_boilerplate(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of boilerplate lines, sorted. Stub: finds none yet."""
    return []
