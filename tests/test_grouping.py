"""Mentions of one entity share a canonical name, whichever way the text writes it."""

from __future__ import annotations

import re
from collections import Counter

from reader.analysis.entities import find_entities
from reader.analysis.grouping import group


def _canonical_counts(text: str, label: str = "PERSON") -> Counter[str]:
    return Counter(e.canonical for e in find_entities(text) if e.label == label)


def test_shouted_full_name_title_and_surname_are_one_person() -> None:
    text = (
        "KEN Livingstone has resigned. Mr Livingstone said he was sorry. "
        "Critics said Livingstone had to go."
    )
    assert _canonical_counts(text) == Counter({"Ken Livingstone": 3})


def test_given_name_alone_and_nickname_join_the_known_person() -> None:
    text = "Jeremy Corbyn spoke first. Later, Jeremy listened while fans chanted Red Jeremy."
    assert _canonical_counts(text) == Counter({"Jeremy Corbyn": 3})


def test_a_full_name_said_only_in_a_quotation_does_not_rename_the_given_name() -> None:
    """A novel calls its heroine "Katharine" for pages; the full name a character imagines
    aloud ("a nice name, Katharine Rodney") is not hers, but the narration's is."""
    imagined = 'Katharine smiled. Katharine laughed.\n\n"A nice name, Katharine Rodney," he said.'
    written = imagined + "\n\nKatharine Hilbery walked home."

    def canonicals(text: str) -> list[str]:
        spans = [(m.start(), m.end()) for m in re.finditer(r"Katharine(?: [A-Z][a-z]+)?", text)]
        return [e.canonical for e in group(text, [(s, e, "PERSON") for s, e in spans])]

    assert canonicals(imagined)[:2] == ["Katharine", "Katharine"]
    assert canonicals(written)[:2] == ["Katharine Hilbery", "Katharine Hilbery"]


def test_two_people_with_one_surname_stay_apart() -> None:
    text = "Venus Williams beat Serena Williams. Venus Williams said it was hard."
    counts = _canonical_counts(text)
    assert counts == Counter({"Venus Williams": 2, "Serena Williams": 1})


def test_initial_fits_the_full_name() -> None:
    text = "Phil Simmons took four wickets.\nScores: P. Simmons 4-38, Simmons batted."
    assert _canonical_counts(text) == Counter({"Phil Simmons": 3})


def test_short_party_name_joins_the_full_one() -> None:
    text = "She left the Labour Party in May. Labour said it regretted her decision."
    assert _canonical_counts(text, "ORG") == Counter({"Labour Party": 2})


def test_heading_spelling_is_not_the_canonical_one() -> None:
    text = "STRIKES IN NAIROBI\nTeachers in Nairobi stayed at home."
    assert _canonical_counts(text, "GPE") == Counter({"Nairobi": 2})


def test_group_keeps_order_and_text_of_every_mention() -> None:
    text = "Ada Lovelace met Babbage. Lovelace wrote notes."
    mentions = [(0, 12, "PERSON"), (17, 24, "PERSON"), (26, 34, "PERSON")]
    entities = group(text, mentions)
    assert [(e.start, e.end, e.text) for e in entities] == [
        (0, 12, "Ada Lovelace"),
        (17, 24, "Babbage"),
        (26, 34, "Lovelace"),
    ]
    assert [e.canonical for e in entities] == ["Ada Lovelace", "Babbage", "Ada Lovelace"]


def test_a_given_name_whose_owner_was_merged_away_does_not_crash() -> None:
    """Found by fuzzing the whole pipeline: a first name pointing at a merged entry."""
    from reader.analysis import analyze

    text = (
        "” Said ( Mrs. said Berg “ G.K. Mrs. Mr. Anna G.K. 's G.K. 's ” told the \n\n"
        " 's “ Said the said Jr. Anna told Anna Said Anna ) the He Mr. ” told Jr."
    )
    analysis = analyze(text)
    assert all(text[e.start : e.end] == e.text for e in analysis.entities)


def _grouped(text: str, names: list[str]) -> list[str]:
    """Canonical names when each of ``names`` (in order of appearance) is a PERSON."""
    spans, at = [], 0
    for name in names:
        at = text.index(name, at)
        spans.append((at, at + len(name), "PERSON"))
        at += len(name)
    return [e.canonical for e in group(text, spans)]


def test_a_titled_surname_in_a_family_stays_that_titled_person() -> None:
    text = "Mrs. Bennet spoke to Jane Bennet and to Lydia Bennet. Then Mr. Bennet left."
    names = ["Bennet", "Jane Bennet", "Lydia Bennet", "Bennet"]
    assert _grouped(text, names) == ["Mrs. Bennet", "Jane Bennet", "Lydia Bennet", "Mr. Bennet"]


def test_a_titled_surname_joins_the_one_full_name_written_before_it() -> None:
    text = "Ken Livingstone resigned. Mr Livingstone said sorry. Mrs Livingstone did not."
    names = ["Ken Livingstone", "Livingstone", "Livingstone"]
    assert _grouped(text, names) == ["Ken Livingstone", "Ken Livingstone", "Mrs Livingstone"]


def test_a_title_written_with_a_given_name_joins_that_person() -> None:
    text = "Lord Henry Wotton sat. Lord Henry smiled. Sir Tomas Berg came. Sir Tomas left."
    names = ["Henry Wotton", "Henry", "Tomas Berg", "Tomas"]
    assert _grouped(text, names) == ["Henry Wotton", "Henry Wotton", "Tomas Berg", "Tomas Berg"]


def test_a_wife_called_by_her_husband_s_given_name_stays_herself() -> None:
    text = "Lord Henry Wotton married Victoria. Lady Henry laughed."
    assert _grouped(text, ["Henry Wotton", "Victoria", "Henry"])[-1] == "Lady Henry"
