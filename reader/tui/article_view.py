"""The article pane: a Line-API widget that wraps and draws only the visible rows.

It owns a cursor (a text offset), an optional selection, and highlight layers of
``Span``s. Wrapping and offset↔row mapping live in ``reader.view.layout``; word,
sentence and paragraph motions in ``reader.view.motions``; this widget only turns
them into strips and keys into motions.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.article.display import visible_text
from reader.article.model import Article
from reader.tui.bindings import bindings_for
from reader.tui.highlight_styles import ENTITY_STYLE_GROUP, blended_style
from reader.view import motions as navigation
from reader.view.layout import TextLayout
from reader.view.pane_sizes import READING_WIDTH, text_padding
from reader.view.spans import HighlightLayer, Span

# Layers are painted in this order; later ones win where styles conflict.
LAYER_ORDER = (
    "boilerplate",
    "heading",
    "entity",
    "quote",
    "speaker",
    "guess",
    "chosen",
    "annotation",
    "search",
)

BASE_PADDING = 1
"""Columns of padding either side of the text (as in reader.tcss)."""
SCROLLBAR_WIDTH = 1


class ArticleView(ScrollView, can_focus=True):
    """Shows one article, soft-wrapped to the pane width, with a cursor and highlights."""

    ALLOW_SELECT = False
    BINDINGS = bindings_for(
        "article",
        targets={
            action: f"screen.{action}"
            for action in (
                "search",
                "search_next",
                "search_prev",
                "tag",
                "note",
                "delete",
                "undo",
                "copy",
                "next_quote",
                "prev_quote",
                "next_mention",
                "prev_mention",
                "quote_details",
                "set_speaker",
            )
        },
        priority=True,
    )

    COMPONENT_CLASSES = {
        "article-view--cursor",
        "article-view--selection",
        "article-view--boilerplate",
        "article-view--heading",
        "article-view--quote",
        "article-view--speaker",
        "article-view--guess",
        "article-view--entity-person",
        "article-view--entity-org",
        "article-view--entity-place",
        "article-view--entity-group",
        "article-view--entity-other",
        "article-view--annotation",
        "article-view--chosen",
        "article-view--orphan",
        "article-view--search",
        "article-view--search-current",
    }

    class CursorMoved(Message):
        """The cursor moved; the screen updates its status line."""

        def __init__(self, view: ArticleView, offset: int) -> None:
            super().__init__()
            self.view = view
            self.offset = offset

    class SelectionChanged(Message):
        """The selection started, changed or was cleared."""

        def __init__(self, view: ArticleView, selection: tuple[int, int] | None) -> None:
            super().__init__()
            self.view = view
            self.selection = selection

    def __init__(
        self,
        article: Article,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.article = article
        self.display_text = visible_text(article.text)
        self.layout_model = TextLayout(self.display_text, 80)
        self.cursor = 0
        self.reading_width = READING_WIDTH
        """Longest line in columns on a wide terminal; 0 for the pane's full width."""
        self.selection_anchor: int | None = None
        """Where the selection started; ``None`` when nothing is selected."""
        self._goal_column: int | None = None
        self._highlight_layers: dict[str, HighlightLayer] = {}
        self._current_search: Span | None = None
        self._dragging = False
        self._frame_styles: dict[str, Style] | None = None
        if article.is_markdown:
            self.set_layer("heading", markdown_headings(self.display_text))

    # ----------------------------------------------------------------- layers
    def set_layer(self, kind: str, spans: Iterable[Span] | HighlightLayer) -> None:
        """Replace the highlights of one kind (quotes, entities, annotations, …).

        A prebuilt ``HighlightLayer`` (sorted in a worker) is taken as it is.
        """
        layer = spans if isinstance(spans, HighlightLayer) else HighlightLayer(spans)
        self._highlight_layers[kind] = layer
        self.refresh()

    def highlight_layer(self, kind: str) -> HighlightLayer:
        return self._highlight_layers.get(kind) or HighlightLayer(())

    def set_current_search(self, span: Span | None) -> None:
        self._current_search = span
        self.refresh()

    # -------------------------------------------------------------- selection
    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected range (start, end), or None."""
        if self.selection_anchor is None or self.selection_anchor == self.cursor:
            return None
        return (min(self.selection_anchor, self.cursor), max(self.selection_anchor, self.cursor))

    def select_range(self, start: int, end: int) -> None:
        """Select ``[start, end)`` and put the cursor at its end."""
        start, end = self._clamp(start), self._clamp(end)
        self.selection_anchor = start
        self.move_cursor(end, keep_selection=True)

    def clear_selection(self) -> None:
        if self.selection_anchor is not None:
            self.selection_anchor = None
            self.post_message(self.SelectionChanged(self, None))
            self.refresh()

    # ----------------------------------------------------------------- cursor
    def _clamp(self, offset: int) -> int:
        return min(max(0, offset), len(self.display_text))

    def move_cursor(
        self,
        offset: int,
        *,
        keep_selection: bool | None = None,
        center: bool = False,
        keep_goal: bool = False,
    ) -> None:
        """Move the cursor and scroll it into view.

        While a selection is active (``select`` was pressed) motions extend it;
        ``keep_selection=False`` drops it.
        """
        offset = self._clamp(offset)
        if keep_selection is False:
            self.selection_anchor = None
        self.cursor = offset
        if not keep_goal:
            self._goal_column = None
        self.scroll_to_offset(offset, center=center)
        self.refresh()
        self.post_message(self.CursorMoved(self, offset))
        if self.selection_anchor is not None:
            self.post_message(self.SelectionChanged(self, self.selection))

    def scroll_to_offset(self, offset: int, *, center: bool = False) -> None:
        """Scroll so the row holding ``offset`` is visible (centred on request)."""
        row = self.layout_model.row_of_offset(offset)
        self._sync_virtual_size()
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_y)
        if center:
            target = max(0, row - height // 3)
        elif row < top:
            target = row
        elif row >= top + height:
            target = row - height + 1
        else:
            return
        self.scroll_to(y=target, animate=False, immediate=True)

    def _move_rows(self, rows: int, *, scroll: bool = False) -> None:
        layout = self.layout_model
        row = layout.row_of_offset(self.cursor)
        if self._goal_column is None:
            self._goal_column = layout.column_of_offset(self.cursor)
        target = min(max(0, row + rows), layout.height - 1)
        offset = layout.offset_at(target, self._goal_column)
        if scroll:
            self._sync_virtual_size()
            self.scroll_to(y=self.scroll_y + rows, animate=False, immediate=True)
        self.move_cursor(offset, keep_goal=True)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    # --------------------------------------------------------------- actions
    def action_scroll_down(self) -> None:
        self._move_rows(1)

    def action_scroll_up(self) -> None:
        self._move_rows(-1)

    def action_page_down(self) -> None:
        self._move_rows(self._page(), scroll=True)

    def action_page_up(self) -> None:
        self._move_rows(-self._page(), scroll=True)

    def action_top(self) -> None:
        self.move_cursor(0)

    def action_bottom(self) -> None:
        self.move_cursor(len(self.display_text))

    def action_word_right(self) -> None:
        self.move_cursor(navigation.next_word(self.display_text, self.cursor))

    def action_word_left(self) -> None:
        self.move_cursor(navigation.prev_word(self.display_text, self.cursor))

    def action_cursor_right(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_cursor_left(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_line_start(self) -> None:
        span = self.layout_model.row_span(self.layout_model.row_of_offset(self.cursor))
        if span:
            self.move_cursor(span[0])

    def action_line_end(self) -> None:
        layout = self.layout_model
        span = layout.row_span(layout.row_of_offset(self.cursor))
        if span:
            start, end = span
            text = self.display_text[start:end].rstrip()
            self.move_cursor(max(start, start + len(text) - 1) if end > start else start)

    def action_next_paragraph(self) -> None:
        self.move_cursor(navigation.next_paragraph(self.display_text, self.cursor))

    def action_prev_paragraph(self) -> None:
        self.move_cursor(navigation.prev_paragraph(self.display_text, self.cursor))

    def action_select(self) -> None:
        """Start a selection at the cursor (or drop the one in progress)."""
        if self.selection_anchor is None:
            self.selection_anchor = self.cursor
            self.post_message(self.SelectionChanged(self, self.selection))
            self.refresh()
        else:
            self.clear_selection()

    def action_select_sentence(self) -> None:
        start, end = navigation.sentence_at(self.display_text, self.cursor)
        if end > start:
            self.select_range(start, end)

    def action_select_paragraph(self) -> None:
        start, end = navigation.paragraph_at(self.display_text, self.cursor)
        if end > start:
            self.select_range(start, end)

    def action_clear_selection(self) -> None:
        self.clear_selection()

    # ------------------------------------------------------------------ mouse
    def _offset_at_mouse(self, event: events.MouseEvent) -> int:
        # Event coordinates include the padding: text starts after the gutter.
        gutter = self.gutter
        row = int(self.scroll_y) + event.y - gutter.top
        return self.layout_model.offset_at(row, max(0, event.x - gutter.left))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        self.focus()
        offset = self._offset_at_mouse(event)
        self.selection_anchor = None
        self.move_cursor(offset)
        self.selection_anchor = offset
        self._dragging = True
        self.capture_mouse()
        event.stop()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging:
            self.move_cursor(self._offset_at_mouse(event), keep_selection=True)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()
            if self.selection_anchor == self.cursor:
                self.selection_anchor = None
                self.refresh()
            self.post_message(self.SelectionChanged(self, self.selection))

    # -------------------------------------------------------------- rendering
    def on_resize(self, event: events.Resize) -> None:
        available = self.outer_size.width - BASE_PADDING * 2 - SCROLLBAR_WIDTH
        left, right = text_padding(available, self.reading_width)
        padding = (0, BASE_PADDING + right, 0, BASE_PADDING + left)
        if tuple(self.styles.padding) != padding:
            self.styles.padding = padding  # a resize follows, with the new content width
        width = max(1, self.scrollable_content_region.width)
        if width != self.layout_model.width:
            self.layout_model.set_width(width)
            self._sync_virtual_size()
            self.scroll_to_offset(self.cursor, center=True)
        self.refresh()

    def _sync_virtual_size(self) -> None:
        size = Size(self.layout_model.width, self.layout_model.height)
        if self.virtual_size != size:
            self.virtual_size = size

    def _prepare_viewport(self) -> None:
        """Wrap the paragraphs on screen, keeping the top row steady.

        When scrolling up into a paragraph whose height was only estimated, the
        exact wrap changes its height; the top row is moved by the same amount so
        the text the user is looking at does not jump.
        """
        layout = self.layout_model
        top = int(self.scroll_y)
        if layout.height == 0:
            return
        para = layout.para_at_row(top)
        if not layout.is_wrapped(para):
            first = layout.first_row(para)
            from_end = first + layout.para_height(para) - top
            layout.rows_of(para)
            new_top = max(first, first + layout.para_height(para) - from_end)
            if new_top != top:
                self.set_reactive(ScrollView.scroll_y, float(new_top))
                self.set_reactive(ScrollView.scroll_target_y, float(new_top))
                top = new_top
        row, bottom = top, top + self.size.height
        while row < bottom and row < layout.height:
            para = layout.para_at_row(row)
            layout.rows_of(para)
            row = layout.first_row(para) + layout.para_height(para)
        if self.virtual_size.height != layout.height:
            self.call_later(self._sync_virtual_size)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._prepare_viewport()
        self._frame_styles = self._styles()  # looked up once per frame, not per row
        return super().render_lines(crop)

    def _styles(self) -> dict[str, Style]:
        """Component styles with translucent colours blended over the pane's background.

        Textual's component rich styles drop the alpha of ``$warning 30%``, which
        made a note, the cursor and a search match the same solid colour; blending
        here keeps the tints the stylesheet asks for, in every theme.
        """
        base = self.styles.background
        return {
            name.removeprefix("article-view--"): blended_style(
                self.get_component_styles(name), base
            )
            for name in self.COMPONENT_CLASSES
        }

    def _span_style(self, span: Span, styles: dict[str, Style]) -> Style:
        kind = span.kind
        if kind == "entity":
            return styles["entity-" + ENTITY_STYLE_GROUP.get(span.detail, "other")]
        if kind == "search" and span == self._current_search:
            return styles["search-current"]
        return styles.get(kind, Style())

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = int(self.scroll_y) + y
        span = self.layout_model.row_span(row)
        if span is None:
            return Strip.blank(width, base)
        start, end = span
        styles = self._frame_styles or self._styles()
        pieces: list[tuple[int, int, Style]] = []
        for kind in LAYER_ORDER:
            layer = self._highlight_layers.get(kind)
            if layer is None:
                continue
            for s in layer.overlapping(start, end):
                pieces.append((max(s.start, start), min(s.end, end), self._span_style(s, styles)))
        selection = self.selection
        if selection and selection[0] < end and selection[1] > start:
            pieces.append((max(selection[0], start), min(selection[1], end), styles["selection"]))
        text = self.display_text[start:end]
        cursor_here = start <= self.cursor < end or (
            self.cursor == end
            and end == self.layout_model.para_ends[self.layout_model.para_of_offset(end)]
            and self.layout_model.row_of_offset(self.cursor) == row
        )
        if cursor_here and self.has_focus:
            if self.cursor == end:
                text += " "
            pieces.append((self.cursor, self.cursor + 1, styles["cursor"]))
        segments = _segments(text, start, base, pieces)
        strip = Strip(segments)
        return strip.crop_extend(0, width, base)


def _segments(
    text: str, offset: int, base: Style, pieces: list[tuple[int, int, Style]]
) -> list[Segment]:
    """Split ``text`` (starting at ``offset``) at style boundaries and combine styles."""
    if not pieces:
        return [Segment(text, base)]
    cuts = {0, len(text)}
    for s, e, _ in pieces:
        cuts.add(min(max(0, s - offset), len(text)))
        cuts.add(min(max(0, e - offset), len(text)))
    points = sorted(cuts)
    segments: list[Segment] = []
    for a, b in pairwise(points):
        if a == b:
            continue
        style = base
        for s, e, piece_style in pieces:
            if s - offset <= a and e - offset >= b:
                style = style + piece_style
        segments.append(Segment(text[a:b], style))
    return segments


def markdown_headings(text: str) -> list[Span]:
    """ATX heading lines of a Markdown article, to style them."""
    spans: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        if stripped.startswith("#") and stripped.lstrip("#").startswith((" ", "\t")):
            spans.append(Span(pos, pos + len(line), "heading"))
        pos += len(line) + 1
    return spans
