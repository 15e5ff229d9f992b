"""The store's one error type, apart so every store module can raise it without cycles."""

from __future__ import annotations

from reader.errors import ReaderError

__all__ = ["ConnectionLost", "StoreError"]


class StoreError(ReaderError):
    """The annotation database cannot be read or written; the message names the file."""


class ConnectionLost(StoreError):
    """The database server went away mid-session; nothing of this write was saved, and
    the next call connects again (the app shows "NOT SAVED — reconnecting" and retries)."""
