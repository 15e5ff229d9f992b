"""What a tag or note applies to, from where the user is: pure rules, tested without a screen.

The order mirrors how people point at things: the item highlighted in the side pane
when it has focus; else the selection; else the note just made (so tag-then-note
edits one note) or the note under the cursor; else the quote or name under it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reader.notes.annotations import Annotation
from reader.notes.session import NOTE_KIND, ORPHAN_KIND, AnnotationSession
from reader.view.spans import HighlightLayer, Span

SUBJECT_CHARS = 120


@dataclass(frozen=True, slots=True)
class NewSpan:
    """Text to annotate that has no annotation yet; ``speaker`` when it is a found quote."""

    start: int
    end: int
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """Either an existing annotation or a span to create one on."""

    annotation: Annotation | None = None
    span: NewSpan | None = None

    def subject(self, text: str) -> str:
        """The text the dialog names, on one line, cut to a readable length."""
        if self.annotation is not None:
            raw = self.annotation.exact
        elif self.span is not None:
            raw = text[self.span.start : self.span.end]
        else:
            raw = ""
        flat = " ".join(raw.split())
        return flat if len(flat) <= SUBJECT_CHARS else flat[: SUBJECT_CHARS - 1] + "…"


def _from_span(span: Span) -> NewSpan:
    return NewSpan(span.start, span.end, span.detail if span.kind == "quote" else None)


def find_target(
    session: AnnotationSession,
    *,
    cursor: int,
    selection: tuple[int, int] | None,
    layers: Mapping[str, HighlightLayer],
    pane_span: Span | None = None,
    sticky_cursor: int | None = None,
) -> Target | None:
    """The annotation or span a tag/note/delete applies to, or None if there is nothing.

    ``pane_span`` is the side pane's highlighted item when the pane has focus;
    ``sticky_cursor`` is where the cursor was when the current annotation last changed.
    """
    if pane_span is not None:
        if pane_span.kind in (NOTE_KIND, ORPHAN_KIND):
            found = session.annotations.get(pane_span.key)
            return Target(annotation=found) if found is not None else None
        return Target(span=_from_span(pane_span))
    if selection:
        start, end = selection
        for annotation in session.annotations.values():
            if (annotation.start, annotation.end) == (start, end) and not annotation.orphaned:
                return Target(annotation=annotation)
        return Target(span=NewSpan(start, end))
    current = session.current
    near = current is not None and (
        cursor == sticky_cursor or current.start <= cursor <= current.end
    )
    if current is not None and not current.orphaned and near:
        return Target(annotation=current)
    if (annotation := session.at(cursor)) is not None:
        return Target(annotation=annotation)
    for kind in ("quote", "entity"):
        layer = layers.get(kind)
        found_spans = layer.overlapping(cursor, cursor + 1) if layer is not None else []
        if found_spans:
            return Target(span=_from_span(found_spans[-1]))
    return None
