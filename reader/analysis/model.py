"""Plain data produced by analysis: offset spans into the article text."""

from __future__ import annotations

from collections.abc import Mapping
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

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Quote:
        """The quote ``to_json`` wrote (evidence too, when it was kept); raises
        ``KeyError``/``TypeError``/``ValueError`` on anything else (a cache reads these)."""
        evidence = data.get("speaker_evidence")
        if evidence is not None and not isinstance(evidence, dict):
            raise TypeError("speaker_evidence is not an object")
        return cls(
            start=_int(data["start"]),
            end=_int(data["end"]),
            text=_str(data["text"]),
            speaker=_optional_str(data["speaker"]),
            speaker_start=_optional_int(data["speaker_start"]),
            speaker_end=_optional_int(data["speaker_end"]),
            speaker_confidence=_optional_float(data["speaker_confidence"]),
            speaker_evidence=evidence,
        )


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

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Entity:
        """The entity ``to_json`` wrote; raises like ``Quote.from_json``."""
        return cls(
            start=_int(data["start"]),
            end=_int(data["end"]),
            text=_str(data["text"]),
            label=_str(data["label"]),
            canonical=_str(data["canonical"]),
        )


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

    @classmethod
    def from_json(cls, data: Mapping[str, Any], backend: str = "rules") -> Analysis:
        """The analysis ``to_json`` wrote (which leaves out ``backend``: give it), so
        ``Analysis.from_json(a.to_json(), a.backend) == a``; raises ``KeyError``,
        ``TypeError`` or ``ValueError`` on anything else."""
        return cls(
            quotes=tuple(Quote.from_json(q) for q in data["quotes"]),
            entities=tuple(Entity.from_json(e) for e in data["entities"]),
            boilerplate=tuple((_int(s), _int(e)) for s, e in data["boilerplate"]),
            backend=backend,
        )


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError(f"expected an integer, got {value!r}")
    return value


def _optional_int(value: Any) -> int | None:
    return None if value is None else _int(value)


def _optional_float(value: Any) -> float | None:
    if value is None:
        return None
    if type(value) not in (int, float):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {value!r}")
    return value


def _optional_str(value: Any) -> str | None:
    return None if value is None else _str(value)
