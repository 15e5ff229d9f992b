"""The library: the articles given on the command line, one row each.

Rows appear at once with the file name; a worker thread then reads each article
and counts its notes in the store, and posts a typed message per article, so the
screen never waits on the disk and the worker never touches a widget. Typing
after the filter key narrows the rows by title or file name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import get_current_worker

from reader.article.loading import load_article
from reader.article.model import Article
from reader.errors import ArticleError, ReaderError
from reader.tui.bindings import bindings_for
from reader.view.corpus_index import matches

TITLE_WIDTH = 48
FIELD_WIDTH = 22
"""Author and site are cut to this many columns: the title and file stay in view."""
COLUMNS = ("title", "author", "date", "site", "size", "words", "notes", "file")
METADATA_COLUMNS = ("author", "date", "site")
"""Shown once some article has them: a folder of plain files keeps its narrow table."""


def human_size(size: int) -> str:
    """Bytes as a reader would say them (3.2 KB, 5.1 MB)."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1_048_576:.1f} MB"


def cut(text: str | None, width: int) -> str:
    """``text`` on one line within ``width`` columns ("" when unknown)."""
    line = " ".join((text or "").split())
    return line if len(line) <= width else line[: width - 1] + "…"


def entry_name(entry: Path | str) -> str:
    """How the file column names an entry: a file's name, or a URL as given."""
    return entry.name if isinstance(entry, Path) else entry


def entry_stem(entry: Path | str) -> str:
    """A title to show before the article is read: the file's stem, or the URL."""
    return entry.stem if isinstance(entry, Path) else entry


class ArticleTable(DataTable, inherit_bindings=False):
    """The library's table, with keys from the ``[library]`` keymap context."""

    BINDINGS = bindings_for(
        "library",
        targets={
            "library_down": "cursor_down",
            "library_up": "cursor_up",
            "library_open": "select_cursor",
            "library_top": "scroll_top",
            "library_bottom": "scroll_bottom",
            "library_page_down": "page_down",
            "library_page_up": "page_up",
        },
        only=(
            "library_down",
            "library_up",
            "library_open",
            "library_top",
            "library_bottom",
            "library_page_down",
            "library_page_up",
        ),
    )


@dataclass
class _Row:
    """What the library knows about one file; filled in as the worker reports."""

    path: Path | str
    """A file, or a URL (fetched by the worker, then read from the cache)."""
    article: Article | None = None
    problem: str | None = None
    notes: int | None = None

    @property
    def title(self) -> str:
        return self.article.title if self.article is not None else entry_stem(self.path)


class LibraryScreen(Screen[None]):
    """Lists articles (title, author, date, site, size, words, notes); choosing one
    opens it."""

    BINDINGS = bindings_for(
        "library",
        targets={
            "library_filter": "start_filter",
            "library_clear_filter": "clear_filter",
            "library_speakers": "corpus('speakers')",
            "library_entities": "corpus('entities')",
            "library_notes": "corpus('notes')",
        },
        only=(
            "library_filter",
            "library_clear_filter",
            "library_speakers",
            "library_entities",
            "library_notes",
        ),
    )

    class Open(Message):
        """Open this article in the reader."""

        def __init__(self, article: Article, at: int | None = None) -> None:
            super().__init__()
            self.article = article
            self.at = at
            """Where to put the cursor (a quote or a note chosen in a corpus list)."""

    class ArticleLoaded(Message, bubble=False):
        """The worker read ``path``; ``notes`` is None without a store."""

        def __init__(self, path: Path | str, article: Article, notes: int | None) -> None:
            super().__init__()
            self.path = path
            self.article = article
            self.notes = notes

    class ArticleFailed(Message, bubble=False):
        """The worker could not read ``path``: ``problem`` is the one-line reason."""

        def __init__(self, path: Path | str, problem: str) -> None:
            super().__init__()
            self.path = path
            self.problem = problem

    class NotesCounted(Message, bubble=False):
        """Fresh note counts (by row key) after coming back from the reader."""

        def __init__(self, counts: dict[str, int]) -> None:
            super().__init__()
            self.counts = counts

    def __init__(self, paths: list[Path | str]) -> None:
        super().__init__()
        # One row per path: a duplicate row key would crash the table.
        self.paths = list(dict.fromkeys(paths))
        self.rows: dict[str, _Row] = {str(p): _Row(p) for p in self.paths}
        self.query_text = ""

    @property
    def articles(self) -> dict[str, Article]:
        """The articles read so far, by row key."""
        return {k: r.article for k, r in self.rows.items() if r.article is not None}

    @property
    def problems(self) -> dict[str, str]:
        """The files that could not be read, by row key, with the reason."""
        return {k: r.problem for k, r in self.rows.items() if r.problem is not None}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="library-title")
        yield Input(placeholder="filter by title, author, site or file name", id="library-filter")
        yield ArticleTable(id="library-table", cursor_type="row", zebra_stripes=True)
        # The palette key is in the help; its long label would push "? Keys" off an
        # 80-column footer.
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.title = "reader — library"
        self.query_one("#library-filter", Input).display = False
        self._columns: tuple[str, ...] = ()
        self._fill_table()
        self.query_one(ArticleTable).focus()
        self._load_details()

    def on_screen_resume(self) -> None:
        """Back from the reader: notes may have been added or deleted there."""
        if any(row.article is not None for row in self.rows.values()):
            self._recount_notes()

    # ---------------------------------------------------------------- workers
    def _store_count(self, fingerprint: str) -> int | None:
        writer = getattr(self.app, "writer", None)
        if writer is None:
            return None
        try:
            return len(writer.store.annotations(fingerprint))
        except ReaderError:
            return None

    @work(thread=True, exclusive=True, group="library-details")
    def _load_details(self) -> None:
        """Read every article off the UI thread and report each one."""
        worker = get_current_worker()
        for path in self.paths:
            if worker.is_cancelled:
                return
            try:
                article = load_article(path)
            except ArticleError as exc:
                self.post_message(self.ArticleFailed(path, str(exc)))
                continue
            notes = self._store_count(article.fingerprint)
            self.post_message(self.ArticleLoaded(path, article, notes))

    @work(thread=True, exclusive=True, group="library-notes")
    def _recount_notes(self) -> None:
        """Count notes again for the articles read so far (after queued writes land)."""
        writer = getattr(self.app, "writer", None)
        if writer is None:
            return
        writer.flush()
        counts: dict[str, int] = {}
        for key, row in list(self.rows.items()):
            if row.article is not None:
                count = self._store_count(row.article.fingerprint)
                if count is not None:
                    counts[key] = count
        self.post_message(self.NotesCounted(counts))

    @on(ArticleLoaded)
    def _show_article(self, message: ArticleLoaded) -> None:
        row = self.rows[str(message.path)]
        row.article, row.notes = message.article, message.notes
        self._refresh_row(row)

    @on(ArticleFailed)
    def _show_problem(self, message: ArticleFailed) -> None:
        row = self.rows[str(message.path)]
        row.problem = message.problem
        self._refresh_row(row)

    @on(NotesCounted)
    def _show_counts(self, message: NotesCounted) -> None:
        for key, count in message.counts.items():
            row = self.rows[key]
            if row.notes != count:
                row.notes = count
                self._refresh_row(row)

    # ------------------------------------------------------------------ table
    def _wanted_columns(self) -> tuple[str, ...]:
        cells = [self._cells(r) for r in self.rows.values() if r.article is not None]
        return tuple(
            key
            for i, key in enumerate(COLUMNS)
            if key not in METADATA_COLUMNS or any(str(c[i]) for c in cells)
        )

    def _row_cells(self, row: _Row) -> list[Text | str]:
        cells = dict(zip(COLUMNS, self._cells(row), strict=True))
        return [cells[key] for key in self._columns]

    def _cells(self, row: _Row) -> tuple[Text | str, ...]:
        name = Text(entry_name(row.path))
        if row.problem is not None:
            reason = row.problem.split(": ", 1)[-1]
            title = Text(f"⚠ {reason[: TITLE_WIDTH - 2]}", style="red")
            return title, "", "", "", "—", "—", "—", name
        if row.article is None:
            return Text(cut(entry_stem(row.path), TITLE_WIDTH)), "", "", "", "…", "…", "…", name
        art = row.article
        notes = "—" if row.notes is None else f"{row.notes:,}"  # no store: unknown
        return (
            Text(cut(row.title, TITLE_WIDTH)),
            Text(cut(art.author, FIELD_WIDTH)),
            (art.published or "")[:10],  # the date; a time of day would crowd the row
            Text(cut(art.site, FIELD_WIDTH)),
            human_size(art.size),
            f"{art.words:,}",
            notes,
            name,
        )

    def _visible(self, row: _Row) -> bool:
        art = row.article
        extra = (art.author or "", art.site or "") if art is not None else ()
        return matches(self.query_text, row.title, entry_name(row.path), *extra)

    def _refresh_row(self, row: _Row) -> None:
        """Show a row's new details, or drop it when the filter no longer matches it."""
        table = self.query_one(ArticleTable)
        key = str(row.path)
        if key not in table.rows:
            if self._visible(row):
                self._fill_table()
            return
        if not self._visible(row) or self._wanted_columns() != self._columns:
            self._fill_table()
            return
        for column, value in zip(self._columns, self._row_cells(row), strict=True):
            table.update_cell(key, column, value, update_width=True)

    def _fill_table(self) -> None:
        """Rebuild the rows from the filter, keeping the cursor on the same file."""
        table = self.query_one(ArticleTable)
        current = self._current_key()
        wanted = self._wanted_columns()
        table.clear(columns=wanted != self._columns)
        if wanted != self._columns:
            self._columns = wanted
            for key in wanted:
                table.add_column(key.title(), key=key)
        shown = [r for r in self.rows.values() if self._visible(r)]
        for row in shown:
            table.add_row(*self._row_cells(row), key=str(row.path))
        keys = [str(r.path) for r in shown]
        if current in keys:
            table.move_cursor(row=keys.index(current))
        self._update_title(len(shown))

    def _current_key(self) -> str | None:
        table = self.query_one(ArticleTable)
        if not 0 <= table.cursor_row < table.row_count:
            return None
        return table.ordered_rows[table.cursor_row].key.value

    def _update_title(self, shown: int) -> None:
        total = len(self.rows)
        label = f"{total} article" + ("" if total == 1 else "s")
        if self.query_text.strip():
            label = f"{shown} of {label} match “{self.query_text.strip()}”"
        self.query_one("#library-title", Static).update(Text(label, style="bold"))

    # ---------------------------------------------------------------- corpus
    def action_corpus(self, mode: str) -> None:
        """Every speaker, entity or note across the library's articles."""
        from reader.tui.corpus_screen import CorpusScreen

        self.app.push_screen(CorpusScreen(mode, self.paths, self.articles))  # type: ignore[arg-type]

    # ----------------------------------------------------------------- filter
    def action_start_filter(self) -> None:
        """Show the filter field and type into it."""
        field = self.query_one("#library-filter", Input)
        field.display = True
        field.focus()

    def action_clear_filter(self) -> None:
        """Show every article again and go back to the list."""
        field = self.query_one("#library-filter", Input)
        had_filter = bool(self.query_text)
        field.value = ""
        field.display = False
        self.query_text = ""
        if had_filter:
            self._fill_table()
        self.query_one(ArticleTable).focus()

    @on(Input.Changed, "#library-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self._fill_table()

    @on(Input.Submitted, "#library-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        """Keep the filter and go back to the list to pick an article."""
        if not event.value.strip():
            self.action_clear_filter()
            return
        self.query_one(ArticleTable).focus()

    # ------------------------------------------------------------------- open
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key is None:
            return
        article = self.rows[key].article if key in self.rows else None
        if article is None:
            try:
                article = load_article(key)
            except ArticleError as exc:
                self.notify(str(exc), severity="error")
                return
        self.post_message(self.Open(article))
