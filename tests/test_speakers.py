"""Who said it: each attribution rule family, as a reader would judge the result."""

from __future__ import annotations

from pathlib import Path

from reader.analysis.entities import find_entities
from reader.analysis.model import Entity
from reader.analysis.quotes import find_quotes
from reader.analysis.speakers import attribute_speakers
from reader.analysis.speakers.decide import Attribution

SAMPLE = Path(__file__).resolve().parents[1] / "sample_articles" / "livingstone-resigns.txt"


def speakers(text: str, entities: list[Entity] | None = None) -> list[str | None]:
    return [q.speaker for q in attribute_speakers(text, find_quotes(text), entities)]


def rule_reading(text: str) -> list[str | None]:
    """What the tag reader resolved each quote's speaker to (shown as evidence)."""
    quotes = attribute_speakers(text, find_quotes(text), explain=True)
    return [(q.speaker_evidence or {}).get("rule", {}).get("speaker") for q in quotes]


def test_said_after_the_quote_with_title_resolves_to_full_name() -> None:
    text = 'Jim Murphy spoke in London.\n\n"It disgusts me," declared Mr Murphy in his speech.'
    [quote] = attribute_speakers(text, find_quotes(text))
    assert quote.speaker == "Jim Murphy"
    assert text[quote.speaker_start : quote.speaker_end] == "Mr Murphy"


def test_name_then_said_after_the_quote() -> None:
    assert speakers('"We will win," Sarah Jones said on Monday.') == ["Sarah Jones"]


def test_name_before_colon_with_apposition_and_adverb() -> None:
    text = (
        "Backbencher Ruth Smeeth, one of the MPs leading the campaign, "
        'tweeted bluntly: "Good riddance."'
    )
    assert speakers(text) == ["Ruth Smeeth"]


def test_pronoun_resolves_to_person_in_focus() -> None:
    text = 'Ken Livingstone resigned on Monday.\n\nHe explained: "I am loyal to the party."'
    assert speakers(text) == ["Ken Livingstone"]


def test_pronoun_gender_picks_the_matching_person() -> None:
    text = (
        "Mrs. Clinton spoke after Mr. Trump left the stage.\n\n"
        'She said, "We are stronger together."'
    )
    assert speakers(text) == ["Mrs. Clinton"]


def test_surname_resolves_to_full_name_seen_earlier() -> None:
    text = 'Pat Caddell joined the show.\n\n"Voters are worried," said Caddell.'
    assert speakers(text) == ["Pat Caddell"]


def test_description_bound_by_a_pronoun_is_the_other_person() -> None:
    text = (
        "Ken Livingstone quit the party led by Jeremy Corbyn.\n\n"
        'The party leader, one of his oldest allies, said he was "sad" to see him go.'
    )
    assert rule_reading(text) == ["Jeremy Corbyn"]
    assert speakers(text) == ["The party leader"]  # news: as written


def test_description_refers_to_person_in_focus() -> None:
    text = (
        "Jim Murphy, the former minister, lost his seat.\n\n"
        'The ex-MP said at a conference: "It disgusts me."'
    )
    # news keeps the description as written; the person it may mean is the evidence
    assert speakers(text) == ["The ex-MP"]
    assert rule_reading(text) == ["Jim Murphy"]


def test_a_description_in_a_novel_names_the_character() -> None:
    text = (
        "Jim Murphy, the former minister, lost his seat.\n\n"
        'The ex-MP said at a conference: "It disgusts me."' + NOVEL_TURNS
    )
    attribution = Attribution(text, find_quotes(text), find_entities(text))
    assert attribution.kind == "dialogue"
    assert speakers(text)[0] == "Jim Murphy"


def test_unresolvable_description_is_reported_as_written() -> None:
    assert speakers('"We have no comment," a spokesman said.') == ["a spokesman"]


def test_according_to() -> None:
    text = 'Harassment is "against the law," according to the Equal Employment Commission.'
    assert speakers(text) == ["the Equal Employment Commission"]


def test_continuation_in_the_same_paragraph() -> None:
    text = '"We will win," said Sarah Jones. "And we will govern."'
    assert speakers(text) == ["Sarah Jones", "Sarah Jones"]


def test_interrupted_quote_keeps_its_speaker() -> None:
    text = '"My dear," said Mr. Bennet, "you flatter me."'
    assert speakers(text) == ["Mr. Bennet", "Mr. Bennet"]


NOVEL_TURNS = '\n\n"Well?"\n\n"No."\n\n"Yes."\n\n"Indeed."'
"""Bare turns that make a text read as a novel's dialogue (see ``is_dialogue``)."""


def test_his_wife_names_the_wife_of_the_man_in_focus() -> None:
    text = 'Mr. Bennet made no answer.\n\n"Do you not want to know?" cried his wife impatiently.'
    assert speakers(text + NOVEL_TURNS)[0] == "Mrs. Bennet"
    assert speakers(text) == ["his wife"]  # in news, as written


def test_two_person_dialogue_alternates_without_tags() -> None:
    text = (
        "Holmes sat by the fire while Watson read.\n\n"
        '"What is his name?" asked Holmes.\n\n'
        '"Bingley," replied Watson.\n\n'
        '"Is he married?"\n\n'
        '"Oh, single."\n\n'
        '"How so?"\n\n'
        '"He is rich."'
    )
    assert speakers(text) == ["Holmes", "Watson", "Holmes", "Watson", "Holmes", "Watson"]


def test_no_evidence_gives_no_speaker() -> None:
    text = 'The former mayor, dubbed "Red Ken," left the party.'
    assert speakers(text) == [None]


def test_quote_with_nothing_around_it_has_no_speaker() -> None:
    assert speakers('"Hello there."') == [None]


def test_person_entity_supplies_the_canonical_name() -> None:
    text = '"We will win," said Murphy.'
    start = text.index("Murphy")
    entity = Entity(start, start + 6, "Murphy", "PERSON", "James Murphy")
    assert speakers(text, [entity]) == ["James Murphy"]


def test_offsets_point_at_the_speaker_mention() -> None:
    text = 'Jim Murphy spoke.\n\n"No," said Mr Murphy.'
    [quote] = attribute_speakers(text, find_quotes(text))
    assert (quote.speaker_start, quote.speaker_end) == (text.index("Mr Murphy"), len(text) - 1)


def test_empty_and_odd_inputs() -> None:
    assert attribute_speakers("", []) == []
    for text in ['"', '""', '"," said', 'said "', "“”‘’"]:
        for q in attribute_speakers(text, find_quotes(text)):
            assert 0 <= q.start < q.end <= len(text)


def test_sample_article_speakers() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    got = [(q.text[:20], q.speaker) for q in attribute_speakers(text, find_quotes(text))]
    assert got == [
        ('"distraction"', "Ken Livingstone"),
        ('"Red Ken,"', None),
        ('"truly sorry"', "Ken Livingstone"),
        ('"I am loyal to the L', "Ken Livingstone"),
        ('"sad"', "The party leader"),  # news: a description stays as written
        ('"right thing to do"', "The party leader"),
        ('"disgust"', "Jim Murphy"),
        ('"The way in which an', "Jim Murphy"),  # "…," declared Mr Murphy, after it
        ('"Good riddance Ken."', "Ruth Smeeth"),
    ]


# --- given names, appositions, headlines, salience -------------------------------------


def test_given_name_tells_gender_when_two_people_are_named() -> None:
    text = 'Margaret Lindqvist met Peter Hollis at the port.\n\n"The contract is fair," she said.'
    assert speakers(text) == ["Margaret Lindqvist"]


def test_title_is_kept_when_an_entity_names_only_the_surname() -> None:
    text = 'Mr. Dorrit made no answer.\n\n"Are you listening?" cried his wife.' + NOVEL_TURNS
    start = text.index("Dorrit")
    entity = Entity(start, start + 6, "Dorrit", "PERSON", "Dorrit")
    assert speakers(text, [entity])[0] == "Mrs. Dorrit"


def test_description_then_name_in_commas_gives_the_name() -> None:
    text = 'Its sales director, Anna Kowalski, said the yard was "ready to start".'
    assert speakers(text) == ["Anna Kowalski"]


def test_name_after_a_description_following_the_verb() -> None:
    text = '"We see no reason to worry," said a spokesman for the bank, Jonas Berg.'
    assert speakers(text) == ["Jonas Berg"]


def test_a_possessive_with_a_gendered_role_is_kept_as_written_in_news() -> None:
    text = 'Tomas Berg is well.\n\n"He is fine," said his spokesman.'
    assert speakers(text) == ["his spokesman"]


def test_possessive_role_then_name_is_the_named_person() -> None:
    text = 'The mayor\'s press secretary, Dana Whitfield, said the plan was "on track".'
    assert speakers(text) == ["Dana Whitfield"]


def test_possessive_role_without_a_name_is_not_the_owner() -> None:
    text = '"No comment," Mayor Ortiz\'s spokeswoman said.'
    assert speakers(text) == ["Mayor Ortiz's spokeswoman"]


def test_party_and_role_before_the_name() -> None:
    text = (
        '"Turnout will decide it," Democratic strategist Lee Warren, '
        "who ran two campaigns, told reporters."
    )
    assert speakers(text) == ["Lee Warren"]


def test_headline_case_speech_verb() -> None:
    text = 'Harlan Said Of The Markets, "They Will Recover Soon."'
    assert speakers(text) == ["Harlan"]


def test_initials_inside_a_name() -> None:
    text = '"It is fiscally responsible," Thomas E. Whitcombe said.'
    assert speakers(text) == ["Thomas E. Whitcombe"]


def test_abbreviated_title_does_not_end_the_tag_sentence() -> None:
    text = '"I have doubts about the plan" and its costs, Dr. Alvarez said.'
    assert speakers(text) == ["Dr. Alvarez"]


def test_pronoun_prefers_the_subject_over_the_object() -> None:
    text = (
        "Senator Walsh criticised Governor Brandt for his budget.\n\n"
        '"This is not leadership," he said.'
    )
    assert speakers(text) == ["Walsh"]


def test_place_entity_is_not_a_speaker() -> None:
    text = 'Ms. Okafor\'s office is on Capitol Hill.\n\n"We will keep pushing," she said.'
    start = text.index("Capitol Hill")
    entity = Entity(start, start + 12, "Capitol Hill", "FAC", "Capitol Hill")
    assert speakers(text, [entity]) == ["Ms. Okafor"]


def test_sentence_start_word_is_not_taken_for_a_name() -> None:
    text = (
        'I said, "You are late."\n\n"Right, so I am," he said.\n\n'
        'I said, "Well, then, right you are, Hartley."\n\n"Hartley, sit down."'
    )
    quotes = attribute_speakers(text, find_quotes(text))
    assert all(q.speaker != "Right" for q in quotes)


def test_arbitrary_unicode_never_crashes() -> None:
    for text in ["“Ä,” said Ö. «Ü» — Ç", '"x" ― Mr.', 'Mr. \u0301"a" said', "“”" * 50]:
        for q in attribute_speakers(text, find_quotes(text)):
            assert 0 <= q.start < q.end <= len(text)
            if q.speaker_start is not None:
                assert 0 <= q.speaker_start <= q.speaker_end <= len(text)


def test_exchange_alternates_backwards_from_later_tags() -> None:
    text = (
        "The two of them walked on in silence for a while.\n\n"
        '"Is it far?"\n\n'
        '"Not very."\n\n'
        '"Will it rain?"\n\n'
        '"I hope not," said Harriet Vane.\n\n'
        '"So do I," said Peter Wimsey.\n\n'
        '"Then let us hurry."'
    )
    assert speakers(text) == [
        "Peter Wimsey",
        "Harriet Vane",
        "Peter Wimsey",
        "Harriet Vane",
        "Peter Wimsey",
        "Harriet Vane",
    ]


def test_exchange_with_a_third_voice_never_has_one_answer_herself() -> None:
    text = (
        "They met at the gate.\n\n"
        '"Is it far?"\n\n'
        '"Not very," said Harriet Vane.\n\n'
        '"Will it rain?" said Peter Wimsey.\n\n'
        '"No," said Mary Quinn.\n\n'
        '"Good."'
    )
    found = speakers(text)
    assert found[1:4] == ["Harriet Vane", "Peter Wimsey", "Mary Quinn"]
    assert found[0] != "Harriet Vane"  # who answers the question did not ask it


def test_title_with_initials_and_headline_words_never_crash() -> None:
    for text in ['Rep. G.K. Said "x"', 'Mr. A.B. Said Of "y"', 'Dr. J. Right Said, "z"']:
        for q in attribute_speakers(text, find_quotes(text)):
            assert 0 <= q.start < q.end <= len(text)


# --- names that look like other things -------------------------------------------------


def test_given_name_that_is_also_an_org_word_is_a_person() -> None:
    assert speakers('"We are behind," pollster Bill Hartwell told reporters.') == ["Bill Hartwell"]


def test_military_rank_before_a_name_is_a_title() -> None:
    text = 'Retired Lt. Gen. Anna Kessler said the plan was "reckless".'
    assert speakers(text) == ["Anna Kessler"]


def test_headline_verb_right_before_the_quote() -> None:
    assert speakers("At A Press Event, Maria Santos Said “We Will Win.”") == ["Maria Santos"]
    text = "Maria Santos Said The Economy Was “Stronger Than Ever.”"
    assert speakers(text) == ["Maria Santos"]


def test_capitalised_verb_inside_a_place_name_is_not_a_tag() -> None:
    text = (
        'Mrs. Olsen assured students at Kent State University that the review would "find nothing."'
    )
    assert speakers(text) == ["Mrs. Olsen"]


# --- subjects further from the verb ------------------------------------------------------


def test_time_adverb_between_subject_and_verb() -> None:
    text = 'Mayor Ortiz spoke first. Senator Okafor earlier called the budget "a disgrace."'
    assert speakers(text) == ["Okafor"]  # as the side pane names him


def test_prepositional_phrase_between_subject_and_verb() -> None:
    text = 'Senator Okafor in recent weeks has suggested the budget is "a disgrace."'
    assert speakers(text) == ["Okafor"]  # as the side pane names him


def test_subject_of_an_infinitive_speech_verb() -> None:
    text = (
        "Dana Okafor sits on the committee.\n\n"
        'Pence praised the plan, only for Okafor to tweet that it was "a disgrace."'
    )
    assert speakers(text) == ["Dana Okafor"]
    text = 'Dana Okafor, a budget hawk, tried to argue on Sunday that the plan was "a disgrace."'
    assert speakers(text) == ["Dana Okafor"]


def test_possessed_document_is_reported_as_written() -> None:
    text = 'The senator\'s brief said that was not her view and called the reports "old news."'
    assert speakers(text) == ["The senator's brief"]


def test_share_of_people_is_reported_as_written() -> None:
    text = (
        'Only 40 percent said the plan was "fair," while 52 percent said it was'
        ' "a disgrace to the city."'
    )
    assert speakers(text) == ["40 percent", "52 percent"]


def test_sentence_adverb_before_a_role_and_name() -> None:
    text = 'Now the mayor\'s chief aide, Dana Okafor, insists the plan is "a disgrace."'
    assert speakers(text) == ["Dana Okafor"]


# --- appositions and colons ------------------------------------------------------------


def test_possessive_role_then_name_after_the_quote() -> None:
    text = '"We will appeal," the mayor\'s spokeswoman, Dana Whitfield, said on Monday.'
    assert speakers(text) == ["Dana Whitfield"]


def test_description_then_name_after_the_verb_carries_to_the_next_quote() -> None:
    text = '"We will appeal," said a spokeswoman for the city, Dana Whitfield. "It is wrong."'
    assert speakers(text) == ["Dana Whitfield", "Dana Whitfield"]


def test_colon_hands_the_quote_to_the_sentence_subject() -> None:
    text = 'Senator Okafor swiped at the mayor in a string of posts: "He has failed this city."'
    assert speakers(text) == ["Okafor"]  # as the side pane names him


def test_name_and_colon_label_a_quote() -> None:
    text = 'Dana Okafor spoke last.\n\nOkafor: On the budget, "We cannot wait another year."'
    assert speakers(text) == ["Dana Okafor"]


def test_colon_after_a_clause_about_nobody_gives_no_speaker() -> None:
    text = 'The mood kept getting worse as the night wore on:\n\n"No comment."'
    assert speakers(text) == [None]


# --- signed testimonials -----------------------------------------------------------------


def test_accented_names_sign_testimonials_in_full() -> None:
    text = "“He never listens.” ― Raúl Gonzàlez\n“He listens too much.” ― Ana Núñez\n"
    assert speakers(text) == ["Raúl Gonzàlez", "Ana Núñez"]


def test_a_signature_ending_the_line_signs_every_quote_on_it() -> None:
    text = (
        "“He never listens.” And that is all “he has.” ― Ana Núñez.\n"
        "“Next one, please.” ― Raúl Ortega\n"
    )
    assert speakers(text) == ["Ana Núñez", "Ana Núñez", "Raúl Ortega"]


def test_a_dash_inside_a_sentence_is_no_signature() -> None:
    text = "“We lost.” The night went on — the Mayor's Fault.\nNobody answered."
    assert speakers(text) == [None]


# --- reporting verbs and non-person sources --------------------------------------------


def test_reporting_verb_tags_a_quoted_fragment() -> None:
    text = 'In a speech in May, Senator Okafor attacked "the politics of fear."'
    assert speakers(text) == ["Okafor"]  # as the side pane names him
    text = 'Senator Okafor accused the mayor of being "asleep at the wheel."'
    assert speakers(text) == ["Okafor"]  # as the side pane names him


def test_pronoun_before_talked_about() -> None:
    text = (
        "Dana Okafor spoke in Ohio.\n\n"
        'She talked about the budget as something that had to pass "for the children."'
    )
    assert speakers(text) == ["Dana Okafor"]


def test_a_persons_office_is_reported_as_written() -> None:
    text = (
        'Mayor Ortiz\'s office said that was not his view and dismissed the claims as "old news."'
    )
    assert speakers(text) == ["Mayor Ortiz's office"]


def test_a_speaker_is_named_as_the_side_pane_names_that_person() -> None:
    """One set of people: a speaker read from a person's name carries that PERSON
    entity's group name, so the Quotes list and the entity pane agree."""
    from reader.analysis import analyze

    text = (
        "Archbishop Desmond Tutu arrived on Monday.\n\n"
        '"We must forgive," said Bishop Tutu at the service.\n\n'
        'Mr. Tutu added: "And we must remember."'
    )
    analysis = analyze(text)
    groups = {e.canonical for e in analysis.entities if e.label == "PERSON"}
    assert groups == {"Desmond Tutu"}
    assert [q.speaker for q in analysis.quotes] == ["Desmond Tutu", "Desmond Tutu"]
    samples = Path(__file__).resolve().parents[1] / "sample_articles"
    for path in sorted(samples.glob("*.txt")):
        analysis = analyze(path.read_text(encoding="utf-8"))
        people = [e for e in analysis.entities if e.label == "PERSON"]
        for quote in analysis.quotes:
            if quote.speaker_start is None:
                continue
            named = [
                e
                for e in people
                if e.start < quote.speaker_end and e.end > quote.speaker_start  # type: ignore[operator]
            ]
            if named and quote.speaker and quote.speaker[:1].isupper():
                assert quote.speaker == named[0].canonical, (path.name, quote.text)
