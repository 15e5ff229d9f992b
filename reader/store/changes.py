"""Which annotations other writers changed, so an open article can pick up their notes.

The store re-reads the files before every call anyway (``JournalStorage.refresh``: two
``stat`` calls, then only the journal's new tail); this log remembers which annotation
ids those re-reads brought in, each with a generation number. A caller keeps the
number it last saw (a *token*) and asks for what changed after it: cheap to ask every
second or two, and nothing is read when the files did not change.

Only changes made by *other* Store objects (processes or windows) are logged: the
caller made its own changes and already shows them.
"""

from __future__ import annotations

from typing import NamedTuple

from reader.notes.annotations import Annotation
from reader.store.fileformat import Data
from reader.store.journal import Refresh
from reader.store.schema import ANNOTATIONS

__all__ = ["ChangeLog", "Changes"]


class Changes(NamedTuple):
    """What other writers changed since a token: unpack as ``token, changed, removed``."""

    token: int
    """Pass this to the next ``Store.changed_since`` call."""
    changed: list[Annotation]
    """The article's annotations others added or changed, as now stored (sorted by start)."""
    removed: frozenset[str]
    """Ids others deleted, or moved to another article: drop them from the view."""


class ChangeLog:
    """Annotation ids changed by other writers, each with the generation it changed in."""

    def __init__(self) -> None:
        self.generation = 0
        self._changed_in: dict[str, int] = {}

    def record(self, before: Data, change: Refresh, after: Data) -> None:
        """Note what a ``refresh()`` brought in; ``before`` is the data it replaced."""
        if not change.changed:
            return
        if change.full:
            old = before.get(ANNOTATIONS, {})
            new = after.get(ANNOTATIONS, {})
            ids = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
        else:
            ids = {op[2] for op in change.ops if op[1] == ANNOTATIONS}
        if not ids:
            return
        self.generation += 1
        for key in ids:
            self._changed_in[key] = self.generation

    def since(self, token: int) -> list[str]:
        """Ids changed after ``token`` (a generation)."""
        return [key for key, gen in self._changed_in.items() if gen > token]
