"""Features of a token for the entity tagger: what it is, what surrounds it, what came before.

Why these: names are recognised by their form (capitals, affixes, shape), by the words
around them ("Mr X", "in X", "X said"), by the lexicon (given names, countries,
nationalities, organisation words) and by the document (a word the article also
writes in lower case is seldom a name; a word tagged earlier keeps its type). All of
these carry over to news the tagger has not seen, unlike lists of names.

Features of the word alone (:func:`word_features`) are split from those of its
context so the tagger can add up the first kind once per distinct word.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

from reader.analysis.document import Document
from reader.analysis.ner.profile import profile_features
from reader.lexicon import Lexicon, lexicon

START, END = "<s>", "</s>"
_PLAIN = str.maketrans(
    {"‘": "'", "’": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"}
)


@lru_cache(maxsize=65536)
def plain(word: str) -> str:
    """The word with typographic quotes and dashes made plain, as most training text is."""
    return word.translate(_PLAIN)


@lru_cache(maxsize=65536)
def shape(word: str) -> str:
    """ "Xx", "X.X.", "dd-dd": the word's character classes with repeats collapsed."""
    out: list[str] = []
    for char in word:
        if char.isupper():
            kind = "X"
        elif char.islower():
            kind = "x"
        elif char.isdigit():
            kind = "d"
        else:
            kind = char
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out)


@lru_cache(maxsize=65536)
def has_capital(word: str) -> bool:
    return any(c.isupper() for c in word)


def word_features(
    word: str, lowercase_elsewhere: bool, lex: Lexicon, profile: Mapping[str, str] | None = None
) -> list[str]:
    """Features of the word form alone, one document fact about it, and its profile."""
    word = plain(word)
    low = word.casefold()
    feats = ["b", "w:" + low, "s:" + shape(word)]
    if word != low:
        feats.append("W:" + word)
    if len(low) > 3:
        feats.extend(("x2:" + low[-2:], "x3:" + low[-3:], "x4:" + low[-4:], "p3:" + low[:3]))
    feats.extend("L:" + kind for kind in lex.kinds(low))
    if "-" in word:
        for part in low.split("-"):
            feats.extend("L-:" + kind for kind in lex.kinds(part))
    if lowercase_elsewhere and word[:1].isupper():
        feats.append("lc")
    if profile:
        feats.extend(profile_features(word, profile))
    return feats


class DocumentFeatures:
    """Context features over one document; remembers the types it has already assigned."""

    def __init__(
        self, doc: Document, lex: Lexicon | None = None, profile: Mapping[str, str] | None = None
    ) -> None:
        self.doc = doc
        self.lex = lex or lexicon()
        self.profile = profile or {}
        self.history: dict[str, Counter[str]] = {}

    def heading(self, index: int) -> bool:
        """True if token ``index`` sits on a shouted line (capitals say little there)."""
        return self.doc.line_of(self.doc.starts[index]) in self.doc.shouted_lines

    def lowercase_elsewhere(self, word: str) -> bool:
        return word.casefold() in self.doc.lower_words

    def context(self, i: int, first: int, end: int) -> list[str]:
        """Features of token ``i``'s surroundings in sentence ``[first, end)``."""
        words = self.doc.words
        word = plain(words[i])
        low = word.casefold()
        before = plain(words[i - 1]).casefold() if i > first else START
        before2 = plain(words[i - 2]).casefold() if i - 1 > first else START
        after = plain(words[i + 1]) if i + 1 < end else END
        after2 = plain(words[i + 2]).casefold() if i + 2 < end else END
        shape_before = shape(plain(words[i - 1])) if i > first else START
        shape_after = shape(after) if i + 1 < end else END
        this_shape = shape(word)
        feats = [
            "w-1:" + before,
            "w-2:" + before2,
            "w+1:" + after.casefold(),
            "w+2:" + after2,
            "s-1:" + shape_before,
            "s+1:" + shape_after,
            "s-1+1:" + shape_before + "|" + shape_after,
            "w-1w:" + before + "|" + low,
            "ww+1:" + low + "|" + after.casefold(),
        ]
        if i == first:
            feats.append("i:" + this_shape)
        if self.heading(i):
            feats.append("hd:" + this_shape)
        for kind in self.lex.kinds(before):
            feats.append("L-1:" + kind)
        for kind in self.lex.kinds(after.casefold()):
            feats.append("L+1:" + kind)
        seen = self.history.get(low)
        if seen:
            feats.append("h:" + seen.most_common(1)[0][0])
        return feats

    def remember(self, i: int, tag: str) -> None:  # after each sentence, so history is prior
        """Record the type given to token ``i`` for later mentions of the same word."""
        word = self.doc.words[i]
        if tag != "O" and has_capital(word):
            self.history.setdefault(word.casefold(), Counter())[tag[2:]] += 1


def pair_features(word: str, prev: str) -> list[str]:
    """Features joining the previous tag with this word: the only ones that see tags."""
    word = plain(word)
    return [
        "t-1:" + prev,
        "t-1s:" + prev + "|" + shape(word),
        "t-1w:" + prev + "|" + word.casefold(),
    ]
