"""Entities on text a reader would recognise: the trained tagger plus date and amount rules."""

from __future__ import annotations

from itertools import pairwise

from reader.analysis.entities import find_entities


def _labels(text: str) -> dict[str, str]:
    return {e.text: e.label for e in find_entities(text)}


TYPICAL = [
    ("Talks resumed in Nairobi on Tuesday.", "Nairobi", "GPE"),
    ("The deal was signed by Canada and Mexico.", "Canada", "GPE"),
    ("Voters in Northern Ireland went to the polls.", "Northern Ireland", "GPE"),
    ("Shipping in the Mediterranean was disrupted.", "Mediterranean", "LOC"),
    ("Italian officials welcomed the move.", "Italian", "NORP"),
    ("She joined the Green Party last spring.", "Green Party", "ORG"),
    ("Shares in Acme Holdings fell sharply.", "Acme Holdings", "ORG"),
    ("He studied at the University of Leeds.", "University of Leeds", "ORG"),
    ("A statement from NATO was expected.", "NATO", "ORG"),
    ("Crowds gathered at Heathrow Airport.", "Heathrow Airport", "FAC"),
    ("The team won the 1998 World Cup easily.", "1998 World Cup", "EVENT"),
    ("Critics attacked the Clean Air Act again.", "Clean Air Act", "LAW"),
    ("Paulette Okonjo said the plan would fail.", "Paulette Okonjo", "PERSON"),
    ("The report was written by Sarah Whitfield.", "Sarah Whitfield", "PERSON"),
]


def test_typical_names_are_labelled_as_a_reader_would() -> None:
    """A statistical tagger may miss one; more than one is a regression worth a look."""
    wrong = [
        (surface, label, _labels(text).get(surface))
        for text, surface, label in TYPICAL
        if _labels(text).get(surface) != label
    ]
    assert len(wrong) <= 1, wrong


def test_title_is_left_out_and_marks_a_person() -> None:
    entities = find_entities("The plan was backed by Mrs Quarrington on Monday.")
    person = next(e for e in entities if e.label == "PERSON")
    assert person.text == "Quarrington"


def test_role_words_after_a_place_are_not_part_of_it() -> None:
    labels = _labels("The former Boston Mayor spoke, as did the French President.")
    assert labels.get("Boston") == "GPE"
    assert labels.get("French") == "NORP"
    assert "Boston Mayor" not in labels and "President" not in labels


def test_sentence_start_words_are_not_names() -> None:
    text = "However, the vote failed. Despite this, Yesterday was calm. The Senate met."
    labels = _labels(text)
    assert "However" not in labels and "Despite" not in labels and "The" not in labels
    assert labels.get("Senate") == "ORG"


def test_descriptor_before_a_full_name_at_sentence_start_is_dropped() -> None:
    labels = _labels("Campaigner Helen Grimsby tweeted her thanks.")
    assert labels == {"Helen Grimsby": "PERSON"}


def test_possessive_is_outside_the_span() -> None:
    entities = find_entities("It was Maria Lindqvist's first win in Sweden's capital.")
    assert [e.text for e in entities] == ["Maria Lindqvist", "Sweden"]


def test_a_name_called_out_is_the_same_person_without_the_mark() -> None:
    """ "Lilia!" in a line of dialogue is Lilia, not a second person in the side pane."""
    text = 'Lilia came in.\n\n"Lilia! Come here," said Gino. "Dr. Grant? Gino!"'
    people = [(e.text, e.canonical) for e in find_entities(text) if e.label == "PERSON"]
    assert all(not name.endswith(("!", "?")) for _, name in people)
    assert {canonical for _, canonical in people} == {"Lilia", "Gino", "Dr. Grant"}


def test_dates_and_ages_are_dates_not_names() -> None:
    text = "In March the 45-year-old left for Lagos, three years ago, on Friday 12 June 2015."
    labels = _labels(text)
    assert labels.get("March") == "DATE"
    assert labels.get("45-year-old") == "DATE"
    assert labels.get("three years ago") == "DATE"
    assert "Friday" in labels and labels["Friday"] == "DATE"
    assert labels.get("Lagos") == "GPE"


def test_months_that_are_also_words_need_a_date_shape() -> None:
    labels = _labels("Results may vary, officials said in May.")
    assert list(labels.values()) == ["DATE"]
    assert "May" in labels


def test_shouted_heading_only_keeps_names_known_elsewhere() -> None:
    text = "STORM HITS NAIROBI AS GRIMSBY WARNS\nRains battered Nairobi, Helen Grimsby said."
    heading = [e for e in find_entities(text) if e.start < text.index("\n")]
    assert [(e.text, e.label) for e in heading] == [("NAIROBI", "GPE"), ("GRIMSBY", "PERSON")]


def test_sports_clubs_with_scores_are_organisations() -> None:
    text = "SOCCER - LEAGUE RESULTS.\nResults on Saturday:\nRiverton 2 Oakvale 1\n"
    labels = _labels(text)
    assert labels.get("Riverton") == "ORG" and labels.get("Oakvale") == "ORG"


def test_countries_stay_places_in_sports_reports() -> None:
    text = "TENNIS - RESULTS.\nAnna Kowalska (Poland) beat Mia Jensen (Denmark) 6-4 6-2\n"
    labels = _labels(text)
    assert labels.get("Poland") == "GPE"
    assert labels.get("Anna Kowalska") == "PERSON"


def test_a_later_surname_is_the_same_person() -> None:
    text = "Helmut Okafor arrived late. Later, Okafor left without comment."
    entities = find_entities(text)
    assert [(e.text, e.label) for e in entities] == [
        ("Helmut Okafor", "PERSON"),
        ("Okafor", "PERSON"),
    ]


def test_ideology_words_are_not_entities() -> None:
    assert _labels("He wrote that Marxism had failed.") == {}


def test_nothing_inside_boilerplate() -> None:
    text = "READ MORE: Paris talks collapse\nTalks in Paris went on."
    line = (0, text.index("\n"))
    entities = find_entities(text, [line])
    assert [e.start for e in entities] == [text.rindex("Paris")]


def test_output_is_sorted_and_non_overlapping() -> None:
    text = "On May 13 the Bank of England and Mr Carney met in London, 10 Downing Street."
    entities = find_entities(text)
    assert [e.start for e in entities] == sorted(e.start for e in entities)
    assert all(a.end <= b.start for a, b in pairwise(entities))
    assert _labels(text).get("Bank of England") == "ORG"


def test_plural_and_derived_nationality_words_are_norp() -> None:
    labels = _labels("Officials said Iraqis and Zairean traders crossed the border.")
    assert labels.get("Iraqis") == "NORP"
    assert labels.get("Zairean") == "NORP"


def test_place_name_that_is_a_known_surname_is_the_person() -> None:
    text = "Michael Jordan scored 40 points. Afterwards Jordan thanked the crowd."
    labels = [(e.text, e.label) for e in find_entities(text)]
    assert ("Jordan", "PERSON") in labels


def test_town_names_a_team_in_sports_reports_but_not_after_in() -> None:
    text = "BASEBALL - RESULTS.\nBoston beat Detroit on Sunday before a crowd in Boston.\n"
    entities = [(e.text, e.label) for e in find_entities(text) if e.label != "DATE"]
    assert entities == [("Boston", "ORG"), ("Detroit", "ORG"), ("Boston", "GPE")]


def test_a_name_with_an_elided_article_is_one_place() -> None:
    text = "Farmers sell their beans across the border in Côte d’Ivoire and Côte d'Ivoire."
    places = [(e.text, e.label) for e in find_entities(text)]
    assert places == [("Côte d’Ivoire", "GPE"), ("Côte d'Ivoire", "GPE")]


def test_a_title_case_headline_keeps_only_names_the_body_knows() -> None:
    text = (
        "Veteran Quits Party Over Row With Corbyn Allies\n\n"
        "Former London mayor Ken Livingstone has quit. He blamed Jeremy Corbyn's allies."
    )
    heading = [(e.text, e.label) for e in find_entities(text) if e.start < text.index("\n")]
    assert heading == [("Corbyn", "PERSON")]


def test_a_name_after_an_honorific_is_a_person_even_if_unknown() -> None:
    text = "The vote was close. Mrs. Quarrington-Vale objected and Dr Okonkwo agreed."
    labels = _labels(text)
    assert labels.get("Quarrington-Vale") == "PERSON" and labels.get("Okonkwo") == "PERSON"
