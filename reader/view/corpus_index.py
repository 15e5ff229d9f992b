"""The library's corpus views as plain data: speakers, entities and notes across articles.

The library screen gathers, off the UI thread, each article with its analysis and its
notes (``CorpusItem``); these functions turn that into the rows the three lists show
and the hits an Enter lists (a speaker's quotes, an entity's mentions), each pointing
at an article and an offset so the reader can open there. Textual-free, so the rules
(a corrected speaker counts as who said it; names group by canonical form; a filter
matches every typed word) are tested without a terminal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reader.analysis.model import Analysis
from reader.article.model import Article
from reader.notes.annotations import Annotation
from reader.notes.session import describe
from reader.view.speaker_view import corrections

__all__ = [
    "ENTITY_LABELS",
    "CorpusItem",
    "EntityRow",
    "Hit",
    "NoteRow",
    "SpeakerRow",
    "entity_hits",
    "entity_rows",
    "matches",
    "note_rows",
    "speaker_hits",
    "speaker_rows",
]

ENTITY_LABELS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place"}
"""The entity kinds the library lists, and how it names them."""


@dataclass(frozen=True, slots=True)
class CorpusItem:
    """One article of the library with its analysis and the notes stored for it."""

    article: Article
    analysis: Analysis
    notes: Sequence[Annotation] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    """A place in an article: a quote or a mention, listed with its article's title."""

    article: Article
    start: int
    end: int
    text: str
    speaker: str = ""


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    name: str
    quotes: int
    articles: int


@dataclass(frozen=True, slots=True)
class EntityRow:
    name: str
    kind: str
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class NoteRow:
    """A note, with the article it is on when that article is in the library."""

    note: Annotation
    article: Article | None
    title: str = field(default="")


def matches(query: str, *fields: str) -> bool:
    """Every word of ``query`` appears in one of ``fields``, ignoring case."""
    haystack = " ".join(fields).casefold()
    return all(word in haystack for word in query.casefold().split())


def _speakers(item: CorpusItem) -> list[tuple[str, Hit]]:
    """(who said it, the quote) for each attributed quote; the user's correction wins."""
    quotes = item.analysis.quotes
    fixed = corrections(item.notes, quotes)
    out = []
    for k, quote in enumerate(quotes):
        name = fixed.get(k) or quote.speaker
        if name:
            hit = Hit(item.article, quote.start, quote.end, quote.text, speaker=name)
            out.append((name, hit))
    return out


def speaker_rows(items: Iterable[CorpusItem]) -> list[SpeakerRow]:
    """Every speaker with how many quotes and articles, most quoted first."""
    quotes: dict[str, int] = defaultdict(int)
    articles: dict[str, set[str]] = defaultdict(set)
    for item in items:
        for name, _hit in _speakers(item):
            quotes[name] += 1
            articles[name].add(item.article.fingerprint)
    rows = [SpeakerRow(n, quotes[n], len(articles[n])) for n in quotes]
    return sorted(rows, key=lambda r: (-r.quotes, r.name.casefold()))


def speaker_hits(items: Iterable[CorpusItem], name: str) -> list[Hit]:
    """What ``name`` said, article by article in library order, in text order."""
    return [hit for item in items for who, hit in _speakers(item) if who == name]


def entity_rows(items: Iterable[CorpusItem]) -> list[EntityRow]:
    """People, organisations and places with their mention and article counts."""
    mentions: dict[tuple[str, str], int] = defaultdict(int)
    articles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for item in items:
        for entity in item.analysis.entities:
            kind = ENTITY_LABELS.get(entity.label)
            if kind is None:
                continue
            key = (entity.canonical, kind)
            mentions[key] += 1
            articles[key].add(item.article.fingerprint)
    rows = [EntityRow(n, k, mentions[n, k], len(articles[n, k])) for n, k in mentions]
    return sorted(rows, key=lambda r: (-r.mentions, r.name.casefold(), r.kind))


def entity_hits(items: Iterable[CorpusItem], name: str, kind: str) -> list[Hit]:
    """Each mention of the entity, article by article, in text order."""
    return [
        Hit(item.article, e.start, e.end, e.text)
        for item in items
        for e in item.analysis.entities
        if e.canonical == name and ENTITY_LABELS.get(e.label) == kind
    ]


def note_rows(notes: Iterable[Annotation], articles: Iterable[Article]) -> list[NoteRow]:
    """Every note, by article title then position; the article when the library has it."""
    by_fingerprint = {a.fingerprint: a for a in articles}
    rows = [NoteRow(n, by_fingerprint.get(n.fingerprint), n.title or n.source) for n in notes]
    return sorted(rows, key=lambda r: (r.title.casefold(), r.note.start, r.note.id))


def note_text(row: NoteRow) -> str:
    """What the notes list shows and filters on: the note (or its text)."""
    return describe(row.note)
