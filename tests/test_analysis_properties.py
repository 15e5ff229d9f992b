"""Whatever the text, analysis finishes and every offset points into it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.analysis import analyze
from reader.analysis.boilerplate import find_boilerplate
from reader.analysis.entities import find_entities

_PIECES = st.sampled_from(
    [
        "Mr ",
        "KEN ",
        "Livingstone",
        " said",
        '"',
        "“",
        "”",
        "‘",
        "’",
        "'",
        "\n",
        "\n\n",
        " ",
        ". ",
        ", ",
        "READ MORE: ",
        "Labour Party",
        "in London",
        "The ",
        "U.S. ",
        "May 13",
        "2016",
        "-",
        "’s",
        "Advertisement\n",
        "(",
        ")",
        ":",
        "of ",
        "ÉMILE ",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=60).map("".join),
)


def _check(text: str) -> None:
    analysis = analyze(text)
    previous = -1
    for entity in analysis.entities:
        assert 0 <= entity.start < entity.end <= len(text)
        assert text[entity.start : entity.end] == entity.text
        assert entity.start >= previous  # sorted, never overlapping
        previous = entity.end
        assert entity.canonical
    for quote in analysis.quotes:
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text
        if quote.speaker_start is not None:
            assert quote.speaker_end is not None
            assert 0 <= quote.speaker_start < quote.speaker_end <= len(text)
    spans = list(analysis.boilerplate)
    assert spans == sorted(spans)
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert "\n" not in text[start:end]
        for entity in analysis.entities:
            assert entity.end <= start or entity.start >= end


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_analyze_never_crashes_and_offsets_are_valid(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.lists(st.tuples(st.integers(0, 300), st.integers(1, 40)), max_size=4))
def test_entities_respect_any_boilerplate(text: str, raw: list[tuple[int, int]]) -> None:
    spans = sorted((min(s, len(text)), min(s + n, len(text))) for s, n in raw)
    for entity in find_entities(text, spans):
        assert all(entity.end <= s or entity.start >= e for s, e in spans)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_boilerplate_spans_are_whole_trimmed_lines(text: str) -> None:
    for start, end in find_boilerplate(text):
        assert start == 0 or text[start - 1] == "\n" or text[:start].endswith((" ", "\t", "\u00a0"))
        assert end == len(text) or text[end] in "\n \t\u00a0"
        assert text[start:end].strip() == text[start:end]
