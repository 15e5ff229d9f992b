"""Rule-based named entity recognition with canonical grouping."""

from __future__ import annotations

from collections.abc import Sequence

from reader.analysis.model import Entity


def find_entities(text: str, boilerplate: Sequence[tuple[int, int]] = ()) -> list[Entity]:
    """Entity mentions outside boilerplate, sorted by start. Stub: finds none yet."""
    return []
