"""Attribute each quotation to its speaker, with a calibrated confidence and evidence.

Stages, each a module:

- ``rules`` runs the tag reader (``tags`` finds a speech tag, ``phrases`` reads its
  subject, ``resolution`` turns a pronoun, title or description into a person) and
  the ``dialogue`` turns (continuation, alternation, exchanges);
- ``candidates`` offers everyone any stage points at: the rules' answer, the
  description as written, people and organisations named near the quote, pronouns
  resolved to the person in focus, earlier speakers, whoever was addressed, the
  narrator — and "nobody";
- ``features`` names the facts about each candidate; ``ranker`` holds the trained
  two-pass log-linear model (``training`` fits it: ``reader train speakers``) and its
  calibration; ``decide`` picks the speaker (in fiction a chosen description becomes
  the character the tag reader resolved it to; in reporting it stays as written) and
  records the evidence.

Window sizes are named in ``windows``. Without a trained model the rules alone decide
and no confidence is claimed.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.analysis.model import Entity, Quote
from reader.analysis.speakers.decide import Attribution
from reader.analysis.speakers.ranker import active_model


def attribute_speakers(
    text: str,
    spans: Sequence[tuple[int, int]],
    entities: Sequence[Entity] | None = None,
    explain: bool = False,
    processes: int = 1,
) -> list[Quote]:
    """One ``Quote`` per span, in order, each with a speaker or ``None``, its confidence
    and the evidence for it (``processes``: see ``reader.analysis.analyze``).

    Speakers are chosen among the candidates the stages offer (people in ``entities``,
    found here when not given; descriptions; earlier speakers; a narrator)."""
    if not spans:
        return []
    if entities is None:
        from reader.analysis.entities import find_entities

        entities = find_entities(text)
    attribution = Attribution(text, spans, entities)
    model = active_model()
    if model is None:
        return [attribution.by_rules(i) for i in range(len(spans))]
    return attribution.by_model(model, explain, processes)


__all__ = ["attribute_speakers"]
