"""How trustworthy the speaker confidences are: accuracy per confidence bin on gold text.

Why: "0.9" must mean right nine times in ten on text the model never saw, or the
app's uncertainty marks mislead. This runs the full analysis on annotated documents
and compares each quote's speaker and confidence with the annotation.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reader.analysis.speakers.training import names_person, overlaps

BINS = (0.5, 0.7, 0.9)
"""Confidence bin edges of the reliability table."""


@dataclass(slots=True)
class Outcomes:
    """(confidence, right) for every analysed quote that has an annotated speaker."""

    pairs: list[tuple[float, bool]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return sum(ok for _, ok in self.pairs) / len(self.pairs) if self.pairs else 0.0

    def table(self, edges: Sequence[float] = BINS) -> list[tuple[str, int, float, float]]:
        """(bin, quotes, mean confidence, accuracy) per confidence bin."""
        bounds = [0.0, *edges, 1.0001]
        rows = []
        for lo, hi in itertools.pairwise(bounds):
            got = [(c, ok) for c, ok in self.pairs if lo <= c < hi]
            mean = sum(c for c, _ in got) / len(got) if got else 0.0
            acc = sum(ok for _, ok in got) / len(got) if got else 0.0
            rows.append((f"{lo:.1f}-{min(hi, 1.0):.1f}", len(got), mean, acc))
        return rows

    def confident(self, threshold: float = 0.9) -> tuple[float, float]:
        """(share of quotes at or above ``threshold``, their accuracy)."""
        got = [ok for c, ok in self.pairs if c >= threshold]
        share = len(got) / len(self.pairs) if self.pairs else 0.0
        return share, (sum(got) / len(got) if got else 0.0)

    def calibration_error(self, edges: Sequence[float] = BINS) -> float:
        """Expected calibration error: |confidence − accuracy| weighted by bin size."""
        n = len(self.pairs) or 1
        return sum(k * abs(mean - acc) for _, k, mean, acc in self.table(edges)) / n


def outcomes(records: Iterable[dict[str, Any]]) -> Outcomes:
    """Analyse each annotated record's text and score its quotes' speakers."""
    from reader.analysis import analyze

    out = Outcomes()
    for record in records:
        gold = record.get("quotes") or []
        for quote in analyze(record["text"]).quotes:
            span = (quote.start, quote.end)
            match = next((g for g in gold if overlaps(span, (g["start"], g["end"]))), None)
            if match is None or not match.get("speaker"):
                continue
            names = [match["speaker"], *(match.get("speaker_aliases") or [])]
            right = quote.speaker is not None and names_person(names, quote.speaker)
            out.pairs.append((quote.speaker_confidence or 0.0, right))
    return out
