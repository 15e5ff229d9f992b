"""The annotation store: what is saved comes back, in order, across processes and upgrades."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from conftest import COUNCIL_TEXT, article_file, note_on

from reader.article.model import Article
from reader.store.database import Store
from reader.store.errors import StoreError
from reader.store.paths import DB_ENV, resolve_db_path
from reader.store.schema import SCHEMA_VERSION, migrate

TEXT = COUNCIL_TEXT


def test_saved_annotation_is_there_after_reopening(tmp_path: Path, store: Store) -> None:
    art = article_file(tmp_path)
    ann = note_on(art, "budget", tags=("money",), note="check the figures")
    store.add(ann)
    store.close()
    with Store(store.path) as again:
        assert again.get(ann.id) == ann
        assert again.annotations(art.fingerprint) == [ann]


def test_annotations_come_sorted_by_start_per_article(tmp_path: Path, store: Store) -> None:
    art = article_file(tmp_path)
    other = article_file(tmp_path, "Another text entirely, about the mayor.\n", "b.txt")
    late, early = note_on(art, "disagreed"), note_on(art, "council")
    elsewhere = note_on(other, "mayor")
    for ann in (late, elsewhere, early):
        store.add(ann)
    assert store.annotations(art.fingerprint) == [early, late]
    assert store.annotations(other.fingerprint) == [elsewhere]
    assert {a.id for a in store.annotations()} == {late.id, early.id, elsewhere.id}


def test_update_and_delete_return_what_undo_needs(tmp_path: Path, store: Store) -> None:
    art = article_file(tmp_path)
    ann = note_on(art, "mayor")
    store.add(ann)
    edited = ann.with_changes(note="who?", tags=("people",))
    store.update(edited)
    assert store.get(ann.id) == edited
    assert store.delete(ann.id) == edited
    assert store.get(ann.id) is None
    assert store.delete(ann.id) is None
    store.add(edited)  # undo
    assert store.annotations(art.fingerprint) == [edited]


def test_adding_the_same_id_twice_is_refused(tmp_path: Path, store: Store) -> None:
    ann = note_on(article_file(tmp_path), "mayor")
    store.add(ann)
    with pytest.raises(ValueError):
        store.add(ann)
    assert len(store) == 1


def test_add_many_skips_stored_ids_and_counts_new_ones(tmp_path: Path, store: Store) -> None:
    art = article_file(tmp_path)
    first, second, third = note_on(art, "council"), note_on(art, "mayor"), note_on(art, "Critics")
    store.add(first)
    assert store.add_many([first, second, third, second]) == 2
    assert [a.id for a in store.annotations(art.fingerprint)] == [first.id, second.id, third.id]
    assert store.add_many([]) == 0


def test_tags_most_used_first(tmp_path: Path, store: Store) -> None:
    art = article_file(tmp_path)
    store.add(note_on(art, "council", tags=("politics",)))
    store.add(note_on(art, "mayor", tags=("people", "politics")))
    store.add(note_on(art, "budget", tags=("money", "politics", "people")))
    assert store.tags() == ["politics", "people", "money"]


def test_articles_positions_and_paths(tmp_path: Path, store: Store) -> None:
    art = article_file(tmp_path)
    store.remember_article(fingerprint=art.fingerprint, path=art.path, title=art.title)
    store.set_position(art.fingerprint, 42)
    record = store.article_record(art.fingerprint)
    assert record is not None
    assert (record.path, record.title, record.position) == (str(art.path), art.title, 42)
    assert store.position(art.fingerprint) == 42
    assert store.position("unknown") is None
    assert [r.fingerprint for r in store.articles()] == [art.fingerprint]


def test_two_stores_on_one_file_see_each_others_writes(tmp_path: Path) -> None:
    art = article_file(tmp_path)
    path = tmp_path / "shared.json"
    with Store(path) as app, Store(path) as cli:
        first, second = note_on(art, "council"), note_on(art, "mayor")
        app.add(first)
        cli.add(second)
        assert {a.id for a in app.annotations()} == {first.id, second.id}
        assert cli.delete(first.id) == first
        assert app.get(first.id) is None


def test_threads_saving_at_once_lose_nothing(tmp_path: Path, store: Store) -> None:
    art = article_file(tmp_path)

    def worker(n: int) -> None:
        for i in range(25):
            store.add(note_on(art, "the", nth=i % 3, note=f"{n}-{i}"))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.annotations(art.fingerprint)) == 100


def test_compaction_keeps_everything(tmp_path: Path) -> None:
    art = article_file(tmp_path)
    path = tmp_path / "small.json"
    with Store(path, compact_min_bytes=512) as store:
        anns = [note_on(art, "the", nth=i % 3, note=str(i)) for i in range(40)]
        for ann in anns:
            store.add(ann)
        store.delete(anns[0].id)
    snapshot = json.loads(path.read_text(encoding="utf-8"))
    assert len(snapshot["annotations"]) > 20  # the journal was folded in along the way
    with Store(path) as again:
        assert {a.id for a in again.annotations()} == {a.id for a in anns[1:]}


def test_db_location_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(tmp_path / "data"))
    monkeypatch.delenv(DB_ENV, raising=False)
    assert resolve_db_path(None) == tmp_path / "data" / "reader.json"
    monkeypatch.setenv(DB_ENV, str(tmp_path / "env.json"))
    assert resolve_db_path(None) == tmp_path / "env.json"
    assert resolve_db_path(str(tmp_path / "flag.json")) == tmp_path / "flag.json"
    with Store.open() as store:
        assert store.path == (tmp_path / "env.json").resolve()


def _v0_file(path: Path, art: Article) -> None:
    start = art.text.index("mayor")
    doc = {
        "fingerprint": art.fingerprint,
        "source": str(art.path),
        "start": start,
        "end": start + 5,
        "quote": "mayor",
        "prefix": art.text[:start],
        "suffix": art.text[start + 5 : start + 37],
        "tags": "people, politics",
        "note": "old note",
        "created": "2025-01-01T00:00:00Z",
    }
    path.write_text(json.dumps({"_default": {"1": doc}}), encoding="utf-8")


def test_v0_file_is_upgraded_and_the_original_kept(tmp_path: Path) -> None:
    art = article_file(tmp_path)
    path = tmp_path / "old.json"
    _v0_file(path, art)
    original = path.read_bytes()
    with Store(path) as store:
        [ann] = store.annotations(art.fingerprint)
        assert (ann.exact, ann.tags, ann.note) == ("mayor", ("people", "politics"), "old note")
        assert ann.id.startswith("urn:uuid:")
        assert store.article_record(art.fingerprint) is not None
    assert (tmp_path / "old.json.v0.bak").read_bytes() == original
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["meta"]["schema"]["version"] == SCHEMA_VERSION
    with Store(path) as again:
        assert [a.id for a in again.annotations()] == [ann.id]


def test_migrate_chain_from_v0() -> None:
    data = migrate({"_default": {"7": {"start": 0, "end": 3, "quote": "abc", "tags": "x"}}}, 0)
    [doc] = data["annotations"].values()
    assert doc["exact"] == "abc" and doc["tags"] == ["x"]
    assert data["meta"]["schema"]["version"] == SCHEMA_VERSION


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.json"
    path.write_text(
        json.dumps({"meta": {"schema": {"version": SCHEMA_VERSION + 1, "app": "reader"}}}),
        encoding="utf-8",
    )
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer reader") as info:
        Store(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == before
