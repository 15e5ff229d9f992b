"""Which notes' latest change is not yet on disk: the user is told, and nothing is lost.

Each save of a note gets a ticket. A failure marks the note until a *whole*
save of it (its full present state, as a retry writes) succeeds: a later
partial save (a tag patch) does not clear it, since the failed field would
still be missing on disk. An old success never hides a newer failure.
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

    _whole: set[int] = field(default_factory=set)

    def begin(self, note_id: str, *, whole: bool = True) -> int:
        """A save of ``note_id`` was queued (``whole``: its full state); returns its ticket."""
        self._counter += 1
        self._tickets[note_id] = self._counter
        self._in_flight.add((note_id, self._counter))
        if whole:
            self._whole.add(self._counter)
        return self._counter

    def finished(self, note_id: str, ticket: int) -> None:
        self._in_flight.discard((note_id, ticket))
        whole = ticket in self._whole
        self._whole.discard(ticket)
        if self._tickets.get(note_id) == ticket and (whole or note_id not in self._failed):
            self._failed.pop(note_id, None)

    def is_newest(self, note_id: str, ticket: int) -> bool:
        return self._tickets.get(note_id) == ticket

    def failed(self, note_id: str, ticket: int, reason: str) -> bool:
        """Record a failure; True when it is news (the note was not failing already)."""
        self._in_flight.discard((note_id, ticket))
        self._whole.discard(ticket)
        already = note_id in self._failed
        self._failed[note_id] = reason
        return not already

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
