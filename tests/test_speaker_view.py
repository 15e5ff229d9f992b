"""Which speaker the app shows for a quote, and what the details screen says."""

from __future__ import annotations

from reader.analysis.model import Quote
from reader.export.w3c import annotation_from_w3c, annotation_to_w3c
from reader.notes.annotations import make_annotation
from reader.view.speaker_view import (
    candidate_names,
    correction_on,
    corrections,
    details,
    quote_at,
    speaker_label,
)

TEXT = 'She said "we will win" and he said "no chance" twice.'
A = Quote(9, 22, '"we will win"', "Ann Lee", speaker_confidence=0.95)
B = Quote(
    35,
    46,
    '"no chance"',
    "Bob Roe",
    speaker_confidence=0.3,
    speaker_evidence={
        "mention": {"text": "he", "start": 27, "end": 29},
        "alternatives": [{"speaker": "Ann Lee", "score": 0.2}, {"speaker": None, "score": 0.1}],
    },
)


def _note(start: int, end: int, corrected: str = ""):
    return make_annotation(
        TEXT, start, end, fingerprint="f", source="/a.txt", corrected_speaker=corrected
    )


def test_the_list_marks_guesses_and_corrections() -> None:
    assert speaker_label(A) == "Ann Lee"
    assert speaker_label(B) == "? Bob Roe"
    assert speaker_label(B, "Cy Poe") == "✓ Cy Poe"
    assert speaker_label(Quote(0, 3, '"x"')) == ""


def test_a_correction_belongs_to_the_quote_it_lies_in() -> None:
    notes = [_note(35, 46, "Cy Poe"), _note(9, 22), _note(0, 3, "Not a quote")]
    assert corrections(notes, [A, B]) == {1: "Cy Poe"}
    assert correction_on(notes, B) is notes[0]
    assert quote_at([A, B], 40) == 1 and quote_at([A, B], 25) is None


def test_candidates_are_the_answer_then_the_runners_up() -> None:
    assert candidate_names(B) == ["Bob Roe", "Ann Lee"]


def test_details_say_how_sure_and_what_else_was_considered() -> None:
    lines = dict(details(B, "Cy Poe"))
    assert lines["Speaker"].startswith("Cy Poe") and lines["Analysis said"] == "Bob Roe"
    assert lines["Confidence"] == "30%" and "“he”" in lines["Named as"]
    assert "not kept" in dict(details(A))["Evidence"]


def test_a_correction_round_trips_through_w3c_as_an_identifying_body() -> None:
    ann = _note(35, 46, "Cy Poe").with_changes(note="disputed")
    obj = annotation_to_w3c(ann)
    back = annotation_from_w3c(obj, now="2026-01-01T00:00:00Z").annotation
    assert (back.corrected_speaker, back.note) == ("Cy Poe", "disputed")


def test_whom_the_rules_took_a_description_to_mean_is_offered_next() -> None:
    quote = Quote(
        35,
        46,
        '"no chance"',
        "the party leader",
        speaker_evidence={
            "rule": {"speaker": "Cy Poe", "stage": "tag", "pattern": "before"},
            "alternatives": [{"speaker": "Ann Lee", "score": 0.2}],
        },
    )
    assert candidate_names(quote) == ["the party leader", "Cy Poe", "Ann Lee"]


def test_details_say_when_the_turn_order_chose_over_the_ranking() -> None:
    evidence = {"alternatives": [{"speaker": "Ann Lee", "score": 0.6}], "sequence": True}
    quote = Quote(35, 46, '"no chance"', "Bob Roe", speaker_evidence=evidence)
    assert "turns around" in dict(details(quote))["Turn order"]
    assert "Turn order" not in dict(details(B))
