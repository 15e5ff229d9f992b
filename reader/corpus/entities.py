"""Who and what a corpus names: each entity with how many articles and mentions.

An entity is its (canonical name, label), as the analysis groups its mentions within an
article (``reader.analysis.grouping``), so "Corbyn" in one article and "Jeremy Corbyn" in
another count together once each article has named him in full. An article's text is
counted once however many files hold it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from reader.corpus.reading import Analysed

__all__ = ["ENTITY_FIELDS", "EntityCount", "count_entities"]

ENTITY_FIELDS = ("canonical", "label", "articles", "mentions")
"""The row's fields, in order: the JSON keys and the CSV header."""


@dataclass(frozen=True, slots=True)
class EntityCount:
    canonical: str
    label: str
    articles: int
    mentions: int

    def to_json(self) -> dict[str, Any]:
        """Exactly the :data:`ENTITY_FIELDS`."""
        return asdict(self)


def count_entities(items: Iterable[Analysed], labels: Collection[str] = ()) -> list[EntityCount]:
    """Every entity of ``items`` (of ``labels`` only, any case, when given), most
    mentioned first, then by name."""
    wanted = {label.upper() for label in labels}
    mentions: Counter[tuple[str, str]] = Counter()
    articles: dict[tuple[str, str], int] = defaultdict(int)
    seen: set[str] = set()
    for item in items:
        if item.article.fingerprint in seen:
            continue
        seen.add(item.article.fingerprint)
        here: set[tuple[str, str]] = set()
        for entity in item.analysis.entities:
            if wanted and entity.label.upper() not in wanted:
                continue
            key = (entity.canonical, entity.label)
            mentions[key] += 1
            here.add(key)
        for key in here:
            articles[key] += 1
    rows = [
        EntityCount(name, label, articles[name, label], n) for (name, label), n in mentions.items()
    ]
    return sorted(rows, key=lambda r: (-r.mentions, r.canonical.casefold(), r.canonical, r.label))
