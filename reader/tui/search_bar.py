"""The search input shown at the bottom of the reader when ``search`` is pressed."""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

from reader.tui.bindings import bindings_for


class SearchBar(Input):
    """Typing searches as you go; confirm keeps the matches, cancel clears them."""

    BINDINGS = bindings_for("search", priority=True)
    """Priority, and closing hides the bar and hands focus back at once: keys typed
    right after confirm (``/Murphy⏎n``) reach the article, not the bar."""

    class Closed(Message):
        """The bar was closed; ``confirmed`` tells confirm from cancel."""

        def __init__(self, confirmed: bool) -> None:
            super().__init__()
            self.confirmed = confirmed

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="Search the article…", id=id)
        self.return_to: Widget | None = None
        """Where focus goes back when the bar closes."""

    def action_search_confirm(self) -> None:
        self._close(True)

    def action_search_cancel(self) -> None:
        self._close(False)

    def _close(self, confirmed: bool) -> None:
        self.display = False
        if self.return_to is not None:
            self.screen.set_focus(self.return_to)
        self.post_message(self.Closed(confirmed))
