"""Attribute each quotation to its speaker, or to nobody when there is no evidence.

Evidence, strongest first:

1. a speech tag next to the quote: ``"…," said Mr Murphy`` / ``"…," he said`` /
   ``Ruth Smeeth tweeted: "…"`` / ``X said he was "sorry"`` / ``"…" ― Name`` (a
   signature closing the line signs every quote on it); a reporting verb in the quote's
   sentence (``Trump attacked "the hateful ideology"``); a colon after a sentence about
   someone (``Trump swiped at Ryan in a tweet: "…"``) or a ``Name:`` label;
2. continuation: an untagged quote right after a quote (same paragraph, or the next
   paragraph of a run of quotes) carries on the previous speaker — in dialogue, where
   turns alternate, it goes to the other party instead;
3. nothing else: the speaker is ``None``. A speaker is never guessed from mere proximity.

A pronoun resolves to the person in focus (the latest person named outside quotes,
agreeing in gender when titles or earlier pronouns tell it); a title or surname to the
full name seen earlier; a description ("the party leader") to the person in focus
unless a pronoun in the same sentence must refer to that person (then to the other
salient person; "the president" prefers whoever was titled President); an unresolvable
description is reported as written ("a spokesman"), and so are non-person sources ("a
joint statement from the two agencies", "63 percent", "Ivana Trump's brief") — except
that "X issued a statement saying" credits X.

The work is split by job: ``tags`` finds the tag around a quote and
``phrases`` reads its subject; ``resolution`` turns a pronoun, title or
description into a person; ``dialogue`` fills untagged quotes afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.analysis.model import Entity, Quote
from reader.analysis.speakers.dialogue import carry_over, fill_exchanges, find_narrator
from reader.analysis.speakers.tags import TagReader


def attribute_speakers(
    text: str, spans: Sequence[tuple[int, int]], entities: Sequence[Entity] | None = None
) -> list[Quote]:
    """One ``Quote`` per span, in order, each with a speaker or ``None``.

    Speakers are chosen among the people in ``entities`` (found here when not given),
    so a quote's speaker is someone the entity list names.
    """
    if not spans:
        return []
    if entities is None:
        from reader.analysis.entities import find_entities

        entities = find_entities(text)
    att = TagReader(text, spans, entities)
    att.narrator = find_narrator(text, att)
    found = [att.explicit(i) for i in range(len(spans))]
    carry_over(text, spans, found, att)
    fill_exchanges(text, spans, found, att)
    quotes = []
    for (s, e), f in zip(spans, found, strict=True):
        quotes.append(
            Quote(
                start=s,
                end=e,
                text=text[s:e],
                speaker=f.speaker,
                speaker_start=f.start if f.speaker else None,
                speaker_end=f.end if f.speaker else None,
            )
        )
    return quotes


__all__ = ["attribute_speakers"]
