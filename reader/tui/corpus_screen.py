"""The library's corpus lists: every speaker, entity or note across its articles.

Opened from the library (``library_speakers``, ``library_entities``, ``library_notes``).
A worker thread reads each article with its analysis (from the analysis cache when
it has it) and its notes, and posts them in one message; the rows come from
``reader.view.corpus_index``. Enter on a speaker lists their quotes with the article
titles (an entity: its mentions), Enter on one of those (or on a note) opens the article
there; the back key clears the filter, then goes back a list, then to the library.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import get_current_worker

from reader.article.model import Article
from reader.errors import ReaderError
from reader.tui.bindings import bindings_for
from reader.tui.library_screen import LibraryScreen
from reader.view.corpus_index import (
    CorpusItem,
    Hit,
    NoteRow,
    entity_hits,
    entity_rows,
    matches,
    note_rows,
    note_text,
    speaker_hits,
    speaker_rows,
)

Mode = Literal["speakers", "entities", "notes"]
TEXT_WIDTH = 70
"""A quote or note is cut to this many columns in its row."""


def _cut(text: str, width: int = TEXT_WIDTH) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


class CorpusTable(DataTable, inherit_bindings=False):
    """The list, with keys from the ``[corpus]`` keymap context."""

    BINDINGS = bindings_for(
        "corpus",
        targets={
            "corpus_down": "cursor_down",
            "corpus_up": "cursor_up",
            "corpus_open": "select_cursor",
            "corpus_top": "scroll_top",
            "corpus_bottom": "scroll_bottom",
        },
        only=("corpus_down", "corpus_up", "corpus_open", "corpus_top", "corpus_bottom"),
    )


class _Level:
    """One list on screen: its column headings, and rows as (key, cells, what Enter does)."""

    def __init__(self, title: str, columns: Sequence[str]) -> None:
        self.title = title
        self.columns = tuple(columns)
        self.rows: list[tuple[str, tuple[str | Text, ...], Callable[[], None]]] = []
        self.query = ""


class CorpusScreen(Screen[None]):
    """Speakers, entities or notes across the library's articles."""

    BINDINGS = bindings_for(
        "corpus",
        targets={"corpus_filter": "start_filter", "corpus_back": "back"},
        only=("corpus_filter", "corpus_back"),
    )

    class Gathered(Message, bubble=False):
        """The worker read every article it could, with analyses and notes."""

        def __init__(self, items: list[CorpusItem], notes: list[Any], failed: int) -> None:
            super().__init__()
            self.items = items
            self.notes = notes
            self.failed = failed

    def __init__(
        self, mode: Mode, paths: Sequence[Path | str], known: dict[str, Article] | None = None
    ) -> None:
        super().__init__()
        self.mode: Mode = mode
        self.paths = list(paths)
        self.known = dict(known or {})
        """Articles the library has read already, by row key (not read again)."""
        self.items: list[CorpusItem] = []
        self.levels: list[_Level] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="corpus-title")
        yield Input(placeholder="filter: type words", id="corpus-filter")
        yield CorpusTable(id="corpus-table", cursor_type="row", zebra_stripes=True)
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.title = f"reader — {self.mode}"
        self.query_one("#corpus-filter", Input).display = False
        self.query_one("#corpus-title", Static).update(
            Text(f"Reading {len(self.paths)} articles…", style="bold")
        )
        self.query_one(CorpusTable).focus()
        self._gather()

    # ---------------------------------------------------------------- worker
    @work(thread=True, exclusive=True, group="corpus")
    def _gather(self) -> None:
        """Read each article, its analysis (cached) and its notes, off the UI thread."""
        from reader.article.loading import load_article
        from reader.corpus.cache import library_analysis

        worker = get_current_worker()
        writer = getattr(self.app, "writer", None)
        store = writer.store if writer is not None else None
        backend = getattr(self.app, "backend", "rules")
        items: list[CorpusItem] = []
        failed = 0
        for path in self.paths:
            if worker.is_cancelled:
                return
            try:
                article = self.known.get(str(path)) or load_article(path)
                analysis = library_analysis(article, backend=backend)
                notes = store.annotations(article.fingerprint) if store is not None else []
            except Exception:  # one article's problem (or a bug) is counted, never fatal
                failed += 1
                continue
            items.append(CorpusItem(article, analysis, tuple(notes)))
        every_note: list[Any] = []
        if self.mode == "notes" and store is not None:
            try:
                every_note = store.annotations()
            except ReaderError:
                every_note = []
        self.post_message(self.Gathered(items, every_note, failed))

    @on(Gathered)
    def _gathered(self, message: Gathered) -> None:
        self.items = message.items
        if message.failed:
            self.notify(f"{message.failed} of the library's articles could not be read")
        top = {
            "speakers": self._speakers_level,
            "entities": self._entities_level,
            "notes": lambda: self._notes_level(message.notes),
        }[self.mode]()
        self._push_level(top)

    # ---------------------------------------------------------------- levels
    def _speakers_level(self) -> _Level:
        level = _Level("speakers", ("speaker", "quotes", "articles"))
        for row in speaker_rows(self.items):
            cells = (Text(row.name), f"{row.quotes:,}", f"{row.articles:,}")
            level.rows.append((row.name, cells, self._opener_of_speaker(row.name)))
        return level

    def _opener_of_speaker(self, name: str) -> Callable[[], None]:
        return lambda: self._push_level(
            self._hits_level(f"quotes by {name}", speaker_hits(self.items, name))
        )

    def _entities_level(self) -> _Level:
        level = _Level("people, organisations and places", ("name", "kind", "mentions", "articles"))
        for row in entity_rows(self.items):
            cells = (Text(row.name), row.kind, f"{row.mentions:,}", f"{row.articles:,}")
            key = f"{row.kind}:{row.name}"
            level.rows.append((key, cells, self._opener_of_entity(row.name, row.kind)))
        return level

    def _opener_of_entity(self, name: str, kind: str) -> Callable[[], None]:
        def open_entity() -> None:
            hits = entity_hits(self.items, name, kind)
            self._push_level(self._hits_level(f"mentions of {name}", hits))

        return open_entity

    def _hits_level(self, title: str, hits: list[Hit]) -> _Level:
        level = _Level(title, ("text", "article"))
        for k, hit in enumerate(hits):
            cells = (Text(_cut(hit.text)), Text(_cut(hit.article.title, 40)))
            level.rows.append((str(k), cells, self._opener_at(hit.article, hit.start)))
        return level

    def _notes_level(self, notes: list[Any]) -> _Level:
        level = _Level("notes", ("note", "tags", "article"))
        articles = [item.article for item in self.items]
        for row in note_rows(notes, articles):
            tags = " ".join(f"#{t}" for t in row.note.tags)
            cells = (Text(_cut(note_text(row))), Text(_cut(tags, 30)), Text(_cut(row.title, 40)))
            level.rows.append((row.note.id, cells, self._opener_of_note(row)))
        return level

    def _opener_of_note(self, row: NoteRow) -> Callable[[], None]:
        def open_note() -> None:
            article = row.article
            if article is None:
                from reader.article.loading import load_article

                try:
                    article = load_article(row.note.source)
                except ReaderError as exc:
                    self.notify(str(exc), severity="error")
                    return
            self.post_message(LibraryScreen.Open(article, at=row.note.start))

        return open_note

    def _opener_at(self, article: Article, offset: int) -> Callable[[], None]:
        return lambda: self.post_message(LibraryScreen.Open(article, at=offset))

    def _push_level(self, level: _Level) -> None:
        self.levels.append(level)
        self._show()

    def _show(self) -> None:
        """Put the current list in the table, filtered by its words."""
        level = self.levels[-1]
        table = self.query_one(CorpusTable)
        table.clear(columns=True)
        for column in level.columns:
            table.add_column(column.title(), key=column)
        shown = [r for r in level.rows if matches(level.query, *map(str, r[1]))]
        for key, cells, _open in shown:
            table.add_row(*cells, key=key)
        label = f"{len(level.rows):,} {level.title}"
        if level.query.strip():
            label = f"{len(shown):,} of {label} match “{level.query.strip()}”"
        self.query_one("#corpus-title", Static).update(Text(label, style="bold"))

    # ---------------------------------------------------------------- keys
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if not self.levels:
            return
        key = event.row_key.value
        for row_key, _cells, open_row in self.levels[-1].rows:
            if row_key == key:
                open_row()
                return

    def action_start_filter(self) -> None:
        field = self.query_one("#corpus-filter", Input)
        field.value = self.levels[-1].query if self.levels else ""
        field.display = True
        field.focus()

    def action_back(self) -> None:
        """Clear the filter; else the previous list; else back to the library."""
        field = self.query_one("#corpus-filter", Input)
        if self.levels and self.levels[-1].query:
            self.levels[-1].query = ""
            field.value = ""
            field.display = False
            self._show()
            self.query_one(CorpusTable).focus()
        elif len(self.levels) > 1:
            self.levels.pop()
            self._show()
        else:
            self.app.pop_screen()

    @on(Input.Changed, "#corpus-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self.levels:
            self.levels[-1].query = event.value
            self._show()

    @on(Input.Submitted, "#corpus-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        field = self.query_one("#corpus-filter", Input)
        if not event.value.strip():
            field.display = False
        self.query_one(CorpusTable).focus()
