"""Which notes' latest change is not yet on disk: the user is told, and nothing is lost.

Each save of a note gets a ticket; only the outcome of the note's newest ticket
counts, so an old failure followed by a good save clears the note, and an old
success never hides a newer failure. Pure Python, shared by nothing but the UI.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SaveTracker:
    """Saves in flight and notes whose newest save failed."""

    _tickets: dict[str, int] = field(default_factory=dict)
    _in_flight: set[tuple[str, int]] = field(default_factory=set)
    _failed: dict[str, str] = field(default_factory=dict)
    _counter: int = 0

    def begin(self, note_id: str) -> int:
        """A save of ``note_id`` was queued; returns its ticket."""
        self._counter += 1
        self._tickets[note_id] = self._counter
        self._in_flight.add((note_id, self._counter))
        return self._counter

    def finished(self, note_id: str, ticket: int) -> None:
        self._in_flight.discard((note_id, ticket))
        if self._tickets.get(note_id) == ticket:
            self._failed.pop(note_id, None)

    def failed(self, note_id: str, ticket: int, reason: str) -> None:
        self._in_flight.discard((note_id, ticket))
        if self._tickets.get(note_id) == ticket:
            self._failed[note_id] = reason

    @property
    def saving(self) -> int:
        """Saves queued or running."""
        return len(self._in_flight)

    @property
    def in_flight_ids(self) -> set[str]:
        """Notes with a save queued or running: their newest state is this window's."""
        return {note_id for note_id, _ in self._in_flight}

    @property
    def unsaved(self) -> dict[str, str]:
        """Notes whose newest change failed to save, with the reason."""
        return dict(self._failed)

    def is_unsaved(self, note_id: str) -> bool:
        return note_id in self._failed
