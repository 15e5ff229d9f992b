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
from bisect import bisect_left, bisect_right
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
_RUNS_ON = frozenset(":,")
"""A line ending in these goes on: "Dane Lisser wrote:" then the quote below it."""
_CLOSERS = frozenset("\"'’”)]»")
_OPENERS = frozenset("\"'‘“([«")
_BLANK_LINE = re.compile(r"\n(?:[ \t]*\n)+")
_LINE_BREAK = re.compile(r"\n+")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[^\W\d_A-Z][\w'’-]*")


@dataclass(frozen=True, slots=True)
class Document:
    """Tokens as parallel sequences (cheap for megabytes of text) plus sentence spans."""

    text: str
    words: list[str]
    starts: list[int]
    ends: list[int]
    sentences: list[tuple[int, int]]
    """Token index ranges ``[first, end)``; a line break ends one unless the text is
    hard-wrapped prose (see :func:`hard_wrapped`)."""
    line_starts: list[int]
    paragraphs: list[tuple[int, int]]
    """Character spans of paragraphs: text between blank lines (lines, if none)."""
    lower_words: frozenset[str]
    """Words written somewhere in lower case: evidence that a capitalised one is no name."""
    break_ends: list[int]
    """Where each sentence but the last ends (just past its last token), in order."""
    break_next: list[int]
    """Where the sentence after each of those starts."""
    shouted_lines: frozenset[int]
    """Lines written in capitals ("STORM HITS NAIROBI"): capitals say little there."""

    def line_of(self, offset: int) -> int:
        """Index of the line holding character ``offset``."""
        return bisect_right(self.line_starts, offset) - 1

    def line_span(self, index: int) -> tuple[int, int]:
        start = self.line_starts[index]
        if index + 1 < len(self.line_starts):
            return start, self.line_starts[index + 1] - 1
        return start, len(self.text)

    def paragraph_bounds(self, offset: int) -> tuple[int, int]:
        """The paragraph around ``offset``; between two, the gap from one to the next."""
        index = bisect_right(self.paragraphs, (offset, len(self.text) + 1)) - 1
        if index >= 0 and offset < self.paragraphs[index][1]:
            return self.paragraphs[index]
        start = self.paragraphs[index][1] if index >= 0 else 0
        end = self.paragraphs[index + 1][0] if index + 1 < len(self.paragraphs) else len(self.text)
        return start, end

    def line_tokens(self, index: int) -> range:
        """The tokens on line ``index``."""
        start, end = self.line_span(index)
        return range(bisect_left(self.starts, start), bisect_left(self.starts, end))

    def sentence_breaks(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """``(end, next start)`` of each sentence break lying wholly in ``[lo, hi)``."""
        first = bisect_left(self.break_ends, lo)
        found = []
        for k in range(first, len(self.break_ends)):
            if self.break_next[k] > hi:
                break
            found.append((self.break_ends[k], self.break_next[k]))
        return found

    def sentence_tokens(self, index: int) -> range:
        first, end = self.sentences[index]
        return range(first, end)


def _is_abbreviation(word: str) -> bool:
    """ "Mr", "Dr", "St", "J": a short capitalised word before a full stop seldom ends one."""
    return len(word) <= 3 and word[:1].isupper() and word.isalpha() and not word.isupper()


def hard_wrapped(text: str) -> bool:
    """True for prose broken into lines of a fixed width (a book from a text archive).

    There a line break is a space and only a blank line ends a paragraph; elsewhere
    (news, one sentence or heading per line) a line break ends the sentence. Wrapped
    prose gives itself away: many lines go on with a lower-case word.
    """
    lines = [line for line in text[:200_000].split("\n") if line.strip()]
    if len(lines) < 10:
        return False
    going_on = sum(1 for line in lines[1:] if line.lstrip()[:1].islower())
    return going_on >= 0.2 * (len(lines) - 1)


def _sentences(
    text: str, words: list[str], starts: list[int], ends: list[int]
) -> list[tuple[int, int]]:
    wrapped = hard_wrapped(text)
    spans: list[tuple[int, int]] = []
    first = 0
    count = len(words)
    for i in range(count):
        if i + 1 >= count:
            break
        gap = text[ends[i] : starts[i + 1]]
        if "\n" in gap and words[i] not in _RUNS_ON and (not wrapped or _BLANK_LINE.search(gap)):
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
    """Blank lines part paragraphs; in a text with none, each line is one."""
    breaks = _BLANK_LINE if _BLANK_LINE.search(text) else _LINE_BREAK
    spans: list[tuple[int, int]] = []
    ends = [m.start() for m in breaks.finditer(text)] + [len(text)]
    starts = [0] + [m.end() for m in breaks.finditer(text)]
    for start, end in zip(starts, ends, strict=True):
        piece = text[start:end]
        if piece.strip():  # from its first character: an indent is not the paragraph's
            spans.append((start + len(piece) - len(piece.lstrip()), end))
    return spans


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    from reader.lexicon import read_list

    return frozenset(t.casefold().rstrip(".") for t in read_list("titles.txt"))


def _shouted(line: str) -> bool:
    """Four letters or more, at least 80% of them capitals."""
    letters = sum(map(str.isalpha, line))
    return letters >= 4 and sum(map(str.isupper, line)) >= 0.8 * letters


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
    sentences = _sentences(text, words, starts, ends)
    return Document(
        text=text,
        words=words,
        starts=starts,
        ends=ends,
        sentences=sentences,
        line_starts=line_starts,
        paragraphs=_paragraphs(text),
        lower_words=lower,
        break_ends=[ends[end - 1] for _, end in sentences[:-1]],
        break_next=[starts[first] for first, _ in sentences[1:]],
        shouted_lines=frozenset(i for i, line in enumerate(text.split("\n")) if _shouted(line)),
    )


@lru_cache(maxsize=4)
def document(text: str) -> Document:
    """The document model of ``text``, computed once and shared by every stage."""
    return build_document(text)
