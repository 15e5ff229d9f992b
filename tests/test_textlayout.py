"""Soft-wrap layout: rows partition the text, fit the width, and map back and forth."""

from __future__ import annotations

import random
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.article.display import visible_text
from reader.article.loading import load_article
from reader.view.layout import TextLayout, wrap_paragraph

SAMPLES = Path(__file__).resolve().parents[1] / "sample_articles"


@pytest.fixture(params=sorted(p.name for p in SAMPLES.iterdir()))
def sample_text(request: pytest.FixtureRequest) -> str:
    return visible_text(load_article(SAMPLES / request.param).text)


def all_spans(layout: TextLayout) -> list[tuple[int, int]]:
    """Every row's span, top to bottom (the height settles as rows are wrapped)."""
    spans, row = [], 0
    while row < layout.height:
        span = layout.row_span(row)
        assert span is not None
        spans.append(span)
        row += 1
    return spans


def rows_of(layout: TextLayout) -> list[str]:
    return [layout.text[s:e] for s, e in all_spans(layout)]


def assert_partition(layout: TextLayout) -> None:
    """Rows in order cover the text: consecutive, or separated by exactly one newline."""
    text = layout.text
    spans = all_spans(layout)
    assert layout.row_span(layout.height) is None
    assert spans[0][0] == 0
    assert spans[-1][1] == len(text)
    for (_, end), (start, _) in pairwise(spans):
        assert start == end or (start == end + 1 and text[end] == "\n")
    for start, end in spans:
        assert "\n" not in text[start:end]


def assert_fits(layout: TextLayout) -> None:
    """Each row, without its trailing spaces, fits the width (a lone wide char may not)."""
    for row in rows_of(layout):
        visible = row.rstrip()
        printing = [ch for ch in visible if cell_len(ch)]
        assert cell_len(visible) <= layout.width or len(printing) == 1, (row, layout.width)


# ------------------------------------------------------------------ wrapping


def test_short_paragraphs_are_one_row_each() -> None:
    layout = TextLayout("one\ntwo\n\nthree", 20)
    assert rows_of(layout) == ["one", "two", "", "three"]
    assert layout.height == 4


def test_words_wrap_at_spaces_and_spaces_stay_on_the_row_they_follow() -> None:
    layout = TextLayout("the quick brown fox jumps over", 10)
    assert rows_of(layout) == ["the quick ", "brown fox ", "jumps over"]
    assert_partition(layout)


def test_long_words_are_hard_broken() -> None:
    layout = TextLayout("go " + "x" * 25 + " end", 10)
    assert rows_of(layout) == ["go ", "x" * 10, "x" * 10, "x" * 5 + " end"]
    assert_fits(layout)


def test_wide_characters_count_two_cells() -> None:
    layout = TextLayout("漢字漢字漢字 ab 漢字", 5)
    for row in rows_of(layout):
        assert cell_len(row.rstrip()) <= 5
    assert rows_of(layout) == ["漢字", "漢字", "漢字 ", "ab ", "漢字"]
    # A 2-cell character in a 1-cell pane still gets a row of its own.
    narrow = TextLayout("漢字", 1)
    assert rows_of(narrow) == ["漢", "字"]


def test_wide_spaces_count_two_cells() -> None:
    # U+3000 IDEOGRAPHIC SPACE is two cells wide: "a　a" needs 4 cells, not 3.
    layout = TextLayout("a\u3000a", 3)
    assert rows_of(layout) == ["a\u3000", "a"]


def test_whitespace_runs_do_not_start_rows() -> None:
    text = "a" + " " * 30 + "b"
    assert wrap_paragraph(text, 0, len(text), 10) == [0, 31]


def test_every_sample_paragraph_fits(sample_text: str) -> None:
    for width in (1, 7, 40, 79, 200):
        layout = TextLayout(sample_text, width)
        assert_partition(layout)
        assert_fits(layout)


# -------------------------------------------------- estimates and exact heights


def test_rows_after_a_shorter_than_estimated_paragraph_move_up() -> None:
    # 32 characters at width 10: estimated 4 rows, but it wraps to 2.
    text = "a" + " " * 30 + "b\nsecond paragraph here"
    layout = TextLayout(text, 10)
    second = text.index("second")
    estimated_row = layout.row_of_offset(second)
    assert estimated_row == 4
    assert layout.row_span(estimated_row) == (second, second + len("second "))
    # Looking at row 2 wraps the first paragraph: row 2 is now the second paragraph.
    assert layout.row_span(2) == (second, second + len("second "))
    assert layout.row_of_offset(second) == 2
    assert layout.height == 2 + 3
    assert_partition(layout)


def test_rows_after_a_taller_than_estimated_paragraph_move_down() -> None:
    # Six 5-letter words at width 8: estimated 1 + 35 // 8 = 5 rows, exactly 6.
    text = "abcde " * 5 + "abcde\nlast"
    layout = TextLayout(text, 8)
    last = text.index("last")
    assert layout.row_of_offset(last) == 5
    layout.rows_of(0)
    assert layout.row_of_offset(last) == 6
    assert layout.row_span(6) == (last, len(text))


def test_wrapping_in_any_order_ends_in_the_same_layout(sample_text: str) -> None:
    eager = TextLayout(sample_text, 33)
    for para in range(eager.para_count):
        eager.rows_of(para)
    expected = rows_of(eager)
    rng = random.Random(7)
    lazy = TextLayout(sample_text, 33)
    offsets = list(range(len(sample_text) + 1))
    rng.shuffle(offsets)
    for offset in offsets[:200]:
        row = lazy.row_of_offset(offset)
        start, end = lazy.row_span(row)  # type: ignore[misc]
        assert start <= offset <= end
        assert lazy.offset_at(row, lazy.column_of_offset(offset)) == offset
    assert rows_of(lazy) == expected
    assert lazy.height == eager.height


def test_set_width_reflows(sample_text: str) -> None:
    layout = TextLayout(sample_text, 80)
    rows_of(layout)
    for width in (30, 120, 30, 1):
        layout.set_width(width)
        assert layout.width == width
        assert rows_of(layout) == rows_of(TextLayout(sample_text, width))
        assert_fits(layout)


def test_offset_at_clamps_to_the_row() -> None:
    layout = TextLayout("the quick brown\nfox", 10)
    assert layout.offset_at(0, 99) == len("the quick ") - 1  # last char of a wrapped row
    assert layout.offset_at(1, 99) == len("the quick brown")  # end of the paragraph
    assert layout.offset_at(99, 0) == len("the quick brown\n")  # past the end: last row
    assert layout.offset_at(2, 99) == len("the quick brown\nfox")
    assert layout.offset_at(-5, 1) == 1


def test_offset_at_in_the_second_cell_of_a_wide_character() -> None:
    layout = TextLayout("ab漢字cd", 20)
    assert layout.column_of_offset(3) == 4
    assert layout.offset_at(0, 2) == 2
    assert layout.offset_at(0, 3) == 2
    assert layout.offset_at(0, 4) == 3


# ----------------------------------------------------------------- properties

ALPHABET = st.sampled_from(
    [*"abc xyz  \n\n\t-—.", "漢", "字", "🙂", "é", "\u0301", "\u200b", "\x1b", "\u3000"]
)


def zero_width(ch: str) -> bool:
    return cell_len(ch) == 0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=120), st.integers(1, 30), st.randoms())
def test_rows_partition_fit_and_map_back(text: str, width: int, rng: random.Random) -> None:
    text = visible_text(text)  # the view lays out the visible text
    layout = TextLayout(text, width)
    # Wrap some paragraphs first, in random order: estimates stay elsewhere.
    for para in rng.sample(range(layout.para_count), layout.para_count // 2):
        layout.rows_of(para)
    for offset in range(len(text) + 1):
        row = layout.row_of_offset(offset)
        start, end = layout.row_span(row)  # type: ignore[misc]
        assert start <= offset <= end
        column = layout.column_of_offset(offset)
        back = layout.offset_at(row, column)
        if offset < len(text) and zero_width(text[offset]):
            # A zero-width character shares its cell with the next one.
            assert offset <= back <= end
        else:
            assert back == offset
    assert_partition(layout)
    assert_fits(layout)
