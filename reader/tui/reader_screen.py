"""The reading screen: article pane, side pane, search bar and status line.

It only translates: keys and widget events become calls on the core (search
state, jumps, targeting, the annotation session), and the background jobs in
``reader.tui.workers`` report back through typed messages handled here.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from reader.analysis.model import Analysis
from reader.article.model import Article
from reader.notes.annotations import Annotation
from reader.notes.saves import SaveTracker
from reader.notes.session import NOTE_KIND, ORPHAN_KIND, AnnotationSession
from reader.store.writer import BackgroundWriter
from reader.tui import messages as msg
from reader.tui.annotating import AnnotationCommands
from reader.tui.article_view import ArticleView
from reader.tui.note_saving import POLL_SECONDS, NoteSaving
from reader.tui.search_bar import SearchBar
from reader.tui.side_pane import SidePane
from reader.tui.speaker_commands import SpeakerCommands
from reader.tui.workers import AnalysisRun, Analyzer, load_notes
from reader.view.jumps import Jump, MentionFocus, step, step_layer
from reader.view.pane_sizes import READING_WIDTH, PaneSizes
from reader.view.search_state import SearchState
from reader.view.spans import Span
from reader.view.status import StatusFacts, status_text


class ReaderScreen(AnnotationCommands, SpeakerCommands, NoteSaving, Screen[None]):
    """Reads one article."""

    def __init__(
        self,
        article: Article,
        *,
        backend: str = "rules",
        writer: BackgroundWriter | None = None,
        analyzer: Analyzer | None = None,
        reading_width: int = READING_WIDTH,
        user: str = "",
        start_at: int | None = None,
    ) -> None:
        super().__init__()
        self.article = article
        self.start_at = start_at
        """Open with the cursor here (a quote chosen in the library), not where the
        user last was."""
        self.backend = backend
        self.writer = writer
        self.session = AnnotationSession.start(article, [], user=user)
        self.saves = SaveTracker()
        self.known_tags: list[str] = []
        self.notes_loaded = writer is None
        self.analysis: Analysis | None = None
        self.analysis_failed = False
        self.search = SearchState()
        self.mention_focus = MentionFocus()
        self.pane_sizes = PaneSizes()
        self.reading_width = reading_width
        self._analysis_run = AnalysisRun(
            article.text, backend=backend, analyzer=analyzer, fingerprint=article.fingerprint
        )
        self._current_cursor: int | None = None
        """Where the cursor was when the current annotation was last changed."""
        self._retry_timer: object | None = None
        self._retries = 0
        self._changes_token = 0
        self._polling = False

    # ---------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield ArticleView(self.article, id="article")
            yield SidePane(id="side")
        yield SearchBar(id="search")
        yield Static(id="status")
        # The palette key is in the help; its long label would push "? Keys" off an
        # 80-column footer.
        yield Footer(show_command_palette=False)

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
        self.view.reading_width = self.reading_width
        self._apply_pane_width()
        self.view.focus()
        if self.start_at is not None:
            self.view.move_cursor(self.start_at, center=True)
        self.side.set_analysing(True)
        if self.article.notice:
            self.notify(f"{self.article.source}: {self.article.notice}", severity="warning")
        store = self.writer.store if self.writer is not None else None
        if store is not None and store.read_only:
            reason = store.read_only_reason or "it cannot be written here"
            self.notify(
                f"{store.name}: read-only ({reason}); notes can be read and exported, not saved",
                severity="warning",
                timeout=15,
            )
        self.update_status()
        run = self._analysis_run
        self.run_worker(lambda: run(self.post_message), thread=True, group="analysis")
        if self.writer is not None:
            store, article = self.writer.store, self.article
            self.run_worker(
                lambda: load_notes(store, article, self.post_message), thread=True, group="notes"
            )
            self.set_interval(POLL_SECONDS, self.check_for_changes)

    # --------------------------------------------------------------- analysis
    def cancel_analysis(self) -> None:
        """Stop a running analysis (the app is closing)."""
        self._analysis_run.cancel()

    def on_analysis_ready(self, message: msg.AnalysisReady) -> None:
        self.analysis = message.analysis
        for kind, layer in message.layers.items():
            self.view.set_layer(kind, layer)
        self.side.show_analysis(message.layers["quote"].spans, message.layers["entity"].spans)
        self._shown_corrections = None
        self.refresh_speakers()
        self.update_status()

    def on_analysis_failed(self, message: msg.AnalysisFailed) -> None:
        self.analysis_failed = True
        self.side.show_analysis([], [])
        self.notify(message.reason, severity="error", timeout=10)
        self.update_status()

    # ---------------------------------------------------------------- status
    def update_status(self) -> None:
        view = self.view
        facts = StatusFacts(
            cursor=view.cursor,
            length=len(view.display_text),
            selection=view.selection,
            search=self.search.status(),
            notes_loaded=self.notes_loaded,
            saving=self.saves.saving,
            unsaved=len(self.saves.unsaved),
            reconnecting=self.reconnecting,
            quotes=len(self.analysis.quotes) if self.analysis is not None else None,
            mentions=len(self.analysis.entities) if self.analysis is not None else 0,
            analysis_failed=self.analysis_failed,
            notice=self.article.notice,
        )
        self.query_one("#status", Static).update(Text(status_text(facts)))

    def on_article_view_cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        chosen = self.view.highlight_layer("chosen").spans
        if chosen and not chosen[0].start <= event.offset <= chosen[0].end:
            self.view.set_layer("chosen", [])
        self.update_status()

    def on_article_view_selection_changed(self, event: ArticleView.SelectionChanged) -> None:
        self.update_status()

    # ---------------------------------------------------------------- sidebar
    def on_resize(self) -> None:
        self._apply_pane_width()

    def _apply_pane_width(self) -> None:
        """Size the pane for this terminal (see ``reader.view.pane_sizes``)."""
        side = self.side
        width = self.pane_sizes.pane_width(self.size.width)
        side.display = width > 0
        if width:
            side.styles.width = width
        elif side.has_focus:
            self.view.focus()

    def action_toggle_sidebar(self) -> None:
        self.pane_sizes.toggle(self.side.display)
        self._apply_pane_width()

    def action_sidebar_wider(self) -> None:
        self.pane_sizes.wider()
        self._apply_pane_width()

    def action_sidebar_narrower(self) -> None:
        self.pane_sizes.narrower()
        self._apply_pane_width()

    def on_side_pane_chosen(self, event: SidePane.Chosen) -> None:
        """Jump to the item and highlight it, without leaving a selection that motions grow."""
        span = event.span
        if span.kind in (NOTE_KIND, ORPHAN_KIND):
            self.session.current_id = span.key
            if span.kind == ORPHAN_KIND:
                self.notify("This note's text is no longer in the article (orphaned)")
                return
        if span.kind == "entity":
            self.mention_focus.choose(span)
        view = self.view
        view.move_cursor(span.start, keep_selection=False, center=True)
        view.set_layer("chosen", [Span(span.start, span.end, "chosen")])

    # ----------------------------------------------------------------- search
    def action_search(self) -> None:
        bar = self.query_one(SearchBar)
        self.search.open(self.view.cursor)
        bar.return_to = self.view
        bar.display = True
        # Focus now, not after a refresh: keys typed right after the search key
        # must land in the bar.
        self.set_focus(bar)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search" and self.search.is_open:
            self._show_search(self.search.set_query(self.view.display_text, event.value, 0))

    def _show_search(self, match: Span | None, *, move: bool = False) -> None:
        view = self.view
        view.set_layer("search", self.search.matches)
        view.set_current_search(match)
        if match is not None:
            if move:
                view.move_cursor(match.start, keep_selection=None, center=True)
            else:
                view.scroll_to_offset(match.start, center=True)
        self.update_status()

    def on_search_bar_closed(self, event: SearchBar.Closed) -> None:
        bar = self.query_one(SearchBar)
        bar.display = False
        self.view.focus()
        if event.confirmed:
            match = self.search.confirm()
            self._show_search(match, move=True)
            if match is None and self.search.query:
                self.notify(f"No matches for “{self.search.query}”", severity="warning")
            return
        origin, previous = self.search.cancel(self.view.display_text)
        if origin is not None:
            self.view.move_cursor(origin)
        with bar.prevent(Input.Changed):
            bar.value = previous
        # The previous search's highlights come back; the view stays on the cursor.
        self.view.set_layer("search", self.search.matches)
        self.view.set_current_search(self.search.current)
        self.update_status()

    def _step_match(self, direction: int) -> None:
        if not self.search.query:
            self.notify("No search: press the search key first", severity="information")
            return
        found = self.search.step(self.view.cursor, direction)
        if found is None:
            self.notify(f"No matches for “{self.search.query}”", severity="warning")
            return
        if found.wrapped:
            self.notify("Search wrapped round the article", timeout=2)
        self._show_search(found.match, move=True)

    def action_search_next(self) -> None:
        self._step_match(1)

    def action_search_prev(self) -> None:
        self._step_match(-1)

    # ------------------------------------------------------------ jump keys
    def _jump(self, jump: Jump | None, what: str, direction: int) -> None:
        if jump is None:
            self.notify(f"No {what} in this article", severity="information")
            return
        if jump.wrapped:
            where = "first" if direction > 0 else "last"
            self.notify(f"Wrapped round to the {where} {what}", timeout=2)
        self.view.move_cursor(jump.span.start, keep_selection=None, center=True)

    def action_next_quote(self) -> None:
        self._jump(step_layer(self.view.highlight_layer("quote"), self.view.cursor, 1), "quote", 1)

    def action_prev_quote(self) -> None:
        layer = self.view.highlight_layer("quote")
        self._jump(step_layer(layer, self.view.cursor, -1), "quote", -1)

    def _step_mention(self, direction: int) -> None:
        cursor = self.view.cursor
        mentions = self.mention_focus.mentions(self.view.highlight_layer("entity"), cursor)
        if not mentions:
            self.notify("Move onto a name (or choose one in the side pane) first")
            return
        name = self.mention_focus.key[1] if self.mention_focus.key else "it"
        self._jump(step(mentions, cursor, direction), f"mention of {name}", direction)

    def action_next_mention(self) -> None:
        self._step_mention(1)

    def action_prev_mention(self) -> None:
        self._step_mention(-1)

    # ------------------------------------------------------------------ copy
    def action_copy(self) -> None:
        view = self.view
        if not view.selection:
            self.notify("Nothing selected", severity="information")
            return
        start, end = view.selection
        self.app.copy_to_clipboard(self.article.text[start:end])
        self.notify(f"Copied {end - start} characters")

    def annotate(
        self,
        annotation: Annotation | None,
        start: int,
        end: int,
        speaker: str | None,
        *,
        tags: tuple[str, ...] | None = None,
        note: str | None = None,
    ) -> Annotation:
        """Change the annotation, or make one on the span; save it in the background."""
        if annotation is not None:
            # ``annotation`` is the version the dialog opened on: the base of the edit,
            # even if another window changed or deleted the note meanwhile.
            changed, op = self.session.update(annotation.id, tags=tags, note=note, base=annotation)
            self.save(op, changed.id, "note" if note is not None else "tags", whole=False)
            self.refresh_notes()
            return changed
        changed, op = self.session.create(
            start, end, tags=tags or (), note=note or "", speaker=speaker
        )
        self.view.clear_selection()
        self.save(op, changed.id, "note" if note is not None else "tags")
        self.refresh_notes()
        return changed
