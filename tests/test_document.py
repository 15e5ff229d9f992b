"""The one document model: where words, sentences and paragraphs are."""

from __future__ import annotations

from reader.analysis.document import build_document, document


def test_possessives_and_marks_are_their_own_tokens() -> None:
    doc = build_document("Germany's plan, Corbyn’s view.")
    assert doc.words == ["Germany", "'s", "plan", ",", "Corbyn", "’s", "view", "."]


def test_dotted_abbreviations_titles_and_initials_stay_whole() -> None:
    doc = build_document("Mr. Holmes met J. Smith of the U.S. Navy in O'Brien's Chester-le-Street.")
    assert "Mr." in doc.words and "J." in doc.words and "U.S." in doc.words
    assert "O'Brien" in doc.words and "Chester-le-Street" in doc.words


def test_offsets_index_the_text() -> None:
    text = "Talks in Nairobi — 3.5% up.\n\nNext day."
    doc = build_document(text)
    assert all(text[s:e] == w for w, s, e in zip(doc.words, doc.starts, doc.ends, strict=True))


def test_sentences_end_at_stops_and_line_breaks_but_not_after_titles() -> None:
    doc = build_document('He left. "Yes," said Dr. Watson. Then Mr. Holmes spoke\nA heading')
    sentences = [" ".join(doc.words[a:b]) for a, b in doc.sentences]
    assert sentences == [
        "He left .",
        '" Yes , " said Dr. Watson .',
        "Then Mr. Holmes spoke",
        "A heading",
    ]


def test_paragraphs_are_separated_by_blank_lines() -> None:
    text = "One line.\nSame paragraph.\n\n  \nSecond."
    assert [text[a:b] for a, b in build_document(text).paragraphs] == [
        "One line.\nSame paragraph.",
        "Second.",
    ]


def test_words_in_lower_case_are_known_and_the_model_is_computed_once() -> None:
    text = "Practice is over. They practice daily."
    assert "practice" in document(text).lower_words
    assert document(text) is document(text)


def test_a_text_without_blank_lines_has_a_paragraph_per_line() -> None:
    text = "Headline here\nFirst paragraph.\n  Second one, indented."
    assert [text[a:b] for a, b in build_document(text).paragraphs] == [
        "Headline here",
        "First paragraph.",
        "Second one, indented.",
    ]


def test_in_hard_wrapped_prose_a_line_break_does_not_end_the_sentence() -> None:
    line = "It is a truth universally acknowledged, that a single man in possession\n"
    text = (line + "of a good fortune, must be in want of a wife. Mr. Bennet agreed\n") * 6
    doc = build_document(text)
    first = " ".join(doc.words[doc.sentences[0][0] : doc.sentences[0][1]])
    assert first.startswith("It is a truth") and first.endswith("want of a wife .")


def test_news_with_a_sentence_per_line_breaks_at_each_line() -> None:
    text = "\n".join(f"Officials in Town{n} said the plan would work." for n in range(12))
    assert len(build_document(text).sentences) == 12
