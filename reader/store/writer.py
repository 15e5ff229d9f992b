"""Apply store writes one at a time on a background thread, in the order given.

The UI must never wait for fsync, yet a tag followed at once by a note must reach
the disk in that order: one worker thread with a queue gives both. ``close``
waits for every queued write, so quitting never drops a note.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.store.database import Store

Done = Callable[[BaseException | None], None]


class BackgroundWriter:
    """Runs ``op(store)`` calls sequentially off the caller's thread."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reader-store")
        self._pending = 0

    @property
    def pending(self) -> int:
        """Writes queued or running (for a "saving…" indicator)."""
        return self._pending

    def submit(self, op: Callable[[Store], Any], done: Done | None = None) -> Future[Any]:
        """Queue a write; ``done(error)`` is called on the writer thread when it ends."""
        self._pending += 1

        def run() -> Any:
            try:
                result = op(self.store)
            except BaseException as exc:
                self._pending -= 1
                if done is not None:
                    done(exc)
                raise
            self._pending -= 1
            if done is not None:
                done(None)
            return result

        return self._executor.submit(run)

    def flush(self) -> None:
        """Wait until every write queued so far is on disk."""
        self._executor.submit(lambda: None).result()

    def close(self) -> None:
        """Finish every queued write, then stop the thread."""
        self._executor.shutdown(wait=True)
