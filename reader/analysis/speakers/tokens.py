"""Tokens, word classes and token tests shared by the speaker-tag parsers.

Why its own module: the phrase parser, the tag reader and the resolver all read the same
small tokens (a word or a punctuation mark, flagged when it is a speech verb), taken
from the one document model, with the word-class tests in one place none of them owns.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from reader.analysis.document import document
from reader.analysis.speakers.verbs import (
    PHRASAL_SPEECH,
    REPORTING_VERBS,
    SOURCE_NOUNS,
    SPEECH_VERBS,
    words,
)

_SKIP = words("""
    has have had was is were are also later then again once previously recently would will
    did does do just simply quickly finally further not never often always sometimes had
    already yesterday today now still repeatedly publicly privately quietly softly loudly
    earlier
    """)
_PASSIVE_AUX = words("was were been being be is are widely often")
DETERMINERS = words(
    "the a an this that these those one another some many several most two three his her"
    " their its my our your each every"
)
PRONOMINAL = words("another others some many several most one both few")
"""Determiners that can stand alone as a subject: "another said"."""
INDEFINITES = words("someone somebody everyone everybody anyone anybody nobody")
"""Pronouns for an unnamed person: "someone shouted" is who the text says spoke."""
FINITE_FORMS = words("""
    said says told tells wrote writes spoke put held sent made gave took went got ran came
    saw found kept brought began left met paid spent stood won""")
"""Verb forms no noun phrase goes on with: irregular pasts and the "-s" forms of saying
(with any "-ed" word, see :func:`finite`)."""
_VERBS = SPEECH_VERBS | REPORTING_VERBS
_VERBS_OF = words("speaks says tells writes thinks talks complains boasts warns")
"""Verb forms in -s that take "of" as verbs ("she speaks of"); others are nouns there."""
_TITLE_VERBS = frozenset(v.capitalize() for v in SPEECH_VERBS)


@dataclass(slots=True)
class Tok:
    """A word or punctuation mark with its offsets in the text."""

    word: str
    start: int
    end: int
    verb: bool = False
    """A speech verb: lower case, or capitalised inside a Title Case headline."""

    @property
    def low(self) -> str:
        return self.word.lower()


@dataclass(slots=True)
class Found:
    """A speaker decision and how it was reached."""

    speaker: str | None
    start: int | None = None
    end: int | None = None
    tagged: bool = False
    how: str = ""
    """Which tag pattern found it ("after", "signature", "later", "before", "colon")."""
    pronoun: tuple[int, int] | None = None
    """Where the tag's pronoun stands when the speaker was resolved from one ("he said")."""


_MARKS = frozenset(',;:.!?—–―"“”()')


def _document_words(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The document model's tokens in ``[start, end)``, as the phrase parser reads them:
    a possessive stays on its word ("Murphy's"), a title's stop is its own mark ("Mr",
    "."), and only the marks that shape a speech tag are kept."""
    doc = document(text)
    first = bisect_left(doc.starts, start)
    out: list[tuple[str, int, int]] = []
    for i in range(first, len(doc.words)):
        s, e, w = doc.starts[i], doc.ends[i], doc.words[i]
        if e > end:
            break
        if w[:1] in "'’" and w[1:].lower() == "s" and out and out[-1][2] == s:
            word, ws, _ = out[-1]
            out[-1] = (word + w, ws, e)
            continue
        if w[:1].isalnum():
            if w.endswith(".") and len(w) > 1 and "." not in w[:-1]:
                out.append((w[:-1], s, e - 1))
                out.append((".", e - 1, e))
            else:
                out.append((w, s, e))
        elif w in _MARKS:
            out.append((w, s, e))
    return out


def tokens(text: str, start: int, end: int) -> list[Tok]:
    """The tokens of text[start:end], speech verbs flagged (headline-case ones too)."""
    verbs = _VERBS
    toks = [Tok(w, s, e, w in verbs) for w, s, e in _document_words(text, start, end)]
    toks = _phrasal(toks)
    titled = _TITLE_VERBS
    for i in [i for i, t in enumerate(toks) if t.word in titled]:
        tok = toks[i]
        if i == 0:
            # "Said Dorothy Poynter, who grew up there, “…”": a sentence opened by the
            # verb, its speaker after it
            nxt_word = toks[1].word if len(toks) > 1 else ""
            finite_form = tok.word.endswith("ed") or tok.word in {"Said", "Says", "Wrote"}
            named = nxt_word[:1].isupper() or nxt_word in {"the", "a", "an", "one"}
            takes_object = tok.word in {"Asked", "Told"}  # "Asked Trump: …" is ambiguous
            tok.verb = finite_form and named and not takes_object
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


def _phrasal(toks: list[Tok]) -> list[Tok]:
    """A phrasal speech verb becomes one verb token ("went on", "broke in"), so the
    tag patterns read its subject or the name after it like any other verb's."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is not None and (tok.word, nxt.low) in PHRASAL_SPEECH:
            out.append(Tok(f"{tok.word} {nxt.word}", tok.start, nxt.end, True))
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


def is_verb(tok: Tok) -> bool:
    return tok.verb


def verb_at(toks: list[Tok], v: int) -> bool:
    """A speech verb used as a verb: not "his tweet", "the statement", "a call"."""
    if not is_verb(toks[v]):
        return False
    nxt = toks[v + 1].low if v + 1 < len(toks) else ""
    if nxt == "of" and toks[v].low.endswith("s") and toks[v].low not in _VERBS_OF:
        return False  # "the key states of Florida", "reports of fraud": nouns
    if v == 0:
        return True
    prev = toks[v - 1]
    passive = prev.word == "," or prev.low in _PASSIVE_AUX
    if passive and toks[v].low in REPORTING_VERBS and toks[v].low.endswith("ed"):
        return False  # "the mayor, labelled “Red Ken”", "was praised as “brave”"
    if prev.low in PRONOMINAL and finite(toks[v]):
        return True  # "another said", "some argued": the determiner stands alone
    return not (prev.low in DETERMINERS or prev.word.endswith(("'s", "’s")))


def finite(tok: Tok) -> bool:
    """A verb form that ends a subject: "another said", "the convention released"."""
    return tok.low.endswith("ed") or tok.low in FINITE_FORMS


def skippable(tok: Tok) -> bool:
    return tok.low in _SKIP or (tok.word.islower() and tok.word.endswith("ly"))


def source_head(word: str) -> bool:
    """A document or body that can say things: "statement", "reports", "office"."""
    return word in SOURCE_NOUNS or (word.endswith("s") and word[:-1] in SOURCE_NOUNS)
