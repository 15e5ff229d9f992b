"""Who could have said each quote: the candidates the ranker chooses among.

Why candidates rather than one answer: the tag patterns, dialogue turns and plain
proximity each offer someone, and each is wrong in its own way. Every person (or
organisation, or description) that any stage offers becomes one candidate, under the
canonical name it resolves to, carrying *what offered it* — the raw facts the feature
stage turns into features. "Nobody" is always a candidate too.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from reader.analysis.model import Entity
from reader.analysis.speakers.antecedents import Tag, tag_of
from reader.analysis.speakers.resolution import Resolver
from reader.analysis.speakers.scene import Scene
from reader.analysis.speakers.sequence import paragraph_run
from reader.analysis.speakers.tags import TagReader
from reader.analysis.speakers.tokens import DETERMINERS, Found
from reader.analysis.speakers.verbs import PRONOUN_GENDER, SPEECH_VERBS
from reader.analysis.speakers.windows import (
    CANDIDATES_AFTER,
    CANDIDATES_BEFORE,
    FOCUS_LOOKBACK,
    NEXT_TURNS,
    PREVIOUS_TURNS,
    PRONOUN_REACH,
    SCENE_TURNS,
    TURN_REACH,
)

_SPEAKING_LABELS = frozenset({"ORG", "GPE", "NORP"})


@dataclass(slots=True)
class Sighting:
    """One place a candidate shows up near the quote: a mention or a pronoun."""

    start: int
    end: int
    kind: str
    """"name", "entity" (an organisation or place) or "pronoun"."""


@dataclass(slots=True)
class Candidate:
    """One possible speaker of one quote, with everything that offered it."""

    name: str | None
    """Canonical name; ``None`` is the candidate "nobody"."""
    sightings: list[Sighting] = field(default_factory=list)
    offered_by: set[str] = field(default_factory=set)
    """Stages that offered it: "rule:<stage>", "prev1"…, "addressed", "narrator"."""
    rule: Found | None = None
    gender: str | None = None
    salience: int = 0
    """Mentions outside quotes in the focus look-back before the quote."""
    named_inside: bool = False
    """The quote itself names it (people rarely name themselves)."""
    addressed_here: bool = False
    """The quote addresses it by name ("Perhaps you are right, Watson")."""
    pronoun_beside: str | None = None
    """The gender of a pronoun tagging the quote ("…," she said), if one does."""


def rule_class(cand: Candidate) -> str:
    """How the rule stages chose ``cand`` (see ``ranker.calibration_group``)."""
    if cand.rule is None:
        return ""
    return "pronoun" if cand.rule.pronoun is not None else "rule"


@dataclass(slots=True)
class QuoteSetting:
    """Facts about the quote itself that every candidate's features are read against."""

    index: int
    start: int
    end: int
    paragraph: tuple[int, int]
    bare: bool
    """The quote's paragraph holds nothing but quotations (a dialogue turn)."""
    opens_paragraph: bool
    words: int
    dialogue: bool
    """The text is fiction-style dialogue (many bare quote paragraphs)."""
    rule_stage: str | None
    around: tuple[str | None, ...] = ()
    """On the second pass, the first-pass speakers of the two quotes before and the two
    after (nearest first): who holds the turns around this one."""
    tag: Tag | None = None
    """What the quote's speech tag points back with ("he", "the old man"), if anything."""


def quote_setting(
    att: Resolver,
    index: int,
    stage: str | None,
    dialogue: bool,
    around: tuple[str | None, ...] = (),
    found: Found | None = None,
) -> QuoteSetting:
    s, e = att.spans[index]
    p_start, p_end = att.para_bounds(s)
    rest = att.text[p_start:p_end]
    lo = max(0, bisect_left(att.starts, p_start) - 1)
    hi = bisect_left(att.starts, p_end)
    inside = sum(
        min(qe, p_end) - max(qs, p_start)
        for qs, qe in att.spans[lo:hi]
        if qs < p_end and qe > p_start
    )
    outside = len(rest.strip()) - inside
    return QuoteSetting(
        index=index,
        start=s,
        end=e,
        paragraph=(p_start, p_end),
        bare=outside <= 3,
        opens_paragraph=s == p_start,
        words=len(att.text[s:e].split()),
        dialogue=dialogue,
        rule_stage=stage,
        around=around,
        tag=tag_of(att, found, stage, s) if found is not None else None,
    )


class CandidateFinder:
    """Offers candidates for each quote of one text, from every stage's evidence."""

    def __init__(
        self,
        att: TagReader,
        entities: Sequence[Entity],
        decisions: Sequence[Found],
        stages: Sequence[str | None],
        dialogue: bool = False,
        paragraphs: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.att = att
        self.dialogue = dialogue
        """Fiction: a description the rules resolved stands for that character."""
        self.decisions = decisions
        self.stages = stages
        self.paragraphs = paragraphs
        """Each quote's paragraph (see ``Attribution.paragraphs``): a turn is one."""
        others = sorted(
            (e.start, e.end, e.canonical) for e in entities if e.label in _SPEAKING_LABELS
        )
        self._others = others
        self._other_starts = [o[0] for o in others]
        self._pronouns = [
            (st, en, w.lower())
            for w, st, en in zip(att.doc.words, att.doc.starts, att.doc.ends, strict=True)
            if w.lower() in PRONOUN_GENDER and w.lower() in {"he", "she"}
        ]
        self._pronoun_starts = [p[0] for p in self._pronouns]
        self.scene = Scene(att)
        self._quoted = self.scene.quoted

    def window(self, index: int) -> tuple[int, int]:
        """Where sightings count: back to the previous quote's paragraph, ahead to the next."""
        att = self.att
        s, e = att.spans[index]
        p_start, p_end = att.para_bounds(s)
        lo = max(0, s - CANDIDATES_BEFORE)
        if p_start > 0:
            prev_start, _ = att.para_bounds(p_start - 1)
            lo = max(lo, prev_start)
        hi = min(len(att.text), e + CANDIDATES_AFTER)
        if p_end < len(att.text):
            _, next_end = att.para_bounds(min(len(att.text) - 1, p_end + 1))
            hi = min(hi, next_end)
        return lo, max(hi, min(p_end, e + CANDIDATES_AFTER))

    def find(self, index: int) -> list[Candidate]:
        """The candidates for quote ``index``: "nobody" first, then in order offered."""
        att = self.att
        s, e = att.spans[index]
        lo, hi = self.window(index)
        by_name: dict[str | None, Candidate] = {None: Candidate(None)}

        def get(name: str) -> Candidate:
            cand = by_name.get(name)
            if cand is None:
                cand = by_name[name] = Candidate(name, gender=att.gender.get(name))
            return cand

        found = self.decisions[index]
        # where a described source ends, and its candidate: "The party leader … said he"
        described_at: tuple[int, str] | None = None
        if found.speaker:
            written = self._as_written(found)
            resolved = bool(written) and written != found.speaker
            guess: Candidate | None = None
            if resolved and not self.dialogue:
                # reporting: the rules' answer is the description as the tag writes it
                # ("the vice president said"); whom it may mean is a candidate of its own
                guess = get(found.speaker)
                guess.offered_by.add("resolved")
                found = replace(found, speaker=written)
                resolved = False
            cand = get(str(found.speaker))
            if guess is not None:
                cand.gender = cand.gender or guess.gender  # "The party leader … said he"
                if found.end is not None:
                    described_at = (found.end, cand.name or "")
            cand.rule = found
            cand.offered_by.add(f"rule:{self.stages[index]}")
            if found.start is not None and found.end is not None and self.stages[index] == "tag":
                word = att.text[found.start : found.end]
                kind = "tag-pronoun" if word.lower() in PRONOUN_GENDER else "tag"
                cand.sightings.append(Sighting(found.start, found.end, kind))
            if resolved and written:
                # the description itself is a candidate too ("a spokesman" may be all
                # the text says), anchored where the tag reads it
                described = get(written)
                described.offered_by.add("as_written")
                described.sightings.append(Sighting(found.start, found.end, "tag"))
        if not found.speaker and not self.dialogue:
            # no tag: in reporting, a scare quote is most often the words of whom its
            # sentence is about ("Village elders are wary of the “modern ways”")
            subject = att.clause_subject(index)
            if subject is not None and subject.start is not None and subject.end is not None:
                written = self._as_written(subject)
                cand = get(written or str(subject.speaker))
                cand.offered_by.add(subject.how)
                cand.sightings.append(Sighting(subject.start, subject.end, subject.how))
        names = att.names
        for k in range(names.before(lo), names.before(hi)):
            m = names.mentions[k]
            if not m.person:
                continue
            if self._quoted[k]:
                if s <= m.start < e:
                    get(m.canonical).named_inside = True
                continue
            cand = get(m.canonical)
            cand.sightings.append(Sighting(m.start, m.end, "name"))
            if cand.gender is None and m.gender:
                cand.gender = m.gender
        for k in range(bisect_left(self._other_starts, lo), bisect_left(self._other_starts, hi)):
            o_start, o_end, canonical = self._others[k]
            named = names.mention_at(o_start, o_end)
            if not att.inside_quote(o_start) and (named is None or not named.person):
                get(canonical).sightings.append(Sighting(o_start, o_end, "entity"))
        p_lo, p_hi = max(lo, s - PRONOUN_REACH), min(hi, e + PRONOUN_REACH)
        for k in range(
            bisect_left(self._pronoun_starts, p_lo), bisect_left(self._pronoun_starts, p_hi)
        ):
            p_start, p_end, word = self._pronouns[k]
            if att.inside_quote(p_start):
                continue
            if (
                described_at
                and described_at[0] <= p_start
                and att.one_sentence(described_at[0], p_start)
                and self._reported_subject(p_start)
            ):
                # "The party leader … said he was sad": the subject binds the pronoun
                get(described_at[1]).sightings.append(Sighting(p_start, p_end, "pronoun"))
                continue
            m = att.focus(p_start, PRONOUN_GENDER[word])
            if m is not None:
                get(m.canonical).sightings.append(Sighting(p_start, p_end, "pronoun"))
        for back in range(1, SCENE_TURNS + 1):
            if index - back < 0 or s - att.spans[index - back][1] > FOCUS_LOOKBACK:
                break
            before = self.decisions[index - back].speaker
            if before:
                label = f"prev{back}" if back <= PREVIOUS_TURNS else "scene"
                get(before).offered_by.add(label)
        for ahead in range(1, NEXT_TURNS + 1):
            k = index + ahead
            if k >= len(att.spans) or att.spans[k][0] - e > FOCUS_LOOKBACK:
                break
            after = self.decisions[k]
            if after.speaker and self.stages[k] == "tag":
                get(after.speaker).offered_by.add(f"next{ahead}")
        counts, salient = self.scene.counts(s)
        for name in salient:
            get(name).offered_by.add("salient")
        if self.dialogue:
            for name, source in self.scene.named_around(s, e):
                get(name).offered_by.add(source)
        for k in self._turn(index, -1):
            for who in self.scene.addressed(k):
                get(who).offered_by.add("addressed")
        # the reply names whom it answers: "Is it true, Mr. Gray?" after his turn
        for k in self._turn(index, 1):
            for who in self.scene.addressed(k):
                get(who).offered_by.add("addressed-next")
        for away in (-2, 2):  # in an exchange, the turns two away speak to the other one
            if 0 <= index + away < len(att.spans):
                for who in self.scene.addressed(index + away):
                    if who in by_name:
                        by_name[who].offered_by.add(f"addressed{away:+d}")
        for who in self.scene.addressed(index):
            if who in by_name:
                by_name[who].addressed_here = True
        beside = self._pronoun_beside(s, e)
        if beside is None and found.pronoun is not None:  # "said he", read by the tag reader
            beside = PRONOUN_GENDER.get(att.text[found.pronoun[0] : found.pronoun[1]].lower())
        if beside is not None:
            for cand in by_name.values():
                cand.pronoun_beside = beside
        if att.narrator:
            get(att.narrator).offered_by.add("narrator")
        for cand in by_name.values():
            if cand.name is not None:
                cand.salience = counts.get(cand.name, 0)
        return list(by_name.values())

    def _turn(self, index: int, step: int) -> list[int]:
        """The quotes of the turn just before ``index`` (``step`` -1) or after (1)."""
        k = index + step
        if not 0 <= k < len(self.paragraphs):
            return []
        return paragraph_run(self.paragraphs, k, step, TURN_REACH)

    def offer_passed(
        self, index: int, cands: list[Candidate], passed: Sequence[str | None]
    ) -> list[Candidate]:
        """``cands`` with the first-pass speakers of the quotes around offered too.

        The kept candidates are copied, not marked: the same quote may be ranked again
        after another first pass (training ranks it once per fold)."""
        wanted = {name for name in passed if name}
        out = [
            replace(c, offered_by=c.offered_by | {"first-pass"}) if c.name in wanted else c
            for c in cands
        ]
        known = {c.name for c in cands}
        for name in passed:
            if name and name not in known:
                known.add(name)
                cand = Candidate(name, gender=self.att.gender.get(name), offered_by={"first-pass"})
                cand.salience = self.scene.counts(self.att.spans[index][0])[0].get(name, 0)
                out.append(cand)
        return out

    def _pronoun_beside(self, start: int, end: int) -> str | None:
        """The gender of a "he"/"she" right after the quote (or just before it)."""
        text = self.att.text
        after = text[end : end + 12].lstrip(" ,—–-").split(maxsplit=1)
        before = text[max(0, start - 16) : start].rstrip(" ,:—–-").rsplit(maxsplit=2)
        for word in (after[0] if after else "", before[-2] if len(before) > 1 else ""):
            gender = PRONOUN_GENDER.get(word.lower().strip(",.;:"))
            if word.lower().strip(",.;:") in {"he", "she"} and gender:
                return gender
        return None

    def _reported_subject(self, pos: int) -> bool:
        """A pronoun opening what was said: "said he was", "told X that he"."""
        doc = self.att.doc
        k = bisect_left(doc.starts, pos)
        before = [w.lower() for w in doc.words[max(0, k - 7) : k]]
        if before and before[-1] in SPEECH_VERBS:
            return True
        return bool(before) and before[-1] == "that" and any(w in SPEECH_VERBS for w in before)

    def _as_written(self, found: Found) -> str | None:
        """A description the rule resolved ("the senator"), as the text writes it."""
        if found.start is None or found.end is None:
            return None
        written = self.att.text[found.start : found.end].strip()
        first = written.split(maxsplit=1)[0].lower() if written else ""
        if first in DETERMINERS or written[:1].islower():
            return written  # "the Republican nominee": a name inside does not make it one
        if self.att.names.mention_at(found.start, found.end) is not None:
            return None
        return written or None
