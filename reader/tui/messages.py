"""Typed messages: the only way a worker thread reaches the UI.

Workers call ``post_message`` (thread-safe) and return; they never wait for the
UI, so a busy or closing app can never deadlock a worker, and every outcome —
success or failure — arrives as an event the screen handles in order.
"""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from reader.analysis.model import Analysis
from reader.notes.annotations import Annotation
from reader.view.spans import HighlightLayer


class AnalysisReady(Message):
    """Analysis finished; ``layers`` are the highlight layers built off the UI thread."""

    def __init__(self, analysis: Analysis, layers: dict[str, HighlightLayer]) -> None:
        super().__init__()
        self.analysis = analysis
        self.layers = layers


class AnalysisFailed(Message):
    """Analysis raised: one line for the user; the article stays readable."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class NotesLoaded(Message):
    """The article's notes as the store holds them, with the reading position and all tags."""

    def __init__(
        self, annotations: list[Annotation], position: int | None, tags: list[str]
    ) -> None:
        super().__init__()
        self.annotations = annotations
        self.position = position
        self.tags = tags


class NotesFailed(Message):
    """The notes could not be read; nothing is shown as if it were saved."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class NotesChanged(Message):
    """Other windows or processes saved notes of this article (or deleted some)."""

    def __init__(self, token: int, changed: list[Annotation], removed: frozenset[str]) -> None:
        super().__init__()
        self.token = token
        self.changed = changed
        self.removed = removed


class SaveMerged(Message):
    """A patch landed: ``annotation`` is the note as now stored (with others' fields)."""

    def __init__(self, annotation: Annotation, ticket: int) -> None:
        super().__init__()
        self.annotation = annotation
        self.ticket = ticket


class SaveConflict(Message):
    """A save overwrote a field someone else had changed meanwhile: tell the user."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class SaveFinished(Message):
    """A queued write of note ``note_id`` (ticket ``ticket``) is on disk."""

    def __init__(self, note_id: str, ticket: int) -> None:
        super().__init__()
        self.note_id = note_id
        self.ticket = ticket


class SaveFailed(Message):
    """A queued write failed: the note stays marked unsaved and is retried."""

    def __init__(
        self, note_id: str, ticket: int, what: str, reason: str, *, lost: bool = False
    ) -> None:
        super().__init__()
        self.note_id = note_id
        self.ticket = ticket
        self.what = what
        self.reason = reason
        self.lost = lost
        """The connection to the database server was lost (retries reconnect)."""


class ExportFinished(Message):
    def __init__(self, count: int, path: Path) -> None:
        super().__init__()
        self.count = count
        self.path = path


class ExportFailed(Message):
    def __init__(self, reason: str, path: Path) -> None:
        super().__init__()
        self.reason = reason
        self.path = path
