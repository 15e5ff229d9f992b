"""Wire the stages together: boilerplate → entities → quotes → speakers.

Boilerplate is found first so that nothing else reports spans inside it; entities
come before speakers so a speaker mention can take its entity's canonical name.
"""

from __future__ import annotations

from reader.analysis.boilerplate import find_boilerplate
from reader.analysis.model import Analysis
from reader.analysis.quotes import find_quotes
from reader.analysis.speakers import attribute_speakers
from reader.errors import ReaderError


def run(text: str, backend: str = "rules", explain: bool = False, processes: int = 1) -> Analysis:
    """Analyse ``text`` with the named entity backend (quotes and speakers are the same
    whichever backend finds the names)."""
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
