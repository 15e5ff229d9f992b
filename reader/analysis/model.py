"""Plain data produced by analysis: offset spans into the article text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation, from its opening mark to its closing mark (end exclusive)."""

    start: int
    end: int
    text: str
    speaker: str | None = None
    """Canonical name of who said it; ``None`` when the text gives no evidence."""
    speaker_start: int | None = None
    """Offsets of the mention that names the speaker (e.g. "Mr Murphy")."""
    speaker_end: int | None = None
    speaker_confidence: float | None = None
    """Calibrated chance (0–1) that ``speaker`` — ``None`` included — is right."""
    speaker_evidence: dict[str, Any] | None = field(default=None, compare=False)
    """What decided: the chosen mention, the weightiest features, the runners-up."""

    def to_json(self, explain: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "speaker": self.speaker,
            "speaker_start": self.speaker_start,
            "speaker_end": self.speaker_end,
            "speaker_confidence": self.speaker_confidence,
        }
        if explain:
            out["speaker_evidence"] = self.speaker_evidence
        return out


@dataclass(frozen=True, slots=True)
class Entity:
    """One mention of a named entity, with an OntoNotes label and its group's name."""

    start: int
    end: int
    text: str
    label: str
    canonical: str

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "label": self.label,
            "canonical": self.canonical,
        }


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything analysis found in one text; all offsets index that text."""

    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()
    boilerplate: tuple[tuple[int, int], ...] = ()
    backend: str = "rules"
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self, explain: bool = False) -> dict[str, Any]:
        """The ``quotes``/``entities``/``boilerplate`` part of the analyze contract;
        ``explain`` adds each quote's ``speaker_evidence``."""
        return {
            "quotes": [q.to_json(explain) for q in self.quotes],
            "entities": [e.to_json() for e in self.entities],
            "boilerplate": [[s, e] for s, e in self.boilerplate],
        }
