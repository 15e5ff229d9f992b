"""Where each person stands among those named before a speech tag: what a pronoun or an
epithet in the tag ("he said", "said the old man") points back by.

Why features, not one rule: "the last man named" is right most of the time, and the
rule stages use it (``Resolver.focus``), but how far back a pronoun reaches, whether a
subject outranks a nearer object, and whether a name two paragraphs up still counts
differ between a news story and a novel. So each candidate gets its place in the
recency order (among everyone, and among those agreeing in gender with the tag), where
its last mention stood in its sentence, and how many paragraphs back it was; the ranker
learns from the annotated corpora how much each is worth.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from reader.analysis.speakers.names import Mention
from reader.analysis.speakers.resolution import Resolver
from reader.analysis.speakers.tokens import Found
from reader.analysis.speakers.verbs import FEMALE_ROLES, MALE_ROLES, PRONOUN_GENDER, words
from reader.analysis.speakers.windows import SCENE_LOOKBACK, SCENE_MENTIONS

_PREPOSITIONS = words(
    "to of for with by at under about against from than into on over toward towards"
)


@dataclass(frozen=True, slots=True)
class Tag:
    """What a quote's speech tag is, as far as pointing back goes."""

    kind: str
    """ "pronoun" ("he said"), "description" ("said the old man"), "name" or "none"."""
    pos: int
    """Where the tag's speaker word stands (the quote's start when there is no tag)."""
    gender: str | None = None


def tag_of(att: Resolver, found: Found, stage: str | None, quote_start: int) -> Tag:
    """The kind of speaker the rule stages read in the quote's own tag."""
    carried = stage == "carry" and found.how == "same-paragraph"  # '"…," he said, "…"'
    if not (stage == "tag" or carried) or found.start is None or found.end is None:
        return Tag("none", quote_start)
    if found.pronoun is not None:
        word = att.text[found.pronoun[0] : found.pronoun[1]].lower()
        return Tag("pronoun", found.pronoun[0], PRONOUN_GENDER.get(word))
    words = att.text[found.start : found.end].split()
    if att.names.mention_at(found.start, found.end) is not None:
        return Tag("name", found.start)
    lowered = {w.lower().strip(",.;:") for w in words}
    gender = "f" if lowered & FEMALE_ROLES else "m" if lowered & MALE_ROLES else None
    return Tag("description", found.start, gender)


@dataclass(frozen=True, slots=True)
class Standing:
    """One person's place among the people named before a tag."""

    rank: int
    """1 for the last person named before the tag, 2 for the one before, …"""
    agreeing_rank: int
    """The same, counting only people who may agree in gender with the tag."""
    mention: Mention
    """That person's last mention before the tag."""


def standings(att: Resolver, tag: Tag) -> dict[str, Standing]:
    """Each person named outside quotes in the look-back before the tag, by name."""
    names = att.names
    out: dict[str, Standing] = {}
    rank = agreeing = 0
    seen = 0
    k = names.before(tag.pos) - 1
    while k >= 0 and seen < SCENE_MENTIONS:
        m = names.mentions[k]
        k -= 1
        if tag.pos - m.end > SCENE_LOOKBACK:
            break
        if not m.person or att.inside_quote(m.start):
            continue
        seen += 1
        if m.canonical in out:
            continue
        rank += 1
        gender = att.gender.get(m.canonical, m.gender)
        if not (tag.gender and gender and gender != tag.gender):
            agreeing += 1
            out[m.canonical] = Standing(rank, agreeing, m)
        else:
            out[m.canonical] = Standing(rank, 0, m)
    return out


def _bucket(rank: int) -> str:
    return "0" if rank == 0 else str(rank) if rank <= 3 else "4+"


@dataclass(frozen=True, slots=True)
class Openers:
    """The narration's sentence-opening "He"/"She": where a story keeps its subject."""

    starts: list[int]
    genders: list[str]

    @classmethod
    def of(cls, att: Resolver) -> Openers:
        starts, genders = [], []
        for word, start in zip(att.doc.words, att.doc.starts, strict=True):
            if word in {"He", "She"} and not att.inside_quote(start):
                starts.append(start)
                genders.append(PRONOUN_GENDER[word.lower()])
        return cls(starts, genders)

    def between(self, lo: int, hi: int, gender: str) -> int:
        """How many openers of ``gender`` stand in [lo, hi)."""
        k, end = bisect_left(self.starts, lo), bisect_left(self.starts, hi)
        return sum(1 for g in self.genders[k:end] if g == gender)

    def governs(self, att: Resolver, mention: Mention, gender: str | None) -> bool:
        """The mention's own sentence opens with a pronoun of its gender ("She knew
        what Marianne thought"): that pronoun is someone else, whom the story follows."""
        k = bisect_left(self.starts, mention.start) - 1
        if k < 0 or gender is None or self.genders[k] != gender:
            return False
        between = att.text[self.starts[k] : mention.start]
        return len(between) < 200 and not any(c in between for c in ".!?\n")


def standing_features(
    att: Resolver, tag: Tag, standing: Standing | None, openers: Openers | None = None
) -> list[str]:
    """The facts about one candidate's standing before the tag, named by the tag's kind."""
    kind = tag.kind
    if standing is None:
        return [f"ante:{kind}:unnamed"]
    out = [
        f"ante:{kind}:all{_bucket(standing.rank)}",
        f"ante:{kind}:agree{_bucket(standing.agreeing_rank)}",
    ]
    m = standing.mention
    lead = att.text[max(0, m.start - 3) : m.start].rstrip(" \t")
    if lead == "" or lead.endswith((".", "\n", "!", "?", "”", '"', "“")):
        out.append(f"ante:{kind}:opens")
    before = att.text[max(0, m.start - 12) : m.start].split()
    if before and before[-1].lower() in _PREPOSITIONS:
        out.append(f"ante:{kind}:oblique")
    breaks = _paragraphs_between(att, m.end, tag.pos)
    out.append(f"ante:{kind}:para{min(breaks, 2)}")
    if openers is not None and tag.gender:
        gender = att.gender.get(m.canonical, m.gender)
        if openers.governs(att, m, gender):
            out.append(f"ante:{kind}:governed")
        chain = openers.between(m.end, tag.pos, tag.gender)
        out.append(f"ante:{kind}:chain{min(chain, 2)}")
    return out


def _paragraphs_between(att: Resolver, lo: int, hi: int) -> int:
    """How many paragraph breaks lie between two offsets."""
    paragraphs = att.doc.paragraphs
    key = len(att.text) + 1
    return bisect_right(paragraphs, (hi, key)) - bisect_right(paragraphs, (lo, key))


__all__ = ["Openers", "Standing", "Tag", "standing_features", "standings", "tag_of"]
