"""The library's corpus lists, as a user drives them: speakers, entities and notes.

The analysis is the fixed one (``conftest.fixed_analysis``) put in place of the
cached analysis, so these tests check what the lists do with an analysis, not what
the rules find.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from conftest import SAMPLE, SAMPLES, fixed_analysis
from textual.pilot import Pilot
from textual.widgets import DataTable

import reader.corpus.cache
from reader.article.loading import find_articles, load_article
from reader.notes.annotations import make_annotation
from reader.store.database import Store
from reader.store.writer import BackgroundWriter
from reader.tui.app import ReaderApp
from reader.tui.corpus_screen import CorpusScreen
from reader.tui.library_screen import LibraryScreen
from reader.tui.reader_screen import ReaderScreen


@pytest.fixture(autouse=True)
def fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        reader.corpus.cache, "library_analysis", lambda article, **_: fixed_analysis(article.text)
    )


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[BackgroundWriter]:
    store = Store(tmp_path / "db.json")
    background = BackgroundWriter(store)
    yield background
    background.close()
    store.close()


@asynccontextmanager
async def library(**kwargs: object) -> AsyncIterator[tuple[ReaderApp, Pilot]]:
    app = ReaderApp(paths=find_articles([str(SAMPLES)]), analyzer=fixed_analysis, **kwargs)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        yield app, pilot


async def settle(pilot: Pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def rows(app: ReaderApp) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def heading(app: ReaderApp) -> str:
    return str(app.screen.query_one("#corpus-title").render())


async def test_speakers_filter_then_quotes_with_titles_then_the_article_at_the_quote() -> None:
    async with library() as (app, pilot):
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, CorpusScreen)
        names = [r[0] for r in rows(app)]
        assert {"Ken Livingstone", "Jim Murphy"} <= set(names)
        await pilot.press("/", *"murphy", "enter")
        await settle(pilot)
        assert [r[0] for r in rows(app)] == ["Jim Murphy"]
        assert "match “murphy”" in heading(app)
        await pilot.press("enter")  # Jim Murphy's quotes, each with its article's title
        await settle(pilot)
        quotes = rows(app)
        assert quotes and all(q[0].startswith('"') for q in quotes)
        livingstone = load_article(SAMPLE)
        assert any(livingstone.title.startswith(q[1].rstrip("…")) for q in quotes)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        opened = fixed_analysis(app.screen.article.text).quotes
        first = min(q.start for q in opened if q.speaker == "Jim Murphy")
        assert app.screen.view.cursor == first  # opened at the first thing he said


async def test_entities_list_people_organisations_and_places_and_back_goes_up() -> None:
    async with library() as (app, pilot):
        await pilot.press("m")
        await settle(pilot)
        table = {r[0]: r for r in rows(app)}
        assert table["Labour Party"][1] == "organisation"
        assert table["Ken Livingstone"][1] == "person" and int(table["Ken Livingstone"][2]) >= 3
        assert "London" in table
        key = list(table).index("Labour Party")
        app.screen.query_one(DataTable).move_cursor(row=key)
        await pilot.press("enter")
        await settle(pilot)
        assert all(r[0] == "Labour Party" for r in rows(app))
        await pilot.press("escape")  # back to the entities
        await settle(pilot)
        assert "Ken Livingstone" in [r[0] for r in rows(app)]
        await pilot.press("escape")  # back to the library
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_notes_across_articles_filter_by_tag_and_open_at_the_note(
    writer: BackgroundWriter,
) -> None:
    article = load_article(SAMPLE)
    start = article.text.index("He stressed")
    note = make_annotation(
        article.text,
        start,
        start + 11,
        fingerprint=article.fingerprint,
        source=str(article.path),
        title=article.title,
        tags=("verify",),
        note="check this claim",
    )
    other = make_annotation(
        article.text,
        0,
        3,
        fingerprint=article.fingerprint,
        source=str(article.path),
        tags=("misc",),
    )
    writer.store.add_many([note, other])
    async with library(writer=writer) as (app, pilot):
        await pilot.press("n")
        await settle(pilot)
        assert len(rows(app)) == 2
        await pilot.press("/", *"verify", "enter")
        await settle(pilot)
        [row] = rows(app)
        assert row[0] == "check this claim" and row[1] == "#verify"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.view.cursor == start


async def test_a_corrected_speaker_is_counted_under_the_correction(
    writer: BackgroundWriter,
) -> None:
    article = load_article(SAMPLE)
    quote = fixed_analysis(article.text).quotes[0]
    writer.store.add(
        make_annotation(
            article.text,
            quote.start,
            quote.end,
            fingerprint=article.fingerprint,
            source=str(article.path),
            corrected_speaker="Ruth Smeeth",
        )
    )
    async with library(writer=writer) as (app, pilot):
        await pilot.press("p")
        await settle(pilot)
        table = {r[0]: r for r in rows(app)}
        assert table["Ruth Smeeth"][1:] == ["1", "1"]
