"""The speaker dialogs: the details of a quote's attribution, and setting its speaker.

They know nothing of annotations: the reading screen opens one with the lines or
names from ``reader.view.speaker_view`` and makes the core call with the answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from reader.tui.bindings import bindings_for, everywhere_bindings
from reader.tui.dialogs import TagSuggester


class QuoteDetails(ModalScreen[None]):
    """Who said the quote, how sure the analysis is, and what decided; any close key
    returns to the text."""

    BINDINGS = [
        *bindings_for("dialog", targets={"close": "close_details"}, priority=True),
        *everywhere_bindings(),
    ]

    def __init__(self, lines: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.lines = list(lines)

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        for heading, value in self.lines:
            # Text, never markup: a quote or a name may hold "[b]" and stays literal.
            table.add_row(Text(heading), Text(value))
        with VerticalScroll(classes="dialog details-dialog"):
            yield Static(table)
            close = self.app.keymap.display("dialog", "close")  # type: ignore[attr-defined]
            yield Label(Text(f"{close} close", style="dim"), classes="hint")

    def action_close_details(self) -> None:
        self.dismiss(None)


class SpeakerDialog(ModalScreen[str | None]):
    """Asks who said a quote: up/down walk the names the analysis considered, or type
    one. Returns the name (empty: drop the correction), or None on cancel."""

    BINDINGS = [
        *bindings_for(
            "speaker_input",
            targets={
                "speaker_confirm": "confirm",
                "speaker_cancel": "cancel",
                "speaker_next": "next",
                "speaker_previous": "previous",
            },
            priority=True,
        ),
        *everywhere_bindings(),
    ]

    def __init__(self, *, current: str, candidates: Sequence[str], subject: str) -> None:
        super().__init__()
        self.current = current
        self.candidates = list(dict.fromkeys([*candidates, current] if current else candidates))
        self.subject = subject

    def compose(self) -> ComposeResult:
        keymap = self.app.keymap  # type: ignore[attr-defined]
        with Vertical(classes="dialog"):
            yield Label(Text("Who said: ", style="bold") + Text(self.subject), classes="subject")
            yield Input(
                value=self.current,
                placeholder="a name (empty: back to the analysis's answer)",
                suggester=TagSuggester(self.candidates),
                id="speaker",
            )
            walk = " / ".join(
                keymap.display("speaker_input", a) for a in ("speaker_previous", "speaker_next")
            )
            names = " · ".join(self.candidates) if self.candidates else "none found"
            hint = f"{walk}: candidates — {names}"
            yield Label(Text(hint, style="dim"), classes="hint")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))

    def _step(self, by: int) -> None:
        if not self.candidates:
            return
        field = self.query_one(Input)
        try:
            k = self.candidates.index(field.value.strip())
        except ValueError:
            k = -1 if by > 0 else 0
        field.value = self.candidates[(k + by) % len(self.candidates)]
        field.cursor_position = len(field.value)

    def action_next(self) -> None:
        self._step(1)

    def action_previous(self) -> None:
        self._step(-1)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_confirm(self) -> None:
        self.dismiss(self.query_one(Input).value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
