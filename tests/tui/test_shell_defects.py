"""Defects of the shell, each reproduced: hangs, crashes, lost notes and lost keys."""

from __future__ import annotations

import faulthandler
import threading
import time
from pathlib import Path

import pytest
from conftest import notices, open_reader, reader_screen, settle
from textual import events

from reader.analysis.isolated import AnalysisJob
from reader.article.loading import load_article
from reader.store.database import Store
from reader.tui.dialogs import NoteDialog, TagDialog
from reader.tui.help_screen import HelpScreen
from reader.tui.reader_screen import ReaderScreen

WATCHDOG_SECONDS = 60
"""A hang would block the event loop itself: only a process-level watchdog can end it."""


@pytest.fixture
def watchdog():
    faulthandler.dump_traceback_later(WATCHDOG_SECONDS, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def burst(app: object, *keys: tuple[str, str | None]) -> None:
    """Keys arriving together, as from a fast typist or a paste, before any is handled."""
    for key, char in keys:
        app.post_message(events.Key(key, char))  # type: ignore[attr-defined]


def stored(db: Path) -> list:
    with Store(db) as store:
        return store.annotations()


# ------------------------------------------------------------------ quitting


async def test_quit_while_a_slow_save_is_queued_exits_and_keeps_the_note(
    tmp_path: Path, watchdog: None
) -> None:
    db = tmp_path / "notes.json"
    async with open_reader(db=db) as (app, pilot):
        screen = reader_screen(app)
        disk = threading.Event()
        app.writer.submit(lambda store: disk.wait(10))  # the disk is slow right now
        await pilot.press("S", "t", *"slow", "enter")
        assert app.writer.pending >= 2
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running  # the app left at once; it did not wait on the event loop
        assert screen.unsaved == {}
        disk.set()
    # Leaving the context closed the writer, which waits until every write is durable.
    assert [a.tags for a in stored(db)] == [("slow",)]


# ------------------------------------------------------------------ analysis


def crash(text: str) -> object:
    raise RuntimeError("rule bug")


async def test_a_crashing_analysis_is_one_line_and_the_app_stays_usable() -> None:
    async with open_reader(analyzer=crash) as (app, pilot):
        screen = reader_screen(app)
        assert app.is_running
        assert "Analysis failed: RuntimeError: rule bug" in notices(app)
        assert "analysis failed" in str(screen.query_one("#status").render())
        await pilot.press("j", "}")
        assert screen.view.cursor > 0


@pytest.mark.parametrize("size", ["small", "large"])
async def test_any_error_in_the_analysis_job_is_a_notification(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: str
) -> None:
    def broken(self: AnalysisJob) -> object:
        raise KeyError("speaker")

    monkeypatch.setattr(AnalysisJob, "run", broken)
    path = tmp_path / "a.txt"
    words = "A short line.\n" if size == "small" else "Words of a long article.\n" * 12_000
    path.write_text(words, encoding="utf-8")
    async with open_reader(load_article(path), analyzer=None) as (app, pilot):
        assert app.is_running
        assert any(n.startswith("Analysis failed: KeyError") for n in notices(app))
        await pilot.press("G")
        assert reader_screen(app).view.cursor > 0


# ------------------------------------------------------------- notes loading


async def test_a_note_made_while_notes_load_is_kept_with_the_loaded_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "notes.json"
    async with open_reader(db=db) as (app, pilot):
        await pilot.press("S", "t", *"earlier", "enter")
    import reader.notes.relocation as relocation

    loaded = threading.Event()
    original = relocation.annotations_for_article

    def slow_load(store: object, article: object) -> object:
        loaded.wait(10)
        return original(store, article)  # type: ignore[arg-type]

    monkeypatch.setattr(relocation, "annotations_for_article", slow_load)
    async with open_reader(db=db, wait=False) as (app, pilot):
        screen = reader_screen(app)
        assert not screen.notes_loaded
        screen.view.move_cursor(screen.view.display_text.index("He stressed"))
        await pilot.press("S", "t", *"meanwhile", "enter")
        loaded.set()
        await settle(pilot)
        assert screen.notes_loaded
        shown = sorted(a.tags for a in screen.session.sorted())
        assert shown == [("earlier",), ("meanwhile",)]
        assert len(screen.view.highlight_layer("annotation").spans) == 2
    assert sorted(a.tags for a in stored(db)) == [("earlier",), ("meanwhile",)]


async def test_slow_start_does_not_block_waiting(tmp_path: Path) -> None:
    """Opening never waits for the notes: the text is readable at once."""
    async with open_reader(db=tmp_path / "n.json") as (app, _pilot):
        assert isinstance(app.screen, ReaderScreen)


# ---------------------------------------------------------------- type-ahead


async def test_help_then_escape_typed_together_closes_the_help() -> None:
    async with open_reader() as (app, pilot):
        screen = reader_screen(app)
        burst(app, ("question_mark", "?"), ("escape", None))
        await settle(pilot)
        assert app.screen is screen


async def test_keys_typed_right_after_the_tag_key_reach_the_tag_input(tmp_path: Path) -> None:
    async with open_reader(db=tmp_path / "n.json") as (app, pilot):
        screen = reader_screen(app)
        await pilot.press("S")
        burst(app, ("t", "t"), *[(c, c) for c in "fast"])
        await settle(pilot)
        assert isinstance(app.screen, TagDialog)
        assert app.screen.query_one("Input").value == "fast"  # type: ignore[attr-defined]
        await pilot.press("escape")
        assert app.screen is screen


async def test_keys_typed_right_after_the_note_key_reach_the_editor() -> None:
    async with open_reader() as (app, pilot):
        await pilot.press("S")
        burst(app, ("a", "a"), *[(c, c) for c in "quick"])
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.query_one("TextArea").text == "quick"  # type: ignore[attr-defined]


async def test_help_opened_and_keys_typed_in_order_arrive_in_order() -> None:
    async with open_reader() as (app, pilot):
        burst(app, ("question_mark", "?"), ("escape", None), ("j", "j"))
        await settle(pilot)
        screen = reader_screen(app)
        assert app.screen is screen
        assert screen.view.cursor > 0  # the j after the help closed moved the cursor
        assert not isinstance(app.screen, HelpScreen)


async def test_held_keys_are_never_held_for_ever() -> None:
    """A key gate that waits for a screen that never mounts gives up in bounded time."""
    from reader.tui.key_gate import MAX_HOLD_SECONDS, KeyGate

    gate = KeyGate()
    assert gate.hold(events.Key("j", "j"), ready=False)
    assert gate.next(ready=False) is None
    time.sleep(MAX_HOLD_SECONDS + 0.05)
    assert gate.next(ready=False) is not None
