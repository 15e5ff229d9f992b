"""Choose each quote's speaker: candidates → features → ranker → a name and its evidence.

Why one place for the choice: the answer, its calibrated confidence and the evidence a
user is shown must come from the same computation, or the explanation would describe a
decision that was not the one made.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reader.analysis.forking import fork_map
from reader.analysis.model import Entity, Quote
from reader.analysis.speakers.candidates import (
    Candidate,
    CandidateFinder,
    Sighting,
    quote_setting,
    rule_class,
)
from reader.analysis.speakers.dialogue import is_dialogue
from reader.analysis.speakers.features import (
    FeatureReader,
    Setting,
    conjoin,
    first_pass_features,
    setting_of,
)
from reader.analysis.speakers.ranker import Ranker, SpeakerModel
from reader.analysis.speakers.rules import rule_decisions
from reader.analysis.speakers.sequence import Link, decode, links, paragraph_run
from reader.analysis.speakers.windows import AROUND, TURN_REACH

RUNNERS_UP = 3
"""How many alternatives the evidence lists after the chosen speaker."""


class Attribution:
    """The per-text state of speaker attribution: rule decisions, candidates, features."""

    def __init__(
        self, text: str, spans: Sequence[tuple[int, int]], entities: Sequence[Entity]
    ) -> None:
        self.text = text
        self.spans = list(spans)
        self.att, self.found, self.stages = rule_decisions(text, self.spans, entities)
        paras = [self.att.para_bounds(s) for s, _ in self.spans]
        first = [s == p[0] for (s, _), p in zip(self.spans, paras, strict=True)]
        self.dialogue = is_dialogue(text, self.spans, paras, first)
        self.kind = "dialogue" if self.dialogue else "reporting"
        """Which calibration applies: fiction-style dialogue or reporting."""
        doc = self.att.doc
        self.paragraphs = [doc.paragraph_bounds(s) for s, _ in self.spans]
        """Each quote's whole paragraph: quotes in one are one dialogue turn."""
        self.links = (
            links(text, self.paragraphs) if self.dialogue else [Link.NONE] * len(self.spans)
        )
        """How each quote stands to the one before: a dialogue is decoded as a sequence."""
        self.finder = CandidateFinder(
            self.att, entities, self.found, self.stages, self.dialogue, self.paragraphs
        )
        self.reader = FeatureReader(self.att, self.finder.scene.quoted)
        self._found: dict[int, list[Candidate]] = {}
        """Candidates per quote, found once and shared by both passes."""
        self._first: dict[int, dict[str | None, float]] = {}
        """Each quote's first-pass probabilities by candidate, from the latest first pass:
        the second pass weighs where the first put each candidate (``first_pass_features``)."""

    @classmethod
    def of(cls, text: str) -> Attribution:
        """Everything found from the text alone, as ``reader analyze`` finds it."""
        from reader.analysis.boilerplate import find_boilerplate
        from reader.analysis.entities import find_entities
        from reader.analysis.quotes import find_quotes

        boilerplate = find_boilerplate(text)
        return cls(text, find_quotes(text, boilerplate), find_entities(text, boilerplate))

    def candidates(
        self, index: int, around: tuple[str | None, ...] = ()
    ) -> tuple[list[Candidate], list[list[str]], Setting]:
        """Quote ``index``'s candidates, each one's features and the quote's setting
        (``around``: first-pass speakers of the quotes around it, see ``around``)."""
        q = quote_setting(
            self.att, index, self.stages[index], self.dialogue, around, self.found[index]
        )
        cands = self._found.get(index)
        if cands is None:
            cands = self._found[index] = self.finder.find(index)
        if around:
            cands = self.finder.offer_passed(index, cands, around)
        feats = [self.reader.features(c, q) for c in cands]
        first = self._first.get(index) if around else None
        if first is not None:
            feats = [
                f + first_pass_features(c.name, first) for c, f in zip(cands, feats, strict=True)
            ]
        return cands, feats, setting_of(q)

    def first_pass(self, first: Ranker, lo: int = 0, hi: int | None = None) -> list[str | None]:
        """Each quote's speaker by the first-pass ranker (no turn features), for the
        quotes ``lo``…``hi`` (by default all)."""
        hi = len(self.spans) if hi is None else hi
        a, b = self._segments(lo, hi)
        names: list[list[str | None]] = []
        probs: list[list[float]] = []
        for i in range(a, b):
            cands, feats, setting = self.candidates(i)
            names.append([c.name for c in cands])
            probs.append(first.probabilities_in(feats, setting))
            self._first[i] = dict(zip(names[-1], probs[-1], strict=True))
        chosen = decode(names, probs, self.links[a:b])
        return [names[i - a][chosen[i - a]] for i in range(lo, hi)]

    def _segments(self, lo: int, hi: int) -> tuple[int, int]:
        """``lo``…``hi`` widened to whole linked runs of quotes: a run is decoded as one
        (see ``sequence``), and runs do not sway each other, so a part of a book
        decoded with its runs whole gets the same choices as the whole book."""
        a, b = lo, hi
        while a > 0 and lo - a < SEGMENT_REACH and self.links[a] is not Link.NONE:
            a -= 1
        while b < len(self.links) and b - hi < SEGMENT_REACH and self.links[b] is not Link.NONE:
            b += 1
        return a, b

    def around(self, passed: Sequence[str | None], index: int) -> tuple[str | None, ...]:
        """The first-pass speakers of the ``AROUND`` turns before ``index`` and after,
        nearest first on each side: the nearest quote, then the nearest in another
        paragraph than it ("…," he said, "…" is one turn, not two)."""
        near = self._turns_near(index, -1) + self._turns_near(index, 1)
        return tuple(passed[k] if k is not None else None for k in near)

    def _turns_near(self, index: int, step: int) -> list[int | None]:
        """The quotes that stand for the ``AROUND`` turns on one side (``step`` -1 or 1),
        ``None`` where there are none within ``TURN_REACH`` quotes."""
        out: list[int | None] = []
        k, n = index + step, len(self.spans)
        while len(out) < AROUND and 0 <= k < n and abs(k - index) <= TURN_REACH:
            out.append(k)
            k = paragraph_run(self.paragraphs, k, step, TURN_REACH)[-1] + step
        return out + [None] * (AROUND - len(out))

    def by_rules(self, index: int) -> Quote:
        """The rule stages' answer alone (no model shipped): no confidence is claimed."""
        s, e = self.spans[index]
        f = self.found[index]
        return Quote(
            start=s,
            end=e,
            text=self.text[s:e],
            speaker=f.speaker,
            speaker_start=f.start if f.speaker else None,
            speaker_end=f.end if f.speaker else None,
        )

    def by_model(
        self, model: SpeakerModel, explain: bool = False, processes: int = 1
    ) -> list[Quote]:
        """Every quote with the model's choice (a dialogue's decoded together, see
        ``sequence``) and its calibrated confidence, and with ``explain`` the evidence
        for it.

        A book's quotes are ranked in parts on up to ``processes`` forked workers, each
        pass in turn (the second needs the first's choices on both sides); a quote's
        candidates and features do not depend on which part it is in, and each part
        decodes its linked runs of quotes whole, so the result is the same."""
        n = len(self.spans)
        parts = _parts(n, FORK_QUOTES if processes > 1 else n)

        def decided(k: int) -> list[Quote]:
            lo, hi = parts[k]
            # the first pass over the part and the quotes around its edges, then the second
            a, b = self._segments(lo, hi)
            first, last = max(0, a - TURN_REACH), min(n, b + TURN_REACH)
            passed: list[str | None] = [None] * n
            passed[first:last] = self.first_pass(model.first, first, last)
            ranked = [self._ranked(i, model, self.around(passed, i), explain) for i in range(a, b)]
            chosen = decode(
                [[c.name for c in r[0]] for r in ranked], [r[2] for r in ranked], self.links[a:b]
            )
            return [
                self._decided(i, model, ranked[i - a], chosen[i - a], explain)
                for i in range(lo, hi)
            ]

        return [q for quotes in fork_map(decided, len(parts), processes) for q in quotes]

    def _ranked(
        self, index: int, model: SpeakerModel, around: tuple[str | None, ...], explain: bool
    ) -> tuple[list[Candidate], list[list[str]], list[float], Setting]:
        """Quote ``index``'s candidates, second-pass probabilities and (for the evidence
        only) features: a book's quotes wait for the decoding together, and keeping
        every candidate's features alive meanwhile slowed a 5 MB text by a quarter."""
        cands, feats, setting = self.candidates(index, around)
        probs = model.second.probabilities_in(feats, setting)
        return cands, feats if explain else [], probs, setting

    def _decided(
        self,
        index: int,
        model: SpeakerModel,
        ranked: tuple[list[Candidate], list[list[str]], list[float], Setting],
        chosen: int,
        explain: bool,
    ) -> Quote:
        s, e = self.spans[index]
        cands, feats, probs, setting = ranked
        top = max(range(len(cands)), key=probs.__getitem__)
        rest = sorted((k for k in range(len(cands)) if k != chosen), key=lambda k: -probs[k])
        order = [chosen, *rest]
        best = cands[chosen]
        mention = _mention(best, s, e)
        speaker = self._resolved(index, best)
        evidence: dict[str, Any] | None = None
        if explain:
            evidence = {
                "mention": None if mention is None else _span(self.text, mention),
                "offered_by": sorted(best.offered_by) or ["seen" if best.name else "nobody"],
                "rule": self._rule(index),
                "decided_by": [
                    {"feature": f, "weight": w}
                    for f, w in model.second.contributions(conjoin(feats[order[0]], setting))
                ],
                "score": round(probs[order[0]], 3),
                "sequence": chosen != top,
                "alternatives": [
                    {"speaker": cands[k].name, "score": round(probs[k], 3)}
                    for k in order[1 : 1 + RUNNERS_UP]
                ],
            }
        return Quote(
            start=s,
            end=e,
            text=self.text[s:e],
            speaker=speaker,
            speaker_start=mention[0] if mention else None,
            speaker_end=mention[1] if mention else None,
            speaker_confidence=round(
                model.confidence(probs[order[0]], self.kind, rule_class(best)), 3
            ),
            speaker_evidence=evidence,
        )

    def _resolved(self, index: int, best: Candidate) -> str | None:
        """The chosen mention's name. In fiction a description the tag reader resolved
        ("the old lady" after "Mrs. Bennet") names that character: a novel's epithets
        stand for people it has named. Reporting offers no "as_written" candidate (the
        description is the rules' answer there, see ``CandidateFinder``), so a chosen
        description stays as written."""
        rule = self.found[index]
        if "as_written" in best.offered_by and rule.speaker and rule.speaker != best.name:
            return rule.speaker
        return best.name

    def _rule(self, index: int) -> dict[str, Any] | None:
        """What the rule stages said, for the evidence (they are one voice among several)."""
        f = self.found[index]
        if not f.speaker:
            return None
        return {"speaker": f.speaker, "stage": self.stages[index], "pattern": f.how or None}


FORK_QUOTES = 4_000
"""Quotes per part when a book's quotes are ranked on several workers."""
SEGMENT_REACH = 2_000
"""How far a part reaches beyond its edges for the rest of a linked run of quotes (a
conversation longer than this without a line of narration is cut there)."""


def _parts(count: int, size: int) -> list[tuple[int, int]]:
    """``[lo, hi)`` ranges of at most ``size`` (at least one range, maybe empty)."""
    size = max(1, size)
    return [(lo, min(count, lo + size)) for lo in range(0, count, size)] or [(0, 0)]


def _span(text: str, span: tuple[int, int]) -> dict[str, Any]:
    return {"text": text[span[0] : span[1]], "start": span[0], "end": span[1]}


def _mention(cand: Candidate, start: int, end: int) -> tuple[int, int] | None:
    """Where the text names the chosen speaker: the rule's mention, else the nearest
    name or entity sighting (a pronoun only when nothing else is near)."""
    if cand.name is None:
        return None
    if cand.rule is not None and cand.rule.start is not None and cand.rule.end is not None:
        return cand.rule.start, cand.rule.end

    def gap(s: Sighting) -> tuple[int, int]:
        far = start - s.end if s.end <= start else s.start - end
        return (s.kind == "pronoun", far)

    if not cand.sightings:
        return None
    near = min(cand.sightings, key=gap)
    return near.start, near.end
