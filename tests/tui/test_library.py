"""The library as a user drives it: moving, filtering, note counts, duplicate paths."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from reader.article.loading import find_articles, load_article
from reader.notes.annotations import make_annotation
from reader.store.database import Store
from reader.store.writer import BackgroundWriter
from reader.tui.app import ReaderApp
from reader.tui.library_screen import LibraryScreen
from reader.tui.reader_screen import ReaderScreen

TITLES = [f"Story number {n:02d} about {topic}" for n, topic in enumerate(["cocoa"] + ["x"] * 29)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Thirty short articles, more than a 24-row terminal shows at once."""
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    for n, title in enumerate(TITLES):
        (shelf / f"a{n:02d}.txt").write_text(f"{title}\n\nBody of story {n}.\n", "utf-8")
    return shelf


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[BackgroundWriter]:
    store = Store.open(str(tmp_path / "db.json"))
    background = BackgroundWriter(store)
    yield background
    background.close()
    store.close()


@asynccontextmanager
async def library(
    paths: list[Path], **kwargs: object
) -> AsyncIterator[tuple[ReaderApp, Pilot, LibraryScreen, DataTable]]:
    app = ReaderApp(paths=paths, **kwargs)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        yield app, pilot, screen, screen.query_one(DataTable)


async def settle(pilot: Pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def cursor_title(table: DataTable) -> str:
    return str(table.get_row_at(table.cursor_row)[0])


def row_titles(table: DataTable) -> list[str]:
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def annotate(store: Store, path: Path, count: int) -> None:
    article = load_article(path)
    for n in range(count):
        store.add(
            make_annotation(
                article.text, n, n + 3, fingerprint=article.fingerprint, source=str(path)
            )
        )


# ------------------------------------------------------------------- moving


async def test_first_last_and_page_keys_move_the_cursor(folder: Path) -> None:
    async with library(find_articles([str(folder)])) as (_app, pilot, _screen, table):
        await pilot.press("G")
        assert table.cursor_row == len(TITLES) - 1
        assert cursor_title(table) == TITLES[-1]
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("pagedown")
        paged = table.cursor_row
        assert 10 < paged < len(TITLES) - 1  # about one screenful
        await pilot.press("pageup")
        assert table.cursor_row == 0
        await pilot.press("end", "home")
        assert table.cursor_row == 0


# ---------------------------------------------------------------- filtering


async def test_typing_a_filter_narrows_the_list_and_enter_opens_the_match(folder: Path) -> None:
    async with library(find_articles([str(folder)])) as (app, pilot, screen, table):
        await pilot.press("slash", *"COCOA")
        assert row_titles(table) == [TITLES[0]]
        assert "1 of 30 articles" in str(screen.query_one("#library-title").render())
        await pilot.press("enter")  # leaves the filter field, keeps the filter
        assert table.has_focus and table.row_count == 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article.title == TITLES[0]


async def test_the_filter_matches_file_names_and_every_word(folder: Path) -> None:
    async with library(find_articles([str(folder)])) as (_app, pilot, _screen, table):
        await pilot.press("slash", *"a1")
        assert table.row_count == 10  # a10.txt … a19.txt
        await pilot.press(*" 15")
        assert row_titles(table) == [TITLES[15]]
        await pilot.press(*" nothing")
        assert table.row_count == 0


async def test_escape_clears_the_filter_and_keeps_the_article_under_the_cursor(
    folder: Path,
) -> None:
    async with library(find_articles([str(folder)])) as (_app, pilot, screen, table):
        await pilot.press("slash", *"number 07", "enter")
        assert row_titles(table) == [TITLES[7]]
        await pilot.press("escape")
        assert table.row_count == len(TITLES)
        assert cursor_title(table) == TITLES[7]
        assert table.has_focus
        assert not screen.query_one(Input).display
        # Escape while typing clears too; j and k typed in the field are text, not moves.
        await pilot.press("slash", "j", "k")
        assert screen.query_one(Input).value == "jk"
        await pilot.press("escape")
        assert table.row_count == len(TITLES) and screen.query_one(Input).value == ""


# -------------------------------------------------------------- note counts


async def test_the_notes_column_counts_each_articles_annotations(
    folder: Path, writer: BackgroundWriter
) -> None:
    paths = find_articles([str(folder)])
    annotate(writer.store, paths[2], 3)
    async with library(paths, writer=writer) as (_app, _pilot, _screen, table):
        assert str(table.get_cell(str(paths[2]), "notes")) == "3"
        assert str(table.get_cell(str(paths[0]), "notes")) == "0"


async def test_note_counts_are_fresh_when_coming_back_from_the_reader(
    folder: Path, writer: BackgroundWriter
) -> None:
    paths = find_articles([str(folder)])
    async with library(paths, writer=writer) as (app, pilot, _screen, table):
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        annotate(writer.store, paths[0], 2)  # as if written while reading
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert str(table.get_cell(str(paths[0]), "notes")) == "2"


async def test_without_a_database_the_notes_column_says_unknown(folder: Path) -> None:
    paths = find_articles([str(folder)])
    async with library(paths) as (_app, _pilot, _screen, table):
        assert str(table.get_cell(str(paths[0]), "notes")) == "—"


# -------------------------------------------------------------- duplicates


async def test_the_same_folder_twice_is_listed_once(folder: Path) -> None:
    paths = find_articles([str(folder), f"{folder}/", str(folder / "a03.txt")])
    async with library(paths) as (_app, _pilot, _screen, table):
        assert table.row_count == len(TITLES)


async def test_duplicate_paths_given_to_the_app_do_not_crash_it(folder: Path) -> None:
    same = folder / "a01.txt"
    async with library([same, same]) as (_app, _pilot, _screen, table):
        assert row_titles(table) == [TITLES[1]]
