"""Read the subject of a speech verb leftwards from the verb.

Why its own module: what may stand between a subject and its "said" is a grammar of its
own — "Trump in recent days has suggested", "for Trump to tweet that", "Gov. Mike Pence
(R-IN) said", "Ivana Trump's brief said", "Only 63 percent said", "Jo Berg, who said" —
apart from parsing a noun phrase forwards from its first word (``phrases``).
"""

from __future__ import annotations

from reader.analysis.speakers.names import STOP
from reader.analysis.speakers.phrases import (
    CONJUNCTIONS,
    PREPOSITIONS,
    RELATIVES,
    PhraseParser,
)
from reader.analysis.speakers.tokens import (
    DETERMINERS,
    INDEFINITES,
    PRONOMINAL,
    Found,
    Tok,
    is_verb,
    skippable,
    source_head,
    verb_at,
)
from reader.analysis.speakers.verbs import PRONOUN_GENDER, SPEECH_LEMMAS, words

_INFINITIVE_HEADS = words("""
    tried tries try wanted wants want went goes began begins decided decides refused
    refuses continued continues used seemed seems appeared appears managed manages chose
    chooses sought seeks hastened rushed moved""")
_QUANTITY_NOUNS = words("percent per cent % people voters respondents")
_PP_HEADS = words("in on at during over since after before on at for")
_OBJECT_PREPOSITIONS = words("to with from")
"""After a message, these take its addressee: in "a text to supporters saying" the
text speaks, not the supporters."""
_ADVERBS = words("first even")
"""Adverbs between a subject and its verb that ``skippable`` cannot take everywhere
("The employee first said"; "the first lady" is a noun phrase)."""


class SubjectReader(PhraseParser):
    """Reads a speech verb's subject leftwards, then parses it as ``PhraseParser`` does."""

    def subject_before(
        self, toks: list[Tok], v: int, sentence: tuple[int, int], depth: int = 0
    ) -> Found | None:
        """The subject of the speech verb toks[v], reading leftwards."""
        j = v - 1
        while j >= 0 and (skippable(toks[j]) or toks[j].low in _ADVERBS):
            j -= 1
        if j > 0 and toks[j].word == "to":
            # "for Trump to tweet that", "Gingrich tried to argue that"
            j -= 1
            if toks[j].low.split()[0] in _INFINITIVE_HEADS:  # "goes on to say"
                j -= 1
            while j >= 0 and skippable(toks[j]):
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
        if tok.word == ",":
            named = self._name_before_aside(toks, j)
            if named is not None:
                return named
        if tok.low in CONJUNCTIONS or tok.word == ",":
            return self.first_subject(toks, sentence)
        if tok.low in RELATIVES:  # "the caption which reads", "Jo Berg, who said"
            j -= 1
            if j >= 0 and toks[j].word == ",":
                j -= 1
            if j < 0:
                return None
            tok = toks[j]
        if tok.low in INDEFINITES or (tok.low in PRONOMINAL and verb_at(toks, v)):
            return Found(tok.word, tok.start, tok.end, tagged=True)  # "another said"
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
                if k > 2 and toks[k - 1].low == "the" and toks[k - 2].low in {"of", "from", "at"}:
                    k -= 1  # "Jo Berg of the Middlebury Institute said"
                if k > 1 and toks[k - 1].low in _PP_HEADS | {"of", "from"}:
                    # "Obama on Tuesday called", "our correspondent in Paris writes"
                    return self.past_phrase(toks, k - 1, sentence, depth, tok)
            named = self.from_name(tok)
            return named[0] if named else None
        if tok.word[:1].isalpha() and tok.word[:1].islower() and tok.low not in STOP:
            i = j
            while i > 0 and j - i < 5 and toks[i].low not in DETERMINERS:
                prev = toks[i - 1]
                if not prev.word[:1].isalnum() or prev.low in PREPOSITIONS or is_verb(prev):
                    break
                i -= 1
            if (
                i >= 2
                and depth < 3
                and toks[v].low.endswith("ing")
                and toks[i - 1].low in _OBJECT_PREPOSITIONS
                and source_head(toks[i - 2].low)
            ):  # "sent a message to supporters saying": the message's author says it
                return self.subject_before(toks, i - 1, sentence, depth + 1)
            if i >= 2 and toks[i - 1].low in _PP_HEADS and depth < 3:
                # "Trump in recent days has suggested": the subject is before the phrase
                return self.past_phrase(toks, i - 1, sentence, depth, tok)
            owner = next((k for k in range(i, j) if toks[k].word.endswith(("'s", "’s"))), None)
            if owner is not None:  # "Ivana Trump's brief said", "the mayor's office said"
                if toks[v].low in SPEECH_LEMMAS and j == v - 1 and not tok.low.endswith("s"):
                    return None  # "Sanders's clarion call for a …": a noun, not a verb
                if owner == i:
                    while i > 0 and toks[i - 1].word[:1].isupper():
                        if toks[i - 1].low in PREPOSITIONS | DETERMINERS | STOP:
                            break  # "While Sanders's …" opens a clause, not the name
                        i -= 1
                words = self.text[toks[i].start : tok.end]
                return Found(words, toks[i].start, tok.end, tagged=True)
            number = next((k for k in range(i, j) if toks[k].word[:1].isdigit()), None)
            if number is not None and tok.low in _QUANTITY_NOUNS:
                words = self.text[toks[number].start : tok.end]  # "Only 63 percent said"
                return Found(words, toks[number].start, tok.end, tagged=True)
            if toks[i].low in DETERMINERS:
                b = i - 1
                if b > 0 and toks[b].low in {"out", "up", "off"}:
                    b -= 1  # "tweeting out a message declaring"
                before = toks[b] if b >= 0 else None
                if (
                    depth < 3
                    and before is not None
                    and before.word.islower()
                    and before.low not in STOP | PREPOSITIONS
                    and source_head(tok.low)
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
                    return Found(words, toks[first].start, tok.end, tagged=True)
        return None

    def past_phrase(
        self, toks: list[Tok], k: int, sentence: tuple[int, int], depth: int, last: Tok
    ) -> Found | None:
        """The subject before the prepositional phrase at toks[k]; a description found
        there keeps the phrase: "a woman in the audience at a rally in Ohio asked"."""
        found = self.subject_before(toks, k, sentence, depth + 1)
        if found is None or found.start is None or found.end is None:
            return found
        literal = self.text[found.start : found.end]
        described = literal[:1].islower() or literal.split()[0].lower() in DETERMINERS
        if found.speaker == literal and described:
            return Found(self.text[found.start : last.end], found.start, last.end, tagged=True)
        return found
