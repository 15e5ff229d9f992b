"""Annotating in the app: select, tag, note, edit, delete, undo, quit, reopen."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from conftest import SAMPLE, notices, open_reader, reader_screen, screen_text
from conftest import settle as settle_app
from textual.widgets import Input, TextArea

from reader.article.loading import load_article
from reader.article.model import Article
from reader.store.database import Store
from reader.tui.app import ReaderApp
from reader.tui.dialogs import ConfirmDialog, NoteDialog, TagDialog
from reader.tui.export_dialog import ExportDialog
from reader.tui.reader_screen import ReaderScreen


@asynccontextmanager
async def reading(
    db: Path, article: Article | None = None, size: tuple[int, int] = (100, 30)
) -> AsyncIterator[tuple[ReaderApp, object]]:
    """The app on the sample article with a real store; the store is closed after."""
    async with open_reader(article, db=db, size=size) as (app, pilot):
        yield app, pilot  # type: ignore[misc]


def screen_of(app: ReaderApp) -> ReaderScreen:
    return reader_screen(app)


async def settle(app: ReaderApp, pilot: object) -> None:
    await settle_app(pilot)  # type: ignore[arg-type]


def stored(db: Path) -> list:
    with Store(db) as store:
        return store.annotations()


async def test_select_tag_note_then_reopen_finds_it_all(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    text = load_article(SAMPLE).text
    async with reading(db) as (app, pilot):
        screen = screen_of(app)
        screen.view.move_cursor(text.index("In a statement"))
        await pilot.press("v", "w", "w")
        assert screen.view.selection == (text.index("In a statement"), text.index("statement"))
        await pilot.press("t")
        assert isinstance(app.screen, TagDialog)
        await pilot.press(*"source, statement")
        await pilot.press("enter")
        await settle(app, pilot)
        # The annotation just made stays current: the note edits the same one.
        await pilot.press("a")
        assert isinstance(app.screen, NoteDialog)
        app.screen.query_one(TextArea).insert('Who made it? "unclear", <b>')
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        [current] = screen.session.sorted()
        assert screen.side.get_option(f"note:{current.id}") is not None
    [annotation] = stored(db)
    assert annotation.exact == "In a"  # the selection's trailing space is dropped
    assert annotation.tags == ("source", "statement")
    assert annotation.note == 'Who made it? "unclear", <b>'

    async with reading(db) as (app, pilot):
        screen = screen_of(app)
        notes = screen.view.highlight_layer("annotation").spans
        assert [(s.start, s.end) for s in notes] == [(annotation.start, annotation.end)]
        assert screen.session.annotations[annotation.id].note == annotation.note


async def test_tag_on_a_found_quote_keeps_its_speaker(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    async with reading(db) as (app, pilot):
        screen = screen_of(app)
        quotes = screen.view.highlight_layer("quote").spans
        target = next(q for q in quotes if q.detail == "Jim Murphy")
        screen.view.move_cursor(target.start + 2)
        await pilot.press("t", *"blunt", "enter")
        await settle(app, pilot)
    [annotation] = stored(db)
    assert (annotation.start, annotation.end) == (target.start, target.end)
    assert annotation.speaker == "Jim Murphy"
    assert annotation.tags == ("blunt",)


async def test_tag_completion_offers_tags_already_used(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    async with reading(db) as (app, pilot):
        screen = screen_of(app)
        await pilot.press("S", "t", *"labour-row", "enter")
        await settle(app, pilot)
        screen.view.move_cursor(screen.view.display_text.index("He stressed"))
        await pilot.press("S", "t", *"politics, lab")
        await pilot.pause(0.2)
        field = app.screen.query_one(Input)
        await pilot.press("right")  # accepts the suggestion at the end of the input
        assert field.value == "politics, labour-row"
        await pilot.press("enter")
        await settle(app, pilot)
    assert sorted(a.tags for a in stored(db)) == [("labour-row",), ("politics", "labour-row")]


async def test_escape_in_the_note_editor_asks_before_discarding(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    async with reading(db) as (app, pilot):
        await pilot.press("S", "a")
        app.screen.query_one(TextArea).insert("half a thought")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press("escape", "y")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
    assert stored(db) == []


async def test_delete_and_undo_from_the_text(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    async with reading(db) as (app, pilot):
        screen = screen_of(app)
        await pilot.press("S", "t", *"keep", "enter")
        await settle(app, pilot)
        [annotation] = screen.session.sorted()
        screen.view.move_cursor(annotation.start + 1)
        await pilot.press("x")
        await settle(app, pilot)
        assert stored(db) == []
        assert screen.view.highlight_layer("annotation").spans == []
        await pilot.press("u")
        await settle(app, pilot)
        assert [a.id for a in stored(db)] == [annotation.id]


async def test_notes_are_listed_and_deleted_from_the_side_pane(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    async with reading(db) as (app, pilot):
        screen = screen_of(app)
        await pilot.press("S", "a")
        app.screen.query_one(TextArea).insert("first note")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("tab")
        side = screen.side
        assert side.has_focus
        # The Notes section comes first: move onto the note and delete it there.
        side.highlighted = side.get_option_index(f"note:{screen.session.sorted()[0].id}")
        await pilot.press("x")
        await settle(app, pilot)
        assert stored(db) == []


async def test_quit_remembers_the_reading_position(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    async with reading(db) as (app, pilot):
        await pilot.press("G")
        await pilot.press("q")
    async with reading(db) as (app, pilot):
        screen = screen_of(app)
        assert screen.view.cursor >= len(screen.view.display_text) - 10


async def test_export_action_writes_the_file_it_names(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "notes.json"
    monkeypatch.chdir(tmp_path)
    async with reading(db) as (app, pilot):
        await pilot.press("S", "t", *"export-me", "enter")
        await settle(app, pilot)
        await pilot.press("E")
        assert isinstance(app.screen, ExportDialog)
        field = app.screen.query_one(Input)
        field.value = "out.json"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data["type"] == "AnnotationCollection"
    assert data["total"] == 1


async def test_export_dialog_refuses_an_unknown_extension(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    async with reading(db) as (app, pilot):
        await pilot.press("S", "t", *"x", "enter")
        await settle(app, pilot)
        await pilot.press("E")
        app.screen.query_one(Input).value = "notes.txt"
        await pilot.press("enter")
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_an_article_changed_on_disk_keeps_its_notes(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    path = tmp_path / "article.txt"
    original = SAMPLE.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    async with reading(db, load_article(path)) as (app, pilot):
        screen = screen_of(app)
        start = original.index("Good riddance Ken.")
        screen.view.select_range(start, start + len("Good riddance Ken."))
        await pilot.press("t", *"kept", "enter")
        await settle(app, pilot)
    path.write_text("A new first paragraph.\n\n" + original, encoding="utf-8")
    changed = load_article(path)
    async with reading(db, changed) as (app, pilot):
        screen = screen_of(app)
        [annotation] = screen.session.sorted()
        assert not annotation.orphaned
        assert changed.text[annotation.start : annotation.end] == "Good riddance Ken."


@pytest.mark.parametrize("key", ["t", "a"])
async def test_annotating_nothing_explains_what_to_do(tmp_path: Path, key: str) -> None:
    db = tmp_path / "notes.json"
    article_path = tmp_path / "plain.txt"
    article_path.write_text("just some words here\n", encoding="utf-8")
    async with reading(db, load_article(article_path)) as (app, pilot):
        await pilot.press(key)
        assert isinstance(app.screen, ReaderScreen)
        assert any("Select some text" in n for n in notices(app))


async def test_tags_with_markup_are_shown_literally(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    async with reading(db) as (app, pilot):
        await pilot.press("S", "t", *"[b]x[/b]", "enter")
        await settle(app, pilot)
        assert "Tagged: [b]x[/b]" in notices(app)
        await pilot.pause()
        assert "#[b]x[/b]" in screen_text(app)
    assert [a.tags for a in stored(db)] == [("[b]x[/b]",)]
