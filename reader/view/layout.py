"""Soft-wrap layout of an article into screen rows, computed lazily.

A multi-megabyte article must open as fast as a small one, so nothing is wrapped
up front: each paragraph (a ``\\n``-separated line) starts with an estimated
height, and is wrapped exactly the first time it is looked at. Row positions are
prefix sums of paragraph heights kept in a Fenwick tree, so finding the paragraph
at a row, or the row of a paragraph, costs O(log n) even as estimates are
replaced by exact heights.

Pure Python, no Textual: the article view asks it questions, and tests can too.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from rich.cells import cell_len

_TOKEN = re.compile(r"\S+\s*|\s+")


class _Fenwick:
    """Prefix sums over paragraph heights with point updates."""

    __slots__ = ("_size", "_tree")

    def __init__(self, values: list[int]) -> None:
        n = len(values)
        tree = [0] * (n + 1)
        for i, v in enumerate(values, 1):
            tree[i] += v
            parent = i + (i & -i)
            if parent <= n:
                tree[parent] += tree[i]
        self._tree = tree
        self._size = n

    def add(self, index: int, delta: int) -> None:
        i = index + 1
        tree, n = self._tree, self._size
        while i <= n:
            tree[i] += delta
            i += i & -i

    def prefix(self, count: int) -> int:
        """Sum of the first ``count`` values."""
        total, tree, i = 0, self._tree, count
        while i > 0:
            total += tree[i]
            i -= i & -i
        return total

    def find(self, target: int) -> int:
        """Largest ``i`` with ``prefix(i) <= target``: the paragraph holding row ``target``."""
        pos, remaining, tree = 0, target, self._tree
        step = 1 << self._size.bit_length()
        while step:
            nxt = pos + step
            if nxt <= self._size and tree[nxt] <= remaining:
                pos = nxt
                remaining -= tree[nxt]
            step >>= 1
        return min(pos, self._size - 1)


def wrap_paragraph(text: str, start: int, end: int, width: int) -> list[int]:
    """Row start offsets for ``text[start:end]`` greedily word-wrapped to ``width`` cells.

    Words longer than the width are broken; whitespace stays at the end of the row
    it follows (it is cropped when drawn), so every character belongs to one row.
    """
    rows = [start]
    if end - start <= width and (text.isascii() or cell_len(text[start:end]) <= width):
        return rows
    column = 0
    for match in _TOKEN.finditer(text, start, end):
        token = match.group()
        word = token.rstrip()
        word_cells = len(word) if word.isascii() else cell_len(word)
        space = token[len(word) :]
        # Wide spaces (U+3000) take two cells: count cells, not characters.
        space_cells = len(space) if space.isascii() else cell_len(space)
        if column and column + word_cells > width and word:
            rows.append(match.start())
            column = 0
        if word_cells > width:
            # Hard-break a word wider than the row.
            pos = match.start()
            for ch in word:
                ch_cells = 1 if ch.isascii() else cell_len(ch)
                if column + ch_cells > width and column:
                    rows.append(pos)
                    column = 0
                column += ch_cells
                pos += 1
            column += space_cells
        else:
            column += word_cells + space_cells
    return rows


class TextLayout:
    """Maps between text offsets and wrapped screen rows at one width."""

    def __init__(self, text: str, width: int) -> None:
        self.text = text
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self.para_starts: list[int] = starts
        self.para_ends: list[int] = [s - 1 for s in starts[1:]] + [len(text)]
        self.width = 0
        self.set_width(width)

    def set_width(self, width: int) -> None:
        """Forget every wrap and estimate again for a new width."""
        width = max(1, width)
        if width == self.width:
            return
        self.width = width
        self._rows: dict[int, list[int]] = {}
        estimates = [
            1 + (end - start - 1) // width if end > start else 1
            for start, end in zip(self.para_starts, self.para_ends, strict=True)
        ]
        self._heights = estimates
        self._tree = _Fenwick(estimates)
        self.height = sum(estimates)

    @property
    def para_count(self) -> int:
        return len(self.para_starts)

    def is_wrapped(self, para: int) -> bool:
        return para in self._rows

    def rows_of(self, para: int) -> list[int]:
        """Row start offsets of a paragraph, wrapping it now if needed."""
        rows = self._rows.get(para)
        if rows is None:
            rows = wrap_paragraph(
                self.text, self.para_starts[para], self.para_ends[para], self.width
            )
            self._rows[para] = rows
            delta = len(rows) - self._heights[para]
            if delta:
                self._heights[para] = len(rows)
                self._tree.add(para, delta)
                self.height += delta
        return rows

    def para_height(self, para: int) -> int:
        """Current height (exact once wrapped, else the estimate)."""
        return self._heights[para]

    def first_row(self, para: int) -> int:
        """Row index where a paragraph starts."""
        return self._tree.prefix(para)

    def para_at_row(self, row: int) -> int:
        return self._tree.find(max(0, row))

    def para_of_offset(self, offset: int) -> int:
        return max(0, bisect_right(self.para_starts, offset) - 1)

    def row_span(self, row: int) -> tuple[int, int] | None:
        """(start, end) offsets of a screen row, or None past the end."""
        if row < 0 or row >= self.height:
            return None
        para = self.para_at_row(row)
        rows = self.rows_of(para)
        index = row - self.first_row(para)
        if index >= len(rows):
            # Estimate was larger than the exact height: rows below shifted up.
            return self.row_span(row) if row < self.height else None
        end = rows[index + 1] if index + 1 < len(rows) else self.para_ends[para]
        return rows[index], end

    def row_of_offset(self, offset: int) -> int:
        """Screen row holding ``offset`` (wraps its paragraph)."""
        para = self.para_of_offset(offset)
        rows = self.rows_of(para)
        return self.first_row(para) + max(0, bisect_right(rows, offset) - 1)

    def column_of_offset(self, offset: int) -> int:
        """Cells from the row's start to ``offset``."""
        start, _ = self.row_span(self.row_of_offset(offset)) or (offset, offset)
        piece = self.text[start:offset]
        return len(piece) if piece.isascii() else cell_len(piece)

    def offset_at(self, row: int, column: int) -> int:
        """Text offset at a screen cell (clamped to the row's last character)."""
        row = min(max(0, row), self.height - 1)
        span = self.row_span(row)
        if span is None:
            return len(self.text)
        start, end = span
        para = self.para_at_row(row)
        last = end if end == self.para_ends[para] else max(start, end - 1)
        cells = 0
        for index in range(start, end):
            ch = self.text[index]
            cells += 1 if ch.isascii() else cell_len(ch)
            if cells > column:
                return index
        return last
