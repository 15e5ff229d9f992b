"""Open the store ``--db`` / ``$READER_DB`` names: the file store, or PostgreSQL by URL.

The only place that chooses a backend, so every command and the app accept either.
psycopg is an optional extra: without it a ``postgresql://`` URL gets one line naming
what to install.
"""

from __future__ import annotations

from reader.store.errors import StoreError
from reader.store.interface import AnnotationStore
from reader.store.location import DbLocation, parse_location

__all__ = ["POSTGRES_EXTRA", "open_location", "open_store"]

POSTGRES_EXTRA = "pip install 'reader[postgres]'"


def open_location(location: DbLocation) -> AnnotationStore:
    """The store at ``location``; ``StoreError`` (one line, no password) if it cannot open."""
    if location.url is None:
        from reader.store.database import Store

        assert location.path is not None
        return Store(location.path)
    try:
        from reader.store.postgres.store import PostgresStore
    except ImportError as exc:
        if "psycopg" not in str(exc):
            raise
        raise StoreError(
            f"{location.masked()}: a PostgreSQL store needs psycopg ({POSTGRES_EXTRA})"
        ) from None
    return PostgresStore(location.url)


def open_store(db: str | None = None) -> AnnotationStore:
    """The store at ``--db``, else ``$READER_DB``, else the user's data directory."""
    return open_location(parse_location(db))
