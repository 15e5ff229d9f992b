"""Annotations are found again after the article text changes, or flagged as orphans."""

from __future__ import annotations

import random
from unittest.mock import patch

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reader.article.model import fingerprint_text
from reader.notes.anchoring import anchor, edit_distance, myers_scores, reanchor
from reader.notes.annotations import Annotation, make_annotation

_rng = random.Random(7)
VOCABULARY = [
    "".join(_rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(_rng.randint(2, 9)))
    for _ in range(600)
]
SEPARATORS = [" ", " ", " ", " ", ", ", ". ", "\n", "\n\n"]

words = st.lists(
    st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(SEPARATORS)), min_size=30, max_size=300
)
article_texts = words.map(lambda pairs: "".join(w + s for w, s in pairs))
small_strings = st.text(alphabet="abcdefghij klm,.\n", max_size=20)

relaxed = settings(deadline=None, max_examples=150)


def _ann(text: str, start: int, end: int) -> Annotation:
    return make_annotation(text, start, end, fingerprint=fingerprint_text(text), source="/a.txt")


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@st.composite
def edited(draw: st.DrawFn, text: str) -> str:
    """``text`` after a few random insertions, deletions and replacements."""
    for _ in range(draw(st.integers(0, 4))):
        pos = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, min(10, len(text) - pos)))
        text = text[:pos] + draw(small_strings) + text[pos + cut :]
    return text


@st.composite
def quoted(draw: st.DrawFn, min_len: int = 5) -> tuple[str, int, int]:
    """An article text and a span of it that occurs only once."""
    text = draw(article_texts)
    assume(len(text) > min_len + 2)
    start = draw(st.integers(0, len(text) - min_len - 1))
    end = draw(st.integers(start + min_len, min(len(text), start + 80)))
    assume(text.count(text[start:end]) == 1)
    return text, start, end


# -- the edit distance underneath ---------------------------------------------------------


@given(st.text(alphabet="abcd", max_size=80), st.text(alphabet="abcd", max_size=40))
def test_edit_distance_is_levenshtein(a: str, b: str) -> None:
    assert edit_distance(a, b) == _levenshtein(a, b)


@given(st.text(alphabet="abc", min_size=1, max_size=70), st.text(alphabet="abc", max_size=40))
def test_search_scores_are_best_substring_distances(pattern: str, text: str) -> None:
    scores = myers_scores(pattern, text)
    for j in range(len(text)):
        best = min(_levenshtein(pattern, text[i : j + 1]) for i in range(j + 2))
        assert scores[j] == best


def _bit_parallel_distance(a: str, b: str) -> int:
    """``edit_distance`` as it was before it moved to rapidfuzz (Myers over Python ints)."""
    if not a:
        return len(b)
    if not b:
        return len(a)
    return myers_scores(a, b, anchored=True)[-1]


any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=150)


@settings(max_examples=400)
@given(st.data())
def test_edit_distance_matches_the_bit_parallel_one_it_replaced(data: st.DataObject) -> None:
    a = data.draw(st.one_of(any_text, st.text(alphabet="ab ", max_size=300)))
    b = data.draw(st.one_of(any_text, edited(a), st.just(a[::-1])))
    assert edit_distance(a, b) == _bit_parallel_distance(a, b)
    assert edit_distance(b, a) == _bit_parallel_distance(b, a)


@relaxed
@given(st.data())
def test_anchoring_places_notes_as_the_bit_parallel_distance_did(data: st.DataObject) -> None:
    text, start, end = data.draw(quoted())
    ann = _ann(text, start, end)
    new = data.draw(edited(text))
    with patch("reader.notes.anchoring.edit_distance", _bit_parallel_distance):
        before = anchor(new, ann)
    assert anchor(new, ann) == before


# -- anchoring ----------------------------------------------------------------------------


def test_unchanged_text_keeps_the_position() -> None:
    text = "one two three two one"
    ann = _ann(text, 8, 13)
    assert anchor(text, ann) == (8, 13)


def test_text_inserted_before_moves_the_annotation() -> None:
    text = "The mayor said the budget was balanced. Critics disagreed."
    ann = _ann(text, text.index("budget"), text.index("budget") + 6)
    new = "Update: a new opening paragraph.\n\n" + text
    assert anchor(new, ann) == (new.index("budget"), new.index("budget") + 6)


def test_repeated_quote_is_told_apart_by_its_context() -> None:
    text = "He said yes to the plan. Later, she said yes to the vote."
    second = text.index("said yes", 10)
    ann = _ann(text, second, second + 8)
    new = "Intro. " + text.replace("He said", "He, frankly, said")
    expected = new.index("said yes", new.index("Later"))
    assert anchor(new, ann) == (expected, expected + 8)


def test_edited_quote_is_found_approximately() -> None:
    text = "Officials confirmed that the bridge will reopen in early spring next year."
    start = text.index("the bridge")
    ann = _ann(text, start, text.index(" next"))
    new = "Breaking: " + text.replace("will reopen", "would reopen")
    span = anchor(new, ann)
    assert span is not None
    assert new[span[0] : span[1]] == "the bridge would reopen in early spring"


def test_deleted_passage_is_an_orphan_that_keeps_its_quote() -> None:
    text = "Keep this. The passage that will be deleted entirely. Keep that too."
    start = text.index("The passage")
    ann = _ann(text, start, text.index(" Keep that"))
    new = "Keep this. Keep that too."
    assert anchor(new, ann) is None
    [orphan] = reanchor(new, [ann])
    assert orphan.orphaned and orphan.exact == ann.exact and orphan.id == ann.id
    assert orphan.fingerprint == fingerprint_text(new)


def test_reanchor_refreshes_span_context_and_clears_orphan_flag() -> None:
    text = "alpha beta gamma delta epsilon"
    ann = _ann(text, 11, 16).with_changes(orphaned=True, note="kept")
    new = "zeta " + text
    [moved] = reanchor(new, [ann], source="/b.txt", title="Greek")
    assert (moved.start, moved.end, moved.exact) == (16, 21, "gamma")
    assert moved.prefix == "zeta alpha beta " and moved.suffix == " delta epsilon"
    assert not moved.orphaned and moved.note == "kept"
    assert (moved.source, moved.title, moved.modified) == ("/b.txt", "Greek", ann.modified)


def test_long_article_with_edited_quote() -> None:
    text = "".join(f"{_rng.choice(VOCABULARY)} " for _ in range(20_000))  # ~120 KB
    start = len(text) // 2
    ann = _ann(text, start, start + 120)
    new = text[:500] + "inserted text " * 30 + text[500 : start + 40] + "XY" + text[start + 42 :]
    span = anchor(new, ann)
    shift = len("inserted text ") * 30
    assert span == (start + shift, start + shift + 120)


# -- properties ---------------------------------------------------------------------------


@relaxed
@given(st.data())
def test_edits_outside_quote_and_context_find_it_exactly(data: st.DataObject) -> None:
    text, start, end = data.draw(quoted())
    ann = _ann(text, start, end)
    lo, hi = max(0, start - 32), min(len(text), end + 32)
    before = data.draw(edited(text[:lo]))
    after = data.draw(edited(text[hi:]))
    new = before + text[lo:hi] + after
    shifted = len(before) + (start - lo)
    assert anchor(new, ann) == (shifted, shifted + (end - start))


@relaxed
@given(st.data())
def test_small_edits_inside_the_quote_are_found_where_they_were(data: st.DataObject) -> None:
    text, start, end = data.draw(quoted(min_len=20))
    ann = _ann(text, start, end)
    quote = text[start:end]
    for _ in range(data.draw(st.integers(1, 3))):
        pos = data.draw(st.integers(0, len(quote) - 1))
        quote = quote[:pos] + data.draw(st.sampled_from(["", "x", "Q", "  "])) + quote[pos + 1 :]
    head = data.draw(edited(text[: max(0, start - 32)]))
    new = head + text[max(0, start - 32) : start] + quote + text[end:]
    new_start = len(head) + (start - max(0, start - 32))
    span = anchor(new, ann)
    assert span is not None
    assert span[0] < new_start + len(quote) and new_start < span[1]  # overlaps the right place


@relaxed
@given(st.data())
def test_deleting_the_whole_region_makes_an_orphan(data: st.DataObject) -> None:
    text = data.draw(article_texts)
    cut = data.draw(st.integers(0, len(text)))
    quote = data.draw(st.text(alphabet="ABCDEFGHIJ0123456789", min_size=1, max_size=60))
    full = text[:cut] + quote + text[cut:]
    ann = _ann(full, cut, cut + len(quote))
    new = full[: max(0, cut - 32)] + full[cut + len(quote) + 32 :]
    assert anchor(new, ann) is None
    [orphan] = reanchor(new, [ann])
    assert orphan.orphaned and orphan.exact == quote


@relaxed
@given(
    st.text(max_size=300),
    st.integers(-5, 400),
    st.integers(-5, 400),
    st.text(max_size=40),
    st.text(max_size=40),
    st.text(max_size=40),
)
def test_anchoring_never_fails_on_odd_input(
    text: str, start: int, end: int, exact: str, prefix: str, suffix: str
) -> None:
    ann = Annotation(
        id="x",
        fingerprint="",
        source="",
        start=start,
        end=end,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
    )
    span = anchor(text, ann)
    assert span is None or 0 <= span[0] < span[1] <= len(text)
    [result] = reanchor(text, [ann])
    assert result.orphaned == (span is None)
