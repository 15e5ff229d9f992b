"""Jumping between mentions of one entity (next_mention / prev_mention)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from conftest import notices, open_reader, reader_screen
from textual.pilot import Pilot

from reader.tui.app import ReaderApp
from reader.tui.reader_screen import ReaderScreen


@asynccontextmanager
async def analysed() -> AsyncIterator[tuple[ReaderApp, Pilot, ReaderScreen]]:
    """The sample open, with its analysis on screen."""
    async with open_reader() as (app, pilot):
        yield app, pilot, reader_screen(app)


async def test_mention_keys_walk_the_mentions_of_the_entity_under_the_cursor() -> None:
    async with analysed() as (_app, pilot, screen):
        layer = screen.view.highlight_layer("entity")
        corbyn = [s for s in layer.spans if s.key == "Jeremy Corbyn"]
        assert len(corbyn) >= 3
        screen.view.move_cursor(corbyn[0].start)
        await pilot.press("m")
        assert screen.view.cursor == corbyn[1].start
        await pilot.press("m")
        assert screen.view.cursor == corbyn[2].start
        await pilot.press("M")
        assert screen.view.cursor == corbyn[1].start
        # Away from any entity, the last one chosen is still followed.
        away = screen.view.display_text.index("He stressed")
        assert not layer.overlapping(away, away + 1)
        screen.view.move_cursor(away)
        await pilot.press("m")
        assert screen.view.cursor == min(s.start for s in corbyn if s.start > away)


async def test_mention_keys_without_an_entity_say_so() -> None:
    async with analysed() as (app, pilot, screen):
        screen.view.move_cursor(screen.view.display_text.index("statement"))
        await pilot.press("m")
        assert screen.view.cursor == screen.view.display_text.index("statement")
        assert any("Move onto a name" in n for n in notices(app))
