"""The reading screen's notes: loading them, saving every change, and others' changes.

A mixin of ``ReaderScreen``. Every edit is queued on the background writer and its
outcome comes back as a message; a failed save keeps the note marked NOT SAVED and is
retried with its present state (backing off, except after a lost connection to the
database server, which is tried again every few seconds: "NOT SAVED — reconnecting"),
and quitting asks first while any note is unsaved. Notes other windows or team members
saved arrive by polling the store every ``POLL_SECONDS``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.notes.annotations import Annotation
from reader.notes.session import NOTE_KIND, StoreOp
from reader.store.errors import ConnectionLost
from reader.tui import messages as msg
from reader.tui.workers import poll_changes
from reader.view.spans import Span

if TYPE_CHECKING:
    from reader.tui.reader_screen import ReaderScreen

    _Base = ReaderScreen
else:
    _Base = object

__all__ = ["POLL_SECONDS", "RETRY_MAX_SECONDS", "RETRY_SECONDS", "NoteSaving"]

POLL_SECONDS = 2.0
"""How often the open article asks the store for notes saved by other windows."""
RETRY_SECONDS = 5.0
RETRY_MAX_SECONDS = 60.0
"""How long to wait before writing again the notes whose save failed."""


class NoteSaving(_Base):
    """Loading, saving and refreshing the open article's notes."""

    reconnecting = False
    """The last save failed because the database server went away."""

    def on_notes_loaded(self, message: msg.NotesLoaded) -> None:
        """Merge the stored notes with any made while they were loading."""
        self.session.merge_loaded(message.annotations)
        self.known_tags = list(dict.fromkeys([*self.known_tags, *message.tags]))
        self.notes_loaded = True
        orphans = sum(1 for a in message.annotations if a.orphaned)
        if orphans:
            self.notify(
                f"{orphans} note{'s' if orphans != 1 else ''} could not be placed in the "
                "changed text: listed as orphaned",
                severity="warning",
            )
        self.refresh_notes()
        if message.position is not None and self.view.cursor == 0 and self.start_at is None:
            self.view.move_cursor(message.position, center=True)

    def check_for_changes(self) -> None:
        """Ask the store (off the UI thread) for notes other writers saved."""
        if self.writer is None or self._polling or not self.notes_loaded:
            return
        self._polling = True
        store, fingerprint, token = self.writer.store, self.article.fingerprint, self._changes_token
        post = self.post_message
        self.run_worker(
            lambda: poll_changes(store, fingerprint, token, post), thread=True, group="poll"
        )

    def on_notes_changed(self, message: msg.NotesChanged) -> None:
        """Show notes other windows saved, unless this one has unsaved edits to them."""
        self._polling = False
        self._changes_token = message.token
        keep = set(self.saves.unsaved) | self.saves.in_flight_ids
        if self.session.apply_external(message.changed, message.removed, keep):
            self.refresh_notes()

    def on_save_conflict(self, message: msg.SaveConflict) -> None:
        self.notify(message.message, severity="warning", timeout=15)

    def on_worker_state_changed(self, event: object) -> None:
        worker = getattr(event, "worker", None)
        if worker is not None and worker.group == "poll" and worker.is_finished:
            self._polling = False

    def on_notes_failed(self, message: msg.NotesFailed) -> None:
        self.notes_loaded = True
        self.notify(message.reason, severity="error", timeout=15)
        self.update_status()

    def refresh_notes(self) -> None:
        self._current_cursor = self.view.cursor
        spans = [self._mark_unsaved(s) for s in self.session.spans()]
        self.view.set_layer("annotation", [s for s in spans if s.kind == NOTE_KIND])
        self.side.show_notes(spans)
        self.refresh_speakers()
        self.update_status()

    def _mark_unsaved(self, span: Span) -> Span:
        if not self.saves.is_unsaved(span.key):
            return span
        label = "NOT SAVED " + span.label
        return Span(span.start, span.end, span.kind, span.key, label, span.detail)

    def save(self, op: StoreOp, note_id: str, what: str, *, whole: bool = True) -> None:
        """Queue a write; its outcome comes back as ``SaveFinished`` or ``SaveFailed``.

        ``whole`` when the op writes the note's full state (not a one-field patch).
        """
        if self.writer is None:
            self.notify("No database: notes are not saved", severity="error")
            return
        ticket = self.saves.begin(note_id, whole=whole)
        post = self.post_message

        def done(error: BaseException | None) -> None:  # runs on the writer thread
            if error is None:
                post(msg.SaveFinished(note_id, ticket))
            else:
                reason = " ".join(str(error).split())
                lost = isinstance(error, ConnectionLost)
                post(msg.SaveFailed(note_id, ticket, what, reason, lost=lost))

        def op_reporting_conflicts(store: object) -> object:  # runs on the writer thread
            result = op(store)  # type: ignore[arg-type]
            for conflict in getattr(result, "conflicts", ()):
                post(msg.SaveConflict(conflict.message()))
            # What the store now holds: a patch's merged note, or the note written whole.
            merged = result if isinstance(result, Annotation) else None
            merged = getattr(result, "annotation", merged)
            if merged is not None:
                post(msg.SaveMerged(merged, ticket))
            return result

        self.writer.submit(op_reporting_conflicts, done)
        self.update_status()

    def on_save_finished(self, message: msg.SaveFinished) -> None:
        was_unsaved = self.saves.is_unsaved(message.note_id)
        self.saves.finished(message.note_id, message.ticket)
        self.reconnecting = False
        if was_unsaved and not self.saves.is_unsaved(message.note_id):
            self.refresh_notes()
            if not self.saves.unsaved:
                self._retries = 0
                self.notify("Saved the notes that had failed to save")
        self.update_status()

    def on_save_merged(self, message: msg.SaveMerged) -> None:
        """Show the note as stored (another window's field kept), unless edited again since."""
        note = message.annotation
        self.session.saved(note)
        if note.id in self.session.annotations and self.saves.is_newest(note.id, message.ticket):
            self.session.annotations[note.id] = note
            self.refresh_notes()

    def on_save_failed(self, message: msg.SaveFailed) -> None:
        news = self.saves.failed(message.note_id, message.ticket, message.reason)
        store = self.writer.store if self.writer is not None else None
        read_only = store is not None and store.read_only
        self.reconnecting = message.lost
        if news:  # once per note, not once per retry
            then = "" if read_only else " — reconnecting" if message.lost else " — will retry"
            self.notify(f"NOT SAVED ({message.what}): {message.reason}{then}", severity="error")
        self.refresh_notes()
        if self._retry_timer is None and not read_only:
            # A server that went away is tried again every few seconds, not ever later.
            longest = RETRY_SECONDS if message.lost else RETRY_MAX_SECONDS
            delay = min(longest, RETRY_SECONDS * 2**self._retries)
            self._retry_timer = self.set_timer(delay, self._retry_unsaved)

    def _retry_unsaved(self) -> None:
        """Write each failing note's present state again; wait longer after each round."""
        self._retry_timer = None
        self._retries += 1
        for note_id in self.saves.unsaved:
            self.save(self.session.resave_op(note_id), note_id, "retry")

    @property
    def unsaved(self) -> dict[str, str]:
        """Notes whose newest change is not on disk (the app asks before quitting)."""
        return self.saves.unsaved

    def save_position(self) -> None:
        """Remember where the user is, to come back there next time."""
        if self.writer is not None and self.notes_loaded:
            fingerprint, cursor = self.article.fingerprint, self.view.cursor
            self.writer.submit(lambda store: store.set_position(fingerprint, cursor))

    def on_screen_suspend(self) -> None:
        self.save_position()
