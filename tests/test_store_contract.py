"""The store contract, run on both backends: a TinyDB file and a PostgreSQL server.

Each test gets ``db_location`` twice over (``[file]`` and ``[postgresql]``) and opens
it with ``open_store``, as every command and the app do; opening it a second time
stands for another window, process or team member.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from conftest import article_file, note_on

from reader.notes.annotations import Annotation
from reader.store.interface import AnnotationStore
from reader.store.opening import open_store


@pytest.fixture
def store(db_location: str):
    opened = open_store(db_location)
    yield opened
    opened.close()


def _ann(i: int, fingerprint: str = "fp", **fields: object) -> Annotation:
    return Annotation(
        id=f"n-{i:05d}",
        fingerprint=fingerprint,
        source=f"/a/{fingerprint}.txt",
        start=i,
        end=i + 4,
        exact="word",
        created="2026-01-01T00:00:00Z",
        modified="2026-01-01T00:00:00Z",
        **fields,  # type: ignore[arg-type]
    )


def test_a_note_comes_back_the_same_after_reopening(
    tmp_path: Path, db_location: str, store: AnnotationStore
) -> None:
    art = article_file(tmp_path)
    ann = note_on(art, "budget", tags=("money", "check"), note="a note\nwith 'quotes' ✓")
    ann = Annotation.from_dict({**ann.to_dict(), "speaker": "Ann", "author": "alice"})
    store.add(ann)
    store.close()
    with open_store(db_location) as again:
        assert again.get(ann.id) == ann
        assert again.annotations(art.fingerprint) == [ann]
        assert len(again) == 1


def test_notes_come_sorted_per_article_and_all_grouped_by_article(
    store: AnnotationStore,
) -> None:
    late, early, other = _ann(50), _ann(3), _ann(7, "fp2")
    for ann in (late, other, early):
        store.add(ann)
    assert store.annotations("fp") == [early, late]
    assert store.annotations() == [early, late, other]
    assert store.annotations_with_source("/a/fp2.txt") == [other]


def test_update_delete_and_undo(store: AnnotationStore) -> None:
    ann = _ann(1)
    store.add(ann)
    edited = ann.with_changes(note="who?", tags=("people",))
    store.update(edited)
    assert store.get(ann.id) == edited
    assert store.delete(ann.id) == edited
    assert store.get(ann.id) is None and store.delete(ann.id) is None
    store.update(edited)  # undo brings it back as it was
    assert store.annotations("fp") == [edited]


def test_the_same_id_twice_is_refused_and_add_many_skips_stored_ids(
    store: AnnotationStore,
) -> None:
    store.add(_ann(1))
    with pytest.raises(ValueError):
        store.add(_ann(1))
    assert store.add_many([_ann(1), _ann(2), _ann(3), _ann(3)]) == 2
    assert [a.id for a in store.annotations()] == ["n-00001", "n-00002", "n-00003"]


def test_tags_most_used_first(store: AnnotationStore) -> None:
    store.add_many([_ann(1, tags=("b", "a")), _ann(2, tags=("b",)), _ann(3, tags=("C",))])
    assert store.tags() == ["b", "a", "C"]


def test_article_records_positions_and_paths(store: AnnotationStore) -> None:
    store.remember_article(fingerprint="fp", path="/old/a.txt", title="A")
    store.set_position("fp", 120)
    store.remember_article(fingerprint="fp", path="/new/a.txt", title="A")
    record = store.article_record("fp")
    assert record is not None
    assert record.paths == ("/old/a.txt", "/new/a.txt") and record.path == "/new/a.txt"
    assert store.position("fp") == 120
    store.forget_path("fp", "/new/a.txt")
    assert store.article_record("fp").path == "/old/a.txt"  # type: ignore[union-attr]
    assert [r.fingerprint for r in store.articles()] == ["fp"]
    assert store.position("nope") is None and store.article_record("nope") is None


def test_another_writer_changes_reach_an_open_article(
    db_location: str, store: AnnotationStore
) -> None:
    mine = _ann(1)
    store.add(mine)
    token = store.change_token()
    with open_store(db_location) as other:
        theirs = _ann(2, author="bob")
        other.add(theirs)
        other.add(_ann(3, "elsewhere"))
        other.delete(mine.id)
        token2, changed, removed = store.changed_since(token, "fp")
        assert changed == [theirs]
        assert mine.id in removed
        # Nothing new: nothing reported, and our own writes are not handed back.
        store.add(_ann(4))
        assert store.changed_since(token2, "fp")[1:] == ([], frozenset())


def test_a_stale_copy_keeps_the_other_writers_field_and_same_field_is_reported(
    db_location: str, store: AnnotationStore
) -> None:
    base = _ann(1, tags=("first",))
    store.add(base)
    with open_store(db_location) as other:
        other.patch(base.id, note="their note", base=base)
    result = store.patch(base.id, tags=("first", "second"), base=base)
    assert result.conflicts == ()
    saved = store.get(base.id)
    assert saved is not None and saved.note == "their note" and saved.tags == ("first", "second")
    with open_store(db_location) as other:
        other.patch(base.id, note="changed again", base=saved)
    clash = store.patch(base.id, note="mine", base=saved)
    assert [c.field for c in clash.conflicts] == ["note"]
    assert "changed in another window" in clash.conflicts[0].message()
    assert store.get(base.id).note == "mine"  # type: ignore[union-attr]


def test_editing_a_note_deleted_elsewhere_saves_it_again_and_says_so(
    db_location: str, store: AnnotationStore
) -> None:
    base = _ann(1)
    store.add(base)
    with open_store(db_location) as other:
        other.delete(base.id)
    result = store.patch(base.id, note="keep me", base=base)
    assert result.conflicts and "deleted" in result.conflicts[0].message()
    assert store.get(base.id).note == "keep me"  # type: ignore[union-attr]


def test_an_edit_keeps_the_author(db_location: str, store: AnnotationStore) -> None:
    base = _ann(1, author="alice")
    store.add(base)
    with open_store(db_location) as bob:
        bob.patch(base.id, tags=("checked",), base=base)
    assert store.get(base.id).author == "alice"  # type: ignore[union-attr]


def test_threads_and_two_stores_saving_at_once_lose_nothing(
    db_location: str, store: AnnotationStore
) -> None:
    other = open_store(db_location)
    try:

        def save(target: AnnotationStore, first: int) -> None:
            for i in range(first, first + 25):
                target.add(_ann(i))

        threads = [
            threading.Thread(target=save, args=(target, first))
            for target, first in ((store, 0), (store, 100), (other, 200), (other, 300))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        other.close()
    assert len(store) == 100


def test_copy_in_is_idempotent_and_keeps_what_is_there(store: AnnotationStore) -> None:
    from reader.store.records import ArticleRecord

    store.add(_ann(1, note="already here"))
    records = [ArticleRecord(fingerprint="fp", path="/a/fp.txt", title="A", paths=("/a/fp.txt",))]
    assert store.copy_in(records, [_ann(1, note="other copy"), _ann(2)]) == (1, 1)
    assert store.copy_in(records, [_ann(1), _ann(2)]) == (0, 0)
    assert store.get("n-00001").note == "already here"  # type: ignore[union-attr]
    assert len(store) == 2 and len(store.articles()) == 1


def test_a_retried_save_keeps_what_a_colleague_changed_meanwhile(
    db_location: str, store: AnnotationStore
) -> None:
    from reader.article.loading import load_article
    from reader.notes.session import AnnotationSession

    sample = Path(__file__).resolve().parents[1] / "sample_articles" / "livingstone-resigns.txt"
    article = load_article(sample)
    session = AnnotationSession.start(article, [])
    created, add = session.create(0, 20, tags=("check",))
    session.saved(add(store))  # saved; then the line goes down
    session.update(created.id, note="mine")  # this save fails: not in the store
    with open_store(db_location) as colleague:
        colleague.patch(created.id, tags=("check", "theirs"), base=created)
    session.resave_op(created.id)(store)  # the retry, once the line is back
    saved = store.get(created.id)
    assert saved is not None
    assert saved.note == "mine" and saved.tags == ("check", "theirs")


def test_an_articles_metadata_is_kept_and_survives_position_changes(
    store: AnnotationStore,
) -> None:
    from reader.store.records import ArticleMetadata

    meta = ArticleMetadata(
        author="Priya Lenhart", published="2024-03-14", site="The Courier", url="https://x.test/a"
    )
    store.remember_article(fingerprint="fp", path="/cache/a.html", title="A", metadata=meta)
    store.set_position("fp", 40)
    store.remember_article(fingerprint="fp", path="/cache/b.html", title="A", metadata=meta)
    store.forget_path("fp", "/cache/b.html")
    record = store.article_record("fp")
    assert record is not None and record.position == 40
    assert (record.author, record.published, record.site, record.url) == (
        "Priya Lenhart",
        "2024-03-14",
        "The Courier",
        "https://x.test/a",
    )
