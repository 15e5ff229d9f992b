"""Notes follow their article: a moved file keeps them, a changed one re-anchors them."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.article.loading import load_article
from reader.article.model import Article
from reader.notes.annotations import Annotation, make_annotation
from reader.notes.relocation import annotations_for_article, remember_article
from reader.store.database import Store

TEXT = (
    "The council met on Tuesday. The mayor said the budget was balanced. "
    "Critics said the budget was not balanced at all, and the mayor disagreed.\n"
)


def _article(tmp_path: Path, text: str = TEXT, name: str = "a.txt") -> Article:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_article(path)


def _ann(article: Article, needle: str, **kw: object) -> Annotation:
    start = article.text.index(needle)
    return make_annotation(
        article.text,
        start,
        start + len(needle),
        fingerprint=article.fingerprint,
        source=str(article.path),
        title=article.title,
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "db" / "reader.json")
    yield s
    s.close()


def test_moved_article_keeps_its_annotations(tmp_path: Path, store: Store) -> None:
    art = _article(tmp_path)
    ann = _ann(art, "budget", tags=("money",))
    remember_article(store, art)
    store.add(ann)
    moved_path = tmp_path / "renamed.txt"
    art.path.rename(moved_path)
    moved = load_article(moved_path)
    assert annotations_for_article(store, moved) == [ann]
    record = store.article_record(art.fingerprint)
    assert record is not None and record.path == str(moved.path)
    assert record.paths == (str(art.path), str(moved.path))


def test_changed_article_reanchors_and_keeps_orphans(tmp_path: Path, store: Store) -> None:
    art = _article(tmp_path)
    kept = _ann(art, "the budget was balanced", note="claim")
    lost = _ann(art, "and the mayor disagreed", note="reaction")
    remember_article(store, art)
    store.add_many([kept, lost])
    new_text = "Breaking news.\n" + TEXT.replace(", and the mayor disagreed", "")
    art.path.write_text(new_text, encoding="utf-8")
    changed = load_article(art.path)

    found = annotations_for_article(store, changed)

    by_id = {a.id: a for a in found}
    assert set(by_id) == {kept.id, lost.id}
    moved = by_id[kept.id]
    assert changed.text[moved.start : moved.end] == "the budget was balanced"
    assert not moved.orphaned and moved.fingerprint == changed.fingerprint
    assert by_id[lost.id].orphaned and by_id[lost.id].note == "reaction"
    assert store.annotations(art.fingerprint) == []
    with Store(store.path) as again:  # persisted, not just returned
        assert {a.id for a in again.annotations(changed.fingerprint)} == {kept.id, lost.id}


def test_unchanged_copy_keeps_the_originals(tmp_path: Path, store: Store) -> None:
    art = _article(tmp_path)
    copy = _article(tmp_path, TEXT, "copy.txt")
    ann = _ann(art, "mayor")
    remember_article(store, art)
    remember_article(store, copy)
    store.add(ann)
    art.path.write_text("Foreword.\n" + TEXT, encoding="utf-8")
    edited = load_article(art.path)

    edited_anns = annotations_for_article(store, edited)

    assert len(edited_anns) == 1 and edited_anns[0].id != ann.id
    assert [a.id for a in annotations_for_article(store, load_article(copy.path))] == [ann.id]
    assert len(annotations_for_article(store, load_article(art.path))) == 1  # no duplicates
