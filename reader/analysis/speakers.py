"""Attribute each quotation to its speaker, or to nobody when there is no evidence."""

from __future__ import annotations

from collections.abc import Sequence

from reader.analysis.model import Entity, Quote


def attribute_speakers(
    text: str, spans: Sequence[tuple[int, int]], entities: Sequence[Entity] = ()
) -> list[Quote]:
    """One ``Quote`` per span, in order. Stub: no speakers yet."""
    return [Quote(start=s, end=e, text=text[s:e]) for s, e in spans]
