"""Attribute each quotation to its speaker, or to nobody when there is no evidence.

Evidence, strongest first:

1. a speech tag next to the quote: ``"…," said Mr Murphy`` / ``"…," he said`` /
   ``Ruth Smeeth tweeted: "…"`` / ``X said he was "sorry"`` / ``"…" ― Name`` (a
   signature closing the line signs every quote on it); a reporting verb in the quote's
   sentence (``Trump attacked "the hateful ideology"``); a colon after a sentence about
   someone (``Trump swiped at Ryan in a tweet: "…"``) or a ``Name:`` label;
2. continuation: an untagged quote right after a quote (same paragraph, or the next
   paragraph of a run of quotes) carries on the previous speaker — in dialogue, where
   turns alternate, it goes to the other party instead;
3. nothing else: the speaker is ``None``. A speaker is never guessed from mere proximity.

A pronoun resolves to the person in focus (the latest person named outside quotes,
agreeing in gender when titles or earlier pronouns tell it); a title or surname to the
full name seen earlier; a description ("the party leader") to the person in focus
unless a pronoun in the same sentence must refer to that person (then to the other
salient person; "the president" prefers whoever was titled President); an unresolvable
description is reported as written ("a spokesman"), and so are non-person sources ("a
joint statement from the two agencies", "63 percent", "Ivana Trump's brief") — except
that "X issued a statement saying" credits X.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from reader.analysis.model import Entity, Quote
from reader.analysis.speech_names import STOP, Mention, NameIndex
from reader.analysis.speech_verbs import (
    FEMALE_ROLES,
    MALE_ROLES,
    PRONOUN_GENDER,
    REPORTING_VERBS,
    ROLE_NOUNS,
    SOURCE_NOUNS,
    SPEECH_VERBS,
    TITLES,
    words,
)

_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*|\d[\w,.]*|[,;:.!?—–―\"“”()]")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z])|\n\s*\n")
_SIGNATURE = re.compile(r"[―—–][^\S\n]*[A-ZÀ-ÖØ-Þ][^―—–\"“”\n]{0,60}?[.]?[^\S\n]*$", re.M)
_PARA_BREAK = re.compile(r"\n[^\S\n]*\n")
_VOCATIVE = re.compile(
    r"(?:^[\"“‘]|[,;—]\s*|\b(?:dear|my|oh|O)\s+)((?:[A-Z][a-z]+\.?\s+)?[A-Z][a-z]+)"
    r"(?=\s*[,!?;]|\s*\.?[\"”’]?$)"
)

_SKIP = words("""
    has have had was is were are also later then again once previously recently would will
    did does do just simply quickly finally further not never often always sometimes had
    already yesterday today now still repeatedly publicly privately quietly softly loudly
    earlier
    """)
_TITLE_SHORT = {
    "senator": ("sen",),
    "governor": ("gov",),
    "representative": ("rep",),
    "congressman": ("rep",),
    "congresswoman": ("rep",),
    "general": ("gen",),
    "professor": ("prof",),
    "captain": ("capt",),
}
_PASSIVE_AUX = words("was were been being be is are widely often")
_INFINITIVE_HEADS = words("""
    tried tries try wanted wants want went goes began begins decided decides refused
    refuses continued continues used seemed seems appeared appears managed manages chose
    chooses sought seeks hastened rushed moved""")
_QUANTITY_NOUNS = words("percent per cent % people voters respondents")
_PP_HEADS = words("in on at during over since after before on at for")
_DETERMINERS = words(
    "the a an this that these those one another some many several most two three his her"
    " their its my our your each every"
)
_POSSESSIVES = words("his her their its my our your")
_CONJ = frozenset({"and", "but", "or", "yet"})
_PREPOSITIONS = words("""
    in on at after before during earlier later yet but however meanwhile speaking asked
    when while despite as for then also and so since with without from by to of about
    according under over""")
_DASHES = frozenset("—–―")
_VERBS = SPEECH_VERBS | REPORTING_VERBS
_TITLE_VERBS = frozenset(v.capitalize() for v in SPEECH_VERBS)
_OBLIQUE = words("to of for with by at under about against from than into on over toward towards")
_SUBORDINATORS = words(
    "while when whenever although though after before because as since if unless"
)
_WINDOW = 400
_FOCUS_LOOKBACK = 3000


@dataclass(slots=True)
class _Tok:
    word: str
    start: int
    end: int
    verb: bool = False
    """A speech verb: lower case, or capitalised inside a Title Case headline."""

    @property
    def low(self) -> str:
        return self.word.lower()


@dataclass(slots=True)
class _Found:
    """A speaker decision and how it was reached."""

    speaker: str | None
    start: int | None = None
    end: int | None = None
    tagged: bool = False


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    verbs = _VERBS
    toks = [
        _Tok(w, m.start(), m.end(), w in verbs)
        for m in _TOKEN.finditer(text, start, end)
        for w in (m.group(),)
    ]
    titled = _TITLE_VERBS
    for i in [i for i, t in enumerate(toks) if t.word in titled]:
        tok = toks[i]
        if i == 0:
            continue
        # "Clinton Said Of Wall Street, “…”" / "Clinton Said “…”": headline case, after
        # a capitalised word and before capitalised words only, or the quote itself;
        # "Kent State University on Monday" is a name in a sentence, not a headline
        before = toks[i - 1].word
        nxt = text[tok.end : tok.end + 3].lstrip()[:1]  # the quote mark past the range
        after = toks[i + 1].word if i + 1 < len(toks) else nxt
        following = [t.word for t in toks[i + 1 : i + 6] if t.word[:1].isalpha()]
        headline = bool(following) and all(w[:1].isupper() for w in following)
        tok.verb = before[:1].isupper() and (
            (headline and not before.isupper()) or after in {",", ":", "“", '"'}
        )
    return toks


def _is_verb(tok: _Tok) -> bool:
    return tok.verb


def _verb_at(toks: list[_Tok], v: int) -> bool:
    """A speech verb used as a verb: not "his tweet", "the statement", "a call"."""
    if not _is_verb(toks[v]):
        return False
    if v == 0:
        return True
    prev = toks[v - 1]
    passive = prev.word == "," or prev.low in _PASSIVE_AUX
    if passive and toks[v].low in REPORTING_VERBS and toks[v].low.endswith("ed"):
        return False  # "the mayor, labelled “Red Ken”", "was praised as “brave”"
    return not (prev.low in _DETERMINERS or prev.word.endswith(("'s", "’s")))


def _skippable(tok: _Tok) -> bool:
    return tok.low in _SKIP or (tok.word.islower() and tok.word.endswith("ly"))


class _Attributor:
    """Holds the per-text indexes so each quote is resolved with bounded look-ups."""

    def __init__(self, text: str, spans: Sequence[tuple[int, int]], entities: Sequence[Entity]):
        self.text = text
        self.spans = list(spans)
        self.starts = [s for s, _ in self.spans]
        self.names = NameIndex(text, entities)
        breaks = [m.span() for m in _PARA_BREAK.finditer(text)]
        self.break_starts = [b[0] for b in breaks]
        self.break_ends = [b[1] for b in breaks]
        self.gender: dict[str, str] = dict(self.names.gender)
        self.events: list[tuple[int, str, int, int]] = []
        """(quote start, speaker, mention start, mention end) of attributed quotes."""
        self.narrator: str | None = None

    # ------------------------------------------------------------ geometry ---

    def inside_quote(self, pos: int) -> bool:
        k = bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.spans[k][1]

    def para_bounds(self, pos: int) -> tuple[int, int]:
        """The paragraph around pos (looking at most 4000 back and 8000 ahead)."""
        lo = max(0, pos - 4000)
        k = bisect_right(self.break_ends, pos) - 1
        start = self.break_ends[k] if k >= 0 and self.break_starts[k] >= lo else lo
        k = bisect_left(self.break_starts, pos)
        if k < len(self.break_starts) and self.break_ends[k] <= pos + 8000:
            return start, self.break_starts[k]
        return start, min(len(self.text), pos + 8000)

    def sentence_start(self, pos: int, floor: int) -> int:
        start = max(floor, pos - _WINDOW)
        for m in _SENTENCE_END.finditer(self.text, start, pos):
            if not self.inside_quote(m.start()) and not _is_abbrev(self.text, m.start()):
                start = m.end()
        return start

    # --------------------------------------------------------- resolution ---

    def focus(self, pos: int, gender: str | None, exclude: str | None = None) -> Mention | None:
        """Most recent person named outside quotes before pos, agreeing in gender."""
        names = self.names
        k = names.before(pos) - 1
        fallback: Mention | None = None
        seen = 0
        while k >= 0 and seen < 60:
            m = names.mentions[k]
            k -= 1
            if pos - m.end > _FOCUS_LOOKBACK:
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
        floor = m.start if m is not None else pos - _FOCUS_LOOKBACK
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

    def from_pronoun(self, tok: _Tok) -> _Found:
        low = tok.low
        if low == "i":
            return _Found(self.narrator, tagged=True) if self.narrator else _Found(None)
        gender = PRONOUN_GENDER.get(low)
        if gender is None:
            return _Found(None)
        m = self.focus(tok.start, gender)
        if m is None:
            return _Found(None)
        m = self.sentence_subject(m, gender)
        self.gender.setdefault(m.canonical, gender)
        return _Found(m.canonical, m.start, m.end, tagged=True)

    def from_name(self, tok: _Tok) -> tuple[_Found, int] | None:
        m = self.names.mention_at(tok.start, tok.end)
        if m is None:
            return None
        return _Found(m.canonical, m.start, m.end, tagged=True), m.end

    def from_description(self, toks: list[_Tok], sentence: tuple[int, int]) -> _Found:
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
                    return _Found(new, start, end, tagged=True)
            if head in ROLE_NOUNS and head not in FEMALE_ROLES | MALE_ROLES:
                return _Found(words, start, end, tagged=True)
            if (head.endswith("s") and head not in ROLE_NOUNS) or _source_head(head):
                return _Found(words, start, end, tagged=True)  # "His surrogates", "her office"
            return _Found(None)
        if head in {"former", "latter"} and det == "the":
            pair = self.last_two(start)
            if pair:
                m = pair[0] if head == "former" else pair[1]
                return _Found(m.canonical, start, end, tagged=True)
            return _Found(None)
        if head in ROLE_NOUNS and det in {"the", "this", "that"}:
            gender = "f" if head in FEMALE_ROLES else "m" if head in MALE_ROLES else None
            m = self.titled_as(start, head) or self.focus(start, gender)
            if m is not None and self._bound_elsewhere(sentence, end, m):
                m = self.focus(start, gender, exclude=m.canonical)
            if m is not None:
                return _Found(m.canonical, start, end, tagged=True)
        if det in {"this", "that"}:
            return _Found(None)
        return _Found(words, start, end, tagged=True)

    def titled_as(self, pos: int, role: str) -> Mention | None:
        """The latest person named with the role as a title: "the president" after
        "President Obama", even when someone else was named since."""
        short = {role, *_TITLE_SHORT.get(role, ())}
        names = self.names
        k = names.before(pos) - 1
        while k >= 0 and pos - names.mentions[k].end <= _FOCUS_LOOKBACK:
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
        for tok in _tokens(self.text, after, sentence[1]):
            if tok.low in pronouns and not self.inside_quote(tok.start):
                return True
        return False

    # ------------------------------------------------------------ parsing ---

    def noun_phrase_at(
        self, toks: list[_Tok], i: int, sentence: tuple[int, int]
    ) -> tuple[_Found, int] | None:
        """Parse a subject starting at toks[i]; return it and the index after it."""
        if i >= len(toks):
            return None
        tok = toks[i]
        possessive = (
            tok.low in {"his", "her"} and i + 1 < len(toks) and toks[i + 1].word[:1].islower()
        )
        if (tok.low in PRONOUN_GENDER or tok.low == "i") and not possessive:
            if tok.low in {"him", "his", "her"} and tok.low != "her":
                return None
            return self.from_pronoun(tok), i + 1
        if tok.word[:1].isupper() and tok.low not in _DETERMINERS:
            named = self.from_name(tok)
            if named is None and i + 1 < len(toks) and tok.low in ROLE_NOUNS:
                named = self.from_name(toks[i + 1])  # "Backbencher Ruth Smeeth"
            mention = self.names.mention_at(tok.start, tok.end)
            possessive = tok.word.endswith(("'s", "’s")) or (
                mention is not None and self.text.startswith(("'s", "’s"), mention.end)
            )
            if named is None or possessive or (mention is not None and not mention.person):
                # "Republican pollster Bill McInturff", "Clinton's campaign manager Robby
                # Mook": the person is named after the role; "Ryan's spokeswoman" is not Ryan
                j = i + 1
                while j < len(toks) and toks[j].start < (mention.end if mention else tok.end):
                    j += 1
                k = j
                while k < len(toks) and k - j < 4 and toks[k].word.islower():
                    if _is_verb(toks[k]) or toks[k].low in _PREPOSITIONS | STOP:
                        break
                    k += 1
                if k > j and k < len(toks) and toks[k - 1].low in ROLE_NOUNS:
                    later = self.from_name(toks[k])
                    if later is not None and later[0].speaker:
                        named = later
                    elif possessive:
                        words = self.text[tok.start : toks[k - 1].end]
                        named = (
                            _Found(words, tok.start, toks[k - 1].end, tagged=True),
                            toks[k - 1].end,
                        )
                elif possessive and k > j and _source_head(toks[k - 1].low):
                    words = self.text[tok.start : toks[k - 1].end]  # "Ivana Trump's brief"
                    named = (
                        _Found(words, tok.start, toks[k - 1].end, tagged=True),
                        toks[k - 1].end,
                    )
            if named is None:
                return None
            found, end = named
            j = i
            while j < len(toks) and toks[j].start < end:
                j += 1
            return found, j
        if tok.low in _DETERMINERS:
            j = i + 1
            while j < len(toks) and j - i <= 5 and toks[j].word[:1].isalnum():
                if _is_verb(toks[j]) or toks[j].low in _PREPOSITIONS or toks[j].low == "who":
                    break
                if _skippable(toks[j]) or toks[j].low in PRONOUN_GENDER:
                    break
                j += 1
            if j < len(toks) and toks[j].low in {"of", "in", "for", "at"} and j - i >= 2:
                # "a narrator in the Clinton ad asks": keep the qualifier before the verb
                k = j + 1
                while k < len(toks) and k - j <= 5 and toks[k].word[:1].isalnum():
                    if _is_verb(toks[k]):
                        j = k
                        break
                    k += 1
            if (
                j - i >= 2
                and j + 1 < len(toks)
                and toks[j].low in {"from", "by", "of"}
                and _source_head(toks[j - 1].low)
            ):
                # "said a joint statement from the two agencies.": the source is the whole
                # phrase, up to the end of its clause
                k = j + 1
                while k < len(toks) and k - j <= 6 and toks[k].word[:1].isalnum():
                    if _is_verb(toks[k]) or toks[k].low in {"that", "which", "who"}:
                        break
                    k += 1
                if k == len(toks) or not toks[k].word[:1].isalnum():
                    words = self.text[toks[i].start : toks[k - 1].end]
                    return _Found(words, toks[i].start, toks[k - 1].end, tagged=True), k
            if j - i >= 2:
                return self.from_description(toks[i:j], sentence), j
        return None

    def subject_before(
        self, toks: list[_Tok], v: int, sentence: tuple[int, int], depth: int = 0
    ) -> _Found | None:
        """The subject of the speech verb toks[v], reading leftwards."""
        j = v - 1
        while j >= 0 and _skippable(toks[j]):
            j -= 1
        if j > 0 and toks[j].word == "to":
            # "for Trump to tweet that", "Gingrich tried to argue that"
            j -= 1
            if toks[j].low in _INFINITIVE_HEADS:
                j -= 1
            while j >= 0 and _skippable(toks[j]):
                j -= 1
        if j < 0:
            return None
        if toks[j].word == ")":  # "Gov. Mike Pence (R-IN) said"
            k = j
            while k > 0 and j - k < 8 and toks[k].word != "(":
                k -= 1
            if toks[k].word == "(" and k > 0:
                j = k - 1
        if toks[j].word == "." and j > 0 and toks[j - 1].low in {"jr", "sr"}:
            j -= 2  # "Trump Jr. later joked"
        if j < 0:
            return None
        tok = toks[j]
        if tok.low in _CONJ or tok.word == ",":
            return self.first_subject(toks, sentence)
        if tok.low == "who":
            j -= 1
            if j >= 0 and toks[j].word == ",":
                j -= 1
            if j < 0:
                return None
            tok = toks[j]
        if tok.low in PRONOUN_GENDER or tok.low in {"i", "we", "they"}:
            if tok.low in {"him", "his"}:
                return None
            return self.from_pronoun(tok)
        if tok.word[:1].isupper():
            if toks[v].word[:1].isupper() and j > 0 and toks[j - 1].word[:1].isupper():
                # a headline's "The United States" is not "United" stating anything
                m = self.names.mention_at(tok.start, tok.end)
                if m is None or not m.person:
                    return None
            m = self.names.mention_at(tok.start, tok.end)
            place = m is None or (not m.person and self.names.other_entity(m.start, m.end))
            if place and depth < 3:
                k = j
                while k > 0 and j - k < 4 and toks[k - 1].word[:1].isupper():
                    k -= 1
                if k > 1 and toks[k - 1].low in _PP_HEADS | {"of", "from"}:
                    # "Obama on Tuesday called", "our correspondent in Paris writes"
                    return self.past_phrase(toks, k - 1, sentence, depth, tok)
            named = self.from_name(tok)
            return named[0] if named else None
        if tok.word[:1].isalpha() and tok.word[:1].islower() and tok.low not in STOP:
            i = j
            while i > 0 and j - i < 5 and toks[i].low not in _DETERMINERS:
                prev = toks[i - 1]
                if not prev.word[:1].isalnum() or prev.low in _PREPOSITIONS or _is_verb(prev):
                    break
                i -= 1
            if i >= 2 and toks[i - 1].low in _PP_HEADS and depth < 3:
                # "Trump in recent days has suggested": the subject is before the phrase
                return self.past_phrase(toks, i - 1, sentence, depth, tok)
            owner = next((k for k in range(i, j) if toks[k].word.endswith(("'s", "’s"))), None)
            if owner is not None:  # "Ivana Trump's brief said", "the mayor's office said"
                if owner == i:
                    while i > 0 and toks[i - 1].word[:1].isupper():
                        i -= 1
                words = self.text[toks[i].start : tok.end]
                return _Found(words, toks[i].start, tok.end, tagged=True)
            number = next((k for k in range(i, j) if toks[k].word[:1].isdigit()), None)
            if number is not None and tok.low in _QUANTITY_NOUNS:
                words = self.text[toks[number].start : tok.end]  # "Only 63 percent said"
                return _Found(words, toks[number].start, tok.end, tagged=True)
            if toks[i].low in _DETERMINERS:
                b = i - 1
                if b > 0 and toks[b].low in {"out", "up", "off"}:
                    b -= 1  # "tweeting out a message declaring"
                before = toks[b] if b >= 0 else None
                if (
                    depth < 3
                    and before is not None
                    and before.word.islower()
                    and before.low not in STOP | _PREPOSITIONS
                    and _source_head(tok.low)
                ):
                    # "Trump issued a tweet saying …": the tweet's author is the source
                    author = self.subject_before(toks, b, sentence, depth + 1)
                    if author is not None and author.speaker:
                        return author
                return self.from_description(toks[i : j + 1], sentence)
            if tok.low.endswith("s") and i < j + 1:
                first = i
                while first <= j and toks[first].low in STOP:
                    first += 1
                if first <= j:
                    words = self.text[toks[first].start : tok.end]
                    return _Found(words, toks[first].start, tok.end, tagged=True)
        return None

    def past_phrase(
        self, toks: list[_Tok], k: int, sentence: tuple[int, int], depth: int, last: _Tok
    ) -> _Found | None:
        """The subject before the prepositional phrase at toks[k]; a description found
        there keeps the phrase: "a woman in the audience at a rally in Ohio asked"."""
        found = self.subject_before(toks, k, sentence, depth + 1)
        if found is None or found.start is None or found.end is None:
            return found
        literal = self.text[found.start : found.end]
        described = literal[:1].islower() or literal.split()[0].lower() in _DETERMINERS
        if found.speaker == literal and described:
            return _Found(self.text[found.start : last.end], found.start, last.end, tagged=True)
        return found

    def first_subject(self, toks: list[_Tok], sentence: tuple[int, int]) -> _Found | None:
        """Subject of a sentence whose verb follows an appositive or a conjunction."""
        i = 0
        while i < len(toks) and (_skippable(toks[i]) or toks[i].word in {")", ",", ";"}):
            i += 1  # "Now Brazile's colleague, Jake Tapper, insists", "), Trump said"
        toks = toks[i:]
        i = 0
        if toks and toks[0].low in _PREPOSITIONS:
            comma = next((k for k, t in enumerate(toks) if t.word == ","), None)
            if toks[0].low in _CONJ and (comma is None or comma > 2):
                i = 1
            elif comma is not None:
                i = comma + 1
            else:
                return None
        parsed = self.noun_phrase_at(toks, i, sentence)
        if parsed is None:
            return None
        named = self.appositive_name(toks, i, parsed[1])
        return named if named is not None else parsed[0]

    def appositive_name(self, toks: list[_Tok], i: int, j: int) -> _Found | None:
        """The name set off after a description: "Its director, Tomasz Nowak, said" /
        "said a spokeswoman for the hotels, Jennifer Rodstrom." / "Ryan's aide, Al Bo,"."""
        first = self.names.mention_at(toks[i].start, toks[i].end) if i < len(toks) else None
        if first and first.person and not self.text.startswith(("'s", "’s"), first.end):
            return None  # already a name: "Jim Murphy, the former secretary, said"
        k = j
        while k < len(toks) and k - j < 8 and toks[k].word != ",":
            if not toks[k].word[:1].isalnum() or _is_verb(toks[k]):
                return None
            k += 1
        if k + 1 >= len(toks) or toks[k].word != ",":
            return None
        m = self.names.mention_at(toks[k + 1].start, toks[k + 1].end)
        if m is None or not m.person or m.start != toks[k + 1].start:
            return None
        rest = self.text[m.end : m.end + 14].split()
        if rest and rest[0][:1] not in {",", ".", ";"} and rest[0] not in SPEECH_VERBS:
            return None
        return _Found(m.canonical, m.start, m.end, tagged=True)

    # ------------------------------------------------------------- tags ---

    def tag_after(self, end: int, limit: int) -> _Found | None:
        """``"…," said X`` / ``"…," X said`` / ``"…" ― X``."""
        toks = _tokens(self.text, end, min(limit, end + 160))
        i = 0
        while i < len(toks) and toks[i].word in {",", "(", *_DASHES}:
            i += 1
        dash = any(t.word in _DASHES for t in toks[:i])
        if i >= len(toks):
            return None
        sentence = (end, min(limit, end + 160))
        if _is_verb(toks[i]):
            j = i + 1
            while j < len(toks) and _skippable(toks[j]):
                j += 1
            parsed = self.noun_phrase_at(toks, j, sentence)
            if parsed is None:
                return None
            named = self.appositive_name(toks, j, parsed[1])
            return named if named is not None else parsed[0]
        parsed = self.noun_phrase_at(toks, i, sentence)
        if parsed is None:
            return None
        found, j = parsed
        if dash and found.speaker:
            return found
        named = self.appositive_name(toks, i, j)  # "…," Ryan's spokeswoman, Al Bo, said
        if named is not None:
            found = named
        while j < len(toks) and _skippable(toks[j]):
            j += 1
        if j < len(toks) and toks[j].word == ",":
            # appositive: "…," Jim Murphy, the former secretary, said
            k = j + 1
            while k < len(toks) and k - j < 14 and toks[k].word not in {".", ",", ";"}:
                k += 1
            if k < len(toks) and toks[k].word == ",":
                j = k + 1
                while j < len(toks) and _skippable(toks[j]):
                    j += 1
        if j < len(toks) and _is_verb(toks[j]):
            return found
        return None

    def signature(self, end: int) -> _Found | None:
        """``“…” And more “…” ― Name`` : a dash and a name closing the quote's line sign
        every quote on it, not only the one right before the dash."""
        line_end = self.text.find("\n", end, end + 400)
        if line_end < 0:
            line_end = min(len(self.text), end + 400)
            if line_end < len(self.text):
                return None
        m = _SIGNATURE.search(self.text, end, line_end)
        if m is None:
            return None
        found = self.tag_after(m.start(), line_end)
        if found is None or found.start is None or found.end is None:
            return None
        return found if self.names.mention_at(found.start, found.end) is not None else None

    def tag_later(self, end: int, limit: int) -> _Found | None:
        """``"…" of the plan, Mr. Kamin said`` / ``"…" according to X``: the first speech
        verb later in the same sentence, with its subject."""
        inner = self.text[max(0, end - 3) : end].rstrip("\"”’'»")
        gap = self.text[end : end + 12]
        rest = gap.lstrip()
        closed = inner.endswith((".", "!", "?")) and rest[:1].isupper()
        if closed and "\n" in gap[: len(gap) - len(rest)]:
            return None  # the quote closed its sentence and its line: a new one begins
        stop = None
        for hit in _SENTENCE_END.finditer(self.text, end, min(limit, end + _WINDOW)):
            if not _is_abbrev(self.text, hit.start()):  # "…, Mr. Holtz-Eakin said."
                stop = hit
                break
        toks = _tokens(self.text, end, stop.start() + 1 if stop else min(limit, end + _WINDOW))
        sentence = (end, toks[-1].end if toks else end)
        for v, tok in enumerate(toks):
            if tok.low == "according" and v + 2 < len(toks) and toks[v + 1].low == "to":
                parsed = self.noun_phrase_at(toks, v + 2, sentence)
                if parsed is None and toks[v + 2].word[:1].isupper():
                    k = v + 2
                    while k < len(toks) and toks[k].word[:1].isupper():
                        k += 1
                    words = self.text[toks[v + 2].start : toks[k - 1].end]
                    return _Found(words, toks[v + 2].start, toks[k - 1].end, tagged=True)
                return parsed[0] if parsed else None
            if _verb_at(toks, v):
                return self.subject_before(toks, v, sentence)
        return None

    def tag_before(self, start: int, floor: int) -> _Found | None:
        """``X said: "…"`` / ``X said he was "sorry"`` / a colon ending the last paragraph."""
        s = self.sentence_start(start, floor)
        toks = _tokens(self.text, s, start)
        toks = [t for t in toks if not self.inside_quote(t.start)]
        sentence = (s, min(len(self.text), start + _WINDOW))
        for v in range(len(toks) - 1, -1, -1):
            if _verb_at(toks, v):
                found = self.subject_before(toks, v, sentence)
                if found is None and v == 0:  # "…," said a spokeswoman, Jo Berg. "…"
                    parsed = self.noun_phrase_at(toks, 1, sentence)
                    named = self.appositive_name(toks, 1, parsed[1]) if parsed else None
                    found = named or (parsed[0] if parsed else None)
                if found is not None:
                    return found
        if len(toks) > 1 and (toks[-1].word == ":" or toks[1].word == ":"):
            # "Trump swiped at Ryan in a series of tweets: “…”" / "Clinton: As senator, “…”":
            # a colon hands the floor to whom the sentence is about
            found = self.first_subject(toks, sentence)
            if found is not None and found.speaker and self.plausible_source(found):
                return found
        return None

    def plausible_source(self, found: _Found) -> bool:
        """A person, or a description headed by a role or a document ("the report")."""
        if found.start is None or found.end is None:
            return False
        m = self.names.mention_at(found.start, found.end)
        if m is not None and m.person:
            return True
        head = self.text[found.start : found.end].split()[-1].lower()
        return head in ROLE_NOUNS or _source_head(head)

    def explicit(self, index: int) -> _Found:
        """Speaker from a tag around quote ``index``, remembered as the latest focus."""
        found = self._explicit(index)
        if found.speaker and found.start is not None:
            end = found.end if found.end is not None else found.start
            insort(self.events, (self.spans[index][0], found.speaker, found.start, end))
        return found

    def _explicit(self, index: int) -> _Found:
        """Speaker from a tag around quote ``index``; untagged quotes get ``_Found(None)``."""
        start, end = self.spans[index]
        p_start, p_end = self.para_bounds(start)
        next_start = self.spans[index + 1][0] if index + 1 < len(self.spans) else len(self.text)
        after_limit = min(p_end, next_start)
        found = self.tag_after(end, after_limit)
        if found is not None and found.speaker:
            return found
        found = self.signature(end)
        if found is not None and found.speaker:
            return found
        later = self.tag_later(end, after_limit)
        prev_end = self.spans[index - 1][1] if index > 0 else 0
        floor = max(p_start, prev_end)
        if start == p_start and p_start > 0:
            before = self.text[max(0, p_start - 3) : p_start].rstrip()
            prev_para = self.text[:p_start].rstrip()
            if (prev_para.endswith(":") and not before.endswith(":")) or prev_para.endswith(":"):
                floor = max(prev_end, self.para_bounds(len(prev_para) - 1)[0])
                found = self.tag_before(len(prev_para), floor)
                return found if found is not None else _Found(None)
        found = self.tag_before(start, floor)
        if found is None or not found.speaker:
            found = later
        return found if found is not None else _Found(None)


def _source_head(word: str) -> bool:
    """A document or body that can say things: "statement", "reports", "office"."""
    return word in SOURCE_NOUNS or (word.endswith("s") and word[:-1] in SOURCE_NOUNS)


def _is_abbrev(text: str, dot: int) -> bool:
    word = text[max(0, dot - 5) : dot].split()
    return bool(word) and (word[-1].lower().strip("(") in TITLES or len(word[-1]) == 1)


def _vocatives(quote: str, names: NameIndex) -> list[str]:
    """Names a quote addresses ("Perhaps you are right, Watson,"): never its speaker."""
    found = []
    for m in _VOCATIVE.finditer(quote):
        name = m.group(1)
        last = name.split()[-1]
        if last.lower() in STOP or last.lower() in TITLES or names.common_word(last):
            continue
        found.append(name)
    return found


def attribute_speakers(
    text: str, spans: Sequence[tuple[int, int]], entities: Sequence[Entity] = ()
) -> list[Quote]:
    """One ``Quote`` per span, in order, each with a speaker or ``None``."""
    if not spans:
        return []
    att = _Attributor(text, spans, entities)
    att.narrator = _narrator(text, att)
    found = [att.explicit(i) for i in range(len(spans))]
    _carry_over(text, spans, found, att)
    _fill_exchanges(text, spans, found, att)
    quotes = []
    for (s, e), f in zip(spans, found, strict=True):
        quotes.append(
            Quote(
                start=s,
                end=e,
                text=text[s:e],
                speaker=f.speaker,
                speaker_start=f.start if f.speaker else None,
                speaker_end=f.end if f.speaker else None,
            )
        )
    return quotes


def _narrator(text: str, att: _Attributor) -> str | None:
    """A first-person narrator's name: the name others call them in dialogue.

    Only when the narration itself says "I said"/"said I"; the narrator is then the name
    most often used as a vocative in quotes that never appears in the narration."""
    narration_i = sum(
        1
        for m in re.finditer(r"\b(?:said I|I said|I asked|I cried|I answered|I remarked)\b", text)
        if not att.inside_quote(m.start())
    )
    if narration_i < 2:
        return None
    counts: Counter[str] = Counter()
    for s, e in att.spans:
        for name in _vocatives(text[s:e], att.names):
            counts[name.split()[-1]] += 1
    outside = Counter()
    for m in att.names.mentions:
        if not att.inside_quote(m.start):
            outside[m.canonical.split()[-1]] += 1
    for name, n in counts.most_common():
        if n >= 2 and outside[name] == 0 and name.lower() not in STOP:
            return name
    return None


def _carry_over(
    text: str, spans: Sequence[tuple[int, int]], found: list[_Found], att: _Attributor
) -> None:
    """Untagged quotes: continue the speaker within a paragraph, alternate in dialogue."""
    paras = [att.para_bounds(s) for s, _ in spans]
    turn_start = [s == p[0] for (s, _), p in zip(spans, paras, strict=True)]
    dialogue = _is_dialogue(text, spans, paras, turn_start)
    turns: list[str | None] = []  # speaker per quote paragraph, in order
    last_para: tuple[int, int] | None = None
    prev_turn_end = -1
    for i, f in enumerate(found):
        para = paras[i]
        same_para = last_para == para
        if not same_para:
            adjacent = prev_turn_end >= 0 and not text[prev_turn_end : para[0]].strip()
            if not adjacent or not turn_start[i]:
                turns = []
        if f.speaker is None and i > 0:
            if same_para and found[i - 1].speaker:
                prev = found[i - 1]
                found[i] = _Found(prev.speaker, prev.start, prev.end)
            elif not same_para and turn_start[i] and turns:
                if dialogue:
                    guess = _alternate(turns, text[spans[i][0] : spans[i][1]], att, spans[i][0])
                    if guess:
                        found[i] = _Found(guess)
                elif turns[-1]:
                    found[i] = _Found(turns[-1])
        if not same_para:
            turns.append(found[i].speaker)
        elif found[i].speaker and not turns[-1]:
            turns[-1] = found[i].speaker
        last_para = para
        prev_turn_end = para[1]


def _alternate(turns: list[str | None], quote: str, att: _Attributor, pos: int) -> str | None:
    """In a two-person exchange the turn goes back to whoever spoke two turns ago."""
    last = turns[-1]
    if len(turns) >= 2 and turns[-2] and turns[-2] != last:
        return turns[-2]
    for name in _vocatives(quote, att.names):
        m = att.names
        for mention in reversed(m.mentions[max(0, m.before(pos) - 40) : m.before(pos)]):
            if mention.canonical.split()[-1] == name.split()[-1]:
                break
    return None


def _fill_exchanges(
    text: str, spans: Sequence[tuple[int, int]], found: list[_Found], att: _Attributor
) -> None:
    """In a run of back-to-back quoted paragraphs between two people, turns alternate:
    tagged turns (and names addressed in the turn before) fix who holds odd and even
    turns, backwards as well as forwards. Runs with a third voice are left alone."""
    paras = [att.para_bounds(s) for s, _ in spans]
    first = [s == p[0] for (s, _), p in zip(spans, paras, strict=True)]
    if not _is_dialogue(text, spans, paras, first):
        return
    runs: list[list[list[int]]] = []  # run → turn (paragraph) → quote indexes
    for i, para in enumerate(paras):
        if runs and runs[-1][-1] and paras[runs[-1][-1][0]] == para:
            runs[-1][-1].append(i)
            continue
        prev_end = paras[runs[-1][-1][0]][1] if runs else -1
        if runs and not text[prev_end : para[0]].strip():
            runs[-1].append([i])
        else:
            runs.append([[i]])
    for run in runs:
        if len(run) < 3:
            continue
        sides: list[set[str]] = [set(), set()]
        for k, turn in enumerate(run):
            for i in turn:
                if found[i].tagged and found[i].speaker:
                    sides[k % 2].add(found[i].speaker)
        hints: list[set[str]] = [set(), set()]
        for k, turn in enumerate(run):
            for i in turn:
                s, e = spans[i]
                for name in _vocatives(text[s:e], att.names):
                    who = _addressee(name, s, att)
                    if who:
                        hints[(k + 1) % 2].add(who)
        for side in (0, 1):
            if not sides[side] and len(hints[side]) == 1:
                sides[side] = set(hints[side])
        if len(sides[0]) != 1 or len(sides[1]) != 1 or sides[0] == sides[1]:
            continue
        names = [next(iter(sides[0])), next(iter(sides[1]))]
        for k, turn in enumerate(run):
            for i in turn:
                if not found[i].speaker:
                    found[i] = _Found(names[k % 2])


def _addressee(name: str, pos: int, att: _Attributor) -> str | None:
    """The person a vocative names: the latest earlier mention with that surname."""
    last = name.split()[-1]
    names = att.names
    k = names.before(pos) - 1
    while k >= 0 and pos - names.mentions[k].start < _FOCUS_LOOKBACK:
        m = names.mentions[k]
        k -= 1
        if m.person and last in m.canonical.split():
            return m.canonical
    return None


def _is_dialogue(
    text: str,
    spans: Sequence[tuple[int, int]],
    paras: list[tuple[int, int]],
    turn_start: list[bool],
) -> bool:
    """Fiction-style exchanges: many paragraphs that are nothing but a quote."""
    bare = 0
    for (_s, e), (_ps, pe), first in zip(spans, paras, turn_start, strict=True):
        if first and not text[e:pe].strip():
            bare += 1
    return bare >= 4 and bare * 4 >= len(spans)


__all__ = ["attribute_speakers"]
_ = bisect_left
