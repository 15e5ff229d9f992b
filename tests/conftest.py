"""Shared test setup: isolation from the user's files, the app-launch helper, a fixed analysis.

Every test runs with ``READER_DB`` and the XDG config/data dirs pointing into its
own temporary folder, so no test can read or change a real user's notes or
keymap. UI tests open the app through ``open_reader`` with ``FIXED_ANALYSIS``:
they check what the app does with an analysis, not what the rules find (that is
the analysis tests' job), so a better speaker rule never breaks a UI test.
"""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from hypothesis import settings
from textual.pilot import Pilot

from reader.analysis.model import Analysis, Entity, Quote
from reader.article.loading import load_article
from reader.article.model import Article

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_articles"
SAMPLE = SAMPLES / "livingstone-resigns.txt"
SHARED = ROOT.parent / "shared"

settings.register_profile("reader", deadline=None)
settings.load_profile("reader")
"""Property tests check results, never time: a loaded CI machine must not fail them."""


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test touches the real database, keymap, data folder or page cache."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("READER_DB", str(home / "data" / "reader.json"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    return home


# ------------------------------------------------------------------ notes & store


COUNCIL_TEXT = (
    "The council met on Tuesday. The mayor said the budget was balanced. "
    "Critics said the budget was not balanced at all, and the mayor disagreed.\n"
)
"""A short article of our own, for store and note tests."""


def article_file(folder: Path, text: str = COUNCIL_TEXT, name: str = "a.txt") -> Article:
    """``text`` written to ``folder/name`` and loaded as a user's file would be."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return load_article(path)


def note_on(article: Article, needle: str, nth: int = 0, **fields: object):
    """An annotation on the ``nth`` occurrence of ``needle`` in ``article`` (not yet stored)."""
    from reader.notes.annotations import make_annotation

    start = -1
    for _ in range(nth + 1):
        start = article.text.index(needle, start + 1)
    return make_annotation(
        article.text,
        start,
        start + len(needle),
        fingerprint=article.fingerprint,
        source=str(article.path),
        title=article.title,
        **fields,  # type: ignore[arg-type]
    )


@pytest.fixture
def store(tmp_path: Path):
    """A fresh store in the test's folder, closed afterwards."""
    from reader.store.database import Store

    opened = Store(tmp_path / "db" / "reader.json")
    yield opened
    opened.close()


@pytest.fixture
def postgres_db():
    """The URL of a new, empty database on the test server (see ``pgserver``)."""
    from pgserver import fresh_database

    with fresh_database() as url:
        yield url


@pytest.fixture(params=["file", "postgresql"])
def db_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new database of each backend, as ``--db`` would name it: the contract tests
    run once on a file and once on PostgreSQL."""
    if request.param == "file":
        return str(tmp_path / "db" / "reader.json")
    return request.getfixturevalue("postgres_db")


# ---------------------------------------------------------------- fixed analysis

PEOPLE = {
    "Ken Livingstone": ("KEN Livingstone", "Mr Livingstone", "Livingstone"),
    "Jeremy Corbyn": ("Jeremy Corbyn",),
    "Jim Murphy": ("Jim Murphy", "Mr Murphy"),
}
PLACES = ("London", "East Renfrewshire")
ORGS = {"Labour Party": ("Labour Party",)}
SPEAKERS = ("Ken Livingstone", "Jim Murphy", None)


def fixed_analysis(text: str) -> Analysis:
    """A deterministic analysis of any text: straight-quoted passages, a few known names.

    Quotes are the ``"…"`` runs within a paragraph, their speakers taken in turn
    from ``SPEAKERS``; entities are the exact names listed above. Nothing here
    depends on the analysis rules.
    """
    quotes = [
        Quote(m.start(), m.end(), m.group(), SPEAKERS[i % len(SPEAKERS)])
        for i, m in enumerate(re.finditer(r'"[^"\n]+"', text))
    ]
    entities: list[Entity] = []
    taken: set[int] = set()
    for label, table in (("PERSON", PEOPLE), ("ORG", ORGS), ("GPE", {p: (p,) for p in PLACES})):
        for canonical, forms in table.items():
            for form in forms:
                for m in re.finditer(rf"\b{re.escape(form)}\b", text):
                    if m.start() not in taken:
                        taken.update(range(m.start(), m.end()))
                        entities.append(Entity(m.start(), m.end(), m.group(), label, canonical))
    entities.sort(key=lambda e: e.start)
    boilerplate = [(m.start(), m.end()) for m in re.finditer(r"(?m)^READ MORE:.*$", text)]
    return Analysis(tuple(quotes), tuple(entities), tuple(boilerplate))


FIXED_ANALYSIS = fixed_analysis
"""Pass as ``analyzer=`` to ``ReaderApp`` (the default of ``open_reader``)."""


# ------------------------------------------------------------------ launching


@asynccontextmanager
async def open_reader(
    article: Article | Path | str | None = None,
    *,
    db: Path | str | None = None,
    size: tuple[int, int] = (100, 30),
    analyzer=FIXED_ANALYSIS,
    wait: bool = True,
    **app_args: object,
) -> AsyncIterator[tuple[object, Pilot]]:
    """The app on one article (the sample by default), analysis shown, notes loaded.

    With ``db`` a real store and background writer are used, as ``reader`` does,
    and closed afterwards (which waits for every queued write). ``wait=False``
    starts the test while the workers still run.
    """
    from reader.store.opening import open_store
    from reader.store.writer import BackgroundWriter
    from reader.tui.app import ReaderApp

    if not isinstance(article, Article):
        article = load_article(article or SAMPLE)
    store = open_store(str(db)) if db is not None else None
    writer = BackgroundWriter(store) if store is not None else None
    app = ReaderApp(article=article, writer=writer, analyzer=analyzer, **app_args)  # type: ignore[arg-type]
    try:
        async with app.run_test(size=size) as pilot:
            if wait:
                await settle(pilot)
            else:
                await pilot.pause()
            yield app, pilot
    finally:
        if writer is not None:
            writer.close()
        if store is not None:
            store.close()


async def settle(pilot: Pilot) -> None:
    """Wait for workers (analysis, notes, saves) and the messages they post."""
    app = pilot.app
    for _ in range(3):
        await app.workers.wait_for_complete()
        writer = getattr(app, "writer", None)
        if writer is not None:
            writer.flush()  # on the test's side: the app itself never waits for it
        await pilot.pause()


def reader_screen(app: object):
    """The reading screen under whatever dialog is open."""
    from reader.tui.reader_screen import ReaderScreen

    for screen in reversed(app.screen_stack):  # type: ignore[attr-defined]
        if isinstance(screen, ReaderScreen):
            return screen
    raise AssertionError("no reader screen is open")


# ---------------------------------------------------------------- what is shown

_LINE = re.compile(
    r'<text[^>]*?x="([\d.]+)"[^>]*?clip-path="url\(#[\w-]+-line-(\d+)\)"[^>]*>(.*?)</text>'
)


def screen_lines(app: object) -> list[str]:
    """The terminal as the user sees it, one string per row (read from a screenshot)."""
    svg = app.export_screenshot()  # type: ignore[attr-defined]
    width, height = app.size  # type: ignore[attr-defined]
    rows = [[" "] * width for _ in range(height)]
    cell = _cell_width(svg)
    for x, line, raw in _LINE.findall(svg):
        text = html.unescape(raw).replace("\xa0", " ")
        row, col = int(line), round(float(x) / cell)
        if row >= height:
            continue
        for i, ch in enumerate(text):
            if 0 <= col + i < width:
                rows[row][col + i] = ch
    return ["".join(r).rstrip() for r in rows]


def _cell_width(svg: str) -> float:
    match = re.search(r'textLength="([\d.]+)"[^>]*>([^<]*)</text>', svg)
    if match is None:
        return 12.2
    return float(match.group(1)) / max(1, len(html.unescape(match.group(2))))


def screen_text(app: object) -> str:
    return "\n".join(screen_lines(app))


def notices(app: object) -> list[str]:
    """Messages the app has shown the user (toasts), oldest first."""
    return list(app.notices)  # type: ignore[attr-defined]
