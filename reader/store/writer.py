"""Apply store writes one at a time on a background thread, in the order given.

The UI must never wait for fsync, yet a tag followed at once by a note must reach
the disk in that order: one worker thread with a queue gives both. ``close``
waits for every queued write, so quitting never drops a note.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.store.interface import AnnotationStore

__all__ = ["BackgroundWriter", "Done"]

Done = Callable[[BaseException | None], None]
"""Called on the writer thread when a write ends: ``None`` or the error it raised."""


class BackgroundWriter:
    """Runs ``op(store)`` calls sequentially off the caller's thread.

    ``submit`` may be called from any thread. ``done`` callbacks run on the writer thread
    (post a message from there; Textual's ``post_message`` is thread-safe).
    """

    def __init__(self, store: AnnotationStore) -> None:
        self.store = store
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reader-store")
        self._lock = threading.Lock()
        self._pending = 0
        """Writes queued or running; changed by callers and by the writer thread."""

    @property
    def pending(self) -> int:
        """Writes queued or running (for a "saving…" indicator)."""
        with self._lock:
            return self._pending

    def _finished(self) -> None:
        with self._lock:
            self._pending -= 1

    def submit(self, op: Callable[[AnnotationStore], Any], done: Done | None = None) -> Future[Any]:
        """Queue a write; ``done(error)`` is called on the writer thread when it ends.

        Writes run in the order ``submit`` was called (across threads: the order the
        calls took the lock). ``pending`` already counts this write on return.
        """

        def run() -> Any:
            try:
                result = op(self.store)
            except BaseException as exc:
                self._finished()
                if done is not None:
                    done(exc)
                raise
            self._finished()
            if done is not None:
                done(None)
            return result

        with self._lock:
            self._pending += 1
            try:
                return self._executor.submit(run)
            except BaseException:  # closed: nothing was queued
                self._pending -= 1
                raise

    def flush(self) -> None:
        """Wait until every write queued so far is on disk.

        Blocks the caller: for the command line and tests. The UI must not call it on
        the event loop (a slow disk would freeze the screen); use ``done`` callbacks.
        """
        self._executor.submit(lambda: None).result()

    def close(self) -> None:
        """Finish every queued write, then stop the thread."""
        self._executor.shutdown(wait=True)
