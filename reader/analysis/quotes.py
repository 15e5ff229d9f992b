"""Find quotation spans: opening mark to closing mark, multi-paragraph aware."""

from __future__ import annotations

from collections.abc import Sequence


def find_quotes(text: str, boilerplate: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Quote spans (start, end exclusive), sorted. Stub: finds none yet."""
    return []
