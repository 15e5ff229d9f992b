"""What a tag's pronoun or epithet points back to, and who is in a novel's scene: the
evidence the ranker weighs for "he said" and for untagged turns."""

from __future__ import annotations

from reader.analysis.speakers.antecedents import standings, tag_of
from reader.analysis.speakers.decide import Attribution
from reader.analysis.speakers.features import conjoin

_NOVEL = (
    "Mary Crawford walked with Tom Bertram and his cousin Edmund along the avenue.\n\n"
    '"Shall we go on?" asked Mary.\n\n'
    '"If you like," said he, looking at the trees.\n\n'
    '"I should like it very much," she answered.\n\n'
    '"Then we will," he said.\n\n'
    '"Good," said Mary.\n\n'
    '"Thank you, Leaf," said Mary.\n\n'
    '"Very good, miss."\n\n'
    '"Mind the step," he said.\n\n'
    '"I will."\n\n'
    '"And the gate."\n\n'
    '"Yes."\n\n'
)


def _tag(attribution: Attribution, index: int):
    return tag_of(
        attribution.att,
        attribution.found[index],
        attribution.stages[index],
        attribution.spans[index][0],
    )


def test_a_tag_pronoun_is_read_where_it_stands_not_where_its_person_is() -> None:
    attribution = Attribution.of(_NOVEL)
    tag = _tag(attribution, 1)  # "…," said he
    assert tag.kind == "pronoun" and tag.gender == "m"
    assert _NOVEL[tag.pos : tag.pos + 2] == "he"
    assert _tag(attribution, 0).kind == "name"  # asked Mary


def test_people_stand_in_the_order_they_were_last_named_counting_those_of_the_tags_sex() -> None:
    attribution = Attribution.of(_NOVEL)
    standing = standings(attribution.att, _tag(attribution, 1))
    # Mary was named last (in the tag before), then Edmund, then Tom Bertram
    assert standing["Mary Crawford"].rank == 1
    assert standing["Edmund"].rank == 2
    assert standing["Tom Bertram"].rank == 3
    # "he": Mary does not count among the men, so Edmund is the last man named
    assert standing["Mary Crawford"].agreeing_rank == 0
    assert standing["Edmund"].agreeing_rank == 1
    assert standing["Tom Bertram"].agreeing_rank == 2


def test_a_lone_given_name_keeps_its_usual_sex_against_one_stray_pronoun() -> None:
    text = (
        "She was found on the stairs by her cousin Edmund, and she cried.\n\n"
        '"What is the matter?" said Edmund.\n\n'
        '"Nothing," said Fanny.'
    )
    attribution = Attribution.of(text)
    assert attribution.att.gender.get("Edmund") == "m"
    assert attribution.att.gender.get("Fanny") == "f"


def test_a_character_named_only_inside_quotes_is_a_candidate_in_a_novel() -> None:
    attribution = Attribution.of(_NOVEL)
    assert attribution.dialogue
    reply = next(
        i for i, (s, _) in enumerate(attribution.spans) if _NOVEL[s:].startswith('"Very good')
    )
    candidates, _, _ = attribution.candidates(reply)
    by_name = {c.name: c for c in candidates}
    assert "Leaf" in by_name and "in-quotes" in by_name["Leaf"].offered_by
    # and everyone the narration named in the scene
    assert {"Tom Bertram", "Edmund", "Mary Crawford"} <= set(by_name)


def test_the_reply_that_names_someone_offers_them_as_the_speaker_before_it() -> None:
    text = (
        "Mary came down the stairs.\n\n"
        '"Where is the key?" asked Mary.\n\n'
        '"In the drawer, miss."\n\n'
        '"Thank you, Francis."\n\n'
        '"Not at all."\n\n'
        '"Good."\n\n'
    )
    attribution = Attribution.of(text)
    candidates, _, _ = attribution.candidates(1)  # "In the drawer, miss."
    by_name = {c.name: c for c in candidates}
    assert "addressed-next" in by_name["Francis"].offered_by
    assert "addressed-next" not in by_name["Mary"].offered_by


def test_every_feature_is_also_weighed_by_what_the_tag_names() -> None:
    """'he said', 'asked Mary' and no tag at all make different evidence of the same
    fact (a name in the paragraph before), so each feature is conjoined with the tag's
    kind and the model can weigh it differently beside each."""
    attribution = Attribution.of(_NOVEL)
    kinds: dict[int, str] = {}
    for index in (0, 1, 6):  # asked Mary / said he / "Very good, miss." untagged
        _, plain, setting = attribution.candidates(index)
        kinds[index] = setting[-1]
        conjoined = conjoin(plain[0], setting)
        assert f"{plain[0][0]}|{setting[-1]}" in conjoined
    assert kinds == {0: "tag-name", 1: "tag-pronoun", 6: "tag-none"}


def test_a_turn_is_a_paragraph_however_many_quotes_it_holds() -> None:
    """ "Basil," said Henry, "…" is one turn: the reply after it answers Basil, and the
    turn before Henry's is the one two paragraphs up, not Henry's own first half."""
    text = (
        "Basil Hallward and Lord Henry Wotton sat in the studio.\n\n"
        '"Is it finished?" asked Basil Hallward.\n\n'
        '"Basil," said Lord Henry, "it is your best work."\n\n'
        '"I know," he answered.\n\n'
    )
    attribution = Attribution.of(text)
    reply = 3
    cands, _, _ = attribution.candidates(reply)
    offered = {c.name: c.offered_by for c in cands}
    assert "addressed" in offered["Basil Hallward"]
    passed = ["Basil Hallward", "Henry Wotton", "Henry Wotton", None]
    assert attribution.around(passed, reply)[:2] == ("Henry Wotton", "Basil Hallward")


def test_the_other_of_two_is_not_the_one_named_last() -> None:
    text = (
        "Philip met Signor Carella at the station. Philip, in no mood for talk,"
        ' merely bowed.\n\n"Italy too," the other continued, "is a great country."'
    )
    rules = Attribution.of(text).found
    assert [f.speaker for f in rules] == ["Signor Carella", "Signor Carella"]


def test_the_title_alone_means_whoever_bore_it_last() -> None:
    text = 'Major Callendar came in. Aziz bowed to him.\n\n"You are late," the Major said.'
    assert Attribution.of(text).found[0].speaker == "Callendar"


def test_a_name_under_a_pronoun_subject_is_not_whom_the_story_follows() -> None:
    """ "She knew what Marianne thought. She tried to explain." — then "said she": the
    features say Marianne was named under another woman's "She", and how many such
    sentences followed, so the model can learn that "she" is rarely Marianne."""
    text = (
        "Elinor walked home with her mother.\n\n"
        "She knew that what Marianne and her mother conjectured one moment, they believed"
        " the next. She tried to explain the real state of the case.\n\n"
        '"I do not attempt to deny," said she, "that I think highly of him."'
    )
    attribution = Attribution.of(text)
    cands, plain, _ = attribution.candidates(0)
    features = {c.name: f for c, f in zip(cands, plain, strict=True)}
    assert "ante:pronoun:governed" in features["Marianne"]
    assert "ante:pronoun:governed" not in features["Elinor"]
    assert "ante:pronoun:chain1" in features["Marianne"]
    assert "ante:pronoun:chain2" in features["Elinor"]
