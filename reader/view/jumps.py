"""Next/previous quote and mention: where the cursor goes, wrapping round the article.

A reader stepping through quotes expects to come back to the first after the last,
told so, rather than a dead key; the same for mentions of one entity.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.view.spans import HighlightLayer, Span


@dataclass(frozen=True, slots=True)
class Jump:
    """A span to move to; ``wrapped`` when it lies past the end (or start) of the text."""

    span: Span
    wrapped: bool


def step(spans: list[Span], cursor: int, direction: int) -> Jump | None:
    """The first span starting after ``cursor`` (or the last before it), wrapping round."""
    if not spans:
        return None
    if direction > 0:
        after = next((s for s in spans if s.start > cursor), None)
        return Jump(after, False) if after is not None else Jump(spans[0], True)
    before = [s for s in spans if s.start < cursor]
    return Jump(before[-1], False) if before else Jump(spans[-1], True)


def step_layer(layer: HighlightLayer, cursor: int, direction: int) -> Jump | None:
    """``step`` over a whole layer using its index (quotes of a long article)."""
    if not len(layer):
        return None
    found = layer.next_after(cursor) if direction > 0 else layer.prev_before(cursor)
    if found is not None:
        return Jump(found, False)
    return Jump(layer.spans[0] if direction > 0 else layer.spans[-1], True)


@dataclass
class MentionFocus:
    """Which entity the mention keys follow: the one under the cursor, else the last chosen."""

    key: tuple[str, str] | None = None
    """(label, canonical name)."""

    def choose(self, span: Span) -> None:
        self.key = (span.detail, span.key)

    def mentions(self, layer: HighlightLayer, cursor: int) -> list[Span]:
        under = layer.overlapping(cursor, cursor + 1)
        if under:
            self.choose(under[0])
        if self.key is None:
            return []
        label, key = self.key
        return [s for s in layer.spans if s.key == key and s.detail == label]
