"""The store's one error type, apart so every store module can raise it without cycles."""

from __future__ import annotations

from reader.errors import ReaderError

__all__ = ["StoreError"]


class StoreError(ReaderError):
    """The annotation database cannot be read or written; the message names the file."""
