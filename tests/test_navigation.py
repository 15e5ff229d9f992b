"""Word, sentence and paragraph motions over article text."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from reader.view import motions as nav

TEXT = (
    'Ken Livingstone has resigned. He said: "It\'s over!" Then left.\n'
    "\n"
    "A second paragraph with an ellipsis… And more.\n"
    "\n"
    "\n"
    "  Indented third paragraph\n"
    "spans two lines.\n"
)
P1 = (0, TEXT.index("\n"))
P2 = (TEXT.index("A second"), TEXT.index(" more.") + len(" more."))
P3 = (TEXT.index("Indented"), TEXT.index("lines.") + len("lines."))


def words_of(text: str) -> list[int]:
    """Word starts found by pressing word_right from the top."""
    starts, pos = [], 0
    while (pos := nav.next_word(text, pos)) < len(text):
        starts.append(pos)
    return starts


# ---------------------------------------------------------------- words


def test_next_word_visits_every_word_start_in_order() -> None:
    text = "Hello, world — it's  5pm\nnext_line"
    assert [text[s : s + 3] for s in words_of(text)] == ["wor", "it'", "s  ", "5pm", "nex"]


def test_next_word_from_inside_a_word_goes_to_the_next_one() -> None:
    text = "alpha beta gamma"
    assert nav.next_word(text, 2) == 6
    assert nav.next_word(text, 5) == 6  # on the space
    assert nav.next_word(text, 11) == len(text)  # last word: end of text
    assert nav.next_word(text, len(text)) == len(text)


def test_prev_word_goes_to_this_words_start_then_the_previous() -> None:
    text = "alpha beta gamma"
    assert nav.prev_word(text, 13) == 11  # inside gamma: its start
    assert nav.prev_word(text, 11) == 6  # at gamma's start: beta
    assert nav.prev_word(text, 10) == 6  # just after beta
    assert nav.prev_word(text, 3) == 0
    assert nav.prev_word(text, 0) == 0


def test_word_motions_are_inverse_on_word_starts() -> None:
    text = "Żółw jumped — over “the” lazy 漢字 dog."
    starts = words_of(text)
    assert len(starts) >= 6
    for before, after in pairwise(starts):
        assert nav.prev_word(text, after) == before


def test_prev_word_finds_a_word_far_behind_the_search_window() -> None:
    text = "start" + " " * 20_000 + "end"
    assert nav.prev_word(text, len(text) - 3) == 0
    # A word longer than the window is not cut in the middle.
    long_word = "x" * 10_000
    text = "a " + long_word + " b"
    assert nav.prev_word(text, len(text) - 1) == 2


# ------------------------------------------------------------ paragraphs


def test_paragraph_at_each_offset_of_a_paragraph() -> None:
    for start, end in (P1, P2, P3):
        for offset in range(start, end + 1):
            assert nav.paragraph_at(TEXT, offset) == (start, end), offset


def test_paragraph_at_on_a_blank_line_is_the_next_paragraph_not_both() -> None:
    blank = P1[1] + 1  # the empty line after the first paragraph
    assert TEXT[blank] == "\n"
    assert nav.paragraph_at(TEXT, blank) == P2
    between = TEXT.index("\n\n\n", P2[1]) + 1
    for offset in (between, between + 1, between + 2):
        assert nav.paragraph_at(TEXT, offset) == P3


def test_blank_lines_at_the_end_belong_to_the_last_paragraph() -> None:
    text = "one.\n\ntwo.\n\n\n"
    for offset in range(text.index("two"), len(text) + 1):
        assert nav.paragraph_at(text, offset) == (6, 10), offset


def test_next_paragraph_steps_through_paragraph_starts() -> None:
    pos, seen = 0, []
    while (pos := nav.next_paragraph(TEXT, pos)) < len(TEXT):
        seen.append(pos)
    assert seen == [P2[0], P3[0]]  # past the blank lines and the indent
    assert nav.next_paragraph(TEXT, P3[0]) == len(TEXT)


def test_prev_paragraph_goes_to_this_start_then_the_previous() -> None:
    assert nav.prev_paragraph(TEXT, P2[0] + 5) == P2[0]
    assert nav.prev_paragraph(TEXT, P2[0]) == P1[0]
    assert nav.prev_paragraph(TEXT, P3[0]) == P2[0]
    assert nav.prev_paragraph(TEXT, len(TEXT)) == P3[0]
    assert nav.prev_paragraph(TEXT, 0) == 0


def test_paragraph_longer_than_the_search_window() -> None:
    body = ("word " * 5000).strip()
    text = "intro\n\n" + body + "\n\nend"
    start = text.index("word")
    assert nav.paragraph_at(text, len(text) - 10) == (start, start + len(body))
    assert nav.prev_paragraph(text, start + len(body) - 1) == start


# -------------------------------------------------------------- sentences


def test_sentence_at_each_sentence_of_a_paragraph() -> None:
    def sentence(offset: int) -> str:
        start, end = nav.sentence_at(TEXT, offset)
        return TEXT[start:end]

    assert sentence(3) == "Ken Livingstone has resigned."
    assert sentence(TEXT.index("said")) == 'He said: "It\'s over!"'
    assert sentence(TEXT.index("left")) == "Then left."
    assert sentence(TEXT.index("ellipsis")) == "A second paragraph with an ellipsis…"
    assert sentence(TEXT.index("more")) == "And more."
    assert sentence(TEXT.index("Indented")) == "Indented third paragraph\nspans two lines."


def test_sentence_never_crosses_a_paragraph() -> None:
    text = "No full stop here\n\nNext paragraph."
    assert nav.sentence_at(text, 2) == (0, text.index("\n"))


# ------------------------------------------------------------- properties


@given(st.text(alphabet=st.sampled_from("ab .!\n\t"), max_size=80), st.data())
def test_paragraph_holds_the_offset_or_it_is_blank(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(text)))
    start, end = nav.paragraph_at(text, offset)
    assert 0 <= start <= end <= len(text)
    chunk = text[start:end]
    assert "\n\n" not in chunk.replace(" ", "").replace("\t", "")
    assert chunk == chunk.strip("\n \t")
    s_start, s_end = nav.sentence_at(text, offset)
    assert start <= s_start <= s_end <= end


@given(st.text(max_size=60), st.data())
def test_word_motions_move_the_right_way(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(text)))
    assert offset < nav.next_word(text, offset) <= len(text) or offset == len(text)
    assert 0 <= nav.prev_word(text, offset) <= offset
    assert nav.prev_word(text, offset) < offset or offset == 0 or not text[:offset].strip()
