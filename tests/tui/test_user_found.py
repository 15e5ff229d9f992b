"""Defects found by trying reader as a user: each reproduced through the keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLES, notices, open_reader, reader_screen, screen_text, settle
from textual import events
from textual.widgets import Input, Label

import reader.tui.note_saving
from reader.article.loading import find_articles
from reader.store.database import Store
from reader.tui.app import ReaderApp
from reader.tui.dialogs import ConfirmDialog, NoteDialog
from reader.tui.export_dialog import ExportDialog
from reader.tui.library_screen import LibraryScreen
from reader.tui.reader_screen import ReaderScreen


def burst(app: object, keys: str | list[str]) -> None:
    """Keys arriving together (a fast typist), before any of them is handled."""
    for key in keys:
        char = key if len(key) == 1 else None
        name = {"]": "right_square_bracket", "/": "slash", ".": "full_stop"}.get(key, key)
        app.post_message(events.Key(name, char))  # type: ignore[attr-defined]


def disk_full(self: Store, annotation: object) -> None:
    """Stands in for a save on a full disk."""
    raise OSError(28, "No space left on device")


def stored(db: Path) -> list:
    with Store(db) as store:
        return store.annotations()


# ------------------------------------------------------------- tags and notes


async def test_tagging_a_tagged_note_adds_to_its_tags(tmp_path: Path) -> None:
    db = tmp_path / "n.json"
    async with open_reader(db=db) as (app, pilot):
        await pilot.press("S", "t", *"first", "enter")
        await pilot.press("t")
        field = app.screen.query_one(Input)
        assert field.value == "first, "
        assert field.cursor_position == len(field.value)  # at the end, nothing selected
        await pilot.press(*"second", "enter")
        await settle(pilot)
    assert [a.tags for a in stored(db)] == [("first", "second")]


async def test_the_note_editor_shows_its_keys() -> None:
    async with open_reader() as (app, pilot):
        await pilot.press("S", "a")
        assert isinstance(app.screen, NoteDialog)
        hints = " ".join(str(label.render()) for label in app.screen.query(Label))
        assert "ctrl+s save" in hints.lower() and "discard" in hints


async def test_undo_message_names_its_key(tmp_path: Path) -> None:
    async with open_reader(db=tmp_path / "n.json") as (app, pilot):
        await pilot.press("S", "t", *"x", "enter", "x")
        assert any(n.endswith("u brings it back") for n in notices(app))


# ---------------------------------------------------------------- failed save


async def test_a_failed_save_is_shown_retried_and_asked_about_on_quit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader.tui.note_saving, "RETRY_SECONDS", 0.2)
    db = tmp_path / "n.json"
    async with open_reader(db=db) as (app, pilot):
        screen = reader_screen(app)

        monkeypatch.setattr(Store, "add", disk_full)
        monkeypatch.setattr(Store, "update", disk_full)
        await pilot.press("S", "t", *"lost", "enter")
        await settle(pilot)
        assert any("NOT SAVED" in n and "No space left" in n for n in notices(app))
        assert "1 note NOT SAVED" in str(screen.query_one("#status").render())
        assert "NOT SAVED" in screen_text(app)  # marked in the Notes list
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmDialog)  # asks before losing it
        await pilot.press("n")
        assert app.is_running and app.screen is screen
        monkeypatch.undo()  # the disk has room again; the retry saves it
        for _ in range(20):
            await pilot.pause(0.1)
            await settle(pilot)
            if not screen.unsaved:
                break
        assert screen.unsaved == {}
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert [a.tags for a in stored(db)] == [("lost",)]


# ------------------------------------------------ keys after a confirming key


async def test_keys_after_confirming_a_tag_go_to_the_article(tmp_path: Path) -> None:
    db = tmp_path / "n.json"
    async with open_reader(db=db) as (app, pilot):
        screen = reader_screen(app)
        await pilot.press("S", "t")
        burst(app, [*"tagx", "enter", "]"])
        await settle(pilot)
        assert app.screen is screen
        quotes = screen.view.highlight_layer("quote").spans
        assert screen.view.cursor in {q.start for q in quotes}  # ] moved to a quote
    assert [a.tags for a in stored(db)] == [("tagx",)]


async def test_keys_after_saving_a_note_go_to_the_article(tmp_path: Path) -> None:
    db = tmp_path / "n.json"
    async with open_reader(db=db) as (app, pilot):
        screen = reader_screen(app)
        await pilot.press("S", "a")
        burst(app, [*"notey", "ctrl+s", "]"])
        await settle(pilot)
        assert app.screen is screen
    assert [a.note for a in stored(db)] == ["notey"]


async def test_keys_after_confirming_a_search_go_to_the_article() -> None:
    async with open_reader() as (app, pilot):
        screen = reader_screen(app)
        burst(app, ["/", *"Murphy", "enter", "n"])
        await settle(pilot)
        text = screen.view.display_text
        first, second = text.index("Murphy"), text.index("Murphy", text.index("Murphy") + 1)
        assert screen.search.query == "Murphy"
        assert screen.view.cursor == second != first  # n stepped to the next match


async def test_keys_after_confirming_an_export_go_to_the_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    async with open_reader(db=tmp_path / "n.json") as (app, pilot):
        screen = reader_screen(app)
        await pilot.press("S", "t", *"x", "enter", "E")
        app.screen.query_one(Input).value = ""
        burst(app, [*"out.md", "enter", "j"])
        await settle(pilot)
        assert app.screen is screen
        assert (tmp_path / "out.md").is_file()
        assert not (tmp_path / "out.mdj").exists()
        assert screen.view.cursor > 0 or screen.view.selection is None


async def test_keys_after_opening_from_the_library_reach_the_article() -> None:
    app = ReaderApp(paths=find_articles([str(SAMPLES)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        burst(app, ["enter", "j", "j"])
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.view.cursor > 0
        burst(app, ["o", "j"])
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


# ------------------------------------------------------------------- export


async def test_export_asks_before_replacing_a_file(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("keep me", encoding="utf-8")
    async with open_reader(db=tmp_path / "n.json") as (app, pilot):
        await pilot.press("S", "t", *"x", "enter", "E")
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert isinstance(app.screen, ExportDialog)
        assert target.read_text(encoding="utf-8") == "keep me"
        await pilot.press("enter", "y")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
    assert target.read_text(encoding="utf-8").startswith("---")  # the Markdown export


async def test_a_failed_export_keeps_the_dialog_open_with_its_path(tmp_path: Path) -> None:
    async with open_reader(db=tmp_path / "n.json") as (app, pilot):
        await pilot.press("S", "t", *"x", "enter", "E")
        path = str(tmp_path / "no-such-folder" / "notes.json")
        app.screen.query_one(Input).value = path
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert app.screen.query_one(Input).value == path
        assert "Not written" in screen_text(app)
        app.screen.query_one(Input).value = str(tmp_path / "notes.json")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
    assert json.loads((tmp_path / "notes.json").read_text())["total"] == 1


# ----------------------------------------------------------------- messages


async def test_a_search_without_matches_says_so() -> None:
    async with open_reader() as (app, pilot):
        await pilot.press("/", *"zzqx", "enter")
        assert "No matches for “zzqx”" in notices(app)
        assert "no matches for “zzqx”" in str(reader_screen(app).query_one("#status").render())


async def test_a_decoding_notice_stays_in_the_status_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Café society, naïve façade.\n".encode("cp1252"))
    async with open_reader(path) as (app, _pilot):
        status = str(reader_screen(app).query_one("#status").render())
        assert reader_screen(app).article.notice and reader_screen(app).article.notice in status


async def test_counts_read_as_english(tmp_path: Path) -> None:
    async with open_reader(db=tmp_path / "n.json") as (app, pilot):
        await pilot.press("S", "t", *"x", "enter", "E")
        assert "Export 1 note to:" in screen_text(app)
        assert "Export 1 notes" not in screen_text(app)


async def test_a_read_only_database_is_said_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "n.json"
    async with open_reader(db=db):
        pass
    # As root, permission bits do not stop writes: fake the store's own check.
    monkeypatch.setattr(Store, "read_only", property(lambda self: True))
    monkeypatch.setattr(Store, "read_only_reason", property(lambda self: "the folder is read-only"))
    async with open_reader(db=db) as (app, _pilot):
        said = [n for n in notices(app) if "read-only" in n]
        assert len(said) == 1 and str(db) in said[0]


async def test_a_note_deleted_elsewhere_while_its_dialog_is_open_is_saved_again(
    tmp_path: Path,
) -> None:
    db = tmp_path / "n.json"
    async with open_reader(db=db) as (app, pilot):
        screen = reader_screen(app)
        await pilot.press("S", "t", *"first", "enter")
        await settle(pilot)
        [note] = screen.session.sorted()
        await pilot.press("t")
        with Store(db) as other:
            other.delete(note.id)
        screen.check_for_changes()
        await settle(pilot)
        assert note.id not in screen.session.annotations  # the other window's delete shows
        await pilot.press(*"second", "enter")
        await settle(pilot)
        assert app.is_running
        assert any("deleted in another window" in n for n in notices(app))
    assert [a.tags for a in stored(db)] == [("first", "second")]


async def test_leaving_for_the_library_with_unsaved_notes_asks_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.store.writer import BackgroundWriter

    store = Store(tmp_path / "n.json")
    writer = BackgroundWriter(store)
    app = ReaderApp(paths=find_articles([str(SAMPLES)]), writer=writer)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)

            monkeypatch.setattr(Store, "add", disk_full)
            await pilot.press("S", "t", *"lost", "enter")
            await settle(pilot)
            await pilot.press("o")
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("n")
            assert isinstance(app.screen, ReaderScreen)
            await pilot.press("o", "y")
            assert isinstance(app.screen, LibraryScreen)
    finally:
        writer.close()
        store.close()
