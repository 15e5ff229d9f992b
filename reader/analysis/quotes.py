"""Find quotation spans: opening mark to closing mark, multi-paragraph aware.

Why a small parser rather than one regex: quotation marks are ambiguous. A straight
``"`` can open or close, ``’`` is far more often an apostrophe (*Corbyn’s*, *’90s*,
*rock ’n’ roll*) than a closing mark, and news style leaves a quote open at the end of
a paragraph when the next paragraph reopens it. Each mark is classified from the
characters around it, then marks are paired per paragraph with a stack, so an
unbalanced mark can never swallow more than its own paragraph.

Only outermost quotations are reported: a quotation inside another one (``"he told
me ‘no’"``) is part of what the outer speaker says, not a separate statement.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from reader.analysis.document import document

_MARK = re.compile(r"''|``|[\"“”„«»‘’'‚‹›]")
_ELISION = re.compile(r"(?:\d0s\b|\d\d\b|em\b|tis\b|twas\b|n['’]|cause\b|til\b|bout\b)", re.I)

_DOUBLE = frozenset({'"', "''", "``", "“", "”", "„", "«", "»"})
_OPEN_GLYPHS = frozenset({"“", "„", "«", "``", "‘", "‚", "‹"})
_CLOSE_GLYPHS = frozenset({"”", "»", "’", "›"})
_BEFORE_OPEN = frozenset("([{<—–-/\u2026") | frozenset("\"“”„«»‘’'‚‹›`")
_AFTER_CLOSE = frozenset(".,;:!?)]}>—–-/\u2026") | frozenset("\"“”„«»‘’'‚‹›`")

OPEN, CLOSE, EITHER = 1, 2, 3


@dataclass(slots=True)
class _Mark:
    start: int
    end: int
    kind: int


@dataclass(slots=True)
class _Open:
    start: int
    children: list[tuple[int, int]] = field(default_factory=list)


def _flanks(text: str, start: int, end: int) -> tuple[bool, bool]:
    """(could open, could close) judged from the characters either side of a mark."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    left = (before.isspace() or before in _BEFORE_OPEN) and not after.isspace()
    right = not before.isspace() and (after.isspace() or after in _AFTER_CLOSE)
    return left, right


def _double_kind(text: str, start: int, end: int, glyph: str) -> int | None:
    left, right = _flanks(text, start, end)
    if glyph in _OPEN_GLYPHS:
        return CLOSE if right and not left else OPEN
    if glyph in _CLOSE_GLYPHS:
        return OPEN if left and not right else CLOSE
    if left and not right:
        return OPEN
    if right and not left:
        return CLOSE
    return EITHER


def _single_kind(text: str, start: int, end: int, glyph: str) -> int | None:
    """Single marks count only where they cannot be apostrophes."""
    left, right = _flanks(text, start, end)
    if left and not right and glyph != "’" and glyph != "›":
        if _ELISION.match(text, end):
            return None
        return OPEN
    if right and not left and glyph not in ("‘", "‚", "‹"):
        return CLOSE
    return None


def _paragraphs(text: str, boilerplate: Sequence[tuple[int, int]]) -> list[int]:
    """Sorted offsets where a paragraph starts; boilerplate spans also break paragraphs."""
    starts = {0}
    starts.update(start for start, _ in document(text).paragraphs)
    for s, e in boilerplate:
        starts.add(max(0, s))
        starts.add(min(len(text), e))
    return sorted(starts)


def _pair(text: str, marks: list[list[_Mark]], para_starts: list[int]) -> list[tuple[int, int]]:
    """Pair marks paragraph by paragraph; continue a quote only when the next paragraph
    opens with a mark (the news convention for multi-paragraph quotes)."""
    spans: list[tuple[int, int]] = []
    stack: list[_Open] = []
    for index, para in enumerate(marks):
        for mark in para:
            if mark.kind == OPEN or (mark.kind == EITHER and not stack):
                stack.append(_Open(mark.start))
                continue
            if not stack:
                continue  # a stray closing mark (or apostrophe) with nothing open
            opened = stack.pop()
            if stack:
                stack[-1].children.append((opened.start, mark.end))
            else:
                spans.append((opened.start, mark.end))
        if not stack:
            continue
        following = marks[index + 1] if index + 1 < len(marks) else []
        if following and following[0].kind != CLOSE and _starts_paragraph(text, following[0]):
            following.pop(0)  # the reopening mark belongs to the running quote
            del stack[1:]
            stack[0].children.clear()
            continue
        # Unclosed: the opener was probably a stray mark, so keep what it enclosed.
        for opened in stack:
            spans.extend(opened.children)
        stack.clear()
    spans.sort()
    return spans


def _starts_paragraph(text: str, mark: _Mark) -> bool:
    i = mark.start - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i < 0 or text[i] == "\n"


TERM_WORDS = 2
"""In a text that quotes in double quotes, single quotes around this many words or
fewer mark a term, not a quotation: the scare quotes of "Obama's ‘pivot’ to Asia" or
"his ‘woman's card’". Where single quotes are the house style (British news), they
quote fragments too ("voters are ‘worried’"), and double quotes always may (a
“distraction”)."""


def _term(text: str, start: int, end: int) -> bool:
    """A word or two with no sentence mark of its own inside the quotes (‘No.’,
    ‘Never!’ and ‘Yes,’ are answers, not terms)."""
    inner = text[start:end].strip("‘’'‚‹› ")
    return not inner.endswith((".", "!", "?", ",")) and _words(text, start, end) <= TERM_WORDS


def _words(text: str, start: int, end: int) -> int:
    return len(text[start:end].strip("\"“”„«»‘’'‚‹›` ").split())


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop spans nested in or crossing an earlier-starting span."""
    spans = sorted(spans, key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end))
    return kept


def find_quotes(text: str, boilerplate: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Quote spans (start, end exclusive), sorted, outermost only, none in boilerplate."""
    if not text:
        return []
    bp = sorted((s, e) for s, e in boilerplate if e > s)
    bp_starts = [s for s, _ in bp]
    para_starts = _paragraphs(text, bp)
    doubles: list[list[_Mark]] = [[] for _ in para_starts]
    singles: list[list[_Mark]] = [[] for _ in para_starts]
    para = 0
    for m in _MARK.finditer(text):
        start, end = m.span()
        k = bisect_right(bp_starts, start) - 1
        if k >= 0 and start < bp[k][1]:
            continue
        while para + 1 < len(para_starts) and para_starts[para + 1] <= start:
            para += 1
        glyph = m.group()
        if glyph in _DOUBLE:
            kind = _double_kind(text, start, end, glyph)
            target = doubles
        else:
            kind = _single_kind(text, start, end, glyph)
            target = singles
        if kind is not None:
            target[para].append(_Mark(start, end, kind))
    outer = _outermost(_pair(text, doubles, para_starts))
    starts = [s for s, _ in outer]
    extra = []
    single_spans = _outermost(_pair(text, singles, para_starts))
    # where double quotes are the house style (more of the longer quotations are in
    # them), a word or two in single quotes is a term
    longer = sum(_words(text, s, e) > TERM_WORDS for s, e in outer)
    terms = longer > sum(_words(text, s, e) > TERM_WORDS for s, e in single_spans)
    for start, end in single_spans:
        k = bisect_right(starts, end - 1) - 1  # last double starting inside or before
        if (k < 0 or outer[k][1] <= start) and not (terms and _term(text, start, end)):
            extra.append((start, end))
    return sorted(outer + extra)
