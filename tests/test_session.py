"""The in-memory annotation session and the ordered background writer."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from reader.article.loading import load_article
from reader.notes.session import AnnotationSession
from reader.store.writer import BackgroundWriter

SAMPLE = Path(__file__).resolve().parents[1] / "sample_articles" / "livingstone-resigns.txt"


class FakeStore:
    """Records operations; optionally slow, to show the writer keeps order."""

    def __init__(self, delay: float = 0.0) -> None:
        self.ops: list[tuple[str, object]] = []
        self.delay = delay

    def add(self, ann: object) -> None:
        time.sleep(self.delay)
        self.ops.append(("add", ann))

    def update(self, ann: object) -> None:
        time.sleep(self.delay)
        self.ops.append(("update", ann))

    def patch(self, ann_id: str, **fields: object) -> None:
        time.sleep(self.delay)
        self.ops.append(("patch", ann_id))

    def delete(self, ann_id: str) -> None:
        self.ops.append(("delete", ann_id))


@pytest.fixture
def session() -> AnnotationSession:
    return AnnotationSession.start(load_article(SAMPLE), [])


def test_create_keeps_quote_context_and_becomes_current(session: AnnotationSession) -> None:
    text = session.article.text
    start = text.index("Red Ken")
    annotation, _ = session.create(start, start + 7, tags=["nickname", " nickname "])
    assert annotation.exact == "Red Ken"
    assert annotation.prefix == text[start - 32 : start]
    assert annotation.tags == ("nickname",)
    assert session.current is annotation
    assert session.at(start + 3) is annotation


def test_tag_then_note_edit_one_annotation(session: AnnotationSession) -> None:
    annotation, _ = session.create(10, 20, tags=["a"])
    updated, _ = session.update(annotation.id, note="why it matters")
    assert updated.id == annotation.id
    assert updated.tags == ("a",) and updated.note == "why it matters"
    assert len(session.annotations) == 1
    assert updated.motivation == "commenting"


def test_delete_then_undo_restores_the_same_annotation(session: AnnotationSession) -> None:
    annotation, _ = session.create(10, 20, note="keep me")
    session.delete(annotation.id)
    assert session.annotations == {}
    restored = session.undo_delete()
    assert restored is not None
    assert restored[0] == annotation
    assert session.undo_delete() is None


def test_innermost_annotation_wins_under_the_cursor(session: AnnotationSession) -> None:
    outer, _ = session.create(0, 100)
    inner, _ = session.create(40, 50)
    assert session.at(45) is inner
    assert session.at(10) is outer
    assert session.at(150) is None


def test_spans_list_orphans_with_their_tags_without_hiding_them(
    session: AnnotationSession,
) -> None:
    annotation, _ = session.create(0, 10, tags=["x y", "kept"])
    session.annotations[annotation.id] = annotation.with_changes(orphaned=True)
    spans = session.spans()
    assert [(s.kind, s.detail) for s in spans] == [("orphan", "#x y #kept")]
    assert session.at(5) is None


def test_notes_loaded_late_merge_with_edits_made_meanwhile(session: AnnotationSession) -> None:
    made, _ = session.create(0, 10, tags=["meanwhile"])
    stored_one = make_stored(session, 20, 30, "stored")
    deleted = make_stored(session, 40, 50, "gone")
    session.annotations[deleted.id] = deleted
    session.delete(deleted.id)
    edited = make_stored(session, 60, 70, "old")
    session.annotations[edited.id] = edited
    session.update(edited.id, tags=["new"])
    added = session.merge_loaded([stored_one, deleted, edited])
    assert added == 1
    assert sorted(a.tags for a in session.sorted()) == [("meanwhile",), ("new",), ("stored",)]
    assert made.id in session.annotations


def make_stored(session: AnnotationSession, start: int, end: int, tag: str):
    """An annotation as the store would return it (not made through this session)."""
    from reader.notes.annotations import make_annotation

    article = session.article
    return make_annotation(
        article.text,
        start,
        end,
        fingerprint=article.fingerprint,
        source="x",
        title="t",
        tags=(tag,),
    )


def test_writer_applies_operations_in_order_off_the_calling_thread(
    session: AnnotationSession,
) -> None:
    store = FakeStore(delay=0.01)
    writer = BackgroundWriter(store)  # type: ignore[arg-type]
    threads: list[str] = []
    annotation, op_add = session.create(0, 10)
    _, op_update = session.update(annotation.id, note="n")
    writer.submit(op_add, lambda error: threads.append(threading.current_thread().name))
    writer.submit(op_update)
    writer.close()
    assert [kind for kind, _ in store.ops] == ["add", "patch"]
    assert threads and threads[0] != threading.current_thread().name


def test_writer_reports_a_failed_write() -> None:
    errors: list[BaseException | None] = []

    def fail(store: object) -> None:
        raise OSError("disk full")

    writer = BackgroundWriter(FakeStore())  # type: ignore[arg-type]
    writer.submit(fail, errors.append)
    writer.close()
    assert isinstance(errors[0], OSError)
    assert writer.pending == 0
