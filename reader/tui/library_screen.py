"""The library: the articles given on the command line, one row each."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from reader.article.loading import load_article
from reader.article.model import Article
from reader.errors import ArticleError
from reader.tui.bindings import bindings_for


def human_size(size: int) -> str:
    """Bytes as a reader would say them (3.2 KB, 5.1 MB)."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1_048_576:.1f} MB"


class ArticleTable(DataTable, inherit_bindings=False):
    """The library's table, with keys from the ``[library]`` keymap context."""

    BINDINGS = bindings_for(
        "library",
        targets={
            "library_down": "cursor_down",
            "library_up": "cursor_up",
            "library_open": "select_cursor",
        },
    )


class LibraryScreen(Screen[None]):
    """Lists articles (title, size, words); choosing one opens it."""

    class Open(Message):
        """Open this article in the reader."""

        def __init__(self, article: Article) -> None:
            super().__init__()
            self.article = article

    def __init__(self, paths: list[Path]) -> None:
        super().__init__()
        self.paths = paths
        self.articles: dict[str, Article] = {}
        self.problems: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(f"{len(self.paths)} articles", style="bold"), id="library-title")
        yield ArticleTable(id="library-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "reader — library"
        table = self.query_one(ArticleTable)
        table.add_column("Title", key="title")
        table.add_column("Size", key="size")
        table.add_column("Words", key="words")
        table.add_column("File", key="file")
        for path in self.paths:
            table.add_row(Text(path.stem), "…", "…", Text(path.name), key=str(path))
        table.focus()
        self._load_details()

    @work(thread=True, exclusive=True)
    def _load_details(self) -> None:
        """Read every article off the UI thread and fill its row."""
        for path in self.paths:
            try:
                article = load_article(path)
            except ArticleError as exc:
                self.app.call_from_thread(self._show_problem, path, str(exc))
                continue
            self.app.call_from_thread(self._show_article, path, article)

    def _show_article(self, path: Path, article: Article) -> None:
        self.articles[str(path)] = article
        table = self.query_one(ArticleTable)
        title = article.title if len(article.title) <= 48 else article.title[:47] + "…"
        table.update_cell(str(path), "title", Text(title), update_width=True)
        table.update_cell(str(path), "size", human_size(article.size), update_width=True)
        table.update_cell(str(path), "words", f"{article.words:,}", update_width=True)

    def _show_problem(self, path: Path, problem: str) -> None:
        self.problems[str(path)] = problem
        table = self.query_one(ArticleTable)
        reason = problem.split(": ", 1)[-1]
        table.update_cell(
            str(path), "title", Text(f"⚠ {reason[:46]}", style="red"), update_width=True
        )
        table.update_cell(str(path), "size", "—")
        table.update_cell(str(path), "words", "—")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key is None:
            return
        article = self.articles.get(key)
        if article is None:
            try:
                article = load_article(key)
            except ArticleError as exc:
                self.notify(str(exc), severity="error")
                return
        self.post_message(self.Open(article))
