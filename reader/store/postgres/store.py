"""``PostgresStore``: the ``AnnotationStore`` interface on a PostgreSQL server.

Many readers share one database. What keeps them from losing each other's work:

* Every write is one transaction, committed (durable, with the server's default
  ``synchronous_commit``) before the call returns; ``add_many`` and ``copy_in`` are all
  or nothing. Notes are separate rows keyed by id, so two people annotating one article
  never touch each other's rows.
* An edit is a ``patch`` of the fields the user changed, applied to the row as it is
  now (``SELECT … FOR UPDATE``), with the same ``merge_patch`` the file store uses: a
  field someone else changed since the user's base version is reported as a conflict
  rather than silently replaced, and each row's ``version`` counts its writes.
* "What did others change?" is a poll: each write transaction takes the next number of
  the ``reader_changes`` sequence (``seq``) under a transaction-scoped advisory lock, so
  transactions commit in ``seq`` order and a poll asking for ``seq > token`` never skips
  a write that committed late. Deletions leave a row in ``reader_deleted`` for polls to
  see (kept for a week). Each store marks its writes (``written_by``) and does not hand
  its own changes back to itself, as the file store does not.

SQL is always parameterised. Errors are one ``StoreError`` line with the password
masked (``reader.store.postgres.connection``).
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from types import TracebackType
from typing import Any, Self, TypeVar

import psycopg

from reader.notes.annotations import Annotation, now_iso
from reader.store.changes import Changes
from reader.store.errors import StoreError
from reader.store.merge import Patched, merge_patch
from reader.store.postgres.connection import Link
from reader.store.postgres.rows import (
    ANNOTATION_COLUMNS,
    ARTICLE_COLUMNS,
    annotation_from_row,
    annotation_params,
    article_from_row,
    article_params,
)
from reader.store.postgres.schema import ensure_schema
from reader.store.records import ArticleMetadata, ArticleRecord

__all__ = ["WRITE_LOCK", "PostgresStore"]

T = TypeVar("T")

WRITE_LOCK = 0x7265_6164_0002
"""Advisory lock key every annotation write holds until it commits (see above)."""

TOMBSTONE_DAYS = 7

_COLS = ", ".join(ANNOTATION_COLUMNS)
_SELECT = f"SELECT {_COLS} FROM reader_annotations"
_PLACEHOLDERS = ", ".join(["%s"] * (len(ANNOTATION_COLUMNS) + 2))
_UPDATES = ", ".join(f"{c} = excluded.{c}" for c in ANNOTATION_COLUMNS[1:])
_PUT = (
    f"INSERT INTO reader_annotations ({_COLS}, seq, written_by) VALUES ({_PLACEHOLDERS}) "
    f"ON CONFLICT (id) DO UPDATE SET {_UPDATES}, seq = excluded.seq, "
    "written_by = excluded.written_by, version = reader_annotations.version + 1"
)
_INSERT_NEW = (
    f"INSERT INTO reader_annotations ({_COLS}, seq, written_by) VALUES ({_PLACEHOLDERS}) "
    "ON CONFLICT (id) DO NOTHING"
)
_ART_COLS = ", ".join(ARTICLE_COLUMNS)
_ART_VALUES = ", ".join(["%s"] * len(ARTICLE_COLUMNS))
_ART_PUT = (
    f"INSERT INTO reader_articles ({_ART_COLS}) VALUES ({_ART_VALUES}) "
    "ON CONFLICT (fingerprint) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in ARTICLE_COLUMNS[1:])
)


def _sort_key(ann: Annotation) -> tuple[int, int, str, str]:
    return (ann.start, ann.end, ann.created, ann.id)


class PostgresStore:
    """The annotation database on a server. Thread-safe; any number of processes."""

    def __init__(self, url: str) -> None:
        self._link = Link(url)
        self._lock = threading.RLock()
        self._closed = False
        self._me = f"{uuid.uuid4()}"
        """Marks this store's writes, so ``changed_since`` reports only others'."""
        with self._lock:
            conn = self._link.connection()
            with self._link.errors(writing=False):
                ensure_schema(conn, self.name)
                conn.execute(
                    "DELETE FROM reader_deleted "
                    "WHERE deleted_at < now() - make_interval(days => %s)",
                    (TOMBSTONE_DAYS,),
                )

    @property
    def name(self) -> str:
        return self._link.name

    @property
    def read_only(self) -> bool:
        return False

    @property
    def read_only_reason(self) -> str | None:
        return None

    # -- plumbing ------------------------------------------------------------------------

    def _read(self, work: Callable[[psycopg.Connection], T]) -> T:
        with self._lock:
            self._check_open()
            conn = self._link.connection()
            with self._link.errors(writing=False):
                return work(conn)

    def _write(self, work: Callable[[psycopg.Connection, int], T], *, changes: bool = True) -> T:
        """Run ``work(conn, seq)`` in one transaction; ``seq`` numbers this change."""
        with self._lock:
            self._check_open()
            conn = self._link.connection()
            with self._link.errors(writing=True), conn.transaction():
                seq = 0
                if changes:
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                    row = conn.execute("SELECT nextval('reader_changes')").fetchone()
                    seq = int(row[0]) if row else 0
                return work(conn, seq)

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"{self.name}: the store is closed")

    def _put(self, conn: psycopg.Connection, seq: int, anns: Iterable[Annotation]) -> None:
        params = [(*annotation_params(a), seq, self._me) for a in anns]
        if not params:
            return
        with conn.cursor() as cur:
            cur.executemany(_PUT, params)
            cur.execute("DELETE FROM reader_deleted WHERE id = ANY(%s)", ([p[0] for p in params],))

    @staticmethod
    def _one(conn: psycopg.Connection, ann_id: str, *, lock: bool = False) -> Annotation | None:
        sql = f"{_SELECT} WHERE id = %s" + (" FOR UPDATE" if lock else "")
        row = conn.execute(sql, (ann_id,)).fetchone()  # type: ignore[call-overload]
        return None if row is None else annotation_from_row(row)

    # -- annotations ---------------------------------------------------------------------

    def add(self, ann: Annotation) -> None:
        """Store a new annotation; committed when this returns."""

        def work(conn: psycopg.Connection, seq: int) -> None:
            if self._one(conn, ann.id) is not None:
                raise ValueError(f"annotation {ann.id} is already stored")
            self._put(conn, seq, [ann])

        self._write(work)

    def update(self, ann: Annotation) -> None:
        """Replace the stored annotation with the same id (stores it if it was deleted)."""
        self._write(lambda conn, seq: self._put(conn, seq, [ann]))

    def update_many(self, anns: Iterable[Annotation]) -> None:
        batch = list(anns)
        if batch:
            self._write(lambda conn, seq: self._put(conn, seq, batch))

    def patch(
        self,
        ann_id: str,
        *,
        tags: Iterable[str] | None = None,
        note: str | None = None,
        corrected_speaker: str | None = None,
        base: Annotation | None = None,
    ) -> Patched:
        """Change only the given fields of the row as it is now (see the module doc)."""
        changes = {
            "tags": None if tags is None else tuple(tags),
            "note": note,
            "corrected_speaker": corrected_speaker,
        }

        def work(conn: psycopg.Connection, seq: int) -> Patched:
            current = self._one(conn, ann_id, lock=True)
            if current is None and base is None:
                raise KeyError(f"annotation {ann_id} is not stored")
            result = merge_patch(current, changes, base=base)
            if result.written:
                self._put(conn, seq, [result.annotation])
            return result

        return self._write(work)

    def add_many(self, anns: Iterable[Annotation]) -> int:
        """Store new annotations in one transaction; ids already stored are skipped."""
        fresh = list({a.id: a for a in anns}.values())

        def work(conn: psycopg.Connection, seq: int) -> int:
            return self._insert_new(conn, seq, fresh)

        return self._write(work) if fresh else 0

    def _insert_new(self, conn: psycopg.Connection, seq: int, anns: list[Annotation]) -> int:
        if not anns:
            return 0
        ids = [a.id for a in anns]
        stored = {
            r[0]
            for r in conn.execute(
                "SELECT id FROM reader_annotations WHERE id = ANY(%s)", (ids,)
            ).fetchall()
        }
        fresh = [a for a in anns if a.id not in stored]
        with conn.cursor() as cur:
            cur.executemany(_INSERT_NEW, [(*annotation_params(a), seq, self._me) for a in fresh])
            cur.execute("DELETE FROM reader_deleted WHERE id = ANY(%s)", ([a.id for a in fresh],))
        return len(fresh)

    def delete(self, ann_id: str) -> Annotation | None:
        """Remove an annotation; returns it (for undo), or None if it was not stored."""

        def work(conn: psycopg.Connection, seq: int) -> Annotation | None:
            old = self._one(conn, ann_id, lock=True)
            if old is None:
                return None
            conn.execute("DELETE FROM reader_annotations WHERE id = %s", (ann_id,))
            conn.execute(
                "INSERT INTO reader_deleted (id, fingerprint, seq, written_by) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET "
                "fingerprint = excluded.fingerprint, seq = excluded.seq, "
                "written_by = excluded.written_by, deleted_at = now()",
                (ann_id, old.fingerprint, seq, self._me),
            )
            return old

        return self._write(work)

    def get(self, ann_id: str) -> Annotation | None:
        return self._read(lambda conn: self._one(conn, ann_id))

    def _select(self, where: str = "", params: tuple[Any, ...] = ()) -> list[Annotation]:
        def work(conn: psycopg.Connection) -> list[Annotation]:
            rows = conn.execute(f"{_SELECT} {where}", params).fetchall()  # type: ignore[call-overload]
            return [annotation_from_row(r) for r in rows]

        return self._read(work)

    def annotations(self, fingerprint: str | None = None) -> list[Annotation]:
        """An article's annotations sorted by start; with no fingerprint, every annotation
        (grouped by article: source, fingerprint, then start)."""
        if fingerprint is None:
            anns = self._select()
            return sorted(anns, key=lambda a: (a.source, a.fingerprint, *_sort_key(a)))
        return sorted(self._select("WHERE fingerprint = %s", (fingerprint,)), key=_sort_key)

    def annotations_with_source(self, source: str) -> list[Annotation]:
        return sorted(self._select("WHERE source = %s", (source,)), key=_sort_key)

    def tags(self) -> list[str]:
        """Every tag in use, most used first (ties alphabetical), for completion."""
        rows = self._read(
            lambda conn: conn.execute(
                "SELECT tag, count(*) FROM reader_annotations, unnest(tags) AS tag GROUP BY tag"
            ).fetchall()
        )
        counts = Counter({str(tag): int(n) for tag, n in rows})
        return sorted(counts, key=lambda t: (-counts[t], t.casefold(), t))

    def __len__(self) -> int:
        row = self._read(
            lambda conn: conn.execute("SELECT count(*) FROM reader_annotations").fetchone()
        )
        return int(row[0]) if row else 0

    def change_token(self) -> int:
        """The newest change committed: take it just before reading an article's notes."""
        row = self._read(
            lambda conn: conn.execute(
                "SELECT greatest((SELECT max(seq) FROM reader_annotations), "
                "(SELECT max(seq) FROM reader_deleted), 0)"
            ).fetchone()
        )
        return int(row[0]) if row else 0

    def changed_since(self, token: int, fingerprint: str | None = None) -> Changes:
        """What other writers changed after ``token``, for one article (or all): one
        indexed query each for rows and deletions, cheap enough to poll every second."""

        def work(conn: psycopg.Connection) -> Changes:
            rows = conn.execute(
                f"SELECT {_COLS}, seq, written_by FROM reader_annotations WHERE seq > %s",
                (token,),
            ).fetchall()
            gone = conn.execute(
                "SELECT id, seq, written_by FROM reader_deleted WHERE seq > %s", (token,)
            ).fetchall()
            newest = max([token, *(r[-2] for r in rows), *(g[1] for g in gone)])
            changed: list[Annotation] = []
            removed: set[str] = set()
            for row in rows:
                if row[-1] == self._me:
                    continue
                ann = annotation_from_row(row[:-2])
                if fingerprint in (None, ann.fingerprint):
                    changed.append(ann)
                else:
                    removed.add(ann.id)  # moved to another article
            removed.update(g[0] for g in gone if g[2] != self._me)
            return Changes(int(newest), sorted(changed, key=_sort_key), frozenset(removed))

        return self._read(work)

    # -- articles ------------------------------------------------------------------------

    @staticmethod
    def _article(
        conn: psycopg.Connection, fingerprint: str, *, lock: bool = False
    ) -> ArticleRecord | None:
        sql = f"SELECT {_ART_COLS} FROM reader_articles WHERE fingerprint = %s"
        row = conn.execute(sql + (" FOR UPDATE" if lock else ""), (fingerprint,)).fetchone()  # type: ignore[call-overload]
        return None if row is None else article_from_row(row)

    def _change_article(
        self, fingerprint: str, change: Callable[[ArticleRecord | None], ArticleRecord | None]
    ) -> None:
        def work(conn: psycopg.Connection, _seq: int) -> None:
            conn.execute(
                "INSERT INTO reader_articles (fingerprint) VALUES (%s) ON CONFLICT DO NOTHING",
                (fingerprint,),
            )
            old = self._article(conn, fingerprint, lock=True)
            if old is not None and not old.path and not old.last_opened and old.position is None:
                old = None  # the row just made to lock on
            new = change(old)
            if new is not None:
                conn.execute(_ART_PUT, article_params(new))
            elif old is None:
                conn.execute("DELETE FROM reader_articles WHERE fingerprint = %s", (fingerprint,))

        self._write(work, changes=False)

    def remember_article(
        self,
        *,
        fingerprint: str,
        path: str,
        title: str = "",
        metadata: ArticleMetadata | None = None,
    ) -> None:
        """Record that the article was opened at ``path`` now, with this title and
        metadata; the position is kept."""
        where = str(path)

        def change(old: ArticleRecord | None) -> ArticleRecord:
            paths = old.paths if old else ()
            return ArticleRecord(
                fingerprint=fingerprint,
                path=where,
                title=title,
                paths=paths if where in paths else (*paths, where),
                position=old.position if old else None,
                last_opened=now_iso(),
            ).with_metadata(metadata or ArticleMetadata())

        self._change_article(fingerprint, change)

    def articles(self) -> list[ArticleRecord]:
        """Every article remembered, most recently opened first."""
        rows = self._read(
            lambda conn: conn.execute(f"SELECT {_ART_COLS} FROM reader_articles").fetchall()
        )
        records = [article_from_row(r) for r in rows]
        return sorted(records, key=lambda r: (r.last_opened, r.fingerprint), reverse=True)

    def article_record(self, fingerprint: str) -> ArticleRecord | None:
        return self._read(lambda conn: self._article(conn, fingerprint))

    def set_position(self, fingerprint: str, offset: int) -> None:
        def change(old: ArticleRecord | None) -> ArticleRecord:
            old = old or ArticleRecord(fingerprint=fingerprint, path="")
            return replace(old, position=max(0, int(offset)))

        self._change_article(fingerprint, change)

    def position(self, fingerprint: str) -> int | None:
        record = self.article_record(fingerprint)
        return None if record is None else record.position

    def forget_path(self, fingerprint: str, path: str) -> None:
        """The file at ``path`` no longer holds this content: drop it from the record."""

        def change(old: ArticleRecord | None) -> ArticleRecord | None:
            if old is None or path not in old.paths:
                return old
            paths = tuple(p for p in old.paths if p != path)
            where = old.path if old.path != path else (paths[-1] if paths else "")
            return replace(old, path=where, paths=paths)

        self._change_article(fingerprint, change)

    # -- whole stores --------------------------------------------------------------------

    def copy_in(
        self, records: Iterable[ArticleRecord], anns: Iterable[Annotation]
    ) -> tuple[int, int]:
        """Add the records and annotations not stored yet, in one transaction."""
        records, fresh = list(records), list({a.id: a for a in anns}.values())

        def work(conn: psycopg.Connection, seq: int) -> tuple[int, int]:
            added = 0
            for record in records:
                cur = conn.execute(
                    f"INSERT INTO reader_articles ({_ART_COLS}) VALUES ({_ART_VALUES}) "
                    "ON CONFLICT (fingerprint) DO NOTHING",
                    article_params(record),
                )
                added += max(0, cur.rowcount)
            return added, self._insert_new(conn, seq, fresh)

        return self._write(work)

    def compact(self) -> None:
        """Nothing to fold: the server manages its own files."""
        self._read(lambda conn: None)

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._link.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PostgresStore({self.name!r})"
