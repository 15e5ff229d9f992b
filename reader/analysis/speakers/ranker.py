"""The trained speaker model: log-linear rankers over each quote's candidates.

Why log-linear: a softmax over one quote's candidates gives each a probability, so the
choice and its confidence come from one model; its weights are per readable feature, so
"what decided" can be shown; and it trains in seconds from a few thousand quotes in
pure Python. The raw top probability is then calibrated (isotonic, fitted on
held-out quotes) into the chance that the answer is right — including the quotes whose
true speaker is not among the candidates at all.
"""

from __future__ import annotations

import gzip
import json
import math
import os
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from reader.errors import ReaderError

MODEL_FORMAT = "reader-speaker-ranker/1"


@dataclass(slots=True)
class Ranker:
    """One pass's feature weights: a score per candidate, a softmax per quote."""

    weights: dict[str, float] = field(default_factory=dict)
    _folded: dict[tuple[str, ...], dict[str, float]] = field(
        default_factory=dict, repr=False, compare=False
    )
    """Per setting, each plain feature's weight plus its conjunctions' (a cache)."""

    def probabilities_in(
        self, candidates: Sequence[Sequence[str]], setting: tuple[str, ...]
    ) -> list[float]:
        """``probabilities`` of the candidates' conjoined features, without building them:
        a feature and its conjunctions with ``setting`` are one folded weight."""
        folded = self._folded.get(setting)
        if folded is None:
            folded = self._folded[setting] = self._fold(setting)
        return _softmax([sum(folded.get(f, 0.0) for f in c) for c in candidates])

    def _fold(self, setting: tuple[str, ...]) -> dict[str, float]:
        w = self.weights
        plain = {f.partition("|")[0] for f in w}
        return {
            f: w.get(f, 0.0) + sum(w.get(f"{f}|{part}", 0.0) for part in setting) for f in plain
        }

    def score(self, features: Sequence[str]) -> float:
        w = self.weights
        return sum(w.get(f, 0.0) for f in features)

    def probabilities(self, candidates: Sequence[Sequence[str]]) -> list[float]:
        """Softmax over the candidates' scores."""
        return _softmax([self.score(f) for f in candidates])

    def contributions(self, features: Sequence[str], top: int = 5) -> list[tuple[str, float]]:
        """The features that weighed most on a candidate, largest first (equal weights
        by name, so ``--explain`` prints the same evidence in every run)."""
        scored = [(f, self.weights[f]) for f in set(features) if f in self.weights]
        scored.sort(key=lambda fw: (-abs(fw[1]), fw[0]))
        return [(f, round(w, 3)) for f, w in scored[:top]]


@dataclass(slots=True)
class SpeakerModel:
    """Two passes and a calibration.

    The first pass ranks candidates from the text alone; the second also knows whom the
    first pass chose for the quotes just before (dialogue turns). Its top probability is
    calibrated (isotonic, on held-out documents) into the chance the answer is right."""

    first: Ranker
    second: Ranker
    calibration: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    """Per kind of text ("dialogue", "reporting"): steps (lowest top probability,
    chance right), both increasing. Kinds are apart because the same probability
    means a different chance in a novel's dialogue and in a news report."""
    meta: dict[str, object] = field(default_factory=dict)

    def confidence(self, probability: float, kind: str, by_rule: str = "") -> float:
        """The calibrated chance that the top candidate is right: its step's share, in
        the calibration of its kind of text and of how the rules chose it too
        (:func:`calibration_group`; a model without that split uses the coarser one)."""
        steps = (
            self.calibration.get(calibration_group(kind, by_rule))
            or self.calibration.get(calibration_group(kind, "rule" if by_rule else ""))
            or self.calibration.get(kind)
        )
        if not steps:
            return probability
        k = bisect_right(steps, (probability, 2.0)) - 1
        return steps[max(k, 0)][1]

    def save(self, path: Path) -> None:
        def rounded(r: Ranker) -> dict[str, float]:
            return {f: round(w, 4) for f, w in sorted(r.weights.items()) if abs(w) >= 1e-4}

        body = {
            "format": MODEL_FORMAT,
            "meta": self.meta,
            "calibration": {k: [list(step) for step in v] for k, v in self.calibration.items()},
            "first": rounded(self.first),
            "second": rounded(self.second),
        }
        data = json.dumps(body, separators=(",", ":"), sort_keys=True).encode("utf-8")
        # mtime 0: the same training gives the same file, byte for byte
        with (
            path.open("wb") as raw,
            gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as out,
        ):
            out.write(data)


RULE_GROUP = "+rule"


def calibration_group(kind: str, by_rule: str) -> str:
    """The calibration a choice falls under. ``by_rule`` says how the rule stages stand
    to it: "" not theirs, "rule" theirs by a name or description, "pronoun" theirs
    through a pronoun (``candidates.rule_class``). Its kind of text, and apart from the rest
    the choices the rule stages made too ("said Jim Murphy"), which are right far more
    often at the same probability — pooled, they would lend their record to guesses —
    and apart again those they made through a pronoun, right less often than a name."""
    if not by_rule:
        return kind
    return kind + RULE_GROUP + ("+pronoun" if by_rule == "pronoun" else "")


def split_group(group: str) -> tuple[str, str]:
    """``calibration_group`` undone: (kind, rule class)."""
    kind, _, rest = group.partition(RULE_GROUP)
    return kind, "pronoun" if rest == "+pronoun" else "rule" if group != kind else ""


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def read_model(path: Path) -> SpeakerModel:
    """Load a speaker model file, or say in one line what is wrong with it."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as src:
            body = json.load(src)
    except (OSError, EOFError, ValueError) as exc:
        raise ReaderError(f"{path}: not a speaker model ({exc})") from None
    if not isinstance(body, dict) or body.get("format") != MODEL_FORMAT:
        raise ReaderError(f"{path}: not a speaker model (expected format {MODEL_FORMAT})")
    try:
        knots = {
            str(kind): [(float(p), float(c)) for p, c in steps]
            for kind, steps in body["calibration"].items()
        }
        first, second = Ranker(dict(body["first"])), Ranker(dict(body["second"]))
    except (KeyError, TypeError, ValueError):
        raise ReaderError(f"{path}: speaker model is incomplete") from None
    return SpeakerModel(first, second, knots, dict(body.get("meta", {})))


MODEL_VARIABLE = "READER_SPEAKER_MODEL"
SHIPPED_MODEL = "speakers.model"


def ranker_path() -> Path:
    """``$READER_SPEAKER_MODEL`` if set, else the model shipped inside the package."""
    chosen = os.environ.get(MODEL_VARIABLE)
    if chosen:
        return Path(chosen).expanduser()
    return Path(str(resources.files("reader.analysis.speakers").joinpath(SHIPPED_MODEL)))


@lru_cache(maxsize=4)
def _load(path: Path) -> SpeakerModel | None:
    if not path.is_file() and os.environ.get(MODEL_VARIABLE) is None:
        return None
    return read_model(path)


def active_model() -> SpeakerModel | None:
    """The ranker in use, or ``None`` when none has been trained (rules alone decide)."""
    return _load(ranker_path())
