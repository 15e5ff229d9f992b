"""Small modal dialogs: tags, note, yes/no. Each returns its answer (export: export_dialog).

They know nothing of annotations or files: the reading screen opens one, awaits
the result and makes the core call.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, TextArea

from reader.tui.bindings import bindings_for, everywhere_bindings


class TagSuggester(Suggester):
    """Completes the tag being typed (after the last comma) from tags already used."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = tags

    async def get_suggestion(self, value: str) -> str | None:
        head, _, partial = value.rpartition(",")
        stem = partial.lstrip()
        if not stem:
            return None
        typed = {t.strip().casefold() for t in head.split(",")}
        for tag in self.tags:
            if tag.casefold().startswith(stem.casefold()) and tag.casefold() not in typed:
                return value[: len(value) - len(stem)] + tag
        return None


class TagDialog(ModalScreen[str | None]):
    """Asks for comma-separated tags; returns the text typed, or None on cancel."""

    BINDINGS = [
        # Priority: the answer is taken the moment the key is read, so keys typed
        # after it go to the screen underneath, not into this dialog.
        *bindings_for(
            "tag_input",
            targets={"tag_confirm": "confirm", "tag_cancel": "cancel"},
            priority=True,
        ),
        *everywhere_bindings(),
    ]

    def __init__(self, *, current: str, known_tags: list[str], subject: str) -> None:
        super().__init__()
        self.current = current
        self.known_tags = known_tags
        self.subject = subject

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text("Tags for: ", style="bold") + Text(self.subject), classes="subject")
            # The tags it has are kept, unselected, with room to add one: typing
            # adds a tag, it never replaces them.
            yield Input(
                value=f"{self.current}, " if self.current else "",
                placeholder="tag, another tag  (→ accepts a suggestion)",
                suggester=TagSuggester(self.known_tags),
                select_on_focus=False,
                id="tags",
            )
            hint = "used: " + ", ".join(self.known_tags[:12]) if self.known_tags else "no tags yet"
            yield Label(Text(hint, style="dim"), classes="hint")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        self.set_focus(field)
        field.cursor_position = len(field.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_confirm(self) -> None:
        self.dismiss(self.query_one(Input).value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question."""

    BINDINGS = [
        *bindings_for("confirm", targets={"confirm_yes": "yes", "confirm_no": "no"}, priority=True),
        *everywhere_bindings(),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.question, style="bold"))

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


class NoteDialog(ModalScreen[str | None]):
    """A multi-line note editor; save returns the text, cancel asks if it changed."""

    BINDINGS = [
        *bindings_for(
            "note_editor", targets={"save": "save_note", "cancel": "cancel_note"}, priority=True
        ),
        *everywhere_bindings(),
    ]

    def __init__(self, *, current: str, subject: str) -> None:
        super().__init__()
        self.current = current
        self.subject = subject

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note-dialog"):
            yield Label(Text("Note on: ", style="bold") + Text(self.subject), classes="subject")
            yield TextArea(self.current, id="note", soft_wrap=True, show_line_numbers=False)
            keymap = self.app.keymap  # type: ignore[attr-defined]
            save, cancel = (keymap.display("note_editor", a) for a in ("save", "cancel"))
            yield Label(Text(f"{save} save · {cancel} discard", style="dim"), classes="hint")

    def on_mount(self) -> None:
        editor = self.query_one(TextArea)
        self.set_focus(editor)
        editor.move_cursor(editor.document.end)

    def action_save_note(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel_note(self) -> None:
        if self.query_one(TextArea).text == self.current:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("Discard the changes to this note? (y/n)"), answered)
