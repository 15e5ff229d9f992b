"""Boilerplate lines are found whole, and ordinary paragraphs are left alone."""

from __future__ import annotations

import pytest

from reader.analysis.boilerplate import find_boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "READ MORE: Minister resigns over expenses row",
        "Read more: the full story",
        "RELATED: Five things we learned",
        "See also - Election results",
        "Sign up to our daily newsletter",
        "Subscribe now for unlimited access",
        "Follow us on Twitter and Facebook",
        "Advertisement",
        "ADVERTISEMENT",
        "Click here to watch the video",
        "Share this article",
        "Share | Tweet | Email",
        "Photo: Getty Images",
        "(Image: Reuters)",
        "Picture credit: AP",
        "© 2024 Example News Ltd. All rights reserved",
        "Story continues below",
        "Get our free politics newsletter every morning",
    ],
)
def test_prompt_lines_are_boilerplate(line: str) -> None:
    text = f"First paragraph.\n{line}\nLast paragraph."
    start = text.index(line)
    assert find_boilerplate(text) == [(start, start + len(line))]


@pytest.mark.parametrize(
    "line",
    [
        "Readers were shocked by the decision.",
        "The advertisement was banned by the regulator.",
        "She said she would sign up for another term if asked.",
        "Photographers crowded the entrance.",
        "He will follow the advice of his doctors.",
        "Sharing power was never on the table, he said.",
    ],
)
def test_article_sentences_are_not_boilerplate(line: str) -> None:
    assert find_boilerplate(f"Intro.\n{line}\nOutro.") == []


def test_spans_are_sorted_trimmed_and_exclude_the_newline() -> None:
    text = "  Advertisement  \nBody text here.\nREAD MORE: Other story\n"
    spans = find_boilerplate(text)
    assert spans == sorted(spans)
    assert [text[s:e] for s, e in spans] == ["Advertisement", "READ MORE: Other story"]


def test_a_long_paragraph_is_never_boilerplate() -> None:
    paragraph = "Read more: " + "the committee heard evidence for many hours. " * 10
    assert find_boilerplate(paragraph) == []


def test_non_breaking_space_after_the_label_still_counts() -> None:
    text = "READ MORE:\u00a0Livingstone resignation not enough"
    assert find_boilerplate(text) == [(0, len(text))]
