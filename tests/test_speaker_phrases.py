"""Who said it, read from the phrase around the speech verb: qualifiers, titles,
epithets, asides, passives, lead-in paragraphs, and the pronouns a name can bind."""

from __future__ import annotations

import pytest

from reader.analysis.entities import find_entities
from reader.analysis.quotes import find_quotes
from reader.analysis.speakers import attribute_speakers
from reader.analysis.speakers.decide import Attribution
from reader.analysis.speakers.names import NameIndex


def speakers(text: str) -> list[str | None]:
    return [q.speaker for q in attribute_speakers(text, find_quotes(text))]


def rule_reading(text: str) -> list[str | None]:
    """What the tag reader resolved each quote's speaker to (shown as evidence)."""
    quotes = attribute_speakers(text, find_quotes(text), explain=True)
    return [((q.speaker_evidence or {}).get("rule") or {}).get("speaker") for q in quotes]


def test_a_described_source_keeps_its_qualifier_to_the_end_of_the_clause() -> None:
    text = (
        'Dana Okafor spoke first.\n\n"We are behind," said a person close to the mayor.\n\n'
        '"It will pass," said an aide to Dana Okafor on Monday.'
    )
    # the qualifier ends the clause in the first; a time phrase ends the second
    assert speakers(text) == ["a person close to the mayor", "an aide"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"A tie," said Lakeview College political scientist Harold Brennan.', "Harold Brennan"),
        ('"Not yet," said Senate Minority Whip Dana Okafor (D-Ohio) on Monday.', "Dana Okafor"),
        ('"Not over," said Republican strategist Mona Fields.', "Mona Fields"),
        ('"We will see," said Okafor adviser Tomas Berg.', "Tomas Berg"),
    ],
)
def test_a_person_named_after_what_qualifies_them_is_the_speaker(text: str, speaker: str) -> None:
    assert speakers(text) == [speaker]


def test_a_name_followed_by_a_verb_and_another_name_stays_the_speaker() -> None:
    text = 'Dana Okafor thanked Tomas Berg and said, "We won."'
    assert speakers(text) == ["Dana Okafor"]


def test_a_capitalised_epithet_is_the_speaker_as_written() -> None:
    text = (
        "Syme and the Professor sat at the table.\n\n"
        '"Yes," said the Professor.\n\n'
        '"I always eat first," said the Invisible Man\nrapping it down.'
    )
    assert speakers(text) == ["the Professor", "the Invisible Man"]


def test_a_paragraph_ending_in_its_speech_verb_hands_the_floor_to_the_next_quote() -> None:
    text = (
        "Mr. Bennet sat with his book.\n\n"
        "Lydia looked at her father and said--\n\n"
        '"You must let me go."\n\n'
        '"Must I?" said Mr. Bennet.'
    )
    assert speakers(text)[0] == "Lydia"


def test_a_paragraph_with_its_own_quote_does_not_tag_the_next_one() -> None:
    text = '"Go home," Lydia said.\n\n"Never."\n\n"Then stay," said Kitty.'
    quotes = attribute_speakers(text, find_quotes(text), explain=True)
    rule = (quotes[1].speaker_evidence or {}).get("rule") or {}
    assert rule.get("stage") != "tag"  # no speech tag of its own: a turn, if anything


def test_a_name_learns_its_gender_from_pronouns_that_can_mean_it() -> None:
    text = (
        "Lilia interrupted him. Nor did Lilia contradict him. When he was alone with "
        "Lilia he wept. At the top of the stairs was Lilia herself, radiant."
    )
    index = NameIndex(text, find_entities(text))
    # "him" is the object of Lilia's verb and "with Lilia he" the subject's pronoun
    assert index.gender.get("Lilia") == "f"


def test_the_agent_of_a_passive_speech_verb_is_the_speaker() -> None:
    text = 'Dana Okafor sat.\n\nOkafor was asked by host Tomas Berg, who backs her, "Will you run?"'
    assert rule_reading(text) == ["Tomas Berg"]


def test_an_aside_between_the_speaker_and_the_verb_is_skipped() -> None:
    text = (
        "The curate said a year was long; and Miss Abbott, with decorous playfulness, "
        'answered him, "Oh, but you must let me go!"'
    )
    assert rule_reading(text) == ["Miss Abbott"]


def test_a_pronoun_opening_what_a_described_source_said_means_that_source() -> None:
    text = (
        "Ken Livingstone quit the party led by Jeremy Corbyn.\n\n"
        'The party leader, one of his allies, said he was "sad" to see him go.'
    )
    attribution = Attribution(text, find_quotes(text), find_entities(text))
    cands = attribution.finder.find(0)
    described = next(c for c in cands if c.name == "The party leader")
    assert any(s.kind == "pronoun" for s in described.sightings)  # "said he"
    assert described.gender == "m"  # the tag reader took it to mean Jeremy Corbyn


def test_passive_reporting_verb_is_no_tag() -> None:
    text = 'The former mayor, labelled "Red Ken" by the papers, left the party.'
    assert speakers(text) == [None]


def test_author_of_a_statement_saying_speaks() -> None:
    text = 'Senator Okafor issued a statement saying the plan was "dead on arrival."'
    assert speakers(text) == ["Okafor"]  # as the side pane names him
    text = (
        "Mayor Ortiz stayed silent. "
        'His office released a statement saying he was "fully confident."'
    )
    assert speakers(text)[0] in ("His office", "Ortiz")  # the office, or whose it is


def test_source_phrase_after_the_verb_is_reported_whole() -> None:
    text = '"We are confident the data are sound," said a joint statement from the two agencies.'
    assert speakers(text) == ["a joint statement from the two agencies"]


def test_a_quote_ending_its_line_takes_no_tag_from_the_next_line() -> None:
    text = (
        '"This is a sad day," said Rep. Dana Okafor. "The mayor has failed us all."\n'
        "Reporters gathered later, after Ortiz said he would stay."
    )
    assert speakers(text) == ["Dana Okafor", "Dana Okafor"]


def test_role_description_prefers_the_person_holding_that_title() -> None:
    text = (
        "President Ortiz met Dana Okafor on Monday. Okafor asked about the budget.\n\n"
        '"We will not cut it," the president said.'
    )
    assert rule_reading(text) == ["Ortiz"]
    assert speakers(text) == ["the president"]


def test_day_between_name_and_verb() -> None:
    text = 'Senator Okafor on Tuesday called on voters to "stay home."'
    assert speakers(text) == ["Okafor"]  # as the side pane names him


def test_description_with_places_is_kept_whole() -> None:
    from reader.analysis import analyze

    text = (
        "Dana Okafor took questions.\n\n"
        "In May, a woman in the audience at a town meeting in Ohio asked her: "
        '"Why should we believe you?"'
    )
    [quote] = analyze(text).quotes
    assert quote.speaker == "a woman in the audience at a town meeting in Ohio"


def test_a_place_between_speaker_and_pronoun_does_not_take_the_quote() -> None:
    from reader.analysis import analyze

    text = (
        "Dr Efua Mensah, an economist, said the delay was long.\n\n"
        "Farmers in neighbouring Côte d’Ivoire, she noted, are paid on time. "
        "“It is a market,” she said."
    )
    [quote] = analyze(text).quotes
    assert quote.speaker == "Efua Mensah"


@pytest.mark.parametrize("verb", ["admitted", "concurred", "quipped", "snapped", "conceded"])
def test_regular_past_tenses_of_speech_verbs_tag_a_speaker(verb: str) -> None:
    text = f'"It was my fault," Jane Smith {verb}.'
    assert speakers(text) == ["Jane Smith"]


def test_a_quote_over_two_paragraphs_is_tagged_after_its_end() -> None:
    text = (
        'The ex-MP said at a conference: "It disgusts me.\n\n'
        '"It is the one thing that makes me angry," declared Mr Murphy in his speech.'
    )
    assert rule_reading(text) == ["Mr Murphy"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Tomas Berg sat down.\n\n"I know," he went on, "that you are right."', "Tomas Berg"),
        ('"No!" broke in Mrs. Okafor.', "Mrs. Okafor"),
        ('When Ortiz spoke, Dana Okafor fired back: "Not so."', "Dana Okafor"),
        ('Tomas Berg, 17, echoed:\n\n"He speaks his mind."', "Tomas Berg"),
        # the journalist's "as X put it": "put it" tags the quote like a speech verb
        ('As the mayor, Dana Okafor, put it: "We are broke."', "Dana Okafor"),
        ('Voters, as Ortiz puts it, want "someone who listens."', "Ortiz"),
    ],
)
def test_phrasal_and_less_common_speech_verbs_tag_a_speaker(text: str, speaker: str) -> None:
    assert rule_reading(text)[0] == speaker


def test_a_paragraph_ending_in_a_phrasal_speech_verb_hands_over_to_the_next() -> None:
    text = 'Tomas Berg, trying not to smile, went on.\n\n"You are not aware of it."'
    assert rule_reading(text) == ["Tomas Berg"]


def test_a_phrasal_verb_after_a_closed_quote_needs_a_subject_that_can_speak() -> None:
    text = "“We lost.” The night went on — the Mayor's Fault.\nNobody answered."
    assert rule_reading(text) == [None]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"Welcome!" a banner on the website reads.', "a banner on the website"),
        ('"Stay calm," begins a recorded message that plays at every rally.', "a recorded message"),
        ('"Vote," the 19-year-old Tomas Berg said.', "Tomas Berg"),
        # a verb's past form or a new article ends the phrase before it
        (
            "The Springfield Town Council released a statement, saying it was “appalled.”",
            "The Springfield Town Council",
        ),
        ("The email goes on to say: “We will not wait.”", "The email"),
        ('"We are done," said a 63-year-old retired teacher.', "a 63-year-old retired teacher"),
    ],
)
def test_a_described_source_ends_where_its_noun_phrase_does(text: str, speaker: str) -> None:
    assert speakers(text) == [speaker]


def test_a_name_qualifying_a_description_is_not_its_head() -> None:
    text = 'Dana Okafor lost.\n\n"It was over," a 2008 Okafor veteran said.'
    assert speakers(text)[0] == "a 2008 Okafor veteran"


@pytest.mark.parametrize(
    "text",
    [
        'While Okafor\'s clarion call for a "revolution" draws crowds, Ortiz waits.',
        "Boasting 9,000 residents, with its capital in Ashford, called the “Heart of the "
        "Shire” by locals, the county votes early.",
    ],
)
def test_a_clause_opening_is_never_taken_for_a_speaker(text: str) -> None:
    [reading] = rule_reading(text)
    assert reading is None or reading in {"Okafor", "Dana Okafor"}


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the message speaks for its author, not for whom it was sent to
        ('Ortiz sent out a text message to supporters saying "we won."', "Ortiz"),
        # an adverb between the subject and its verb is not part of the subject
        ('The employee first said that "nobody knew."', "The employee"),
        # the institution a person is "of" only places them
        ('"It is a stretch," Jo Berg of the Middlebury Institute said.', "Jo Berg"),
        # the speaker after the verb, the verb later in the sentence or opening it
        ('Ortiz "drew well" in 2008, said Ashford College professor Jo Berg.', "Jo Berg"),
        ("The vote ended.\n\nSaid Jo Berg, who grew up there, “We were so proud.”", "Jo Berg"),
        ("The vote ended.\n\nStated Okafor: “It was rigged.”", "Okafor"),
    ],
)
def test_a_speech_verbs_subject_is_found_however_the_news_writes_it(
    text: str, speaker: str
) -> None:
    assert rule_reading(text) == [speaker]


def test_a_possessive_agent_noun_is_a_described_source() -> None:
    text = '"We won," exhorted Okafor\'s introducer, the actress Jo Berg.'
    assert rule_reading(text) == ["Okafor's introducer"]


@pytest.mark.parametrize(
    "text",
    [
        # what a possessive owns is a noun, not a speech verb
        'Tomas Berg spoke.\n\n"I was a civilian," he added. "So nobody cared."\n'
        "Editor’s note: Tomas Berg regularly lies.",
        # a reporting verb tags a quote in its own sentence only
        '"Tear down this wall!" Conservatives still praise the speech.',
    ],
)
def test_no_tag_is_read_from_the_next_sentence_s_nouns(text: str) -> None:
    assert "Editor" not in rule_reading(text) and "Conservatives" not in rule_reading(text)


def test_a_speech_verb_form_followed_by_of_is_a_noun() -> None:
    text = 'Dana Okafor won the key states of Ohio and Iowa, a "clean sweep."'
    assert rule_reading(text) != ["the key"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Dana Okafor spoke. "We will win," another said.', "another"),
        ('Dana Okafor spoke. "We will win," said another.', "another"),
        ('Dana Okafor spoke. Another tweeted, "We will win."', "Another"),
        ('Dana Okafor spoke. "We will win," someone shouted.', "someone"),
        ('Dana Okafor spoke. "We will win," said one of the organizers.', "one of the organizers"),
        ("Dana Okafor spoke.\n\nAccording to the newspaper, “the plan is dead.”", "the newspaper"),
    ],
)
def test_an_unnamed_source_is_the_speaker_as_written(text: str, speaker: str) -> None:
    # who the text says spoke, however vague, beats the last person named
    assert rule_reading(text)[-1] == speaker


def test_some_of_what_follows_a_verb_is_no_source() -> None:
    text = 'The veteran, dubbed "Red Ken," acknowledged some of his comments caused offence.'
    assert rule_reading(text) == [None]


def test_a_description_with_a_name_inside_is_offered_as_written() -> None:
    text = (
        "Dana Okafor spoke in Denver on Monday.\n\n"
        '"I will not mention her name," the Republican nominee said at a rally.'
    )
    candidates, _, _ = Attribution.of(text).candidates(0)
    assert "the Republican nominee" in [c.name for c in candidates]


def test_the_voice_of_a_person_is_that_person() -> None:
    text = (
        "Dr. Kemp ran to the door, and John Smith followed him.\n\n"
        '"Hold him!" said the voice of Kemp, "and do not let go."'
    )
    assert rule_reading(text) == ["Kemp", "Kemp"]


def test_a_verb_s_past_form_ends_what_qualifies_a_description() -> None:
    text = (
        "Jane Doe ran. A spokeswoman for Bob Smith declined to comment but said the"
        " report was “false.”"
    )
    assert rule_reading(text) == ["A spokeswoman"]


def _offered(text: str, index: int = 0) -> dict[str | None, set[str]]:
    """Each candidate of quote ``index`` and what offered it."""
    cands, _, _ = Attribution.of(text).candidates(index)
    return {c.name: c.offered_by for c in cands}


def test_the_subject_of_an_untagged_quotes_sentence_is_a_candidate_as_written() -> None:
    text = (
        'Village elders are wary of the "modern ways" that the council keeps promoting.\n\n'
        "The council met on Monday."
    )
    offered = _offered(text)
    # the capitalised first word is read on to the noun it qualifies
    assert "subject-other" in offered.get("Village elders", set())
    assert "Village" not in offered


def test_a_headline_or_an_adverb_opening_the_sentence_is_no_subject() -> None:
    text = 'Ironically, the "modern ways" won the day.\n\nThe council met on Monday.'
    assert not any(by & {"subject", "subject-other"} for by in _offered(text).values())


def test_a_participle_clause_before_the_subject_is_skipped() -> None:
    text = (
        'Repeating an old line, the governor turned to the crowd: "We will win."\n\n'
        "Nobody left early."
    )
    assert rule_reading(text) == ["the governor"]
