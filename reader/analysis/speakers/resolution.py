"""Per-text state for speaker attribution, and resolving a speaker word to a person.

Why apart from the tag patterns: working out *who* "he", "Mr Murphy" or "the party
leader" is (the person in focus, agreeing in gender; the person titled President; the
former/latter of two) is one question, asked by every tag pattern; finding *where* the
tag is, is another. This module holds the indexes both need — quote spans, paragraph
breaks, name mentions, speakers attributed so far — and answers the first question.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from reader.analysis.document import document
from reader.analysis.model import Entity
from reader.analysis.speakers.names import Mention, NameIndex
from reader.analysis.speakers.tokens import (
    Found,
    Tok,
    source_head,
    tokens,
)
from reader.analysis.speakers.verbs import (
    FEMALE_ROLES,
    MALE_ROLES,
    PRONOUN_GENDER,
    ROLE_NOUNS,
    TITLES,
    words,
)
from reader.analysis.speakers.windows import (
    FOCUS_LOOKBACK,
    FOCUS_MENTIONS,
    PARAGRAPH_AHEAD,
    PARAGRAPH_BACK,
    TAG_WINDOW,
)

_TITLE_SHORT = {
    "senator": ("sen",),
    "governor": ("gov",),
    "representative": ("rep",),
    "congressman": ("rep",),
    "congresswoman": ("rep",),
    "general": ("gen",),
    "professor": ("prof",),
    "captain": ("capt",),
    "doctor": ("dr",),
}
_POSSESSIVES = words("his her their its my our your")
_KIN = words("wife husband mother father son daughter brother sister uncle aunt")
"""Kin after a possessive ("said her mother") are a character of the story, whom the
scene may name; "his spokesman" is a role, reported as written."""
_OBLIQUE = words("to of for with by at under about against from than into on over toward towards")
_SUBORDINATORS = words(
    "while when whenever although though after before because as since if unless"
)


class Resolver:
    """Holds the per-text indexes so each quote is resolved with bounded look-ups."""

    def __init__(
        self, text: str, spans: Sequence[tuple[int, int]], entities: Sequence[Entity]
    ) -> None:
        self.text = text
        self.spans = list(spans)
        self.starts = [s for s, _ in self.spans]
        self.names = NameIndex(text, entities)
        self.doc = document(text)
        self.gender: dict[str, str] = dict(self.names.gender)
        self.events: list[tuple[int, str, int, int]] = []
        """(quote start, speaker, mention start, mention end) of attributed quotes."""
        self.narrator: str | None = None
        self._the_other: dict[int, Found] = {}
        """"the other" read once per place: the quote it tags becomes the latest focus."""

    # ------------------------------------------------------------ geometry ---

    def inside_quote(self, pos: int) -> bool:
        k = bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.spans[k][1]

    def para_bounds(self, pos: int) -> tuple[int, int]:
        """The paragraph around pos (followed at most PARAGRAPH_BACK/AHEAD chars)."""
        start, end = self.doc.paragraph_bounds(pos)
        return max(start, pos - PARAGRAPH_BACK), min(end, pos + PARAGRAPH_AHEAD)

    def one_sentence(self, lo: int, hi: int) -> bool:
        """No sentence ends between lo and hi (a break inside a quote is none)."""
        return all(self.inside_quote(end - 1) for end, _ in self.doc.sentence_breaks(lo, hi))

    def sentence_start(self, pos: int, floor: int) -> int:
        """Where the sentence holding ``pos`` starts (a break inside a quote is none)."""
        start = max(floor, pos - TAG_WINDOW)
        for end, following in self.doc.sentence_breaks(start, pos):
            if not self.inside_quote(end - 1):
                start = following
        return start

    # --------------------------------------------------------- resolution ---

    def focus(self, pos: int, gender: str | None, exclude: str | None = None) -> Mention | None:
        """Most recent person named outside quotes before pos, agreeing in gender."""
        names = self.names
        k = names.before(pos) - 1
        fallback: Mention | None = None
        seen = 0
        while k >= 0 and seen < FOCUS_MENTIONS:
            m = names.mentions[k]
            k -= 1
            if pos - m.end > FOCUS_LOOKBACK:
                break
            if not m.person or self.inside_quote(m.start):
                continue
            seen += 1
            g = self.gender.get(m.canonical, m.gender)
            if gender and g and g != gender:
                continue
            if exclude and m.canonical == exclude:
                continue
            if self._oblique(m):
                fallback = fallback or m
                continue
            return self._recent_speaker(pos, gender, exclude, m)
        return self._recent_speaker(pos, gender, exclude, fallback)

    def _recent_speaker(
        self, pos: int, gender: str | None, exclude: str | None, m: Mention | None
    ) -> Mention | None:
        """A speaker attributed after the last name mention is the fresher focus."""
        k = bisect_left(self.events, (pos, "", 0, 0)) - 1
        floor = m.start if m is not None else pos - FOCUS_LOOKBACK
        while k >= 0 and self.events[k][0] > floor:
            _, name, start, end = self.events[k]
            k -= 1
            g = self.gender.get(name)
            if (gender and g and g != gender) or name == exclude:
                continue
            return Mention(start, end, name, g, False)
        return m

    def sentence_subject(self, m: Mention, gender: str | None) -> Mention:
        """Prefer the first person named in the focus's sentence: in "Obama blasted
        Trump for …" a following "he said" means the subject, not the object."""
        s = self.sentence_start(m.start, self.para_bounds(m.start)[0])
        opener = self.text[s : s + 12].split()
        if opener and opener[0].lower().strip('"“‘') in _SUBORDINATORS:
            comma = self.text.find(",", s, m.start)  # "While he served under Obama, Ham …"
            if comma < 0:
                return m
            s = comma
        names = self.names
        k = names.before(s)
        while k < len(names.mentions) and names.mentions[k].start < m.start:
            cand = names.mentions[k]
            k += 1
            if not cand.person or self.inside_quote(cand.start) or self._oblique(cand):
                continue
            g = self.gender.get(cand.canonical, cand.gender)
            if gender and g and g != gender:
                continue
            if cand.canonical == m.canonical:
                return m
            return cand
        return m

    def _oblique(self, m: Mention) -> bool:
        """A possessive or prepositional object is rarely who the next pronoun means."""
        after = self.text[m.end : m.end + 2]
        if after in ("'s", "’s"):
            # "Ms. McCaskill's chief of staff is …": a possessive opening the sentence
            # keeps its owner in focus
            lead = self.text[max(0, m.start - 3) : m.start].rstrip(" \t")
            return not (lead == "" or lead.endswith((".", "\n", "!", "?")))
        before = self.text[max(0, m.start - 6) : m.start].split()
        return bool(before) and before[-1].lower() in _OBLIQUE

    def from_pronoun(self, tok: Tok) -> Found:
        low = tok.low
        if low == "i":
            return Found(self.narrator, tagged=True) if self.narrator else Found(None)
        gender = PRONOUN_GENDER.get(low)
        if gender is None:
            return Found(None)
        m = self.focus(tok.start, gender)
        if m is None:
            return Found(None)
        m = self.sentence_subject(m, gender)
        self.gender.setdefault(m.canonical, gender)
        return Found(m.canonical, m.start, m.end, tagged=True, pronoun=(tok.start, tok.end))

    def from_name(self, tok: Tok) -> tuple[Found, int] | None:
        m = self.names.mention_at(tok.start, tok.end)
        if m is None:
            return None
        return Found(m.canonical, m.start, m.end, tagged=True), m.end

    def from_description(self, toks: list[Tok], sentence: tuple[int, int]) -> Found:
        """Resolve "the party leader", "his wife"; otherwise report the description."""
        head = toks[-1].low.rsplit("-", 1)[-1]
        det = toks[0].low
        start, end = toks[0].start, toks[-1].end
        words = self.text[start:end]
        if det in _POSSESSIVES:
            owner = self.focus(start, PRONOUN_GENDER.get(det))
            if owner is not None and head in {"wife", "lady", "husband"}:
                title, _, surname = owner.canonical.partition(" ")
                if title.rstrip(".").lower() in TITLES and surname:
                    new = ("Mrs. " if head != "husband" else "Mr. ") + surname
                    return Found(new, start, end, tagged=True)
            if head in ROLE_NOUNS and head not in _KIN:
                return Found(words, start, end, tagged=True)  # "his spokesman", "her aide"
            if (head.endswith("s") and head not in ROLE_NOUNS) or source_head(head):
                return Found(words, start, end, tagged=True)  # "His surrogates", "her office"
            return Found(None)
        if all(t.word[:1].isupper() for t in toks[1:]) and det == "the":
            # "the Major" after "Major Callendar"; else "the Professor", "the Invisible
            # Man": an epithet written as a name
            titled = self.titled_as(start, head) if len(toks) == 2 else None
            if titled is not None and (head in TITLES or head in ROLE_NOUNS):
                return Found(titled.canonical, start, end, tagged=True)
            return Found(words, start, end, tagged=True)
        if head == "other" and det == "the" and len(toks) == 2:
            # "the other continued": of the two last named, the one not named last
            if start not in self._the_other:
                pair = self.last_two(start)
                found = Found(pair[0].canonical, start, end, tagged=True) if pair else Found(None)
                self._the_other[start] = found
            return self._the_other[start]
        if head in {"former", "latter"} and det == "the":
            pair = self.last_two(start)
            if pair:
                m = pair[0] if head == "former" else pair[1]
                return Found(m.canonical, start, end, tagged=True)
            return Found(None)
        if head in ROLE_NOUNS and det in {"the", "this", "that"}:
            gender = "f" if head in FEMALE_ROLES else "m" if head in MALE_ROLES else None
            m = self.titled_as(start, head) or self.focus(start, gender)
            if m is not None and self._bound_elsewhere(sentence, end, m):
                m = self.focus(start, gender, exclude=m.canonical)
            if m is not None:
                return Found(m.canonical, start, end, tagged=True)
        if det in {"this", "that"}:
            return Found(None)
        return Found(words, start, end, tagged=True)

    def titled_as(self, pos: int, role: str) -> Mention | None:
        """The latest person named with the role as a title: "the president" after
        "President Obama", even when someone else was named since."""
        short = {role, *_TITLE_SHORT.get(role, ())}
        names = self.names
        k = names.before(pos) - 1
        while k >= 0 and pos - names.mentions[k].end <= FOCUS_LOOKBACK:
            m = names.mentions[k]
            k -= 1
            if m.titled and not self.inside_quote(m.start):
                title = self.text[m.start : m.end].split()[0].rstrip(".").lower()
                if title in short:
                    return m
        return None

    def last_two(self, pos: int) -> tuple[Mention, Mention] | None:
        """The last two different people named before pos, in text order."""
        later = self.focus(pos, None)
        if later is None:
            return None
        earlier = self.focus(later.start, None, exclude=later.canonical)
        return (earlier, later) if earlier is not None else None

    def _bound_elsewhere(self, sentence: tuple[int, int], after: int, m: Mention) -> bool:
        """A him/his in the subject's own sentence cannot be the subject (binding)."""
        g = self.gender.get(m.canonical, m.gender)
        pronouns = {"m": ("him", "his"), "f": ("her",)}.get(g or "", ("him", "his", "her"))
        for tok in tokens(self.text, after, sentence[1]):
            if tok.low in pronouns and not self.inside_quote(tok.start):
                return True
        return False
