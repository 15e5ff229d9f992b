"""One document model per text: tokens with offsets, sentences, lines and paragraphs.

Why: every stage of analysis needs to know where words, sentences and paragraphs are,
and each stage cutting the text its own way made them disagree about where a name or
a sentence ends. :func:`document` computes the model once per text and caches it, so
the entity tagger and the speaker stages read the same tokens.

Tokens keep the possessive ``'s`` apart ("Germany" + "'s") and dotted abbreviations
together ("U.S."), which is how annotated news corpora draw entity boundaries.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

TOKEN = re.compile(
    r"""
    (?:[^\W\d_]\.){2,}(?![^\W\d_])               # U.S. / U.N.
   |[^\W\d_]\.(?=[ ][^\W\d_])                    # an initial: J. Smith, S. Korea
   |\d+(?:[.,:/]\d+)*(?:[^\W\d_]{1,3}\b|%)?      # 1996 / 3.5 / 1,000 / 21st / 5km
   |[^\W\d_](?:\w|[-.&](?=\w)|['’](?![sS]\b)(?=\w))*   # O'Brien / Chester-le-Street / AT&T
   |['’][sS]\b                                   # possessive
   |\S                                           # any other mark
    """,
    re.VERBOSE,
)
_SENTENCE_MARKS = frozenset(".!?")
_CLOSERS = frozenset("\"'’”)]»")
_OPENERS = frozenset("\"'‘“([«")
_BLANK_LINE = re.compile(r"\n(?:[ \t]*\n)+")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[^\W\d_A-Z][\w'’-]*")


@dataclass(frozen=True, slots=True)
class Document:
    """Tokens as parallel sequences (cheap for megabytes of text) plus sentence spans."""

    text: str
    words: list[str]
    starts: list[int]
    ends: list[int]
    sentences: list[tuple[int, int]]
    """Token index ranges ``[first, end)``; a line break always ends a sentence."""
    line_starts: list[int]
    paragraphs: list[tuple[int, int]]
    """Character spans of paragraphs: text between blank lines."""
    lower_words: frozenset[str]
    """Words written somewhere in lower case: evidence that a capitalised one is no name."""

    def line_of(self, offset: int) -> int:
        """Index of the line holding character ``offset``."""
        return bisect_right(self.line_starts, offset) - 1

    def line_span(self, index: int) -> tuple[int, int]:
        start = self.line_starts[index]
        if index + 1 < len(self.line_starts):
            return start, self.line_starts[index + 1] - 1
        return start, len(self.text)

    def sentence_tokens(self, index: int) -> range:
        first, end = self.sentences[index]
        return range(first, end)


def _is_abbreviation(word: str) -> bool:
    """ "Mr", "Dr", "St", "J": a short capitalised word before a full stop seldom ends one."""
    return len(word) <= 3 and word[:1].isupper() and word.isalpha() and not word.isupper()


def _sentences(
    text: str, words: list[str], starts: list[int], ends: list[int]
) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    first = 0
    count = len(words)
    for i in range(count):
        if i + 1 >= count:
            break
        gap = text[ends[i] : starts[i + 1]]
        if "\n" in gap:
            spans.append((first, i + 1))
            first = i + 1
            continue
        word = words[i]
        if word in _SENTENCE_MARKS or (word in _CLOSERS and i > 0 and words[i - 1] in "!?."):
            nxt = words[i + 1]
            if nxt in _CLOSERS and not gap:
                continue
            if not gap:
                continue
            if word == "." and i > 0 and _is_abbreviation(words[i - 1]):
                continue
            if nxt[:1].isupper() or nxt[:1].isdigit() or nxt in _OPENERS:
                spans.append((first, i + 1))
                first = i + 1
    if first < count:
        spans.append((first, count))
    return spans


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BLANK_LINE.finditer(text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    from reader.lexicon import read_list

    return frozenset(t.casefold() for t in read_list("titles.txt") if not t.endswith("."))


def build_document(text: str) -> Document:
    """Tokenise ``text`` once; repeated word forms share one string object."""
    shared: dict[str, str] = {}
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    titles = _titles()
    for match in TOKEN.finditer(text):
        word = match.group()
        if word == "." and words and ends[-1] == match.start() and words[-1].casefold() in titles:
            word = words[-1] + "."  # "Mr." stays one word, as the lexicon writes it
            words[-1] = shared.setdefault(word, word)
            ends[-1] = match.end()
            continue
        words.append(shared.setdefault(word, word))
        starts.append(match.start())
        ends.append(match.end())
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    lower = frozenset(w.casefold() for w in set(_LOWER_WORD.findall(text)))
    return Document(
        text=text,
        words=words,
        starts=starts,
        ends=ends,
        sentences=_sentences(text, words, starts, ends),
        line_starts=line_starts,
        paragraphs=_paragraphs(text),
        lower_words=lower,
    )


@lru_cache(maxsize=4)
def document(text: str) -> Document:
    """The document model of ``text``, computed once and shared by every stage."""
    return build_document(text)
