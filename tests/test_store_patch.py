"""Two reader windows on one database: an edit never silently undoes the other's edit.

Each test opens two ``Store`` objects on one file (as two processes would) and edits
notes through ``AnnotationSession`` ops, the way the app saves; one test runs the
other writer as a real second process.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.article.loading import load_article
from reader.article.model import Article
from reader.notes.annotations import make_annotation
from reader.notes.session import AnnotationSession
from reader.store.database import Store

TEXT = "The mayor said the budget was balanced. Critics said it was not balanced at all.\n"


@pytest.fixture
def article(tmp_path: Path) -> Article:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    return load_article(path)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "db" / "reader.json"


def _session(store: Store, article: Article) -> AnnotationSession:
    return AnnotationSession.start(article, store.annotations(article.fingerprint))


def test_a_tag_from_a_stale_copy_keeps_the_other_windows_note(article: Article, db: Path) -> None:
    with Store(db) as a_store, Store(db) as b_store:
        start = TEXT.index("budget")
        ann = make_annotation(
            TEXT, start, start + 6, fingerprint=article.fingerprint, source=str(article.path)
        )
        a_store.add(ann)
        a, b = _session(a_store, article), _session(b_store, article)  # both see the note

        _, save_note = a.update(ann.id, note="the claim to check")
        save_note(a_store)
        _, save_tags = b.update(ann.id, tags=["money"])  # B's copy has no note
        result = save_tags(b_store)

        for store in (a_store, b_store):
            stored = store.get(ann.id)
            assert stored is not None
            assert stored.note == "the claim to check"
            assert stored.tags == ("money",)
        assert result.conflicts == ()
        assert result.annotation.note == "the claim to check"  # what B should now show


def test_both_windows_change_the_note_last_writer_wins_and_is_told(
    article: Article, db: Path
) -> None:
    with Store(db) as a_store, Store(db) as b_store:
        ann = make_annotation(TEXT, 0, 9, fingerprint=article.fingerprint, source="a.txt")
        a_store.add(ann)
        a, b = _session(a_store, article), _session(b_store, article)
        a.update(ann.id, note="from A")[1](a_store)
        result = b.update(ann.id, note="from B")[1](b_store)

        assert result.annotation.note == "from B"
        assert [(c.field, c.theirs, c.ours) for c in result.conflicts] == [
            ("note", "from A", "from B")
        ]
        message = result.conflicts[0].message()
        assert "another window" in message and "from A" in message and "\n" not in message
        assert a_store.get(ann.id).note == "from B"  # type: ignore[union-attr]


def test_editing_a_note_deleted_elsewhere_saves_it_again_and_says_so(
    article: Article, db: Path
) -> None:
    with Store(db) as a_store, Store(db) as b_store:
        ann = make_annotation(TEXT, 0, 9, fingerprint=article.fingerprint, source="a.txt")
        a_store.add(ann)
        b = _session(b_store, article)
        a_store.delete(ann.id)
        result = b.update(ann.id, tags=["kept"])[1](b_store)
        assert a_store.get(ann.id).tags == ("kept",)  # type: ignore[union-attr]
        assert [c.field for c in result.conflicts] == ["missing"]


def test_a_second_process_note_survives_a_tag_saved_here(article: Article, db: Path) -> None:
    with Store(db) as store:
        ann = make_annotation(TEXT, 0, 9, fingerprint=article.fingerprint, source="a.txt")
        store.add(ann)
        session = _session(store, article)  # read before the other process writes
        other = textwrap.dedent(
            f"""
            from reader.store.database import Store
            with Store({str(db)!r}) as store:
                fresh = store.get({ann.id!r})
                store.update(fresh.with_changes(note="written in another process"))
            """
        )
        subprocess.run([sys.executable, "-c", other], check=True, timeout=60)
        result = session.update(ann.id, tags=["politics"])[1](store)
    with Store(db) as again:
        stored = again.get(ann.id)
        assert stored is not None
        assert (stored.note, stored.tags) == ("written in another process", ("politics",))
    assert result.conflicts == ()


def test_changed_since_hands_over_other_windows_notes_for_one_article(
    article: Article, db: Path, tmp_path: Path
) -> None:
    with Store(db) as a_store, Store(db) as b_store:
        kept = make_annotation(TEXT, 0, 9, fingerprint=article.fingerprint, source="a.txt")
        gone = make_annotation(TEXT, 10, 14, fingerprint=article.fingerprint, source="a.txt")
        a_store.add_many([kept, gone])
        token = b_store.change_token()
        assert b_store.changed_since(token, article.fingerprint) == (token, [], frozenset())

        a_store.patch(kept.id, note="new in A", base=kept)
        a_store.delete(gone.id)
        elsewhere = make_annotation(TEXT, 0, 3, fingerprint="f" * 64, source="b.txt")
        a_store.add(elsewhere)
        b_store.add(make_annotation(TEXT, 20, 26, fingerprint=article.fingerprint, source="x"))

        token2, changed, removed = b_store.changed_since(token, article.fingerprint)
        assert [(c.id, c.note) for c in changed] == [(kept.id, "new in A")]
        assert gone.id in removed and kept.id not in removed
        assert b_store.changed_since(token2, article.fingerprint) == (token2, [], frozenset())


def test_changed_since_sees_changes_after_the_other_window_compacts(
    article: Article, db: Path
) -> None:
    with Store(db) as a_store, Store(db) as b_store:
        ann = make_annotation(TEXT, 0, 9, fingerprint=article.fingerprint, source="a.txt")
        a_store.add(ann)
        token = b_store.changed_since(0).token  # B has read the note
        a_store.patch(ann.id, tags=["t"], base=ann)
        a_store.compact()  # B must reload everything, not just a journal tail
        _, changed, removed = b_store.changed_since(token, article.fingerprint)
        assert [c.tags for c in changed] == [("t",)] and removed == frozenset()


def test_a_speaker_correction_keeps_the_other_windows_note(article: Article, db: Path) -> None:
    with Store(db) as a_store, Store(db) as b_store:
        start = TEXT.index("the budget")
        ann = make_annotation(
            TEXT, start, start + 10, fingerprint=article.fingerprint, source=str(article.path)
        )
        a_store.add(ann)
        a, b = _session(a_store, article), _session(b_store, article)
        _, save_note = a.update(ann.id, note="check the figures")
        save_note(a_store)
        _, save_speaker = b.update(ann.id, corrected_speaker="  The Mayor ")
        save_speaker(b_store)
        stored = a_store.get(ann.id)
        assert stored is not None
        assert (stored.note, stored.corrected_speaker) == ("check the figures", "The Mayor")
