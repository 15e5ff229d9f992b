"""The team database's tables and their history, applied on first use.

Like the file store's ``migrate()`` chain: ``reader_schema`` holds one row with the
version, and each step in ``MIGRATIONS`` upgrades one version, inside one transaction
under an advisory lock, so several readers starting at once on a new database create it
once. A database written by a newer reader is refused with one line rather than
written with an older layout.

Tables carry a ``reader_`` prefix so the store can share a database with other
applications. Indexes serve the lookups the app and the exports make: an article's
notes (``fingerprint``), notes by file (``source``), what changed since a poll (``seq``).
"""

from __future__ import annotations

from collections.abc import Callable

import psycopg

from reader.store.errors import StoreError

__all__ = ["MIGRATE_LOCK", "MIGRATIONS", "SCHEMA_VERSION", "ensure_schema"]

MIGRATE_LOCK = 0x7265_6164_0001
"""Advisory lock key held while the schema is checked or upgraded."""

_V1 = (
    """
    CREATE TABLE reader_articles (
        fingerprint text PRIMARY KEY,
        path text NOT NULL DEFAULT '',
        title text NOT NULL DEFAULT '',
        paths text[] NOT NULL DEFAULT '{}',
        position integer,
        last_opened text NOT NULL DEFAULT ''
    )
    """,
    """
    CREATE TABLE reader_annotations (
        id text PRIMARY KEY,
        fingerprint text NOT NULL,
        source text NOT NULL,
        start_offset integer NOT NULL,
        end_offset integer NOT NULL,
        exact text NOT NULL,
        prefix text NOT NULL DEFAULT '',
        suffix text NOT NULL DEFAULT '',
        tags text[] NOT NULL DEFAULT '{}',
        note text NOT NULL DEFAULT '',
        created text NOT NULL,
        modified text NOT NULL,
        orphaned boolean NOT NULL DEFAULT false,
        title text NOT NULL DEFAULT '',
        speaker text,
        corrected_speaker text NOT NULL DEFAULT '',
        author text NOT NULL DEFAULT '',
        version integer NOT NULL DEFAULT 1,
        seq bigint NOT NULL,
        written_by text NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX reader_annotations_fingerprint ON reader_annotations (fingerprint)",
    "CREATE INDEX reader_annotations_source ON reader_annotations (source)",
    "CREATE INDEX reader_annotations_seq ON reader_annotations (seq)",
    """
    CREATE TABLE reader_deleted (
        id text PRIMARY KEY,
        fingerprint text NOT NULL,
        seq bigint NOT NULL,
        written_by text NOT NULL DEFAULT '',
        deleted_at timestamptz NOT NULL DEFAULT now()
    )
    """,
    "CREATE INDEX reader_deleted_seq ON reader_deleted (seq)",
    "CREATE SEQUENCE reader_changes",
)

_V2 = (
    # What a web page or a book says about itself, for exports and the library.
    "ALTER TABLE reader_articles ADD COLUMN author text, ADD COLUMN published text, "
    "ADD COLUMN site text, ADD COLUMN url text",
)

MIGRATIONS: dict[int, tuple[str, ...]] = {0: _V1, 1: _V2}
"""Statements that take the database from version ``key`` to ``key + 1``."""

SCHEMA_VERSION = max(MIGRATIONS) + 1


def _version(conn: psycopg.Connection, name: str) -> int:
    # Look before creating: a team member's role may read and write the tables without
    # the right to create any (PostgreSQL 15 grants no CREATE on "public" by default).
    found = conn.execute("SELECT to_regclass('reader_schema')").fetchone()
    if found is None or found[0] is None:
        conn.execute("CREATE TABLE reader_schema (version integer NOT NULL)")
        return 0
    rows = conn.execute("SELECT version FROM reader_schema").fetchall()
    if len(rows) > 1:
        raise StoreError(f"{name}: reader_schema has {len(rows)} rows; left untouched")
    return int(rows[0][0]) if rows else 0


def ensure_schema(
    conn: psycopg.Connection, name: str, *, on_step: Callable[[int], None] | None = None
) -> int:
    """Create or upgrade the tables to ``SCHEMA_VERSION``; returns the version found."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
        found = _version(conn, name)
        if found > SCHEMA_VERSION:
            raise StoreError(
                f"{name}: written by a newer reader (schema {found}; this one knows up to "
                f"{SCHEMA_VERSION}); upgrade reader"
            )
        version = found
        while version < SCHEMA_VERSION:
            for statement in MIGRATIONS[version]:
                conn.execute(statement)  # type: ignore[arg-type]  # constant SQL
            version += 1
            if on_step is not None:
                on_step(version)
        if found == 0:
            conn.execute("INSERT INTO reader_schema (version) VALUES (%s)", (version,))
        elif found != version:
            conn.execute("UPDATE reader_schema SET version = %s", (version,))
    return found
