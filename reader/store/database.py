"""The annotation store: the user's annotations and articles in one TinyDB file.

TinyDB is the query layer; ``reader.store.journal.JournalStorage`` decides how bytes reach the
disk (a compacted snapshot plus an append-only, checksummed journal), which is what makes
a save durable on return, atomic under a crash, cheap with 100k annotations stored, and
safe with several processes on one file (see that module for the reasons).

Every public method takes a thread lock (the app saves from a worker thread) and the
storage's file lock, re-reads whatever another process changed, then reads or writes.
Documents are keyed by meaning, not by TinyDB's counters: annotations by their id,
articles by their content fingerprint, the schema record by ``"schema"``. The layout and
its upgrades are in ``reader.store.schema``.

The store takes plain values (fingerprints, paths, titles) and never loads an article:
following a file that moved or changed is ``reader.notes.relocation``'s job.

Two processes editing one annotation: ``patch`` changes only the fields the user changed,
on the stored version (``reader.store.merge``), and ``changed_since`` hands an open
article what other writers saved (``reader.store.changes``). A database in a folder the
user may not write opens read-only (``read_only``): reading and exporting work, writes
raise one ``StoreError`` line.
"""

from __future__ import annotations

import shutil
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import TracebackType

from tinydb import Query, TinyDB
from tinydb.table import Table

from reader.notes.annotations import Annotation, now_iso
from reader.store.changes import ChangeLog, Changes
from reader.store.errors import StoreError
from reader.store.fileformat import Data, Doc, Op
from reader.store.journal import JournalStorage
from reader.store.merge import Patched, merge_patch
from reader.store.paths import resolve_db_path
from reader.store.records import ArticleMetadata, ArticleRecord
from reader.store.schema import (
    ANNOTATIONS,
    ARTICLES,
    SCHEMA_VERSION,
    check_current,
    empty_database,
    migrate,
    schema_version,
)

__all__ = ["Changes", "Patched", "Store"]


class _KeyedTable(Table):
    """Documents keyed by strings we choose (annotation ids, fingerprints)."""

    document_id_class = str  # type: ignore[assignment]


class _ReaderDB(TinyDB):
    table_class = _KeyedTable


def _put(table: str, key: str, doc: Doc) -> Op:
    return ["put", table, key, doc]


def _sort_key(ann: Annotation) -> tuple[int, int, str, str]:
    return (ann.start, ann.end, ann.created, ann.id)


class Store:
    """The annotation database. Thread-safe; several processes may share one file."""

    def __init__(
        self,
        path: Path,
        *,
        compact_ratio: float = 0.5,
        compact_min_bytes: int = 1 << 20,
    ) -> None:
        self.path = Path(path).expanduser().resolve()
        self._lock = threading.RLock()
        self._closed = False
        self._db = _ReaderDB(
            self.path,
            storage=JournalStorage,
            compact_ratio=compact_ratio,
            compact_min_bytes=compact_min_bytes,
        )
        self._storage: JournalStorage = self._db.storage  # type: ignore[assignment]
        self._annotations = self._db.table(ANNOTATIONS)
        self._articles = self._db.table(ARTICLES)
        self._changes = ChangeLog()
        try:
            with self._lock, self._storage.locked(exclusive=not self.read_only):
                self._storage.refresh()
                self._prepare()
                if not self.read_only:
                    self._storage.remove_stale_temps()
        except BaseException:
            self._storage.close()
            raise

    @property
    def name(self) -> str:
        """How messages name the database: its path."""
        return str(self.path)

    @property
    def read_only(self) -> bool:
        """True when the database cannot be written here: reads work, writes raise."""
        return self._storage.read_only

    @property
    def read_only_reason(self) -> str | None:
        """Why it is read-only (``"the folder … is read-only"``), else None."""
        return self._storage.read_only_reason

    @classmethod
    def open(cls, db: str | None = None) -> Store:
        """The file store at ``--db``, else ``$READER_DB``, else the user's data directory
        (``reader.store.opening.open_store`` also accepts a PostgreSQL URL)."""
        return cls(resolve_db_path(db))

    # -- plumbing ------------------------------------------------------------------------

    def _prepare(self) -> None:
        """Create a new file, or check (and if older, migrate) an existing one."""
        name = str(self.path)
        data = self._storage.read()
        version = schema_version(data, name)
        if self.read_only:  # see the file as this version would, saving nothing
            if version is None:
                self._storage.set_in_memory(empty_database())
            elif version < SCHEMA_VERSION:
                self._storage.set_in_memory(self._upgraded(data, version))
            else:
                check_current(data, name)
        elif version is None:
            self._storage.write(empty_database())
        elif version < SCHEMA_VERSION:
            backup = self.path.with_name(f"{self.path.name}.v{version}.bak")
            if not backup.exists() and self.path.exists():
                try:
                    shutil.copy2(self.path, backup)
                except OSError as exc:
                    raise StoreError(
                        f"{backup}: cannot keep a copy before upgrading ({exc.strerror})"
                    ) from None
            self._storage.write(self._upgraded(data, version))
        else:
            check_current(data, name)
        self._clear_caches()

    def _upgraded(self, data: Data, version: int) -> Data:
        name = str(self.path)
        try:
            upgraded = migrate({k: dict(v) for k, v in data.items()}, version)
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreError(
                f"{name}: cannot upgrade from schema {version} ({exc}); left untouched"
            ) from None
        check_current(upgraded, name)
        return upgraded

    def _clear_caches(self) -> None:
        self._annotations.clear_cache()
        self._articles.clear_cache()

    def _sync(self) -> None:
        before = self._storage.read()
        change = self._storage.refresh()
        self._changes.record(before, change, self._storage.read())
        if change.full:
            version = schema_version(self._storage.read(), str(self.path))
            if version is None:
                raise StoreError(f"{self.path}: the database was deleted or emptied meanwhile")
            if version != SCHEMA_VERSION:
                raise StoreError(f"{self.path}: rewritten meanwhile with schema {version}")
        if change.changed:
            self._clear_caches()

    @contextmanager
    def _reading(self) -> Iterator[None]:
        with self._lock:
            self._check_open()
            with self._storage.locked(exclusive=False):
                self._sync()
                yield

    @contextmanager
    def _writing(self) -> Iterator[None]:
        with self._lock:
            self._check_open()
            with self._storage.locked(exclusive=True):
                self._sync()
                yield

    def _commit(self, ops: list[Op]) -> None:
        try:
            self._storage.commit(ops)
        finally:
            self._clear_caches()

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"{self.path}: the store is closed")

    def _raw(self, table: str) -> dict[str, Doc]:
        return self._storage.read().get(table, {})

    # -- annotations ---------------------------------------------------------------------

    def add(self, ann: Annotation) -> None:
        """Store a new annotation; on disk when this returns."""
        with self._writing():
            if ann.id in self._raw(ANNOTATIONS):
                raise ValueError(f"annotation {ann.id} is already stored")
            self._commit([_put(ANNOTATIONS, ann.id, ann.to_dict())])

    def update(self, ann: Annotation) -> None:
        """Replace the stored annotation with the same id (stores it if it was deleted)."""
        with self._writing():
            self._commit([_put(ANNOTATIONS, ann.id, ann.to_dict())])

    def patch(
        self,
        ann_id: str,
        *,
        tags: Iterable[str] | None = None,
        note: str | None = None,
        corrected_speaker: str | None = None,
        base: Annotation | None = None,
    ) -> Patched:
        """Change only the given fields of the stored annotation, as it is *now*.

        Under the write lock, after reading what other processes saved: a field this
        user did not change keeps their value. ``base`` is the version the edit started
        from; a field someone else changed too is overwritten (last writer wins) and
        listed in ``Patched.conflicts`` for the caller to show. A note deleted
        meanwhile is stored again from ``base`` (also reported). Nothing is written
        when the stored version already has these values.
        """
        changes = {
            "tags": None if tags is None else tuple(tags),
            "note": note,
            "corrected_speaker": corrected_speaker,
        }
        with self._writing():
            doc = self._raw(ANNOTATIONS).get(ann_id)
            current = None if doc is None else Annotation.from_dict(doc)
            if current is None and base is None:
                raise KeyError(f"annotation {ann_id} is not stored")
            result = merge_patch(current, changes, base=base)
            if result.written:
                saved = result.annotation
                self._commit([_put(ANNOTATIONS, saved.id, saved.to_dict())])
            return result

    def change_token(self) -> int:
        """A token for ``changed_since`` meaning "everything saved until now": take it
        just before reading an article's notes, so nothing saved meanwhile is missed."""
        with self._reading():
            return self._changes.generation

    def changed_since(self, token: int, fingerprint: str | None = None) -> Changes:
        """What other writers changed after ``token``, for one article (or all).

        Cheap when nothing changed (two ``stat`` calls under a shared lock): call it
        every second or two while an article is open. Unpacks as
        ``token, changed, removed``; pass the new token next time.
        """
        with self._reading():
            stored = self._raw(ANNOTATIONS)
            changed: list[Annotation] = []
            removed: set[str] = set()
            for ann_id in self._changes.since(token):
                doc = stored.get(ann_id)
                if doc is not None and fingerprint in (None, doc.get("fingerprint")):
                    changed.append(Annotation.from_dict(doc))
                else:
                    removed.add(ann_id)
            return Changes(
                self._changes.generation, sorted(changed, key=_sort_key), frozenset(removed)
            )

    def update_many(self, anns: Iterable[Annotation]) -> None:
        """Replace (or store) several annotations in one atomic write."""
        ops = [_put(ANNOTATIONS, a.id, a.to_dict()) for a in anns]
        if not ops:
            return
        with self._writing():
            self._commit(ops)

    def delete(self, ann_id: str) -> Annotation | None:
        """Remove an annotation; returns it (for undo), or None if it was not stored."""
        with self._writing():
            doc = self._raw(ANNOTATIONS).get(ann_id)
            if doc is None:
                return None
            self._commit([["del", ANNOTATIONS, ann_id]])
            return Annotation.from_dict(doc)

    def get(self, ann_id: str) -> Annotation | None:
        with self._reading():
            doc = self._annotations.get(doc_id=ann_id)  # type: ignore[arg-type]
            return None if doc is None else Annotation.from_dict(dict(doc))

    def annotations(self, fingerprint: str | None = None) -> list[Annotation]:
        """An article's annotations sorted by start; with no fingerprint, every annotation
        (grouped by article: source, fingerprint, then start)."""
        with self._reading():
            if fingerprint is None:
                anns = [Annotation.from_dict(d) for d in self._raw(ANNOTATIONS).values()]
                return sorted(anns, key=lambda a: (a.source, a.fingerprint, *_sort_key(a)))
            docs = self._annotations.search(Query().fingerprint == fingerprint)
        return sorted((Annotation.from_dict(dict(d)) for d in docs), key=_sort_key)

    def annotations_with_source(self, source: str) -> list[Annotation]:
        """Annotations last anchored in the file at ``source`` (whatever its content)."""
        with self._reading():
            docs = self._annotations.search(Query().source == source)
        return sorted((Annotation.from_dict(dict(d)) for d in docs), key=_sort_key)

    def add_many(self, anns: Iterable[Annotation]) -> int:
        """Store new annotations in one atomic write (all or nothing); ids already stored
        are skipped. Returns how many were added."""
        with self._writing():
            stored = self._raw(ANNOTATIONS)
            fresh: dict[str, Annotation] = {}
            for ann in anns:
                if ann.id not in stored and ann.id not in fresh:
                    fresh[ann.id] = ann
            self._commit([_put(ANNOTATIONS, a.id, a.to_dict()) for a in fresh.values()])
            return len(fresh)

    def tags(self) -> list[str]:
        """Every tag in use, most used first (ties alphabetical), for completion."""
        with self._reading():
            counts: Counter[str] = Counter()
            for doc in self._raw(ANNOTATIONS).values():
                counts.update(str(t) for t in doc.get("tags", ()))
        return sorted(counts, key=lambda t: (-counts[t], t.casefold(), t))

    def __len__(self) -> int:
        with self._reading():
            return len(self._raw(ANNOTATIONS))

    # -- articles ------------------------------------------------------------------------

    def remember_article(
        self,
        *,
        fingerprint: str,
        path: str | Path,
        title: str = "",
        metadata: ArticleMetadata | None = None,
    ) -> None:
        """Record that the article with this content was opened at ``path`` (added to the
        paths seen), with this title and metadata, now. The reading position is kept."""
        where = str(path)
        with self._writing():
            old = self._article(fingerprint)
            paths = old.paths if old else ()
            if where not in paths:
                paths = (*paths, where)
            record = ArticleRecord(
                fingerprint=fingerprint,
                path=where,
                title=title,
                paths=paths,
                position=old.position if old else None,
                last_opened=now_iso(),
            ).with_metadata(metadata or ArticleMetadata())
            self._commit([_put(ARTICLES, record.fingerprint, record.to_dict())])

    def _article(self, fingerprint: str) -> ArticleRecord | None:
        doc = self._raw(ARTICLES).get(fingerprint)
        return None if doc is None else ArticleRecord.from_dict(doc)

    def articles(self) -> list[ArticleRecord]:
        """Every article remembered, most recently opened first."""
        with self._reading():
            records = [ArticleRecord.from_dict(dict(d)) for d in self._articles.all()]
        return sorted(records, key=lambda r: (r.last_opened, r.fingerprint), reverse=True)

    def article_record(self, fingerprint: str) -> ArticleRecord | None:
        with self._reading():
            return self._article(fingerprint)

    def set_position(self, fingerprint: str, offset: int) -> None:
        """Remember the reading position (an offset into the article's text)."""
        with self._writing():
            old = self._article(fingerprint) or ArticleRecord(fingerprint=fingerprint, path="")
            record = replace(old, position=max(0, int(offset)))
            self._commit([_put(ARTICLES, fingerprint, record.to_dict())])

    def position(self, fingerprint: str) -> int | None:
        with self._reading():
            record = self._article(fingerprint)
        return None if record is None else record.position

    def forget_path(self, fingerprint: str, path: str) -> None:
        """The file at ``path`` no longer holds this content: drop it from the record."""
        with self._writing():
            old = self._article(fingerprint)
            if old is None or path not in old.paths:
                return
            paths = tuple(p for p in old.paths if p != path)
            where = old.path if old.path != path else (paths[-1] if paths else "")
            record = replace(old, path=where, paths=paths)
            self._commit([_put(ARTICLES, fingerprint, record.to_dict())])

    def copy_in(
        self, records: Iterable[ArticleRecord], anns: Iterable[Annotation]
    ) -> tuple[int, int]:
        """Add the article records and annotations not stored yet, in one atomic write
        (``reader migrate``); returns how many of each were added."""
        with self._writing():
            stored_articles, stored = self._raw(ARTICLES), self._raw(ANNOTATIONS)
            new_records = {
                r.fingerprint: r for r in records if r.fingerprint not in stored_articles
            }
            fresh = {a.id: a for a in anns if a.id not in stored}
            ops = [_put(ARTICLES, r.fingerprint, r.to_dict()) for r in new_records.values()]
            ops += [_put(ANNOTATIONS, a.id, a.to_dict()) for a in fresh.values()]
            if ops:
                self._commit(ops)
            return len(new_records), len(fresh)

    # -- lifetime ------------------------------------------------------------------------

    def compact(self) -> None:
        """Fold the journal into the snapshot now (it also happens on its own)."""
        with self._writing():
            self._storage.compact()

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._storage.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"
