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

# Words the attribution, name and boilerplate rules key on, so random joins hit the rule
# interactions (a title before a quote mark, an initial before a speech verb, …) that
# arbitrary characters almost never produce.
_RULE_WORDS = st.sampled_from(
    [
        *['"', "“", "”", "‘", "’", "'", "«", "»", "„", "―", "—", "–", "…"],
        *["Mr.", "Mrs.", "Ms", "Dr.", "Sir", "President", "Senator", "Prof.", "Lady", "Gov."],
        *["Anna", "John", "Mary", "Elizabeth", "Jean-Luc", "O'Brien", "Smith", "Berg"],
        *["McDonald", "Clinton", "van", "de", "G.K.", "J.", "Jr.", "Sr.", "III", "Chesterton"],
        *["said", "says", "told", "added", "according to", "asked", "replied", "tweeted"],
        *["Said", "Told", "continued", "wrote", "insisted", "explained", "cried"],
        *["he", "she", "He", "She", "they", "They", "I", "we", "his", "her", "him", "it"],
        *["'s", "’s", "s'", "(", ")", ":", ";", ",", ".", "!", "?", "-", "--"],
        *["\n", "\n\n", "\n \n", " ", "  ", "\t"],
        *["BREAKING", "NEWS", "WORLD", "Advertisement", "READ MORE", "Share", "Photo:"],
        *["The", "the", "a", "spokesman", "the senator", "the White House", "a statement"],
        *["Labour Party", "United Nations", "New York", "London", "U.S.", "Reuters", "AP"],
        *["1", "42", "2016", "1990s", "May 13", "13 May 2016", "10:30", "3.5", "31 percent"],
        *["Monday", "January", "last week", "on Tuesday", "'90s", "rock ’n’ roll"],
        *["saying", "issued", "tried to", "to", "earlier", "in recent days", "attacked"],
        *["the president", "his office", "’s office", "Raúl", "Núñez", "Lt.", "Bill"],
    ]
)
_SEPARATORS = st.sampled_from(["", " ", " ", " ", "\n", ", "])
RULE_TEXTS = st.lists(st.tuples(_RULE_WORDS, _SEPARATORS), max_size=80).map(
    lambda pairs: "".join(w + sep for w, sep in pairs)
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
            mention = text[quote.speaker_start : quote.speaker_end]
            assert mention.strip() == mention
            assert quote.speaker
        else:
            assert quote.speaker_end is None
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


@settings(max_examples=300, deadline=None)
@given(RULE_TEXTS)
def test_rule_vocabulary_never_crashes_and_offsets_are_valid(text: str) -> None:
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
        assert start == 0 or text[start - 1].isspace()  # a line start, or after its indent
        assert end == len(text) or text[end].isspace()  # "\x1f" is white space to Python too
        assert text[start:end].strip() == text[start:end]
