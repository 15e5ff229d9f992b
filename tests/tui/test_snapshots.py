"""Screenshots of the reader and the library, compared with accepted SVGs.

Regenerate after an intended change with ``pytest tests/tui/test_snapshots.py
--snapshot-update`` and look at the new SVGs before committing them. The articles
are opened by a path relative to the repository, as a user would type it, so the
header's subtitle is the same on every machine; nothing shown depends on time.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import fixed_analysis
from textual.pilot import Pilot

from reader.article.loading import find_articles, load_article
from reader.store.database import Store
from reader.store.writer import BackgroundWriter
from reader.tui.app import ReaderApp

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = "sample_articles/livingstone-resigns.txt"


@pytest.fixture(autouse=True)
def at_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


async def settled(pilot: Pilot) -> None:
    """Analysis and library details come from workers: wait until they are shown."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_reader_80x24(snap_compare) -> None:
    """The sample at a small terminal: header, wrapped text, quotes pane, status, footer."""
    app = ReaderApp(article=load_article(SAMPLE), analyzer=fixed_analysis)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled)


def test_reader_120x40_after_analysis_with_a_search(snap_compare) -> None:
    """A large terminal after analysis: highlighted quotes and names, a confirmed search."""
    app = ReaderApp(article=load_article(SAMPLE), analyzer=fixed_analysis)

    async def search(pilot: Pilot) -> None:
        await settled(pilot)
        await pilot.press("/", *"Corbyn", "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=search)


def test_reader_markdown_120x40(snap_compare) -> None:
    """A Markdown article: headings styled, the first heading is the title."""
    app = ReaderApp(
        article=load_article("sample_articles/ghana-cocoa-payments.md"), analyzer=fixed_analysis
    )
    assert snap_compare(app, terminal_size=(120, 40), run_before=settled)


def test_library(snap_compare) -> None:
    """The library on the samples folder: titles, sizes and word counts filled in."""
    app = ReaderApp(paths=find_articles(["sample_articles"]))
    assert snap_compare(app, terminal_size=(100, 24), run_before=settled)


def test_library_with_page_metadata(snap_compare, tmp_path: Path) -> None:
    """A saved web page beside plain files: its author, date and site in their columns."""
    page = ROOT / "tests" / "fixtures" / "news-page.html"
    app = ReaderApp(paths=find_articles([str(page), "sample_articles/livingstone-resigns.txt"]))
    assert snap_compare(app, terminal_size=(120, 12), run_before=settled)


@pytest.fixture
def writer(tmp_path: Path):
    store = Store(tmp_path / "notes.json")
    background = BackgroundWriter(store)
    yield background
    background.close()
    store.close()


def _annotated(writer: BackgroundWriter) -> ReaderApp:
    return ReaderApp(article=load_article(SAMPLE), analyzer=fixed_analysis, writer=writer)


async def _note_and_search(pilot: Pilot) -> None:
    """A tagged note on "In a statement" and a confirmed search for "former"."""
    await settled(pilot)
    await pilot.press("}", "v", "w", "w", "w", "t", *"look", "enter")
    await pilot.press("/", *"former", "enter")
    await settled(pilot)


@pytest.mark.parametrize("where", ["note", "match", "quote"])
def test_cursor_on_a_note_a_match_and_a_quote(snap_compare, writer, where: str) -> None:
    """The cursor stays visible, and distinct, on each kind of highlight."""

    async def place(pilot: Pilot) -> None:
        await _note_and_search(pilot)
        screen = pilot.app.screen
        text = screen.view.display_text
        offset = {
            "note": text.index("In a statement") + 3,
            "match": text.index("former") + 2,
            "quote": screen.view.highlight_layer("quote").spans[0].start + 2,
        }[where]
        screen.view.move_cursor(offset)
        await pilot.pause()

    assert snap_compare(_annotated(writer), terminal_size=(100, 24), run_before=place)
