"""Optional entity recognition with a spaCy pipeline the user installs.

spaCy and its models are large, so they are never required: this module imports
spaCy only when the ``spacy`` backend is chosen and turns a missing package or
model into a ``ReaderError`` that says what to install. Its mentions go through
the same canonical grouping as the rule-based backend.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

from reader.analysis.document import document
from reader.analysis.grouping import group
from reader.analysis.model import Entity
from reader.errors import ReaderError

DEFAULT_MODEL = "en_core_web_sm"
MODEL_VARIABLE = "READER_SPACY_MODEL"
INSTALL_HINT = f"pip install 'reader[spacy]' and python -m spacy download {DEFAULT_MODEL}"

_POSSESSIVE = re.compile(r"\s*['’]s?$")


def model_name(model: str | None = None) -> str:
    """The model to load: the argument, else ``$READER_SPACY_MODEL``, else the default."""
    return model or os.environ.get(MODEL_VARIABLE) or DEFAULT_MODEL


@cache
def load_model(name: str) -> Any:
    """Load (once per process) the spaCy pipeline ``name`` or explain what is missing."""
    try:
        import spacy
    except ImportError:
        raise ReaderError(f"the spacy backend needs spaCy: {INSTALL_HINT}") from None
    try:
        return spacy.load(name, exclude=["lemmatizer"])
    except OSError:
        raise ReaderError(
            f"spaCy model {name!r} is not installed: python -m spacy download {name}"
            f" (or set {MODEL_VARIABLE} to an installed model)"
        ) from None


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """Paragraphs with their offsets: spaCy works on bounded pieces, not a whole book."""
    for start, end in document(text).paragraphs:
        yield start, text[start:end]


def _outside(start: int, end: int, boilerplate: Sequence[tuple[int, int]]) -> bool:
    return all(end <= b_start or start >= b_end for b_start, b_end in boilerplate)


def find_entities_spacy(
    text: str,
    boilerplate: Sequence[tuple[int, int]] = (),
    model: str | None = None,
    nlp: Any = None,
) -> list[Entity]:
    """Entities found by spaCy outside boilerplate, sorted by start, with canonical names.

    ``nlp`` is a loaded pipeline to use instead of ``model`` (tests pass a blank one).
    """
    if nlp is None:
        nlp = load_model(model_name(model))
    blocks = [(offset, block) for offset, block in _blocks(text) if block.strip()]
    mentions: list[tuple[int, int, str]] = []
    longest = max((len(block) for _, block in blocks), default=0)
    if longest >= getattr(nlp, "max_length", longest + 1):
        nlp.max_length = longest + 1
    docs = nlp.pipe(block for _, block in blocks)
    for (offset, _), doc in zip(blocks, docs, strict=True):
        for ent in doc.ents:
            start = offset + ent.start_char
            surface = _POSSESSIVE.sub("", ent.text).rstrip()
            end = start + len(surface)
            if end > start and _outside(start, end, boilerplate):
                mentions.append((start, end, ent.label_))
    mentions.sort()
    return group(text, mentions)
