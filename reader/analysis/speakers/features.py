"""Turn a candidate and its quote into the named features the ranker weighs.

Why named binary features: a weight per readable fact ("a name right after the quote,
beside a speech verb", "spoke two turns ago, in dialogue") is what the evidence shown
to the user is made of, and it is what generalises from a few thousand quotes. Every
fact is also conjoined with the kind of text (dialogue or reporting) because the same
fact means different things in a novel and in a news story.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from sys import intern

from reader.analysis.speakers.antecedents import Openers, Standing, standing_features, standings
from reader.analysis.speakers.candidates import Candidate, QuoteSetting, Sighting
from reader.analysis.speakers.resolution import Resolver
from reader.analysis.speakers.verbs import REPORTING_VERBS, SPEECH_VERBS

_VERBS = SPEECH_VERBS | REPORTING_VERBS
_DISTANCES = (0, 3, 12, 40, 100, 250, 600)


def _bucket(value: int, edges: tuple[int, ...]) -> int:
    return bisect_right(edges, value)


def _salience_bucket(n: int) -> str:
    return "0" if n == 0 else "1" if n == 1 else "2-3" if n <= 3 else "4-9" if n <= 9 else "10+"


Setting = tuple[str, ...]
"""The kind of text ("dlg"/"news"), of paragraph ("bare"/"narr") a quote is in, and of
speaker its tag names ("tag-none", "tag-name", "tag-pronoun", "tag-description")."""


def first_pass_features(name: str | None, first: dict[str | None, float]) -> list[str]:
    """Where the first pass put a candidate among its quote's, and how sure it was.

    Why: the first pass's probability is normalised over the quote's candidates, so it
    says how a candidate fared against its rivals; that comparison is beyond a linear
    second pass that only sees each candidate's own features. Leaving whole novels out,
    it lifted the novels' ten-fold CV from 0.695 to 0.702."""
    p = first.get(name)
    if p is None:
        return ["fp:absent"]
    rank = min(3, 1 + sum(1 for other in first.values() if other > p))
    sure = next(edge for edge in (0.9, 0.7, 0.5, 0.3, 0.1, 0.0) if p >= edge)
    return [f"fp:rank{rank}", f"fp:p{sure:.1f}", f"fp:rank{rank}:p{sure:.1f}"]


def setting_of(q: QuoteSetting) -> Setting:
    tag = q.tag.kind if q.tag is not None else "none"
    return ("dlg" if q.dialogue else "news", "bare" if q.bare else "narr", f"tag-{tag}")


def conjoin(base: list[str], setting: Setting) -> list[str]:
    """Each feature alone and conjoined with each part of the setting: what the model
    weighs (the same fact means different things in a novel and in a news story, and
    beside "he said" and beside no tag at all)."""
    out = list(base)
    for part in setting:
        out.extend(f"{f}|{part}" for f in base)
    return out


class FeatureReader:
    """Reads the features of every candidate of one text's quotes."""

    def __init__(self, att: Resolver, quoted: Sequence[bool]) -> None:
        self.att = att
        self._quoted = quoted
        """Per name mention: whether it stands inside a quotation (see ``Scene``)."""
        self.doc = att.doc
        self._fixed: dict[tuple[int, str | None], list[str]] = {}
        self._standings: tuple[int, dict[str, Standing]] = (-1, {})
        self._ranks: dict[str, int] | None = None
        self._openers: Openers | None = None

    def _token_at(self, pos: int) -> int:
        return bisect_left(self.doc.starts, pos)

    def _beside_verb(self, sighting: Sighting) -> str | None:
        """ "v-before"/"v-after" when a speech verb stands within two words of it."""
        doc = self.doc
        k = self._token_at(sighting.start)
        j = bisect_left(doc.starts, sighting.end)
        for t in range(j, min(len(doc.words), j + 3)):
            w = doc.words[t]
            if w.lower() in _VERBS:
                return "v-after"
            if w in {'"', "“", "”", ".", "!", "?", ";"}:
                break
        for t in range(k - 1, max(-1, k - 4), -1):
            w = doc.words[t]
            if w.lower() in _VERBS:
                return "v-before"
            if w in {'"', "“", "”", ".", "!", "?", ";"}:
                break
        return None

    def _words_beside(self, sighting: Sighting) -> tuple[str, str, str]:
        """The words just before and after a sighting, lower-cased: which verbs and
        prepositions make their subject or object the source is learned word by word."""
        doc = self.doc
        k = self._token_at(sighting.start)
        j = bisect_left(doc.starts, sighting.end)
        before = doc.words[k - 1].lower() if k > 0 else ""
        before2 = doc.words[k - 2].lower() if k > 1 else ""
        after = doc.words[j].lower() if j < len(doc.words) else ""
        return before2, before, after

    def _sentence_opening(self, sighting: Sighting) -> bool:
        lead = self.att.text[max(0, sighting.start - 3) : sighting.start].rstrip(" \t")
        return lead == "" or lead.endswith((".", "\n", "!", "?", "”", '"'))

    def sighting_features(self, sighting: Sighting, q: QuoteSetting) -> list[str]:
        """Facts about one sighting relative to its quote."""
        if sighting.end <= q.start:
            side, gap = "b", q.start - sighting.end
        elif sighting.start >= q.end:
            side, gap = "a", sighting.start - q.end
        else:
            side, gap = "in", 0
        where = f"{sighting.kind}:{side}"
        out = [where, f"{where}:d{_bucket(gap, _DISTANCES)}"]
        p_start, p_end = q.paragraph
        same_para = p_start <= sighting.start < p_end
        out.append(f"{where}:{'para' if same_para else 'otherpara'}")
        lo, hi = sorted((sighting.end, q.start if side == "b" else q.end))
        if same_para and self.att.one_sentence(lo, hi):
            out.append(f"{where}:sent")
            before2, before, after = self._words_beside(sighting)
            out.append(f"{where}:next={after}")
            out.append(f"{where}:prev={before}")
            out.append(f"{where}:prev2={before2} {before}")
        verb = self._beside_verb(sighting)
        if verb:
            out.append(f"{where}:{verb}")
            if same_para:
                out.append(f"{where}:{verb}:para:d{_bucket(gap, _DISTANCES)}")
        if self._sentence_opening(sighting):
            out.append(f"{where}:opens")
        return out

    def features(self, cand: Candidate, q: QuoteSetting) -> list[str]:
        """The features of ``cand`` as speaker of the quote ``q`` (before conjunction).

        What the text says about a candidate is read once and kept for the second pass,
        which only adds what the first pass chose."""
        key = (q.index, cand.name)
        fixed = self._fixed.get(key)
        if fixed is None:
            fixed = self._fixed[key] = [intern(f) for f in self._base(cand, q)]
        if not q.around:
            return fixed
        turns = self._turns(cand.name, q)
        if cand.name is None:
            turns = [f"nobody:{f}" for f in turns]
        else:
            if cand.pronoun_beside and cand.gender == cand.pronoun_beside:
                # "he said" in an exchange: the man who spoke two turns ago, not the
                # one who just did
                turns.extend([f"agrees:{f}" for f in turns])
            if "first-pass" in cand.offered_by:
                turns.append("by:first-pass")
        return fixed + turns

    def _base(self, cand: Candidate, q: QuoteSetting) -> list[str]:
        if cand.name is None:
            return self._nobody(q)
        out = ["cand"]
        # sets are read in sorted order: the order of the features is the order their
        # weights are summed in, and a sum that varied with the process's hash seed
        # broke near-ties differently from one training run to the next
        for source in sorted(cand.offered_by - {"first-pass"}):
            out.append(f"by:{source}")
        if cand.rule is not None:
            out.append("rule")
            out.append(f"rule:{q.rule_stage or 'none'}")
            if cand.rule.tagged:
                out.append("rule:tagged")
            if cand.rule.start is None:
                out.append("rule:unanchored")
            if cand.rule.how:
                out.append(f"rule:how:{cand.rule.how}")
        if cand.pronoun_beside:
            agree = cand.gender == cand.pronoun_beside
            out.append(
                "pronoun-beside:"
                + ("agrees" if agree else "unknown" if not cand.gender else "clashes")
            )
        if cand.offered_by - {"first-pass"} <= {"salient"}:
            out.append("only-seen")
        nearest: dict[str, tuple[int, Sighting]] = {}
        for s in cand.sightings:
            side = "b" if s.end <= q.start else "a"
            gap = q.start - s.end if side == "b" else s.start - q.end
            if side not in nearest or gap < nearest[side][0]:
                nearest[side] = (gap, s)
        for _, s in nearest.values():
            out.extend(self.sighting_features(s, q))
        kinds = sorted({s.kind for s in cand.sightings})
        out.extend(f"seen:{k}" for k in kinds)
        out.append(f"sightings:{min(len(cand.sightings), 4)}")
        out.append(f"salience:{_salience_bucket(cand.salience)}")
        if cand.named_inside:
            out.append("named-inside")
        if cand.addressed_here:
            out.append("addressed-here")
        if " " not in cand.name:
            out.append("one-word")
        if cand.name[:1].islower():
            out.append("lowercase")
        if cand.gender:
            out.append(f"gender:{cand.gender}")
        rank = self._document_rank().get(cand.name)
        out.append(f"doc-rank:{rank if rank is not None and rank <= 3 else '4+'}")
        out.append(f"words:{_bucket(q.words, (2, 5, 12, 30))}")
        if q.tag is not None and q.tag.kind != "name":
            if self._openers is None:
                self._openers = Openers.of(self.att)
            standing = self._standing(q).get(cand.name)
            out.extend(standing_features(self.att, q.tag, standing, self._openers))
        return out

    def _document_rank(self) -> dict[str, int]:
        """Each person's place by how often the whole text names them outside quotes:
        a story's protagonist is who most of its pronouns and quotes are about."""
        if self._ranks is None:
            mentions = zip(self.att.names.mentions, self._quoted, strict=True)
            counts = Counter(m.canonical for m, quoted in mentions if m.person and not quoted)
            order = sorted(counts, key=lambda n: (-counts[n], n))
            self._ranks = {name: k + 1 for k, name in enumerate(order)}
        return self._ranks

    def _standing(self, q: QuoteSetting) -> dict[str, Standing]:
        """Each person's place before the quote's tag (read once per quote)."""
        if self._standings[0] != q.index:
            assert q.tag is not None
            self._standings = (q.index, standings(self.att, q.tag))
        return self._standings[1]

    def _turns(self, name: str | None, q: QuoteSetting) -> list[str]:
        """Whether the candidate spoke the quotes around, on the first pass: ``t1``/``t2``
        the two before, ``n1``/``n2`` the two after."""
        if not q.around:
            return []
        out = []
        for label, other in zip(("t1", "t2", "n1", "n2"), q.around, strict=False):
            if other is None:
                if label[0] == "t":  # a quote after nobody's turn; none after says nothing
                    out.append(f"{label}:none")
            elif other == name:
                out.append(f"{label}:same")
        before = q.around[:2]
        if len(before) == 2 and before[0] and before[1]:
            pattern = "alt" if before[0] != before[1] else "run"
            out.extend(f"{f}:{pattern}" for f in list(out))
        return out

    def _nobody(self, q: QuoteSetting) -> list[str]:
        out = ["nobody", f"nobody:words:{_bucket(q.words, (1, 2, 3, 5, 8, 15))}"]
        out.append(f"nobody:rule:{q.rule_stage or 'none'}")
        if q.opens_paragraph:
            out.append("nobody:opens-para")
        if q.bare:
            out.append("nobody:bare")
        # the word just before the quote: after "dubbed" or "so-called" a quote is
        # usually a name or a phrase in the air, not anyone's words (learned word by word)
        before = self.att.text[max(0, q.start - 24) : q.start].rstrip(" ,:").rsplit(maxsplit=1)
        word = before[-1].lower() if before else ""
        if word.isalpha() or "-" in word:
            out.append(f"nobody:prev={word}")
        return out
