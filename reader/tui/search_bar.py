"""The search input shown at the bottom of the reader when ``search`` is pressed."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input

from reader.tui.bindings import bindings_for


class SearchBar(Input):
    """Typing searches as you go; confirm keeps the matches, cancel clears them."""

    BINDINGS = bindings_for("search")

    class Closed(Message):
        """The bar was closed; ``confirmed`` tells confirm from cancel."""

        def __init__(self, confirmed: bool) -> None:
            super().__init__()
            self.confirmed = confirmed

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="Search the article…", id=id)

    def action_search_confirm(self) -> None:
        self.post_message(self.Closed(True))

    def action_search_cancel(self) -> None:
        self.post_message(self.Closed(False))
