"""The reading screen: article pane, side pane, search bar and status line.

It translates between widgets and the core: analysis runs in a worker thread and
arrives as spans; side-pane choices become cursor moves; search queries become
``reader.view.search`` calls.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from reader.analysis import Analysis
from reader.analysis.isolated import AnalysisJob
from reader.article.loading import Article
from reader.errors import ReaderError
from reader.notes.annotations import Annotation, parse_tags
from reader.notes.session import AnnotationSession, StoreOp, describe
from reader.store.writer import BackgroundWriter
from reader.tui.article_view import ArticleView
from reader.tui.dialogs import ExportDialog, NoteDialog, TagDialog
from reader.tui.search_bar import SearchBar
from reader.tui.side_pane import SidePane
from reader.view.analysis_spans import analysis_layers
from reader.view.search import find_matches
from reader.view.spans import HighlightLayer, Span

SIDEBAR_MIN, SIDEBAR_MAX, SIDEBAR_STEP = 20, 80, 4


class ReaderScreen(Screen[None]):
    """Reads one article."""

    def __init__(
        self,
        article: Article,
        *,
        backend: str = "rules",
        writer: BackgroundWriter | None = None,
    ) -> None:
        super().__init__()
        self.article = article
        self.backend = backend
        self.writer = writer
        self.session = AnnotationSession.start(article, [])
        self.known_tags: list[str] = []
        self._notes_loaded = writer is None
        self._current_cursor: int | None = None
        """Where the cursor was when the current annotation was last changed."""
        self.analysis: Analysis | None = None
        self._analysis_job: AnalysisJob | None = None
        self._matches: list[Span] = []
        self._match_index: int | None = None
        self._search_origin: int | None = None
        self._previous_query = ""
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
        if self.writer is not None:
            self._load_annotations()

    # --------------------------------------------------------------- analysis
    @work(thread=True, exclusive=True, group="analysis")
    def _run_analysis(self) -> None:
        """Analyse off the UI thread (a big article in a child process), and build
        the highlight layers there too: the text is readable while this runs."""
        self._analysis_job = AnalysisJob(self.article.text, backend=self.backend)
        try:
            analysis = self._analysis_job.run()
        except ReaderError as exc:
            self.app.call_from_thread(self._analysis_failed, str(exc))
            return
        spans = analysis_layers(analysis)
        layers = {kind: HighlightLayer(kind_spans) for kind, kind_spans in spans.items()}
        self.app.call_from_thread(self._show_analysis, analysis, layers)

    def cancel_analysis(self) -> None:
        """Stop a running analysis (the app is closing)."""
        if self._analysis_job is not None:
            self._analysis_job.cancel()

    def _analysis_failed(self, message: str) -> None:
        self.side.show_analysis([], [])
        self.notify(message, severity="error", timeout=10)

    def _show_analysis(self, analysis: Analysis, layers: dict[str, HighlightLayer]) -> None:
        self.analysis = analysis
        for kind, layer in layers.items():
            self.view.set_layer(kind, layer)
        self.side.show_analysis(layers["quote"].spans, layers["entity"].spans)
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
        if not self._notes_loaded:
            parts.append("loading notes…")
        elif self.writer is not None and self.writer.pending:
            parts.append("saving…")
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
        if span.kind == "annotation":
            self.session.current_id = span.key
            if span.detail == "orphaned":
                self.notify("This note's text is no longer in the article (orphaned)")
                return
        if span.kind == "entity":
            self._mention_key = (span.detail, span.key)
        self.view.select_range(span.start, span.end)
        self.view.scroll_to_offset(span.start, center=True)

    # ----------------------------------------------------------------- search
    def action_search(self) -> None:
        bar = self.query_one(SearchBar)
        self._search_origin = self.view.cursor
        self._previous_query = bar.value
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
            starts = [m.start for m in self._matches]
            index = bisect_left(starts, origin) % len(starts)
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
            # Cancel: back where the user was, with the previous search (if any).
            if self._search_origin is not None:
                self.view.move_cursor(self._search_origin)
            self._search_origin = None
            bar.value = self._previous_query
            self._set_query(self._previous_query)
        self._search_origin = None
        self._update_status()

    def _step_match(self, step: int) -> None:
        if not self._matches:
            self.notify("No search: press the search key first", severity="information")
            return
        cursor = self.view.cursor
        starts = [m.start for m in self._matches]
        if step > 0:
            index = bisect_right(starts, cursor) % len(starts)  # wraps to the first
        else:
            index = bisect_left(starts, cursor) - 1  # -1 wraps to the last
        self._go_to_match(index % len(starts))

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
        before = [m for m in mentions if m.end <= cursor]
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

    # ------------------------------------------------------------ annotations
    @work(thread=True, exclusive=True, group="notes")
    def _load_annotations(self) -> None:
        """Read (and re-anchor, if the file changed) this article's notes off the UI thread."""
        from reader.notes.relocation import annotations_for_article

        assert self.writer is not None
        store = self.writer.store
        try:
            annotations = annotations_for_article(store, self.article)
            position = store.position(self.article.fingerprint)
            tags = store.tags()
        except ReaderError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=15)
            return
        self.app.call_from_thread(self._show_annotations, annotations, position, tags)

    def _show_annotations(
        self, annotations: list[Annotation], position: int | None, tags: list[str]
    ) -> None:
        self.session = AnnotationSession.start(self.article, annotations)
        self.known_tags = tags
        self._notes_loaded = True
        orphans = sum(1 for a in annotations if a.orphaned)
        if orphans:
            self.notify(
                f"{orphans} notes could not be placed in the changed text: listed as orphaned",
                severity="warning",
            )
        self._refresh_notes()
        if position is not None and self.view.cursor == 0:
            self.view.move_cursor(position, center=True)

    def _refresh_notes(self) -> None:
        self._current_cursor = self.view.cursor
        spans = self.session.spans()
        self.view.set_layer("annotation", [s for s in spans if s.detail != "orphaned"])
        self.side.show_notes(spans)
        self._update_status()

    def _save(self, op: StoreOp, what: str) -> None:
        """Queue a write; report only failures loudly, success in the status line."""
        if self.writer is None:
            self.notify("No database: annotations are not saved", severity="error")
            return

        def done(error: BaseException | None) -> None:
            if error is not None:
                self.app.call_from_thread(
                    self.notify, f"NOT SAVED ({what}): {error}", severity="error", timeout=30
                )
            self.app.call_from_thread(self._update_status)

        self.writer.submit(op, done)
        self._update_status()

    def _target(self) -> tuple[Annotation | None, tuple[int, int, str | None] | None]:
        """What tag/note apply to: an existing annotation, or a span to annotate.

        The side pane's highlighted item when it has focus; else the selection;
        else the current annotation or the one under the cursor; else the quote or
        entity under the cursor.
        """
        view, session = self.view, self.session
        if self.side.has_focus and (span := self.side.current_span) is not None:
            if span.kind == "annotation":
                return session.annotations.get(span.key), None
            return None, (span.start, span.end, span.detail if span.kind == "quote" else None)
        if view.selection:
            start, end = view.selection
            for annotation in session.annotations.values():
                if (annotation.start, annotation.end) == (start, end) and not annotation.orphaned:
                    return annotation, None
            return None, (start, end, None)
        cursor = view.cursor
        current = session.current
        # Right after tagging a selection the cursor sits at its end: keep
        # tag-then-note on the same annotation until the cursor moves away.
        near = current is not None and (
            cursor == self._current_cursor or current.start <= cursor <= current.end
        )
        if current is not None and not current.orphaned and near:
            return current, None
        if (annotation := session.at(cursor)) is not None:
            return annotation, None
        for kind in ("quote", "entity"):
            found = view.highlight_layer(kind).overlapping(cursor, cursor + 1)
            if found:
                span = found[-1]
                return None, (span.start, span.end, span.detail if kind == "quote" else None)
        return None, None

    def _subject(self, annotation: Annotation | None, span: tuple[int, int, str | None]) -> str:
        text = annotation.exact if annotation else self.article.text[span[0] : span[1]]
        flat = " ".join(text.split())
        return flat if len(flat) <= 120 else flat[:119] + "…"

    def _target_or_explain(
        self,
    ) -> tuple[Annotation | None, tuple[int, int, str | None]] | None:
        annotation, span = self._target()
        if annotation is None and span is None:
            self.notify("Select some text first (v), or move onto a quote, name or note")
            return None
        return annotation, span or (0, 0, None)

    def _annotate(
        self,
        annotation: Annotation | None,
        span: tuple[int, int, str | None],
        *,
        tags: tuple[str, ...] | None = None,
        note: str | None = None,
    ) -> Annotation:
        """Change the annotation, or make one on ``span``; save it in the background."""
        if annotation is not None:
            changed, op = self.session.update(annotation.id, tags=tags, note=note)
        else:
            start, end, speaker = span
            changed, op = self.session.create(
                start, end, tags=tags or (), note=note or "", speaker=speaker
            )
            self.view.clear_selection()
        self._save(op, "note" if note is not None else "tags")
        self._refresh_notes()
        return changed

    def action_tag(self) -> None:
        if (target := self._target_or_explain()) is None:
            return
        annotation, span = target

        def apply(raw: str | None) -> None:
            if raw is None:
                return
            tags = parse_tags(raw)
            changed = self._annotate(annotation, span, tags=tags)
            self.known_tags = list(dict.fromkeys([*tags, *self.known_tags]))
            self.notify(f"Tagged: {', '.join(changed.tags) or '(highlight)'}")

        current = ", ".join(annotation.tags) if annotation else ""
        subject = self._subject(annotation, span)
        self.app.push_screen(
            TagDialog(current=current, known_tags=self.known_tags, subject=subject), apply
        )

    def action_note(self) -> None:
        if (target := self._target_or_explain()) is None:
            return
        annotation, span = target

        def apply(note: str | None) -> None:
            if note is not None:
                self._annotate(annotation, span, note=note)
                self.notify("Note saved" if note else "Highlight saved")

        current = annotation.note if annotation else ""
        subject = self._subject(annotation, span)
        self.app.push_screen(NoteDialog(current=current, subject=subject), apply)

    def action_delete(self) -> None:
        annotation, _ = self._target()
        if annotation is None:
            self.notify("No note here to delete")
            return
        deleted, op = self.session.delete(annotation.id)
        self._save(op, "delete")
        self._refresh_notes()
        self.notify(f"Deleted note on “{describe(deleted)[:40]}” — undo to bring it back")

    def action_undo(self) -> None:
        restored = self.session.undo_delete()
        if restored is None:
            self.notify("Nothing to undo")
            return
        annotation, op = restored
        self._save(op, "undo")
        self._refresh_notes()
        if not annotation.orphaned:
            self.view.move_cursor(annotation.start, keep_selection=False, center=True)
        self.notify("Restored the deleted note")

    def save_position(self) -> None:
        """Remember where the user is, to come back there next time."""
        if self.writer is not None and self._notes_loaded:
            fingerprint, cursor = self.article.fingerprint, self.view.cursor
            self.writer.submit(lambda store: store.set_position(fingerprint, cursor))

    def on_screen_suspend(self) -> None:
        self.save_position()

    # ----------------------------------------------------------------- export
    def action_export(self) -> None:
        annotations = self.session.sorted()
        if not annotations:
            self.notify("No notes to export in this article yet")
            return
        stem = self.article.path.stem or "notes"

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is not None:
                self._export(annotations, *answer)

        self.app.push_screen(
            ExportDialog(default_path=f"{stem}-notes.md", count=len(annotations)), chosen
        )

    @work(thread=True, group="export")
    def _export(self, annotations: list[Annotation], fmt: str, path: str) -> None:
        from reader.export import export_to_file

        target = Path(path).expanduser().resolve()
        try:
            count = export_to_file(annotations, fmt, target)
        except (OSError, ReaderError) as exc:
            self.app.call_from_thread(self.notify, f"Export failed: {exc}", severity="error")
            return
        self.app.call_from_thread(
            self.notify, f"Wrote {count} note{'s' if count != 1 else ''} to {target}", timeout=10
        )
