"""The lexicon's lists as grouping needs them: canonical spellings and name words.

Read through ``reader.lexicon`` (where each list's source is documented), shipped
inside the package so analysis needs no download and answers the same everywhere.
Lookups are by casefolded text so "LONDON" in a heading finds "London".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reader.lexicon import read_list as _read
from reader.lexicon import read_names as _names
from reader.lexicon import read_words as _words


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """All lists, keyed by casefolded text."""

    countries: dict[str, str]
    places: dict[str, str]
    regions: dict[str, str]
    demonyms: dict[str, str]
    org_suffixes: frozenset[str]
    titles: frozenset[str]
    first_names: frozenset[str]
    common_words: frozenset[str]

    def label_of(self, key: str) -> str | None:
        """The OntoNotes label a list gives to the casefolded name ``key``, if any."""
        if key in self.countries or key in self.places:
            return "GPE"
        if key in self.demonyms:
            return "NORP"
        if key in self.regions:
            return "LOC"
        return None

    def spelling(self, key: str) -> str | None:
        """How the lists spell the casefolded name ``key`` (for canonical names)."""
        for table in (
            self.countries,
            self.places,
            self.demonyms,
            self.regions,
        ):
            if key in table:
                return table[key]
        return None


@cache
def gazetteer() -> Gazetteer:
    """The shipped lists (read on first use, then shared)."""
    return Gazetteer(
        countries=_names("countries.txt"),
        places=_names("places.txt"),
        regions=_names("regions.txt"),
        demonyms=_names("demonyms.txt"),
        org_suffixes=frozenset(s.casefold() for s in _read("org_suffixes.txt")),
        titles=frozenset(s.casefold() for s in _read("titles.txt")),
        first_names=_words("first_names.txt"),
        common_words=_words("common_words.txt"),
    )
