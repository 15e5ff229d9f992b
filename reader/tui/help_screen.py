"""The key reference (``help``): every action of every context and its keys."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.keys.keymap import ACTIONS, Keymap
from reader.tui.bindings import bindings_for

CONTEXT_TITLES = {
    "app": "Everywhere",
    "article": "Article",
    "sidebar": "Side pane",
    "library": "Library",
    "search": "Search input",
    "note_editor": "Note editor",
    "tag_input": "Tag input",
}


def keys_table(keymap: Keymap) -> Table:
    """A table of contexts, actions, keys and descriptions (no article text)."""
    table = Table(expand=True, box=None, padding=(0, 1), show_header=True)
    table.add_column("Keys", style="bold", no_wrap=True, ratio=None)
    table.add_column("Action", style="cyan", no_wrap=True, ratio=None)
    table.add_column("What it does", ratio=1)
    for context, actions in ACTIONS.items():
        table.add_row(Text(CONTEXT_TITLES.get(context, context), style="bold underline"), "", "")
        for action, description in actions.items():
            table.add_row(Text(keymap.display(context, action)), action, description)
        table.add_row("", "", "")
    return table


class HelpScreen(ModalScreen[None]):
    """Shows the effective keymap; any close key returns to the reader."""

    BINDINGS = [
        *bindings_for("dialog", targets={"close": "close_help"}),
        # The help key toggles: the same binding id picks up the user's key for it.
        *bindings_for("app", targets={"help": "close_help"}, only=("help",)),
    ]

    def __init__(self, keymap: Keymap) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text("Keys — edit keymap.toml to change them (reader keys)", style="bold"))
            yield Static(keys_table(self.keymap))

    def action_close_help(self) -> None:
        self.dismiss(None)
