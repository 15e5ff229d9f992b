"""The rule stages run in order, each decision labelled with the stage that made it.

Why keep the rules: a speech tag read by the phrase parser is the strongest single
piece of evidence there is, and dialogue turns carry speakers across untagged
paragraphs. Their answers become candidates and features for the ranker, which
decides; the stage label says which rule offered what.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.analysis.model import Entity
from reader.analysis.speakers.dialogue import carry_over, fill_exchanges, find_narrator
from reader.analysis.speakers.tags import TagReader
from reader.analysis.speakers.tokens import Found


def rule_decisions(
    text: str, spans: Sequence[tuple[int, int]], entities: Sequence[Entity]
) -> tuple[TagReader, list[Found], list[str | None]]:
    """The tag reader (with its indexes), one decision per quote, and its stage:
    "tag" (a speech tag), "carry" (continued or alternated), "exchange" (a run of
    turns), or ``None`` when no rule named anyone."""
    att = TagReader(text, spans, entities)
    att.narrator = find_narrator(text, att)
    found = [att.explicit(i) for i in range(len(spans))]
    stages: list[str | None] = ["tag" if f.speaker else None for f in found]
    carry_over(text, spans, found, att)
    for i, f in enumerate(found):
        if f.speaker and stages[i] is None:
            stages[i] = "carry"
    fill_exchanges(text, spans, found, att)
    for i, f in enumerate(found):
        if f.speaker and stages[i] is None:
            stages[i] = "exchange"
    return att, found, stages
