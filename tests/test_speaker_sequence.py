"""A dialogue's speakers are decoded together: one paragraph is one speaker, the next
paragraph answers, and a tag several turns away settles the turns between."""

from __future__ import annotations

from reader.analysis.speakers.sequence import Link, decode, links

A, B = "Ann Lee", "Tom Hale"


def test_without_links_each_quote_keeps_its_most_likely_candidate() -> None:
    names = [[None, A, B], [None, A, B]]
    probs = [[0.1, 0.6, 0.3], [0.2, 0.5, 0.3]]
    assert decode(names, probs, [Link.NONE, Link.NONE]) == [1, 1]


def test_equal_candidates_keep_the_first_as_a_lone_ranking_would() -> None:
    names = [[None, A, B], [None, A, B]]
    probs = [[0.2, 0.4, 0.4], [0.2, 0.4, 0.4]]
    assert decode(names, probs, [Link.NONE, Link.NONE]) == [1, 1]


def test_a_later_tag_settles_the_untagged_turns_before_it() -> None:
    names = [[A, B]] * 4
    # three untagged turns the ranker cannot tell apart, then "…," said Tom
    probs = [[0.5, 0.5], [0.5, 0.5], [0.52, 0.48], [0.02, 0.98]]
    chosen = decode(names, probs, [Link.NONE] + [Link.NEXT_PARAGRAPH] * 3)
    assert [names[k][c] for k, c in enumerate(chosen)] == [A, B, A, B]
    # ranked alone, the third turn would have gone to Ann as well
    assert decode(names, probs, [Link.NONE] * 4)[:3] == [0, 0, 0]


def test_an_exchange_returns_to_whoever_spoke_two_turns_before() -> None:
    """A, B, A, B: with a third person in the scene, "not the one who just spoke" leaves
    two to choose from; the one who spoke the turn before that is the likely one."""
    c = "Kit Moss"
    names = [[A, B, c]] * 4
    # Ann and Tom tagged; the next two turns lean a little to Kit, who said nothing yet
    probs = [[0.9, 0.05, 0.05], [0.05, 0.9, 0.05], [0.4, 0.1, 0.5], [0.1, 0.4, 0.5]]
    chosen = decode(names, probs, [Link.NONE] + [Link.NEXT_PARAGRAPH] * 3)
    assert [names[k][i] for k, i in enumerate(chosen)] == [A, B, A, B]
    # outside an exchange (narration between the turns) the ranker's choice stands
    assert decode(names, probs, [Link.NONE] * 4)[2:] == [2, 2]


def test_two_quotes_in_one_paragraph_are_one_speakers() -> None:
    names = [[A, B], [A, B]]
    probs = [[0.9, 0.1], [0.45, 0.55]]  # "…," said Ann, "…"
    assert decode(names, probs, [Link.NONE, Link.SAME_PARAGRAPH]) == [0, 0]
    assert decode(names, probs, [Link.NONE, Link.NONE]) == [0, 1]


def test_a_strong_ranking_beats_the_turn_order() -> None:
    names = [[A, B], [A, B]]
    probs = [[0.95, 0.05], [0.97, 0.03]]  # both tagged "said Ann": she spoke twice
    assert decode(names, probs, [Link.NONE, Link.NEXT_PARAGRAPH]) == [0, 0]


def test_nobody_is_never_the_same_speaker_as_the_turn_before() -> None:
    names = [[None, A], [None, B]]
    probs = [[0.7, 0.3], [0.45, 0.55]]
    # "nobody" twice gets no bonus for one paragraph: the second stays Tom's
    assert decode(names, probs, [Link.NONE, Link.SAME_PARAGRAPH]) == [0, 1]


def test_links_read_paragraphs_and_the_narration_between() -> None:
    text = '"One," said Ann. "Two."\n\n"Three."\n\nTom stood up.\n\n"Four."'
    first = (0, text.index("\n\n"))
    third_start = text.index('"Three."')
    third = (third_start, third_start + len('"Three."'))
    fourth_start = text.index('"Four."')
    fourth = (fourth_start, len(text))
    got = links(text, [first, first, third, fourth])
    assert got == [Link.NONE, Link.SAME_PARAGRAPH, Link.NEXT_PARAGRAPH, Link.NONE]


def test_the_calibration_counts_the_decoded_choice_not_the_lone_ranking() -> None:
    from reader.analysis.speakers.ranker import Ranker
    from reader.analysis.speakers.training import (
        Example,
        Turns,
        decoded_choices,
        grouped_choices,
    )

    ranker = Ranker({"tag": 3.0})
    features = [[["tag"], []], [[], []]]  # "…," said Ann / an untagged answer
    turns = Turns(features, [[A, B], [A, B]], [Link.NONE, Link.NEXT_PARAGRAPH], [1])
    answer = Example(features[1], [False, True], "novels", "dialogue", [False, False])
    [(_, alone_right, _)] = grouped_choices(ranker, [answer])
    [(p, decoded_right, group)] = decoded_choices(ranker, [answer], turns)
    assert not alone_right and decoded_right  # Tom answers Ann
    assert p == 0.5 and group == "dialogue"
