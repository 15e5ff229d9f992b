"""The app on a PostgreSQL team store: others' notes arrive, a lost line is survived.

Needs the test server (``pgserver``); skips without it, fails under CI.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from conftest import SAMPLE, notices, open_reader, reader_screen, screen_lines, settle
from pgserver import Proxy

import reader.tui.note_saving
from reader.article.loading import load_article
from reader.notes.annotations import make_annotation
from reader.store.opening import open_store
from reader.tui.dialogs import ConfirmDialog


async def test_a_colleagues_note_appears_with_their_name_while_the_article_is_open(
    postgres_db: str,
) -> None:
    article = load_article(SAMPLE)
    async with open_reader(article, db=postgres_db, user="bob") as (app, pilot):
        screen = reader_screen(app)
        assert screen.session.sorted() == []
        start = article.text.index("He stressed")
        with open_store(postgres_db) as alice:  # alice, at her desk, on the same article
            alice.add(
                make_annotation(
                    article.text,
                    start,
                    start + 11,
                    fingerprint=article.fingerprint,
                    source=str(article.path),
                    title=article.title,
                    tags=("verify",),
                    author="alice",
                )
            )
        screen.check_for_changes()  # what the two-second timer does
        await settle(pilot)
        assert [a.tags for a in screen.session.sorted()] == [("verify",)]
        assert any("by alice · #verify" in line for line in screen_lines(app))


async def test_a_lost_connection_shows_reconnecting_asks_on_quit_and_saves_on_return(
    postgres_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader.tui.note_saving, "RETRY_SECONDS", 0.2)
    proxy = Proxy(postgres_db)
    try:
        async with open_reader(db=proxy.url) as (app, pilot):
            screen = reader_screen(app)
            proxy.cut()  # the network goes
            await pilot.press("S", "t", *"kept", "enter")
            await settle(pilot)
            status = str(screen.query_one("#status").render())
            assert "1 note NOT SAVED — reconnecting" in status
            assert any("NOT SAVED" in n and "reconnecting" in n for n in notices(app))
            password = urlsplit(postgres_db).password
            assert password and not any(password in n for n in notices(app))
            await pilot.press("q")
            assert isinstance(app.screen, ConfirmDialog)  # asks before losing it
            await pilot.press("n")
            proxy.mend()  # the network is back: the retry reconnects and saves
            for _ in range(60):
                await pilot.pause(0.1)
                await settle(pilot)
                if not screen.unsaved:
                    break
            assert screen.unsaved == {}
            assert "NOT SAVED" not in str(screen.query_one("#status").render())
    finally:
        proxy.close()
    with open_store(postgres_db) as store:
        assert [a.tags for a in store.annotations()] == [("kept",)]
