"""Notes follow their article: a moved file keeps them, a changed one re-anchors them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import COUNCIL_TEXT, article_file, note_on

from reader.article.loading import load_article
from reader.cli.main import main
from reader.notes.annotations import Annotation
from reader.notes.relocation import annotations_for_article, remember_article
from reader.notes.session import AnnotationSession
from reader.store import journal
from reader.store.database import Store

TEXT = COUNCIL_TEXT


def test_moved_article_keeps_its_annotations(tmp_path: Path, store: Store) -> None:
    art = article_file(tmp_path)
    ann = note_on(art, "budget", tags=("money",))
    remember_article(store, art)
    store.add(ann)
    moved_path = tmp_path / "renamed.txt"
    art.path.rename(moved_path)
    moved = load_article(moved_path)
    found = annotations_for_article(store, moved)
    assert [(a.id, a.tags, a.source) for a in found] == [(ann.id, ("money",), str(moved.path))]
    record = store.article_record(art.fingerprint)
    assert record is not None and record.path == str(moved.path)
    assert record.paths == (str(art.path), str(moved.path))


def test_changed_article_reanchors_and_keeps_orphans(tmp_path: Path, store: Store) -> None:
    art = article_file(tmp_path)
    kept = note_on(art, "the budget was balanced", note="claim")
    lost = note_on(art, "and the mayor disagreed", note="reaction")
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


def _open(store: Store, path: Path) -> list[Annotation]:
    """What the app does on opening a file: remember it, then fetch (and follow) its notes."""
    article = load_article(path)
    remember_article(store, article)
    return annotations_for_article(store, article)


def _exported(store: Store, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    assert main(["export", "--format", "json", "--db", str(store.path)]) == 0
    return json.loads(capsys.readouterr().out)["first"]["items"]


def test_notes_made_on_a_copy_follow_the_copy_when_it_changes(
    tmp_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    original = article_file(tmp_path)
    copy_path = tmp_path / "copy.txt"
    copy_path.write_text(TEXT, encoding="utf-8")
    assert _open(store, original.path) == []
    assert _open(store, copy_path) == []
    session = AnnotationSession.start(load_article(copy_path), [])
    start = TEXT.index("budget")
    note, save = session.create(start, start + 6, note="on the copy")
    save(store)

    copy_path.write_text("Update: figures revised.\n" + TEXT, encoding="utf-8")
    on_copy = _open(store, copy_path)

    assert [(a.id, a.note, a.orphaned) for a in on_copy] == [(note.id, "on the copy", False)]
    assert _open(store, original.path) == []  # the untouched original shows none of them
    items = _exported(store, capsys)
    notes = [b["value"] for i in items for b in i["body"] if b["purpose"] == "commenting"]
    assert notes == ["on the copy"]  # once, not twice
    assert items[0]["target"]["source"] == copy_path.as_uri()


def test_notes_of_the_original_stay_with_it_when_a_copy_changes(
    tmp_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    original = article_file(tmp_path)
    copy_path = tmp_path / "copy.txt"
    copy_path.write_text(TEXT, encoding="utf-8")
    _open(store, original.path)
    ann = note_on(original, "mayor", note="on the original")
    store.add(ann)
    assert [a.id for a in _open(store, copy_path)] == [ann.id]  # same text: shown on both

    copy_path.write_text("Foreword.\n" + TEXT, encoding="utf-8")

    assert _open(store, copy_path) == []
    assert [(a.id, a.source) for a in _open(store, original.path)] == [(ann.id, str(original.path))]
    assert len(_exported(store, capsys)) == 1


def test_an_edited_original_takes_its_notes_along_never_copying_them(
    tmp_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    art = article_file(tmp_path)
    copy = article_file(tmp_path, TEXT, "copy.txt")
    ann = note_on(art, "mayor")
    remember_article(store, art)
    remember_article(store, copy)
    store.add(ann)
    art.path.write_text("Foreword.\n" + TEXT, encoding="utf-8")

    edited_anns = _open(store, art.path)

    assert [a.id for a in edited_anns] == [ann.id]
    assert _open(store, copy.path) == []
    assert [a.id for a in _open(store, art.path)] == [ann.id]  # opening again changes nothing
    assert len(_exported(store, capsys)) == 1


def test_a_read_only_store_follows_a_changed_file_without_saving(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    art = article_file(tmp_path)
    remember_article(store, art)
    ann = note_on(art, "the budget was balanced", note="claim")
    store.add(ann)
    store.close()
    art.path.write_text("Breaking news.\n" + TEXT, encoding="utf-8")
    before = store.path.read_bytes(), Path(f"{store.path}-journal").read_bytes()
    # As root, permission bits stop nothing: have os.access say the folder is read-only.
    monkeypatch.setattr(journal.os, "access", lambda path, mode, **kw: not mode & os.W_OK)
    with Store(store.path) as ro:
        assert ro.read_only
        found = _open(ro, art.path)
    assert [(a.id, a.start) for a in found] == [(ann.id, ann.start + len("Breaking news.\n"))]
    assert (store.path.read_bytes(), Path(f"{store.path}-journal").read_bytes()) == before
