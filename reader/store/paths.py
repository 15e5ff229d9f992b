"""Where the database lives: ``--db``, else ``$READER_DB``, else the user's data folder.

Apart from the store so the command line can name the file (in help and errors) without
opening it.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = ["DB_ENV", "DB_FILENAME", "default_db_path", "resolve_db_path"]

DB_ENV = "READER_DB"
DB_FILENAME = "reader.json"


def default_db_path() -> Path:
    """The per-user data directory (created on first save)."""
    return Path(platformdirs.user_data_dir("reader", appauthor=False)) / DB_FILENAME


def resolve_db_path(db: str | None = None) -> Path:
    """``--db`` if given, else ``$READER_DB``, else the default location."""
    chosen = db or os.environ.get(DB_ENV) or None
    return Path(chosen).expanduser() if chosen else default_db_path()
