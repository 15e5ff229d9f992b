"""Turn an ``Analysis`` into the typed spans the view lists and highlights."""

from __future__ import annotations

from reader.analysis.model import Analysis
from reader.view.spans import Span

LABEL_WORDS = 8
UNCERTAIN_BELOW = 0.6
"""A speaker whose confidence is below this is shown as a guess ("? Jim Murphy"): on
held-out text fewer than about two in three of those are right, against nine in ten
or more above 0.9."""
UNCERTAIN_MARK = "? "


def speaker_label(speaker: str | None, confidence: float | None) -> str:
    """The speaker as the Quotes list shows it, marked when it is a guess."""
    if not speaker:
        return ""
    if confidence is not None and confidence < UNCERTAIN_BELOW:
        return UNCERTAIN_MARK + speaker
    return speaker


def first_words(text: str, words: int = LABEL_WORDS) -> str:
    """A quote's opening words on one line, for a list entry."""
    parts = text.split()
    head = " ".join(parts[:words])
    return head + (" …" if len(parts) > words else "")


def quote_spans(analysis: Analysis) -> list[Span]:
    return [
        Span(
            q.start,
            q.end,
            "quote",
            key=str(i),
            label=first_words(q.text),
            detail=speaker_label(q.speaker, q.speaker_confidence),
        )
        for i, q in enumerate(analysis.quotes)
    ]


def speaker_spans(analysis: Analysis) -> list[Span]:
    return [
        Span(q.speaker_start, q.speaker_end, "speaker", key=q.speaker or "")
        for q in analysis.quotes
        if q.speaker_start is not None and q.speaker_end is not None
    ]


def entity_spans(analysis: Analysis) -> list[Span]:
    return [
        Span(e.start, e.end, "entity", key=e.canonical, label=e.text, detail=e.label)
        for e in analysis.entities
    ]


def boilerplate_spans(analysis: Analysis) -> list[Span]:
    return [Span(s, e, "boilerplate") for s, e in analysis.boilerplate]


def analysis_layers(analysis: Analysis) -> dict[str, list[Span]]:
    """Highlight layers by kind, ready for the article view."""
    return {
        "quote": quote_spans(analysis),
        "speaker": speaker_spans(analysis),
        "entity": entity_spans(analysis),
        "boilerplate": boilerplate_spans(analysis),
    }
