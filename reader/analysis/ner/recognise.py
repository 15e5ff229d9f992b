"""Find the names in a text with the shipped (or a chosen) tagger model.

Why a layer over the tagger: the tagger sees one sentence at a time, while a reader
judges a name by the whole article. Here a name tagged confidently settles the type
of its uncertain mentions elsewhere, and a person's surname their other mentions; a
name after "Mr" or "Dr" is a person's; a lone "person" the lexicon knows only as a
place is the place; in headings, where capitals say little, only names the body
knows count; and a one-word "person" the article also writes in lower case is
dropped ("Practice", "Will").
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, partial
from importlib import resources
from pathlib import Path

from reader.analysis.document import Document, document
from reader.analysis.ner import model_file
from reader.analysis.ner.labels import is_doctrine, ontonotes_label
from reader.analysis.ner.tagger import Tagged, Tagger
from reader.errors import ReaderError
from reader.lexicon import lexicon, read_words

MODEL_VARIABLE = "READER_ENTITY_MODEL"
SHIPPED_MODEL = "entities.model"
_YEAR = re.compile(r"^(?:1[5-9]|20)\d\d$")
CONFIDENT_MARGIN = 5.0
"""Score margin above which a mention's type is trusted to settle the name's others
(tuned on a held-out tenth of the training data; anything from 2 to 15 scores alike)."""
SURNAME_MARGIN = 40.0
"""Below this margin a name ending in a person's surname is taken to be that person."""
_CLOSING_MARKS = frozenset("\"'“”‘’()[],;:")
_SENTENCE_MARKS = frozenset({"!", "?", ".", "…"})
"""Marks that end a sentence, never a person's name."""
HONORIFICS = read_words("honorifics.txt")
"""Titles that only ever come before a person's name (English vocabulary)."""
_FUNCTION_WORDS = read_words("headline_small_words.txt")
_LISTED_PLACES = frozenset({"country", "place", "region", "nation"})
NAME_TYPES = frozenset({"PER", "ORG", "LOC", "MISC"})
"""The tagger's own types, which are names and so start with a capital."""


@dataclass(frozen=True, slots=True)
class Name:
    """A name found in the text: character span, OntoNotes label, tagger margin."""

    start: int
    end: int
    label: str
    margin: float


def model_path() -> Path:
    """``$READER_ENTITY_MODEL`` if set, else the model shipped inside the package."""
    chosen = os.environ.get(MODEL_VARIABLE)
    if chosen:
        return Path(chosen).expanduser()
    return Path(str(resources.files("reader.analysis.ner").joinpath(SHIPPED_MODEL)))


@cache
def _tagger(path: Path) -> Tagger:
    try:
        return Tagger(model_file.load(path))
    except ValueError as error:
        raise ReaderError(f"entity model {path}: {error}") from None
    except OSError as error:
        raise ReaderError(f"entity model {path}: {error.strerror or error}") from None


def tagger() -> Tagger:
    """The tagger for the current model path, loaded once per process."""
    return _tagger(model_path())


def _settle(doc: Document, tagged: list[Tagged]) -> list[Tagged]:
    """Give uncertain mentions the type their name has where it was tagged confidently.

    A person's surname counts as their name too: "KEN Livingstone" in a headline is
    the "Livingstone" the article goes on to quote.
    """
    votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    surnames: dict[str, float] = defaultdict(float)
    keys = []
    for t in tagged:
        words = [w.casefold() for w in doc.words[t.first : t.end]]
        key = " ".join(words)
        keys.append(key)
        if t.margin >= CONFIDENT_MARGIN:
            votes[key][t.kind] += t.margin
            if t.kind == "PER":
                surnames[words[-1]] += t.margin
    full_surnames = {k.rsplit(" ", 1)[-1] for k, v in votes.items() if " " in k and "PER" in v}
    lex = lexicon()
    settled: list[Tagged] = []
    for t, key in zip(tagged, keys, strict=True):
        last = key.rsplit(" ", 1)[-1]
        if (
            t.kind == "PER"
            and " " not in key
            and key not in full_surnames
            and _LISTED_PLACES.intersection(lex.kinds(key))
            and "given" not in lex.kinds(key)
            and not (t.first > 0 and doc.words[t.first - 1].casefold() in HONORIFICS)
        ):
            settled.append(t.relabelled("LOC"))  # "Nairobi" alone is the city, not someone
            continue
        if t.kind != "PER" and last in surnames and t.margin < SURNAME_MARGIN:
            t = t.relabelled("PER")  # "Sanders" after "Bernie Sanders"
        elif t.margin < CONFIDENT_MARGIN and key in votes:
            kind = max(votes[key].items(), key=lambda item: item[1])[0]
            t = t.relabelled(kind)
        settled.append(t)
    return settled


def _title_case_lines(doc: Document) -> set[int]:
    """Lines in Title Case ("Veteran Quits Party Over Row"), not counting shouted ones."""
    titled: set[int] = set()
    for index in range(len(doc.line_starts)):
        start, end = doc.line_span(index)
        line = doc.text[start:end]
        words = [w for w in line.split() if w[:1].isalpha()]
        if index in doc.shouted_lines or len(words) < 4 or ". " in line.strip():
            continue
        capitalised = sum(w[0].isupper() for w in words)
        small = [w for w in words[1:] if w.casefold() in _FUNCTION_WORDS]
        if capitalised >= 0.8 * len(words) and small and all(w[0].isupper() for w in small):
            titled.add(index)
    return titled


def _in_headings(doc: Document, tagged: list[Tagged]) -> list[Tagged]:
    """Names in headings: in Title Case only those the body or the lexicon knows; in
    shouted or Title Case headings, names the body tagged that the tagger left alone."""
    titled = _title_case_lines(doc)
    headings = doc.shouted_lines | titled
    if not headings:
        return tagged
    if len(headings) == len(doc.line_starts):  # all headline: there is no body to go by
        titled = set()
    lex = lexicon()
    known: dict[tuple[str, ...], str] = {}
    for t in tagged:
        if doc.line_of(doc.starts[t.first]) not in headings and t.margin >= CONFIDENT_MARGIN:
            key = tuple(w.casefold() for w in doc.words[t.first : t.end])
            known.setdefault(key, t.kind)
            if t.kind == "PER" and len(key) > 1:
                known.setdefault(key[-1:], "PER")  # the surname alone: "GRIMSBY WARNS"
    found: list[Tagged] = []
    taken: set[int] = set()
    for t in tagged:
        key = tuple(w.casefold() for w in doc.words[t.first : t.end])
        in_title_case = doc.line_of(doc.starts[t.first]) in titled
        listed = _LISTED_PLACES.intersection(lex.kinds(" ".join(key)))
        if in_title_case and key not in known and not listed:
            continue  # "Labour Veteran Quits Party Over Row": capitals of a headline
        found.append(t)
        taken.update(range(t.first, t.end))
    longest = max((len(k) for k in known), default=0)
    for line in sorted(headings):
        tokens = doc.line_tokens(line)
        i = tokens.start
        while i < tokens.stop:
            if i not in taken:
                for size in range(min(longest, tokens.stop - i), 0, -1):
                    key = tuple(w.casefold() for w in doc.words[i : i + size])
                    if key in known and not taken.intersection(range(i, i + size)):
                        found.append(Tagged(i, i + size, known[key], (0.0,) * size))
                        i += size - 1
                        break
            i += 1
    return sorted(found, key=lambda t: t.first)


def _trimmed(doc: Document, t: Tagged) -> Tagged | None:
    """Without leading lower-case words, a person's title, or trailing marks.

    A name right after "Mr", "Mrs", "Dr" … is a person's whatever the tagger said:
    news from before the tagger's training data seldom wrote them.
    """
    first, end = t.first, t.end
    words = doc.words
    honorific = t.first > 0 and words[t.first - 1].casefold() in HONORIFICS
    if honorific or words[first].casefold() in HONORIFICS:
        t = Tagged(t.first, t.end, "PER", tuple(max(m, CONFIDENT_MARGIN) for m in t.margins))
    if t.kind in NAME_TYPES:  # names start with a capital; a researcher's types may not
        while first < end and not words[first][:1].isupper() and not words[first][:1].isdigit():
            first += 1
    if t.kind == "PER":  # "Mrs Quarrington": the title is not part of the name
        while first + 1 < end and "title" in lexicon().kinds(words[first].casefold()):
            first += 1
    while end > first and (
        words[end - 1] in _CLOSING_MARKS or (t.kind == "PER" and words[end - 1] in _SENTENCE_MARKS)
    ):
        # a closing quote or bracket, or a person's "Lilia!" (but "Inc." keeps its stop,
        # "C$" its sign and "Yahoo!" its mark)
        end -= 1
    if t.kind != "PER":  # "the Boston Mayor": the role is not part of the place
        while end - 1 > first and "title" in lexicon().kinds(words[end - 1].casefold()):
            end -= 1
    if first >= end:
        return None
    return t if (first, end) == (t.first, t.end) else t.narrowed(first, end)


def _after_honorifics(doc: Document, tagged: list[Tagged]) -> list[Tagged]:
    """ "Mrs. Bennet" is a person even where the tagger saw no name: add what it missed."""
    words = doc.words
    taken = {i for t in tagged for i in range(t.first, t.end)}
    found = list(tagged)
    for i, word in enumerate(words[:-1]):
        if word.casefold() not in HONORIFICS or i + 1 in taken:
            continue
        end = i + 1
        while end < len(words) and end - i <= 3 and words[end][:1].isupper():
            if end in taken or words[end].casefold() in HONORIFICS:
                break
            end += 1
        if end > i + 1 and doc.line_of(doc.starts[i]) == doc.line_of(doc.starts[end - 1]):
            found.append(Tagged(i + 1, end, "PER", (CONFIDENT_MARGIN,) * (end - i - 1)))
    return sorted(found, key=lambda t: t.first)


def find_names(text: str, processes: int = 1) -> list[Name]:
    """Names in ``text``, in order, with OntoNotes labels (``processes``: how many
    forked workers may tag a long text's pieces, see ``Tagger.tag``)."""
    doc = document(text)
    lex = lexicon()
    names: list[Name] = []
    trimmed = [
        t for t in map(partial(_trimmed, doc), tagger().tag(doc, processes)) if t is not None
    ]
    trimmed = _after_honorifics(doc, trimmed)
    for t in _in_headings(doc, _settle(doc, trimmed)):
        words = doc.words[t.first : t.end]
        if t.kind == "PER" and len(words) == 1 and words[0].casefold() in doc.lower_words:
            continue
        if is_doctrine(words):
            continue
        label = ontonotes_label(t.kind, words, lex)
        first = t.first
        if label == "EVENT" and first > 0 and _YEAR.match(doc.words[first - 1]):
            first -= 1  # "the 2015 General Election" names the event with its year
        names.append(Name(doc.starts[first], doc.ends[t.end - 1], label, t.margin))
    return names
