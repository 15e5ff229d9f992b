"""Quote boundaries as a reader sees them: what is quoted, from mark to mark."""

from __future__ import annotations

import pytest

from reader.analysis.quotes import find_quotes


def quoted(text: str, boilerplate: list[tuple[int, int]] | None = None) -> list[str]:
    return [text[s:e] for s, e in find_quotes(text, boilerplate or [])]


def test_straight_and_curly_double_quotes() -> None:
    text = 'He said "yes" and she said “no”.'
    assert quoted(text) == ['"yes"', "“no”"]


def test_scare_quote_is_a_quote() -> None:
    assert quoted('It had become a "distraction" to him.') == ['"distraction"']


@pytest.mark.parametrize(
    "text",
    ["Corbyn’s policies", "back in the ’90s it was", "rock ’n’ roll music", "the Joneses’ car"],
)
def test_apostrophes_are_not_quotes(text: str) -> None:
    assert quoted(text) == []


def test_curly_single_quotes_used_as_quotation_marks() -> None:
    text = "Trump says voters are ‘worried’ about Corbyn’s plans."
    assert quoted(text) == ["‘worried’"]


def test_doubled_apostrophes_as_double_quotes() -> None:
    assert quoted("Mr. Burman said ''It is fine,'' and left.") == ["''It is fine,''"]


def test_nested_quote_reports_only_the_outer_one() -> None:
    text = 'She said: "He told me ‘never again’ and left." Then she went home.'
    assert quoted(text) == ['"He told me ‘never again’ and left."']


def test_quote_running_over_two_paragraphs_is_one_quote() -> None:
    text = 'He explained: "First part.\n\n"Second part." Then he left.'
    assert quoted(text) == ['"First part.\n\n"Second part."']


def test_unbalanced_mark_stays_in_its_paragraph() -> None:
    text = 'A stray " mark here.\n\nLater "fine" words.\n\nAnd "more" here.'
    assert quoted(text) == ['"fine"', '"more"']


def test_unclosed_opening_mark_does_not_swallow_the_article() -> None:
    text = 'He said "this never closes.\n\nNext paragraph is plain.\n\nShe said "ok".'
    assert quoted(text) == ['"ok"']


def test_quotes_inside_boilerplate_are_skipped() -> None:
    text = 'READ MORE: "Headline here"\n\nHe said "real".'
    assert quoted(text, [(0, 26)]) == ['"real"']


def test_hard_wrapped_dialogue_stays_one_quote() -> None:
    text = '"have you heard that\nNetherfield Park is let at last?"\n\nNo.'
    assert quoted(text) == ['"have you heard that\nNetherfield Park is let at last?"']


@pytest.mark.parametrize("text", ["", '"', "“", "”", '""""', "‘’’‘", "'", '\n\n"\n\n'])
def test_degenerate_texts_give_valid_spans(text: str) -> None:
    spans = find_quotes(text)
    assert spans == sorted(spans)
    assert all(0 <= s < e <= len(text) for s, e in spans)


def test_single_quoted_terms_in_a_text_that_quotes_in_double_quotes_are_not_quotes() -> None:
    text = (
        '"We will rebalance," the president said. "It is time." Obama\'s ‘pivot’ to Asia'
        " and ‘strategic patience’ were named. ‘That is not a plan at all,’ an aide wrote."
    )
    assert quoted(text) == [
        '"We will rebalance,"',
        '"It is time."',
        "‘That is not a plan at all,’",
    ]
    # where single quotes are the house style, a word or two in them is quoted too
    assert quoted("Voters are ‘worried’, he said. ‘We will act,’ she said.") == [
        "‘worried’",
        "‘We will act,’",
    ]


def test_a_short_answer_in_single_quotes_is_still_a_quotation() -> None:
    text = (
        '"We will rebalance," the president said. "It is time." He replied: ‘No.’'
        " ‘Never!’ cried Lydia. Obama's ‘pivot’ was named."
    )
    assert "‘No.’" in quoted(text) and "‘Never!’" in quoted(text)
    assert "‘pivot’" not in quoted(text)
