"""The reading screen: article pane, side pane, search bar and status line.

It translates between widgets and the core: analysis runs in a worker thread and
arrives as spans; side-pane choices become cursor moves; search queries become
``reader.search`` calls.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from reader.analysis import Analysis, analyze
from reader.analysis.spans import analysis_layers
from reader.article import Article
from reader.errors import ReaderError
from reader.highlights import Span
from reader.search import find_matches
from reader.tui.article_view import ArticleView
from reader.tui.search_bar import SearchBar
from reader.tui.side_pane import SidePane

SIDEBAR_MIN, SIDEBAR_MAX, SIDEBAR_STEP = 20, 80, 4


class ReaderScreen(Screen[None]):
    """Reads one article."""

    def __init__(self, article: Article, *, backend: str = "rules") -> None:
        super().__init__()
        self.article = article
        self.backend = backend
        self.analysis: Analysis | None = None
        self._matches: list[Span] = []
        self._match_index: int | None = None
        self._search_origin: int | None = None
        self._mention_key: tuple[str, str] | None = None
        self.sidebar_width = 36

    # ---------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield ArticleView(self.article, id="article")
            yield SidePane(id="side")
        yield SearchBar(id="search")
        yield Static(id="status")
        yield Footer()

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def side(self) -> SidePane:
        return self.query_one(SidePane)

    def on_mount(self) -> None:
        self.title = self.article.title
        self.sub_title = self.article.source
        self.query_one(SearchBar).display = False
        self._apply_sidebar_width()
        self.view.focus()
        self.side.set_analysing(True)
        if self.article.notice:
            self.notify(f"{self.article.source}: {self.article.notice}", severity="warning")
        self._update_status()
        self._run_analysis()

    # --------------------------------------------------------------- analysis
    @work(thread=True, exclusive=True, group="analysis")
    def _run_analysis(self) -> None:
        """Analyse off the UI thread: the text is readable while this runs."""
        try:
            analysis = analyze(self.article.text, backend=self.backend)
        except ReaderError as exc:
            self.app.call_from_thread(self._analysis_failed, str(exc))
            return
        self.app.call_from_thread(self._show_analysis, analysis)

    def _analysis_failed(self, message: str) -> None:
        self.side.show_analysis([], [])
        self.notify(message, severity="error", timeout=10)

    def _show_analysis(self, analysis: Analysis) -> None:
        self.analysis = analysis
        layers = analysis_layers(analysis)
        for kind, spans in layers.items():
            self.view.set_layer(kind, spans)
        self.side.show_analysis(layers["quote"], layers["entity"])
        self._update_status()

    # ---------------------------------------------------------------- status
    def _update_status(self) -> None:
        view = self.view
        text = view.display_text
        parts = []
        percent = 100 * view.cursor // max(1, len(text))
        parts.append(f"{percent}%")
        if view.selection:
            start, end = view.selection
            parts.append(f"selected {end - start} chars")
        if self._matches:
            current = (self._match_index or 0) + 1
            parts.append(f"match {current}/{len(self._matches)}")
        elif self._search_origin is not None:
            parts.append("no matches")
        if self.analysis is None:
            parts.append("analysing…")
        else:
            parts.append(
                f"{len(self.analysis.quotes)} quotes · {len(self.analysis.entities)} mentions"
            )
        self.query_one("#status", Static).update(Text("  ·  ".join(parts)))

    def on_article_view_cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        self._update_status()

    def on_article_view_selection_changed(self, event: ArticleView.SelectionChanged) -> None:
        self._update_status()

    # ---------------------------------------------------------------- sidebar
    def _apply_sidebar_width(self) -> None:
        self.side.styles.width = self.sidebar_width

    def action_toggle_sidebar(self) -> None:
        side = self.side
        side.display = not side.display
        if not side.display and side.has_focus:
            self.view.focus()

    def action_sidebar_wider(self) -> None:
        self.sidebar_width = min(SIDEBAR_MAX, self.sidebar_width + SIDEBAR_STEP)
        self.side.display = True
        self._apply_sidebar_width()

    def action_sidebar_narrower(self) -> None:
        self.sidebar_width = max(SIDEBAR_MIN, self.sidebar_width - SIDEBAR_STEP)
        self._apply_sidebar_width()

    def on_side_pane_chosen(self, event: SidePane.Chosen) -> None:
        span = event.span
        if span.kind == "entity":
            self._mention_key = (span.detail, span.key)
        self.view.select_range(span.start, span.end)
        self.view.scroll_to_offset(span.start, center=True)

    # ----------------------------------------------------------------- search
    def action_search(self) -> None:
        bar = self.query_one(SearchBar)
        self._search_origin = self.view.cursor
        bar.display = True
        # Focus now, not after a refresh: keys typed right after the search key
        # must land in the bar.
        self.set_focus(bar)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "search":
            return
        self._set_query(event.value)

    def _set_query(self, query: str) -> None:
        view = self.view
        self._matches = find_matches(view.display_text, query)
        view.set_layer("search", self._matches)
        origin = self._search_origin if self._search_origin is not None else view.cursor
        self._match_index = None
        if self._matches:
            index = next((i for i, m in enumerate(self._matches) if m.start >= origin), 0)
            self._go_to_match(index, move=False)
        else:
            view.set_current_search(None)
        self._update_status()

    def _go_to_match(self, index: int, *, move: bool = True) -> None:
        match = self._matches[index]
        self._match_index = index
        self.view.set_current_search(match)
        if move:
            self.view.move_cursor(match.start, keep_selection=None, center=True)
        else:
            self.view.scroll_to_offset(match.start, center=True)
        self._update_status()

    def on_search_bar_closed(self, event: SearchBar.Closed) -> None:
        bar = self.query_one(SearchBar)
        bar.display = False
        self.view.focus()
        if event.confirmed and self._matches and self._match_index is not None:
            self._go_to_match(self._match_index)
        elif not event.confirmed:
            bar.value = ""
            self._matches = []
            self.view.set_layer("search", [])
            self.view.set_current_search(None)
            if self._search_origin is not None:
                self.view.move_cursor(self._search_origin)
        self._search_origin = None
        self._update_status()

    def _step_match(self, step: int) -> None:
        if not self._matches:
            self.notify("No search: press the search key first", severity="information")
            return
        cursor = self.view.cursor
        if step > 0:
            index = next((i for i, m in enumerate(self._matches) if m.start > cursor), 0)
        else:
            index = next(
                (
                    i
                    for i in range(len(self._matches) - 1, -1, -1)
                    if self._matches[i].start < cursor
                ),
                len(self._matches) - 1,
            )
        self._go_to_match(index)

    def action_search_next(self) -> None:
        self._step_match(1)

    def action_search_prev(self) -> None:
        self._step_match(-1)

    # ------------------------------------------------------------ jump keys
    def _jump(self, span: Span | None, what: str) -> None:
        if span is None:
            self.notify(f"No {what} there", severity="information")
            return
        self.view.move_cursor(span.start, keep_selection=None, center=True)

    def action_next_quote(self) -> None:
        self._jump(self.view.highlight_layer("quote").next_after(self.view.cursor), "next quote")

    def action_prev_quote(self) -> None:
        self._jump(
            self.view.highlight_layer("quote").prev_before(self.view.cursor), "previous quote"
        )

    def _mentions(self) -> list[Span]:
        layer = self.view.highlight_layer("entity")
        under = layer.overlapping(self.view.cursor, self.view.cursor + 1)
        if under:
            self._mention_key = (under[0].detail, under[0].key)
        if self._mention_key is None:
            return []
        label, key = self._mention_key
        return [s for s in layer.spans if s.key == key and s.detail == label]

    def action_next_mention(self) -> None:
        mentions = self._mentions()
        cursor = self.view.cursor
        self._jump(next((m for m in mentions if m.start > cursor), None), "next mention")

    def action_prev_mention(self) -> None:
        mentions = self._mentions()
        cursor = self.view.cursor
        before = [m for m in mentions if m.end <= cursor or m.start < cursor]
        before = [m for m in before if not (m.start <= cursor < m.end)]
        self._jump(before[-1] if before else None, "previous mention")

    # ------------------------------------------------------------------ copy
    def action_copy(self) -> None:
        view = self.view
        if not view.selection:
            self.notify("Nothing selected", severity="information")
            return
        start, end = view.selection
        self.app.copy_to_clipboard(self.article.text[start:end])
        self.notify(f"Copied {end - start} characters")
