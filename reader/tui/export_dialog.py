"""The export dialog: where to write this article's notes, then writing them.

It stays open until the file is written, so a failure (no such folder, no
permission) is shown where the path can be corrected, and it asks before
replacing a file. While it writes, the app holds keys typed meanwhile (``busy``)
and hands them to the screen underneath once it closes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reader.export import format_for_path
from reader.tui.bindings import bindings_for, everywhere_bindings
from reader.tui.dialogs import ConfirmDialog
from reader.tui.messages import ExportFailed, ExportFinished
from reader.tui.workers import one_line
from reader.view.status import plural

Write = Callable[[str, Path], int]
"""Format and file in, number of notes written out; runs on a worker thread."""
FORMATS_HINT = ".md Markdown · .json W3C Web Annotation (JSON-LD) · .csv CSV"


class ExportDialog(ModalScreen[tuple[int, Path] | None]):
    """Asks where to export (the extension picks the format); returns (count, file) once written."""

    BINDINGS = [
        *bindings_for(
            "export_dialog",
            targets={"export_confirm": "confirm", "export_cancel": "cancel"},
            priority=True,
        ),
        *everywhere_bindings(),
    ]

    def __init__(self, *, default_path: str, count: int, write: Write) -> None:
        super().__init__()
        self.default_path = default_path
        self.count = count
        self.write = write
        self.busy = False
        """True while the file is written: the app holds keys typed meanwhile."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(f"Export {plural(self.count, 'note')} to:", style="bold"))
            yield Input(value=self.default_path, id="export-path")
            yield Label(Text(FORMATS_HINT, style="dim"), id="export-format")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))

    def _say(self, message: str, *, error: bool = True) -> None:
        style = "bold red" if error else "dim"
        self.query_one("#export-format", Label).update(Text(message, style=style))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    def action_confirm(self) -> None:
        if self.busy:
            return
        raw = self.query_one(Input).value.strip()
        fmt = format_for_path(raw) if raw else None
        if fmt is None:
            self._say("Give a file name ending in .md, .json or .csv")
            return
        target = Path(raw).expanduser().resolve()
        if target.is_dir():
            self._say(f"{target} is a folder: add a file name")
            return
        if target.exists():

            def answered(replace: bool | None) -> None:
                if replace:
                    self._start(fmt, target)

            self.app.push_screen(ConfirmDialog(f"{target} exists. Replace it? (y/n)"), answered)
            return
        self._start(fmt, target)

    def _start(self, fmt: str, target: Path) -> None:
        self.busy = True
        self._say(f"Writing {target}…", error=False)
        write, post = self.write, self.post_message

        def run() -> None:  # on a worker thread: report by message only
            try:
                count = write(fmt, target)
            except Exception as exc:
                post(ExportFailed(one_line(exc), target))
            else:
                post(ExportFinished(count, target))

        self.run_worker(run, thread=True, group="export")

    def on_export_finished(self, message: ExportFinished) -> None:
        self.dismiss((message.count, message.path))

    def on_export_failed(self, message: ExportFailed) -> None:
        """Stay open with the path, so it can be corrected."""
        self.busy = False
        self._say(f"Not written: {message.reason}")

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)
