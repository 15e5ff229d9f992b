"""Where the cursor goes: word, sentence and paragraph boundaries in article text.

A paragraph is a block of non-blank lines (blank lines separate paragraphs, as in
news copy and Markdown). All functions take and return offsets into the text and
only look at a bounded neighbourhood, so they stay fast on huge articles.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+", re.UNICODE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n[ \t]*\n")
_BLANK_RUN = re.compile(r"[ \t\n]*")
_WINDOW = 4096


def next_word(text: str, offset: int) -> int:
    """Start of the next word after ``offset`` (end of text if none)."""
    match = _WORD.search(text, offset)
    if match and match.start() <= offset:
        match = _WORD.search(text, match.end())
    return match.start() if match else len(text)


def prev_word(text: str, offset: int) -> int:
    """Start of the word before ``offset`` (or of the word it is inside)."""
    window = _WINDOW
    while True:
        lo = max(0, offset - window)
        starts = [m.start() for m in _WORD.finditer(text, lo, offset)]
        # A match cut by the window's left edge may not be a real word start.
        starts = [s for s in starts if s < offset and (s > lo or lo == 0)]
        if starts:
            return starts[-1]
        if lo == 0:
            return 0
        window *= 4


def paragraph_at(text: str, offset: int) -> tuple[int, int]:
    """(start, end) of the paragraph holding ``offset``, without surrounding newlines.

    On a blank line between paragraphs that is the next paragraph (the one
    ``next_paragraph`` would move to), or the last one at the end of the text.
    """
    offset = _off_blank_line(text, min(max(0, offset), len(text)))
    window = _WINDOW
    while True:
        lo = max(0, offset - window)
        ends = [m.end() for m in _BLANK_LINE.finditer(text, lo, offset)]
        if ends:
            start = ends[-1]
            break
        if lo == 0:
            start = 0
            break
        # Grow geometrically: a huge paragraph costs O(its length), not O(length²).
        window *= 4
    match = _BLANK_LINE.search(text, offset)
    end = match.start() if match else len(text)
    if end < start:
        end = start
    while start < end and text[start] in "\n \t":
        start += 1
    while end > start and text[end - 1] in "\n \t":
        end -= 1
    return start, end


def _off_blank_line(text: str, offset: int) -> int:
    """``offset`` moved into the next paragraph when it is on a blank line (else the last)."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    if line_end == -1:
        line_end = len(text)
    if text[line_start:line_end].strip(" \t"):
        return offset
    after = _BLANK_RUN.match(text, line_end).end()
    if after < len(text):
        return after
    # Blank lines at the end of the text belong to the last paragraph.
    pos = line_start
    while pos > 0 and text[pos - 1] in " \t\n":
        pos -= 1
    return max(0, pos - 1)


def next_paragraph(text: str, offset: int) -> int:
    """Start of the next paragraph (end of text when on the last one)."""
    match = _BLANK_LINE.search(text, offset)
    if not match:
        return len(text)
    pos = match.end()
    while pos < len(text) and text[pos] in "\n \t":
        pos += 1
    return pos


def prev_paragraph(text: str, offset: int) -> int:
    """Start of this paragraph, or of the previous one when already at its start."""
    start, _ = paragraph_at(text, offset)
    if start < offset:
        return start
    back = start - 1
    while back > 0 and text[back] in "\n \t":
        back -= 1
    return paragraph_at(text, back)[0] if back > 0 else 0


def sentence_at(text: str, offset: int) -> tuple[int, int]:
    """(start, end) of the sentence holding ``offset``, bounded by its paragraph."""
    para_start, para_end = paragraph_at(text, offset)
    if para_end <= para_start:
        return para_start, para_end
    offset = min(max(offset, para_start), para_end - 1)
    start = para_start
    for match in _SENTENCE_END.finditer(text, para_start, offset):
        if match.end() <= offset:
            start = match.end()
    while start < para_end and text[start].isspace():
        start += 1
    match = _SENTENCE_END.search(text, max(offset, start), para_end)
    end = match.end() if match else para_end
    return start, end
