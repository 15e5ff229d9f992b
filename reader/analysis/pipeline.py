"""Wire the stages together: boilerplate → entities → quotes → speakers.

Boilerplate is found first so that nothing else reports spans inside it; entities
come before speakers so a speaker mention can take its entity's canonical name.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from reader.analysis.boilerplate import find_boilerplate
from reader.analysis.model import Analysis
from reader.analysis.quotes import find_quotes
from reader.analysis.speakers import attribute_speakers
from reader.errors import ReaderError


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """The analysis makes millions of small objects and frees them by reference
    counting; the cycle collector's passes over them took a fifth of a 5 MB article's
    time and found next to nothing. It is paused for the run and resumed after, even
    on an error (unless the caller had paused it already: then it is left paused)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run(text: str, backend: str = "rules", explain: bool = False, processes: int = 1) -> Analysis:
    """Analyse ``text`` with the named entity backend (quotes and speakers are the same
    whichever backend finds the names)."""
    with _cycle_collection_paused():
        return _run(text, backend, explain, processes)


def _run(text: str, backend: str, explain: bool, processes: int) -> Analysis:
    boilerplate = find_boilerplate(text)
    if backend == "rules":
        from reader.analysis.entities import find_entities

        entities = find_entities(text, boilerplate, processes=processes)
    elif backend == "spacy":
        from reader.analysis.spacy_backend import find_entities_spacy

        entities = find_entities_spacy(text, boilerplate)
    else:
        raise ReaderError(f"unknown analysis backend {backend!r} (choose rules or spacy)")
    spans = find_quotes(text, boilerplate)
    quotes = attribute_speakers(text, spans, entities, explain=explain, processes=processes)
    return Analysis(
        quotes=tuple(quotes),
        entities=tuple(entities),
        boilerplate=tuple(boilerplate),
        backend=backend,
    )
