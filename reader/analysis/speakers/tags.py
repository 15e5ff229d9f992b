"""Find the speech tag around a quote: after it, later in its sentence, or before it.

Why its own module: this is the first and strongest evidence, and the order in which
the patterns are tried (``"…," said X`` / a ``― Name`` signature / ``"…" of the plan,
X said`` / ``X said: "…"`` / a colon ending the previous paragraph) is itself a rule
worth reading in one place. Each pattern hands the subject to ``phrases``.
"""

from __future__ import annotations

import re
from bisect import insort
from dataclasses import replace

from reader.analysis.speakers.names import STOP
from reader.analysis.speakers.phrases import PREPOSITIONS, RELATIVES, index_after
from reader.analysis.speakers.subjects import SubjectReader
from reader.analysis.speakers.tokens import (
    Found,
    Tok,
    is_verb,
    skippable,
    source_head,
    tokens,
    verb_at,
)
from reader.analysis.speakers.verbs import (
    PHRASAL_SPEECH,
    REPORTING_VERBS,
    ROLE_NOUNS,
    SPEECH_VERBS,
)
from reader.analysis.speakers.windows import TAG_WINDOW

_SIGNATURE = re.compile(r"[―—–][^\S\n]*[A-ZÀ-ÖØ-Þ][^―—–\"“”\n]{0,60}?[.]?[^\S\n]*$", re.M)
_DASHES = frozenset("—–―")


class TagReader(SubjectReader):
    """Reads the tag around each quote; the speakers it finds become the next focus."""

    def tag_after(self, end: int, limit: int) -> Found | None:
        """``"…," said X`` / ``"…," X said`` / ``"…" ― X``."""
        toks = tokens(self.text, end, min(limit, end + 160))
        i = 0
        while i < len(toks) and toks[i].word in {",", "(", *_DASHES}:
            i += 1
        dash = any(t.word in _DASHES for t in toks[:i])
        if i >= len(toks):
            return None
        sentence = (end, min(limit, end + 160))
        if is_verb(toks[i]):
            j = i + 1
            while j < len(toks) and skippable(toks[j]):
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
        while j < len(toks) and skippable(toks[j]):
            j += 1
        if j < len(toks) and toks[j].word == ",":
            # appositive: "…," Jim Murphy, the former secretary, said
            k = j + 1
            while k < len(toks) and k - j < 14 and toks[k].word not in {".", ",", ";"}:
                k += 1
            if k < len(toks) and toks[k].word == ",":
                j = k + 1
                while j < len(toks) and skippable(toks[j]):
                    j += 1
        if j < len(toks) and is_verb(toks[j]):
            if " " in toks[j].word and not self._may_speak(found):
                return None  # "“We lost.” The night went on": a phrasal verb is no tag here
            if toks[j - 1].word.endswith(("'s", "’s")):
                return None  # "“…” Editor's note:": what a possessive owns is a noun
            if toks[j].low in _ONLY_REPORTING and self._closed(end):
                return None  # "“…tear down this wall!” Conservatives still praise …"
            return found
        return None

    def _closed(self, end: int) -> bool:
        """The quote ending at ``end`` closed its own sentence ("…wall!”)."""
        inner = self.text[max(0, end - 3) : end].rstrip("\"”’'»")
        return inner.endswith((".", "!", "?"))

    def _may_speak(self, found: Found) -> bool:
        """A person (named or by pronoun) or a source-like description can be a speech
        verb's subject; "the night" cannot."""
        return found.start is None or self.plausible_source(found)

    def signature(self, end: int) -> Found | None:
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

    def tag_later(self, end: int, limit: int) -> Found | None:
        """``"…" of the plan, Mr. Kamin said`` / ``"…" according to X``: the first speech
        verb later in the same sentence, with its subject."""
        gap = self.text[end : end + 12]
        rest = gap.lstrip()
        closed = self._closed(end) and rest[:1].isupper()
        if closed and "\n" in gap[: len(gap) - len(rest)]:
            return None  # the quote closed its sentence and its line: a new one begins
        breaks = self.doc.sentence_breaks(end, min(limit, end + TAG_WINDOW))
        toks = tokens(self.text, end, breaks[0][0] if breaks else min(limit, end + TAG_WINDOW))
        sentence = (end, toks[-1].end if toks else end)
        for v, tok in enumerate(toks):
            if tok.low == "according" and v + 2 < len(toks) and toks[v + 1].low == "to":
                parsed = self.noun_phrase_at(toks, v + 2, sentence)
                if parsed is None and toks[v + 2].word[:1].isupper():
                    k = v + 2
                    while k < len(toks) and toks[k].word[:1].isupper():
                        k += 1
                    words = self.text[toks[v + 2].start : toks[k - 1].end]
                    return Found(words, toks[v + 2].start, toks[k - 1].end, tagged=True)
                return parsed[0] if parsed else None
            if verb_at(toks, v):
                found = self.subject_before(toks, v, sentence)
                if (found is None or not found.speaker) and v > 0 and toks[v - 1].word == ",":
                    # "“…” in the 2008 primary, said professor Paul Beck.": inverted
                    parsed = self.noun_phrase_at(toks, v + 1, sentence)
                    if parsed is not None and parsed[0].speaker:
                        named = self.appositive_name(toks, v + 1, parsed[1])
                        inverted = named if named is not None else parsed[0]
                        inverted.how = "inverted"  # its own weight: as sure as "said X"
                        return inverted
                return found
        return None

    def tag_before(self, start: int, floor: int) -> Found | None:
        """``X said: "…"`` / ``X said he was "sorry"`` / a colon ending the last paragraph."""
        s = self.sentence_start(start, floor)
        toks = tokens(self.text, s, start)
        toks = [t for t in toks if not self.inside_quote(t.start)]
        sentence = (s, min(len(self.text), start + TAG_WINDOW))
        for v in range(len(toks) - 1, -1, -1):
            agent = self.passive_agent(toks, v, sentence) if is_verb(toks[v]) else None
            if agent is not None:
                return agent
            if verb_at(toks, v):
                found = self.subject_before(toks, v, sentence)
                if found is None and v == 0:  # "…," said a spokeswoman, Jo Berg. "…"
                    parsed = self.noun_phrase_at(toks, 1, sentence)
                    named = self.appositive_name(toks, 1, parsed[1]) if parsed else None
                    found = named or (parsed[0] if parsed else None)
                if found is not None:
                    return found
        for v in range(len(toks) - 2):
            if toks[v].low == "according" and toks[v + 1].low == "to":
                # "According to his physician, the man had “excellent” health"
                parsed = self.noun_phrase_at(toks, v + 2, sentence)
                if parsed is not None and parsed[0].speaker:
                    return parsed[0]
        if len(toks) > 1 and (toks[-1].word == ":" or toks[1].word == ":"):
            # "Trump swiped at Ryan in a series of tweets: “…”" / "Clinton: As senator, “…”":
            # a colon hands the floor to whom the sentence is about
            found = self.first_subject(toks, sentence)
            if found is not None and found.speaker and self.plausible_source(found):
                return found
        return None

    def passive_agent(self, toks: list[Tok], v: int, sentence: tuple[int, int]) -> Found | None:
        """``X was asked by host Y: "…"``: the agent of a passive speech verb speaks."""
        if v == 0 or toks[v - 1].low not in _PASSIVE or v + 2 >= len(toks):
            return None
        if toks[v + 1].low != "by":
            return None
        i = v + 2
        while i < len(toks) and i - v <= 4 and toks[i].word.islower():
            i += 1  # "by host Bill Maher", "by the mayor"
        if not (i < len(toks) and self._person_at(toks[i])):
            i = v + 2
        parsed = self.noun_phrase_at(toks, i, sentence)
        if parsed is None or not parsed[0].speaker:
            return None
        named = self.appositive_name(toks, i, parsed[1])
        return named if named is not None else parsed[0]

    def plausible_source(self, found: Found) -> bool:
        """A person, or a description headed by a role or a document ("the report")."""
        if found.start is None or found.end is None:
            return False
        m = self.names.mention_at(found.start, found.end)
        if m is not None and m.person:
            return True
        head = self.text[found.start : found.end].split()[-1].lower()
        return head in ROLE_NOUNS or source_head(head)

    def clause_subject(self, index: int) -> Found | None:
        """The subject of the sentence quote ``index`` stands inside, when the quote
        does not open it: with no speech tag, a scare quote is most often the words
        of whoever the sentence is about ("Village elders are wary of the “modern
        ways” the council promotes")."""
        start = self.spans[index][0]
        prev_end = self.spans[index - 1][1] if index > 0 else 0
        floor = max(self.para_bounds(start)[0], prev_end)
        s = self.sentence_start(start, floor)
        toks = [t for t in tokens(self.text, s, start) if not self.inside_quote(t.start)]
        if len(toks) < 2:
            return None
        found = self.first_subject(toks, (s, min(len(self.text), start + TAG_WINDOW)))
        if found is None or not found.speaker or found.start is None or found.end is None:
            return None
        found = self._described_whole(toks, found)
        if self._in_aside(toks, found):
            return None
        written = self.text[found.start : found.end]
        first = written.split()[0].lower()
        if written.isupper() or first.endswith(("ing", "ly")) or first in PREPOSITIONS:
            return None  # a headline, or a clause opening with a participle or adverb
        return replace(found, how="subject" if self.plausible_source(found) else "subject-other")

    def _in_aside(self, toks: list[Tok], found: Found) -> bool:
        """The quote stands in an aside set off after the subject ("The mayor, nicknamed
        “the Bulldozer,” left"): it names or describes the subject, it is not their
        words — unless the aside is a clause of theirs ("Jo Berg, who has called it")."""
        j = index_after(toks, 0, found.end or 0)
        if j >= len(toks) or toks[j].word != ",":
            return False
        if j + 1 < len(toks) and toks[j + 1].low in RELATIVES:
            return False
        return all(t.word != "," for t in toks[j + 1 :])

    def _described_whole(self, toks: list[Tok], found: Found) -> Found:
        """A capitalised word that names no one, read on to the noun it qualifies:
        "Village elders", "Senior officials" (a sentence's first word looks like a name
        to the phrase parser)."""
        start, end = found.start, found.end
        if start is None or end is None or " " in self.text[start:end]:
            return found
        m = self.names.mention_at(start, end)
        if m is not None and m.person:
            return found
        j = k = index_after(toks, 0, end)
        while k < len(toks) and k - j < 3 and toks[k].word.isalpha() and toks[k].word.islower():
            if is_verb(toks[k]) or toks[k].low in PREPOSITIONS | RELATIVES | STOP:
                break
            k += 1
        if k == j or not (toks[k - 1].low.endswith("s") or toks[k - 1].low in ROLE_NOUNS):
            return found
        return Found(self.text[start : toks[k - 1].end], start, toks[k - 1].end, tagged=True)

    def explicit(self, index: int) -> Found:
        """Speaker from a tag around quote ``index``, remembered as the latest focus."""
        found = self._explicit(index)
        if found.speaker and found.start is not None:
            end = found.end if found.end is not None else found.start
            insort(self.events, (self.spans[index][0], found.speaker, found.start, end))
        return found

    def _explicit(self, index: int) -> Found:
        """Speaker from a tag around quote ``index``; untagged quotes get ``Found(None)``."""
        start, end = self.spans[index]
        p_start = self.para_bounds(start)[0]
        next_start = self.spans[index + 1][0] if index + 1 < len(self.spans) else len(self.text)
        # a quote running over paragraphs is tagged after its end, in its last paragraph
        after_limit = min(self.para_bounds(max(start, end - 1))[1], next_start)
        found = self.tag_after(end, after_limit)
        if found is not None and found.speaker:
            return _how(found, "after")
        found = self.signature(end)
        if found is not None and found.speaker:
            return _how(found, "signature")
        later = _how(self.tag_later(end, after_limit), "later")
        prev_end = self.spans[index - 1][1] if index > 0 else 0
        floor = max(p_start, prev_end)
        if start == p_start and p_start > 0:
            prev_para = self.text[:p_start].rstrip()
            prev_start = self.para_bounds(len(prev_para) - 1)[0]
            if prev_para.endswith(":"):
                floor = max(prev_end, prev_start)
                found = _how(self.tag_before(len(prev_para), floor), "colon")
                return found if found is not None else Found(None)
            if prev_end <= prev_start and _ends_in_speech_verb(prev_para):
                # "Lilia turned on him and said--" / "… answered him," then the quote; a
                # paragraph with a quote of its own ("…," he said.) tags that one
                floor = prev_start
                found = _how(self.tag_before(len(prev_para), floor), "lead-in")
                if found is not None and found.speaker:
                    return found
        found = _how(self.tag_before(start, floor), "before")
        if found is None or not found.speaker:
            found = later
        return found if found is not None else Found(None)


_OBJECTS = frozenset({"him", "her", "them", "me", "us"})
_ONLY_REPORTING = REPORTING_VERBS - SPEECH_VERBS
"""Verbs that tag a quote only in its own sentence ("Trump attacked “the …”")."""
_PASSIVE = frozenset({"was", "were", "is", "are", "been", "being", "be"})


def _ends_in_speech_verb(para: str) -> bool:
    """A paragraph that ends with its speech verb ("and said--", "answered him,")
    hands the floor to the quote that opens the next one."""
    words = para.rstrip(" ,:;.—–-").split()[-3:]
    while words and (words[-1].lower() in _OBJECTS or words[-1].endswith("ly")):
        words.pop()
    if len(words) >= 2 and (words[-2].lower(), words[-1].lower()) in PHRASAL_SPEECH:
        return True  # "Sir Thomas, trying to suppress a smile, went on."
    return bool(words) and words[-1].lower() in SPEECH_VERBS


def _how(found: Found | None, how: str) -> Found | None:
    """Label a tag reading with the pattern that made it (evidence for the ranker)."""
    if found is not None and found.speaker and not found.how:
        found.how = how
    return found
