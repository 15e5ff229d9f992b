"""Two windows (or a window and a script) on one database: neither loses the other's notes."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLE, open_reader, reader_screen, settle

from reader.article.loading import load_article
from reader.notes.annotations import make_annotation
from reader.store.database import Store


async def test_notes_saved_by_another_writer_appear_while_the_article_is_open(
    tmp_path: Path,
) -> None:
    db = tmp_path / "notes.json"
    article = load_article(SAMPLE)
    async with open_reader(article, db=db) as (app, pilot):
        screen = reader_screen(app)
        assert screen.session.sorted() == []
        start = article.text.index("He stressed")
        with Store(db) as other:  # another reader process, or `reader annotate`
            other.add(
                make_annotation(
                    article.text,
                    start,
                    start + 11,
                    fingerprint=article.fingerprint,
                    source=str(article.path),
                    title=article.title,
                    tags=("from-elsewhere",),
                )
            )
        screen.check_for_changes()  # what the 2-second timer does
        await settle(pilot)
        assert [a.tags for a in screen.session.sorted()] == [("from-elsewhere",)]
        assert len(screen.view.highlight_layer("annotation").spans) == 1


async def test_tagging_a_note_another_window_changed_keeps_their_note(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    article = load_article(SAMPLE)
    async with open_reader(article, db=db) as (app, pilot):
        await pilot.press("S", "t", *"first", "enter")
        await settle(pilot)
        screen = reader_screen(app)
        [mine] = screen.session.sorted()
        with Store(db) as other:  # window A writes a note on it
            other.update(mine.with_changes(note="their note"))
        # This window has not seen that yet; it adds a tag from its old copy.
        screen.session.current_id = mine.id
        await pilot.press("t", *"second", "enter")
        await settle(pilot)
    with Store(db) as store:
        [saved] = store.annotations()
    assert saved.note == "their note"
    assert "second" in saved.tags
