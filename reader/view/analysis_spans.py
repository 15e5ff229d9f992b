"""Turn an ``Analysis`` into the typed spans the view lists and highlights."""

from __future__ import annotations

from reader.analysis.model import Analysis
from reader.view.spans import Span
from reader.view.speaker_view import is_guess, speaker_label

LABEL_WORDS = 8


LABEL_WORDS = 8


def first_words(text: str, words: int = LABEL_WORDS) -> str:
    """A quote's opening words on one line, for a list entry."""
    parts = text.split()
    head = " ".join(parts[:words])
    return head + (" …" if len(parts) > words else "")


def quote_spans(analysis: Analysis, corrected: dict[int, str] | None = None) -> list[Span]:
    """Quotes for the list and the text; ``corrected``: quote index → the user's speaker."""
    corrected = corrected or {}
    return [
        Span(
            q.start,
            q.end,
            "quote",
            key=str(i),
            label=first_words(q.text),
            detail=speaker_label(q, corrected.get(i)),
        )
        for i, q in enumerate(analysis.quotes)
    ]


def speaker_spans(
    analysis: Analysis, corrected: dict[int, str] | None = None, *, guesses: bool = False
) -> list[Span]:
    """Where the text names each quote's speaker; ``guesses``: only the uncertain ones
    (shown dim), else only the others. A corrected quote's mention is no guess."""
    corrected = corrected or {}
    return [
        Span(q.speaker_start, q.speaker_end, "guess" if guesses else "speaker", key=q.speaker or "")
        for i, q in enumerate(analysis.quotes)
        if q.speaker_start is not None
        and q.speaker_end is not None
        and (is_guess(q) and i not in corrected) == guesses
    ]


def entity_spans(analysis: Analysis) -> list[Span]:
    return [
        Span(e.start, e.end, "entity", key=e.canonical, label=e.text, detail=e.label)
        for e in analysis.entities
    ]


def boilerplate_spans(analysis: Analysis) -> list[Span]:
    return [Span(s, e, "boilerplate") for s, e in analysis.boilerplate]


def analysis_layers(
    analysis: Analysis, corrected: dict[int, str] | None = None
) -> dict[str, list[Span]]:
    """Highlight layers by kind, ready for the article view."""
    return {
        "quote": quote_spans(analysis, corrected),
        "speaker": speaker_spans(analysis, corrected),
        "guess": speaker_spans(analysis, corrected, guesses=True),
        "entity": entity_spans(analysis),
        "boilerplate": boilerplate_spans(analysis),
    }
