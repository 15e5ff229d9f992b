"""Every quote of a corpus as one row: who said it (the user's correction wins), where.

Why here and not in the command: the rows and their filters are the contract scripts
rely on (``reader quotes``), and the app's library views ask the same questions. A
name matches the way a reader would look it up: "corbyn" finds Jeremy Corbyn wherever
that article calls him "Corbyn" — a speaker's aliases are the forms the article writes
its PERSON entities in whose canonical name is the speaker's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reader.analysis.model import Analysis
from reader.corpus.reading import Analysed
from reader.notes.annotations import Annotation
from reader.view.speaker_view import corrections

__all__ = [
    "QUOTE_FIELDS",
    "QuoteFilter",
    "QuoteRow",
    "corrections_by_article",
    "name_forms",
    "name_key",
    "quote_rows",
    "speaker_aliases",
]

QUOTE_FIELDS = (
    "speaker",
    "speaker_confidence",
    "text",
    "title",
    "source",
    "published",
    "start",
    "end",
)
"""The row's fields, in order: the JSON keys and the CSV header."""
CORRECTED_CONFIDENCE = 1.0
"""A speaker the user set is certain."""


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One quote: its speaker, text and article; ``start``/``end`` index the article's
    analysed text (``Article.text``, what ``reader analyze`` prints)."""

    speaker: str | None
    speaker_confidence: float | None
    text: str
    title: str
    source: str
    published: str | None
    start: int
    end: int
    corrected: bool = False
    """The user set this speaker (shown in the table, not a field of the rows)."""

    def to_json(self) -> dict[str, Any]:
        """Exactly the :data:`QUOTE_FIELDS`."""
        return {name: getattr(self, name) for name in QUOTE_FIELDS}


def name_key(name: str) -> str:
    """What two spellings of one name share: case and runs of spaces ignored."""
    return " ".join(name.split()).casefold()


def name_forms(name: str) -> set[str]:
    """The keys a user may type for ``name``: the whole name, and for a name of several
    words its surname ("corbyn" for Jeremy Corbyn, as a newsroom says it)."""
    key = name_key(name)
    words = key.split()
    return {key, words[-1]} if len(words) > 1 else {key}


def speaker_aliases(analysis: Analysis) -> dict[str, set[str]]:
    """Canonical name → the keys of every form the article writes that person in (the
    canonical name's own forms included)."""
    aliases: dict[str, set[str]] = defaultdict(set)
    for entity in analysis.entities:
        if entity.label == "PERSON":
            aliases[entity.canonical].update(name_forms(entity.text) | name_forms(entity.canonical))
    return aliases


@dataclass(frozen=True, slots=True)
class QuoteFilter:
    """Which rows to keep; every criterion given must hold.

    ``speaker``: the speaker's canonical name, one of its aliases in that article, or
    the surname of either;
    ``entity``: the quote's article mentions that entity (by its canonical name or any
    form the article writes it in, any label); ``search``: a substring of the quote's
    text; case and runs of whitespace are ignored in all three. ``min_confidence``: the
    speaker's confidence is at least this (1.0 for a speaker the user set)."""

    speaker: str | None = None
    entity: str | None = None
    search: str | None = None
    min_confidence: float | None = None

    def keeps_article(self, analysis: Analysis) -> bool:
        """Whether the article passes the ``entity`` criterion."""
        if not self.entity:
            return True
        wanted = name_key(self.entity)
        return any(
            wanted in name_forms(e.canonical) | name_forms(e.text) for e in analysis.entities
        )

    def keeps(self, row: QuoteRow, aliases: Mapping[str, set[str]]) -> bool:
        """Whether a row of an article kept by ``keeps_article`` passes the others."""
        if self.min_confidence is not None and (
            row.speaker_confidence is None or row.speaker_confidence < self.min_confidence
        ):
            return False
        if self.search and name_key(self.search) not in name_key(row.text):
            return False
        if self.speaker:
            if not row.speaker:
                return False
            wanted = name_key(self.speaker)
            names = aliases.get(row.speaker, set()) | name_forms(row.speaker)
            if wanted not in names:
                return False
        return True


def corrections_by_article(annotations: Iterable[Annotation]) -> dict[str, list[Annotation]]:
    """The annotations that set a speaker, by article fingerprint (read once for a
    corpus: one pass over the store beats one query per article)."""
    out: dict[str, list[Annotation]] = defaultdict(list)
    for ann in annotations:
        if ann.corrected_speaker:
            out[ann.fingerprint].append(ann)
    return dict(out)


def quote_rows(
    item: Analysed,
    notes: Sequence[Annotation] = (),
    where: QuoteFilter | None = None,
) -> list[QuoteRow]:
    """The article's quotes as rows in text order, with the speakers its ``notes`` set
    (see ``reader.view.speaker_view.corrections``), keeping those ``where`` keeps."""
    where = where or QuoteFilter()
    article, analysis = item.article, item.analysis
    if not where.keeps_article(analysis):
        return []
    fixed = corrections(notes, analysis.quotes) if notes else {}
    aliases = speaker_aliases(analysis) if where.speaker else {}
    rows = []
    for k, quote in enumerate(analysis.quotes):
        corrected = fixed.get(k)
        row = QuoteRow(
            speaker=corrected or quote.speaker,
            speaker_confidence=CORRECTED_CONFIDENCE if corrected else quote.speaker_confidence,
            text=quote.text,
            title=article.title,
            source=item.source,
            published=article.published,
            start=quote.start,
            end=quote.end,
            corrected=bool(corrected),
        )
        if where.keeps(row, aliases):
            rows.append(row)
    return rows
