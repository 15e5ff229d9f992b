"""Turn article text into quotes (with speakers), entities and boilerplate spans.

The default backend (still called ``rules``, as scripts pass it) is pure Python and
deterministic: a trained name tagger shipped in the package plus rules for dates,
amounts, quotes and speakers. ``spacy`` is optional and only replaces name
recognition. Nothing here imports Textual.
"""

from __future__ import annotations

from reader.analysis.model import Analysis, Entity, Quote

BACKENDS = ("rules", "spacy")

__all__ = ["BACKENDS", "Analysis", "Entity", "Quote", "analyze"]


def analyze(
    text: str, backend: str = "rules", explain: bool = False, processes: int = 1
) -> Analysis:
    """Analyse ``text``; raises ``ReaderError`` for an unknown or unavailable backend.

    ``explain`` keeps each quote's ``speaker_evidence`` (left out otherwise: it is the
    costliest part of the result to build and to ship between processes).
    ``processes`` > 1 lets a book's name tagging and speaker ranking fork that many
    workers; the result is the same, so only a single-threaded process of its own
    should ask for it."""
    from reader.analysis.pipeline import run

    return run(text, backend=backend, explain=explain, processes=processes)
