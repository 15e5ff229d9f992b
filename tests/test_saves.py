"""Which notes are not on disk (reader.notes.saves): the rules the NOT SAVED marks follow."""

from __future__ import annotations

from reader.notes.saves import SaveTracker


def test_a_later_partial_save_does_not_hide_an_earlier_failure() -> None:
    saves = SaveTracker()
    tags = saves.begin("n", whole=False)
    saves.failed("n", tags, "disk full")
    note = saves.begin("n", whole=False)  # a note patch: the tags are still not on disk
    saves.finished("n", note)
    assert saves.unsaved == {"n": "disk full"}
    retry = saves.begin("n", whole=True)
    saves.finished("n", retry)
    assert saves.unsaved == {}


def test_an_old_success_never_hides_a_newer_failure() -> None:
    saves = SaveTracker()
    first = saves.begin("n")
    second = saves.begin("n")
    saves.failed("n", second, "locked")
    saves.finished("n", first)
    assert saves.unsaved == {"n": "locked"}
    assert saves.saving == 0


def test_a_failure_is_news_once() -> None:
    saves = SaveTracker()
    assert saves.failed("n", saves.begin("n"), "disk full")
    assert not saves.failed("n", saves.begin("n"), "disk full")
