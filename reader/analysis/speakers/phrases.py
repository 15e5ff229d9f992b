"""Parse the noun phrase that names a speaker: a pronoun, a name, a role, or a described
source.

Why its own module: English packs a great deal into who spoke — titles, "Republican
pollster Bill McInturff", "Ivana Trump's brief", "a joint statement from the two
agencies", "a person close to the Clintons", appositives set off by commas. These
forward readers are the bulk of the grammar; ``subjects`` reads leftwards from a verb to
where one starts, and the tag patterns in ``tags`` decide where to look.
"""

from __future__ import annotations

from reader.analysis.speakers.names import STOP, Mention
from reader.analysis.speakers.resolution import Resolver
from reader.analysis.speakers.tokens import (
    DETERMINERS,
    INDEFINITES,
    PRONOMINAL,
    Found,
    Tok,
    finite,
    is_verb,
    skippable,
    source_head,
)
from reader.analysis.speakers.verbs import (
    PRONOUN_GENDER,
    ROLE_NOUNS,
    SPEECH_VERBS,
    words,
)
from reader.analysis.speakers.windows import ASIDE_WORDS, QUALIFIER_WORDS, ROLE_WORDS

CONJUNCTIONS = frozenset({"and", "but", "or", "yet"})
PREPOSITIONS = words("""
    in on at after before during earlier later yet but however meanwhile speaking asked
    when while despite as for then also and so since with without from by to of about
    according under over""")


_QUALIFIERS = words("to of for from")
"""Prepositions whose phrase can qualify a described source ("an adviser to …")."""
RELATIVES = words("who which that")
"""Words that open a relative clause: a description ends before one."""
_CLAUSE_WORDS = words("that which who whom whose when where while on in during after before")
_AGENT = ("ist", "er", "or", "ant", "ent", "man", "woman", "ian", "ee", "ive")
"""Endings of nouns for what a person is or does ("strategist", "adviser")."""


_ARTICLES = words("a an the")


def _past_after_noun(toks: list[Tok], i: int, j: int) -> bool:
    """toks[j] is a verb's past form ending the noun phrase opened at toks[i]: "the
    convention released", but not "the retired judge" or "a 63-year-old retired teacher"."""
    word, prev = toks[j], toks[j - 1]
    if j < i + 2 or not word.word.islower():
        return False
    if not finite(word):
        return False
    owned = prev.word.endswith(("'s", "’s"))
    counted = any(t.word[:1].isdigit() for t in toks[i:j])  # "a 63-year-old retired"
    return not (prev.low in DETERMINERS or owned or counted)


def index_after(toks: list[Tok], k: int, end: int) -> int:
    """The first token from ``k`` on that starts at or after ``end`` (past a name)."""
    while k < len(toks) and toks[k].start < end:
        k += 1
    return k


def _ends_epithet(tok: Tok) -> bool:
    """A word that cannot continue "the Invisible Man" as its head noun."""
    low = tok.low
    return low.endswith(("ing", "ly")) or low in DETERMINERS or low in STOP


class PhraseParser(Resolver):
    """Parses the noun phrase that names a speaker, resolving it through ``Resolver``."""

    def noun_phrase_at(
        self, toks: list[Tok], i: int, sentence: tuple[int, int]
    ) -> tuple[Found, int] | None:
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
        alone = i + 1 == len(toks) or not toks[i + 1].word[:1].isalnum()
        if tok.low in PRONOMINAL and i + 2 < len(toks) and toks[i + 1].low == "of":
            k = i + 2  # "said one of the organizers."
            while k < len(toks) and k - i <= 7 and toks[k].word[:1].isalnum():
                if is_verb(toks[k]) or toks[k].low in RELATIVES:
                    break
                k += 1
            if k > i + 2 and (k == len(toks) or not toks[k].word[:1].isalnum()):
                words = self.text[tok.start : toks[k - 1].end]
                return Found(words, tok.start, toks[k - 1].end, tagged=True), k
        if alone and (tok.low in INDEFINITES or tok.low in PRONOMINAL):
            return Found(tok.word, tok.start, tok.end, tagged=True), i + 1  # "said another."
        if tok.word[:1].isupper() and tok.low not in DETERMINERS:
            named = self.from_name(tok)
            if named is None and i + 1 < len(toks) and tok.low in ROLE_NOUNS:
                named = self.from_name(toks[i + 1])  # "Backbencher Ruth Smeeth"
            mention = self.names.mention_at(tok.start, tok.end)
            possessive = tok.word.endswith(("'s", "’s")) or (
                mention is not None and self.text.startswith(("'s", "’s"), mention.end)
            )
            later = self._named_after_role(toks, i, mention, possessive)
            if later is not None:
                named = later
            elif named is None or possessive or (mention is not None and not mention.person):
                # "Republican pollster Bill McInturff", "Clinton's campaign manager Robby
                # Mook": the person is named after the role; "Ryan's spokeswoman" is not Ryan
                j = i + 1
                while j < len(toks) and toks[j].start < (mention.end if mention else tok.end):
                    j += 1
                k = j
                while k < len(toks) and k - j < 4 and toks[k].word.islower():
                    if is_verb(toks[k]) or toks[k].low in PREPOSITIONS | STOP:
                        break
                    k += 1
                role = k > j and (
                    toks[k - 1].low in ROLE_NOUNS
                    or (possessive and k == j + 1 and toks[k - 1].low.endswith(_AGENT))
                )  # "Clinton's introducer", as a role
                if role and k < len(toks):
                    later = self.from_name(toks[k])
                    if later is not None and later[0].speaker:
                        named = later
                    elif possessive:
                        words = self.text[tok.start : toks[k - 1].end]
                        named = (
                            Found(words, tok.start, toks[k - 1].end, tagged=True),
                            toks[k - 1].end,
                        )
                elif possessive and k > j and source_head(toks[k - 1].low):
                    words = self.text[tok.start : toks[k - 1].end]  # "Ivana Trump's brief"
                    named = (
                        Found(words, tok.start, toks[k - 1].end, tagged=True),
                        toks[k - 1].end,
                    )
            if named is None:
                return None
            found, end = named
            return found, index_after(toks, i, end)
        if tok.low in DETERMINERS:
            j = i + 1
            while j < len(toks) and j - i <= 5 and toks[j].word[:1].isalnum():
                if is_verb(toks[j]) or toks[j].low in PREPOSITIONS | RELATIVES:
                    break
                if toks[j].low in _ARTICLES or _past_after_noun(toks, i, j):
                    break  # "The convention released a statement", "the actor held a …"
                if skippable(toks[j]) or toks[j].low in PRONOUN_GENDER:
                    break
                if self._person_at(toks[j]):
                    # "the 17-year-old Jared Potts said", "the Vermont senator Bernie
                    # Sanders": the name heads the phrase ("a Clinton ad" it only qualifies)
                    named = self.from_name(toks[j])
                    if named is not None and named[0].speaker:
                        k = index_after(toks, j, named[1])
                        if self._ends_phrase(toks, k):
                            return named[0], k
                j += 1
            if (
                j + 1 < len(toks)
                and toks[j - 1].low == "voice"
                and toks[j].low == "of"
                and self._person_at(toks[j + 1])
            ):
                named = self.from_name(toks[j + 1])  # "said the muffled voice of Kemp"
                if named is not None and named[0].speaker:
                    return named[0], index_after(toks, j + 1, named[1])
            if j < len(toks) and toks[j].low in {"of", "in", "for", "at", "on"} and j - i >= 2:
                # "a narrator in the Clinton ad asks": keep the qualifier before the verb
                k = j + 1
                while k < len(toks) and k - j <= 5 and toks[k].word[:1].isalnum():
                    if is_verb(toks[k]):
                        j = k
                        break
                    if _past_after_noun(toks, j, k):
                        break  # "A spokeswoman for Smith declined to comment but said"
                    k += 1
            if (
                j - i >= 2
                and j + 1 < len(toks)
                and toks[j].low in {"from", "by", "of"}
                and source_head(toks[j - 1].low)
            ):
                # "said a joint statement from the two agencies.": the source is the whole
                # phrase, up to the end of its clause
                k = j + 1
                while k < len(toks) and k - j <= 6 and toks[k].word[:1].isalnum():
                    if is_verb(toks[k]) or toks[k].low in {"that", "which", "who"}:
                        break
                    k += 1
                if k == len(toks) or not toks[k].word[:1].isalnum():
                    words = self.text[toks[i].start : toks[k - 1].end]
                    return Found(words, toks[i].start, toks[k - 1].end, tagged=True), k
            c = i + 1
            while c < j and toks[c].word[:1].isupper():
                c += 1
            if i + 1 < c < j and tok.low == "the" and _ends_epithet(toks[c]):
                j = c  # "said the Invisible Man / rapping it down", "… many times over"
            if j - i >= 2:
                found = self.from_description(toks[i:j], sentence)
                k = self._qualifier_end(toks, j)
                if k > j and found.start is not None:
                    # "said a person close to the Clintons.": the qualifier is part of
                    # who the text says spoke, up to the end of the clause
                    short = self.text[found.start : toks[j - 1].end]
                    words = self.text[found.start : toks[k - 1].end]
                    speaker = words if found.speaker == short else found.speaker
                    return Found(speaker, found.start, toks[k - 1].end, tagged=True), k
                return found, j
        return None

    def _named_after_role(
        self, toks: list[Tok], i: int, mention: Mention | None, possessive: bool
    ) -> tuple[Found, int] | None:
        """The person a name or organisation only qualifies: "Lakeview College political
        scientist Harold Brennan", "Senate Minority Whip Dick Durbin", "Obama adviser
        David Axelrod", "ranking Democrat Elijah Cummings"."""
        j = i + 1
        while j < len(toks) and toks[j].start < (mention.end if mention else toks[i].end):
            j += 1
        k = j
        while k < len(toks) and not self._person_at(toks[k]):
            tok = toks[k]
            if k - j >= ROLE_WORDS or not tok.word[:1].isalnum() or is_verb(tok):
                return None
            if tok.low in PREPOSITIONS | STOP | DETERMINERS or skippable(tok):
                return None
            k += 1
        if k == len(toks):
            return None
        last = toks[k - 1] if k > j else None
        role = last is not None and (last.low in ROLE_NOUNS or last.low.endswith(_AGENT))
        qualified = role and last is not None and last.word.islower()
        if mention is not None and mention.person and not possessive and not qualified:
            return None  # "Clinton" alone, or "Clinton Bill Smith"
        return self.from_name(toks[k])

    def _name_before_aside(self, toks: list[Tok], j: int) -> Found | None:
        """ "…; and Miss Abbott, with decorous playfulness, answered": the person just
        before an aside set off by commas (toks[j] is its closing comma)."""
        k = j - 1
        while k > 0 and j - k <= ASIDE_WORDS and toks[k].word not in {",", ";", ":"}:
            if is_verb(toks[k]) or toks[k].word in {'"', "“", "”"}:
                return None
            k -= 1
        if k <= 0 or toks[k].word != "," or k == j - 1:
            return None
        named = self.from_name(toks[k - 1])
        if named is None or not self._person_at_end(toks[k - 1]):
            return None
        return named[0]

    def _ends_phrase(self, toks: list[Tok], k: int) -> bool:
        """Nothing after toks[k - 1] continues its noun phrase."""
        if k >= len(toks):
            return True
        tok = toks[k]
        return (
            not tok.word[:1].isalnum()
            or is_verb(tok)
            or skippable(tok)
            or (tok.low in PREPOSITIONS | RELATIVES)
        )

    def _person_at_end(self, tok: Tok) -> bool:
        m = self.names.mention_at(tok.start, tok.end)
        return m is not None and m.person and m.end == tok.end

    def _person_at(self, tok: Tok) -> bool:
        m = self.names.mention_at(tok.start, tok.end)
        return m is not None and m.person and m.start == tok.start

    def _qualifier_end(self, toks: list[Tok], j: int) -> int:
        """Where a prepositional qualifier at toks[j] ends when it runs, verbless, to the
        end of its clause ("to both Clintons,"); ``j`` when it does not."""
        if j >= len(toks) or toks[j].low not in _QUALIFIERS:
            return j
        k = j + 1
        while k < len(toks) and k - j <= QUALIFIER_WORDS and toks[k].word[:1].isalnum():
            tok = toks[k]
            if is_verb(tok) or tok.low in _CLAUSE_WORDS or skippable(tok):
                return j
            k += 1
        if k == j + 1 or (k < len(toks) and toks[k].word[:1].isalnum()):
            return j
        return k

    def first_subject(self, toks: list[Tok], sentence: tuple[int, int]) -> Found | None:
        """Subject of a sentence whose verb follows an appositive or a conjunction."""
        i = 0
        while i < len(toks) and (skippable(toks[i]) or toks[i].word in {")", ",", ";"}):
            i += 1  # "Now Brazile's colleague, Jake Tapper, insists", "), Trump said"
        toks = toks[i:]
        i = 0
        if toks and toks[0].low.endswith("ing") and not self._person_at(toks[0]):
            # "Repeating an old line, the governor turned to the crowd: “…”": the
            # participle's clause ends at its comma, and the subject follows
            comma = next((k for k, t in enumerate(toks) if t.word == ","), None)
            if comma is not None and comma + 1 < len(toks) and comma <= ASIDE_WORDS:
                toks = toks[comma + 1 :]
        if toks and toks[0].low in PREPOSITIONS:
            comma = next((k for k, t in enumerate(toks) if t.word == ","), None)
            if toks[0].low in CONJUNCTIONS and (comma is None or comma > 2):
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

    def appositive_name(self, toks: list[Tok], i: int, j: int) -> Found | None:
        """The name set off after a description: "Its director, Tomasz Nowak, said" /
        "said a spokeswoman for the hotels, Jennifer Rodstrom." / "Ryan's aide, Al Bo,"."""
        first = self.names.mention_at(toks[i].start, toks[i].end) if i < len(toks) else None
        if first and first.person and not self.text.startswith(("'s", "’s"), first.end):
            return None  # already a name: "Jim Murphy, the former secretary, said"
        k = j
        while k < len(toks) and k - j < 8 and toks[k].word != ",":
            if not toks[k].word[:1].isalnum() or is_verb(toks[k]):
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
        return Found(m.canonical, m.start, m.end, tagged=True)
