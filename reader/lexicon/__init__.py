"""The word lists analysis consults, behind one loader shared by entities and speakers.

Why one package: the entity rules, the tagger's features and the speaker stages used
to read their own lists their own way and disagreed. Every list lives in ``data/``,
opens with a ``#`` header saying where it comes from, and is read here only. Lists
of names are generated from public data by ``scripts/build_lexicon.py``; the rest is
English vocabulary (titles, speech verbs, role and organisation words, common words).
Lookups are by casefolded text so "LONDON" in a heading finds "London".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

KINDS = {
    "given": "first_names.txt",
    "country": "countries.txt",
    "place": "places.txt",
    "region": "regions.txt",
    "nation": "demonyms.txt",
    "orgword": "org_suffixes.txt",
    "title": "titles.txt",
    "common": "common_words.txt",
}
"""Lexicon kind → the list that defines it (the tagger sees the kind as a feature)."""

_WORD_LISTS = frozenset({"first_names.txt", "common_words.txt"})
"""Lists of single words, several to a line; the others hold one name per line."""


@cache
def read_list(name: str) -> tuple[str, ...]:
    """Entries of ``data/NAME``: one per line, ``#`` lines are the header and comments."""
    raw = resources.files("reader.lexicon").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line.strip() for line in raw.splitlines()]
    return tuple(line for line in lines if line and not line.startswith("#"))


def read_words(name: str) -> frozenset[str]:
    """The casefolded words of a list written several words to a line."""
    return frozenset(word.casefold() for line in read_list(name) for word in line.split())


def read_tagged(name: str) -> dict[str, str]:
    """Casefolded word → its tag, from lines written ``tag: word word …``."""
    table: dict[str, str] = {}
    for line in read_list(name):
        tag, _, words = line.partition(":")
        for word in words.split():
            table[word.casefold()] = tag.strip()
    return table


def read_names(name: str) -> dict[str, str]:
    """Casefolded name → the name as the list writes it (its canonical spelling)."""
    return {line.casefold(): line for line in read_list(name)}


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Which kinds of list each casefolded word belongs to, whole or as part of a name."""

    kinds_of: dict[str, tuple[str, ...]]

    def kinds(self, word: str) -> tuple[str, ...]:
        """Kinds of the casefolded ``word``: "country", or "place~" for part of "New York"."""
        return self.kinds_of.get(word, ())


@cache
def lexicon() -> Lexicon:
    """Every list folded into one word → kinds table (read on first use, then shared)."""
    table: dict[str, list[str]] = {}
    for kind, name in KINDS.items():
        if name in _WORD_LISTS:
            for word in read_words(name):
                table.setdefault(word, []).append(kind)
            continue
        for entry in read_list(name):
            words = entry.casefold().split()
            if len(words) == 1:
                table.setdefault(words[0], []).append(kind)
            else:
                for word in set(words):
                    table.setdefault(word, []).append(kind + "~")
    return Lexicon({word: tuple(dict.fromkeys(kinds)) for word, kinds in table.items()})
