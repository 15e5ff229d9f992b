"""The key reference (``help``): every action of every context and its keys."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.keys.actions import CONTEXTS, GLOBAL_CONTEXT, actions_in
from reader.keys.loader import Keymap, user_keymap_path
from reader.tui.bindings import bindings_for, everywhere_bindings

EVERYWHERE_RULE = (
    "on every screen, this help and dialogs included (q here quits); "
    "while a text field has the focus, printable keys such as q are typed instead"
)
"""The rule for ``[app]`` keys, shown beside their heading (README says the same)."""


def keys_table(keymap: Keymap) -> Table:
    """A table of contexts, actions, keys and descriptions (no article text)."""
    table = Table(expand=True, box=None, padding=(0, 1), show_header=True)
    table.add_column("Keys", style="bold", no_wrap=True, ratio=None)
    table.add_column("Action", style="cyan", no_wrap=True, ratio=None)
    table.add_column("What it does", ratio=1)
    for context in CONTEXTS:
        heading = Text(context.title, style="bold underline")
        rule = Text(EVERYWHERE_RULE, style="dim") if context.id == GLOBAL_CONTEXT else ""
        table.add_row(heading, "", rule)
        for entry in actions_in(context.id):
            table.add_row(Text(keymap.display(context.id, entry.id)), entry.id, entry.description)
        table.add_row("", "", "")
    return table


class HelpBody(VerticalScroll, can_focus=False):
    """The scrolling text: never focused, so only the ``[help]`` keys scroll it."""


class HelpScreen(ModalScreen[None]):
    """Shows the effective keymap; any close key returns to the reader."""

    # Priority: nothing in the help takes focus, so without it a key would wait in
    # the screen's queue while the next one (``escape`` then ``j``) was already read.
    BINDINGS = [
        *bindings_for("dialog", targets={"close": "close_help"}, priority=True),
        *bindings_for("help", priority=True),
        # The help key toggles: the same binding id picks up the user's key for it.
        *everywhere_bindings(targets={"help": "close_help"}),
    ]

    def __init__(self, keymap: Keymap) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        # The file the user edits, never the shipped one (which says not to edit it).
        where = self.keymap.user_file or user_keymap_path()
        change = f"change them in {where}"
        with HelpBody(id="help-body"):
            yield Static(Text(f"Keys — {change} (reader keys lists them)", style="bold"))
            yield Static(keys_table(self.keymap))

    @property
    def body(self) -> HelpBody:
        return self.query_one(HelpBody)

    def action_close_help(self) -> None:
        self.dismiss(None)

    def action_help_down(self) -> None:
        self.body.scroll_down(animate=False)

    def action_help_up(self) -> None:
        self.body.scroll_up(animate=False)

    def action_help_page_down(self) -> None:
        self.body.scroll_page_down(animate=False)

    def action_help_page_up(self) -> None:
        self.body.scroll_page_up(animate=False)

    def action_help_top(self) -> None:
        self.body.scroll_home(animate=False)

    def action_help_bottom(self) -> None:
        self.body.scroll_end(animate=False)
