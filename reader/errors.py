"""Errors the user sees as one line, never as a traceback."""

from __future__ import annotations


class ReaderError(Exception):
    """A problem with the user's input, reported as ``reader: <message>`` and exit 2."""

    exit_code: int = 2

    def __init__(self, message: str, *, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class ArticleError(ReaderError):
    """An article file that cannot be opened or is not text."""
