"""The annotation store: the user's annotations and articles in one TinyDB file.

TinyDB is the query layer; ``reader.store.journal.JournalStorage`` decides how bytes reach the
disk (a compacted snapshot plus an append-only, checksummed journal), which is what makes
a save durable on return, atomic under a crash, cheap with 100k annotations stored, and
safe with several processes on one file (see that module for the reasons).

Every public method takes a thread lock (the app saves from a worker thread) and the
storage's file lock, re-reads whatever another process changed, then reads or writes.
Documents are keyed by meaning, not by TinyDB's counters: annotations by their id,
articles by their content fingerprint, the schema record by ``"schema"``.

Schema history (``migrate`` upgrades step by step; the original file is kept as
``<db>.v<N>.bak`` before the first upgrade writes over it):

* v0, the prototype: plain TinyDB ``JSONStorage`` with annotations in the ``_default``
  table under integer ids, ``quote`` for the exact text, tags as one comma-separated
  string, no articles table and no schema record.
* v1: tables ``meta``, ``articles`` and ``annotations`` as described above.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType

import platformdirs
from tinydb import Query, TinyDB
from tinydb.table import Table

from reader.article.loading import Article, ArticleError, load_article
from reader.notes.anchoring import reanchor
from reader.notes.annotations import Annotation, new_id, now_iso, parse_tags
from reader.store.journal import Data, Doc, JournalStorage, Op, StoreError

__all__ = [
    "DB_ENV",
    "SCHEMA_VERSION",
    "ArticleRecord",
    "Store",
    "StoreError",
    "annotations_for_article",
    "default_db_path",
    "migrate",
    "resolve_db_path",
]

DB_ENV = "READER_DB"
DB_FILENAME = "reader.json"
SCHEMA_VERSION = 1

META = "meta"
ARTICLES = "articles"
ANNOTATIONS = "annotations"
SCHEMA_ID = "schema"
_TABLES = frozenset({META, ARTICLES, ANNOTATIONS, "_default"})


def default_db_path() -> Path:
    """The per-user data directory (created on first save)."""
    return Path(platformdirs.user_data_dir("reader", appauthor=False)) / DB_FILENAME


def resolve_db_path(db: str | None = None) -> Path:
    """``--db`` if given, else ``$READER_DB``, else the default location."""
    chosen = db or os.environ.get(DB_ENV) or None
    return Path(chosen).expanduser() if chosen else default_db_path()


# -- schema ------------------------------------------------------------------------------


def _migrate_v0(data: Data) -> Data:
    """v0 → v1: annotations keyed by id, ``quote`` → ``exact``, tags as a list, articles."""
    annotations: dict[str, Doc] = {}
    articles: dict[str, Doc] = {}
    for doc in data.get("_default", {}).values():
        record = dict(doc)
        if "exact" not in record and "quote" in record:
            record["exact"] = record.pop("quote")
        if isinstance(record.get("tags"), str):
            record["tags"] = list(parse_tags(record["tags"]))
        record["id"] = str(record.get("id") or new_id())
        ann = Annotation.from_dict(record)
        annotations[ann.id] = ann.to_dict()
        if ann.fingerprint and ann.fingerprint not in articles:
            articles[ann.fingerprint] = ArticleRecord(
                fingerprint=ann.fingerprint,
                path=ann.source,
                title=ann.title,
                paths=(ann.source,) if ann.source else (),
            ).to_dict()
    return {
        META: {SCHEMA_ID: {"version": 1, "app": "reader"}},
        ARTICLES: articles,
        ANNOTATIONS: annotations,
    }


MIGRATIONS: dict[int, Callable[[Data], Data]] = {0: _migrate_v0}
"""``MIGRATIONS[n]`` turns schema ``n`` into ``n + 1``."""


def migrate(data: Data, from_version: int) -> Data:
    """Upgrade ``data`` from ``from_version`` to ``SCHEMA_VERSION``, one step at a time."""
    version = from_version
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    data.setdefault(META, {})[SCHEMA_ID] = {"version": SCHEMA_VERSION, "app": "reader"}
    return data


def _looks_v0(data: Data) -> bool:
    """A prototype file: only TinyDB's default table, holding annotation-shaped records."""
    if set(data) - {"_default"}:
        return False
    docs = data.get("_default", {}).values()
    return all(
        isinstance(d.get("start"), int)
        and isinstance(d.get("end"), int)
        and isinstance(d.get("quote", d.get("exact")), str)
        for d in docs
    )


def schema_version(data: Data, name: str) -> int | None:
    """The file's schema version; None for a new, empty file; ``StoreError`` if not ours."""
    if not any(data.values()) and set(data) <= _TABLES:
        return None
    meta = data.get(META, {}).get(SCHEMA_ID)
    if meta is None:
        if _looks_v0(data):
            return 0
        tables = ", ".join(sorted(data)) or "none"
        raise StoreError(f"{name}: not a reader database (tables: {tables}); left untouched")
    version = meta.get("version")
    if meta.get("app") != "reader" or not isinstance(version, int):
        raise StoreError(f"{name}: not a reader database (unknown schema record); left untouched")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{name}: written by a newer reader (schema {version}; this one knows up to "
            f"{SCHEMA_VERSION}); left untouched"
        )
    return version


def _check_current(data: Data, name: str) -> None:
    """Refuse files whose tables or records are not what this version writes."""
    unknown = set(data) - _TABLES
    if unknown:
        raise StoreError(
            f"{name}: not a reader database (unknown tables: {', '.join(sorted(unknown))}); "
            "left untouched"
        )
    for key, doc in data.get(ANNOTATIONS, {}).items():
        if not (
            doc.get("id") == key
            and isinstance(doc.get("start"), int)
            and isinstance(doc.get("end"), int)
            and isinstance(doc.get("exact"), str)
            and isinstance(doc.get("tags", []), list)
        ):
            raise StoreError(
                f"{name}: not a reader database (bad annotation {key!r}); left untouched"
            )
    for key, doc in data.get(ARTICLES, {}).items():
        if doc.get("fingerprint") != key:
            raise StoreError(f"{name}: not a reader database (bad article {key!r}); left untouched")


# -- records -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What the store remembers about an article, keyed by its content fingerprint."""

    fingerprint: str
    path: str
    """Where it was last opened (resolved)."""
    title: str = ""
    paths: tuple[str, ...] = ()
    """Every path it was opened from, oldest first (a moved file keeps its notes)."""
    position: int | None = None
    """Reading position: an offset into the text, restored on the next open."""
    last_opened: str = ""

    def to_dict(self) -> Doc:
        return {
            "fingerprint": self.fingerprint,
            "path": self.path,
            "title": self.title,
            "paths": list(self.paths),
            "position": self.position,
            "last_opened": self.last_opened,
        }

    @classmethod
    def from_dict(cls, data: Doc) -> ArticleRecord:
        position = data.get("position")
        return cls(
            fingerprint=str(data["fingerprint"]),
            path=str(data.get("path", "")),
            title=str(data.get("title", "")),
            paths=tuple(str(p) for p in data.get("paths", ())),
            position=position if isinstance(position, int) else None,
            last_opened=str(data.get("last_opened", "")),
        )


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
        try:
            with self._lock, self._storage.locked(exclusive=True):
                self._storage.refresh()
                self._prepare()
                self._storage.remove_stale_temps()
        except BaseException:
            self._storage.close()
            raise

    @classmethod
    def open(cls, db: str | None = None) -> Store:
        """The store at ``--db``, else ``$READER_DB``, else the user's data directory."""
        return cls(resolve_db_path(db))

    # -- plumbing ------------------------------------------------------------------------

    def _prepare(self) -> None:
        """Create a new file, or check (and if older, migrate) an existing one."""
        name = str(self.path)
        data = self._storage.read()
        version = schema_version(data, name)
        if version is None:
            self._storage.write(migrate({META: {}, ARTICLES: {}, ANNOTATIONS: {}}, SCHEMA_VERSION))
        elif version < SCHEMA_VERSION:
            backup = self.path.with_name(f"{self.path.name}.v{version}.bak")
            if not backup.exists() and self.path.exists():
                try:
                    shutil.copy2(self.path, backup)
                except OSError as exc:
                    raise StoreError(
                        f"{backup}: cannot keep a copy before upgrading ({exc.strerror})"
                    ) from None
            try:
                upgraded = migrate({k: dict(v) for k, v in data.items()}, version)
            except (KeyError, TypeError, ValueError) as exc:
                raise StoreError(
                    f"{name}: cannot upgrade from schema {version} ({exc}); left untouched"
                ) from None
            _check_current(upgraded, name)
            self._storage.write(upgraded)
        else:
            _check_current(data, name)
        self._clear_caches()

    def _clear_caches(self) -> None:
        self._annotations.clear_cache()
        self._articles.clear_cache()

    def _sync(self) -> None:
        change = self._storage.refresh()
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

    def remember_article(self, article: Article) -> None:
        """Record that ``article`` was opened: its path (added to those seen), title, time."""
        path = str(article.path)
        with self._writing():
            old = self._article(article.fingerprint)
            paths = old.paths if old else ()
            if path not in paths:
                paths = (*paths, path)
            record = ArticleRecord(
                fingerprint=article.fingerprint,
                path=path,
                title=article.title,
                paths=paths,
                position=old.position if old else None,
                last_opened=now_iso(),
            )
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
            record = ArticleRecord(
                fingerprint=fingerprint,
                path=old.path,
                title=old.title,
                paths=old.paths,
                position=max(0, int(offset)),
                last_opened=old.last_opened,
            )
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
            record = ArticleRecord(
                fingerprint=fingerprint,
                path=old.path if old.path != path else (paths[-1] if paths else ""),
                title=old.title,
                paths=paths,
                position=old.position,
                last_opened=old.last_opened,
            )
            self._commit([_put(ARTICLES, fingerprint, record.to_dict())])

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


# -- articles that changed or moved -------------------------------------------------------


def _still_holds(path: str, fingerprint: str) -> bool:
    """Whether the file at ``path`` still has this content (a copy left unchanged)."""
    try:
        return load_article(path).fingerprint == fingerprint
    except ArticleError:
        return False


def _other_holder(store: Store, fingerprint: str, path: str) -> str | None:
    """Another path remembered for this content that still holds it, if any."""
    record = store.article_record(fingerprint) if fingerprint else None
    if record is None:
        return None
    return next((p for p in record.paths if p != path and _still_holds(p, fingerprint)), None)


def annotations_for_article(store: Store, article: Article) -> list[Annotation]:
    """This article's annotations, following the file when its content changed.

    Annotations are found by content fingerprint, so a moved or renamed file keeps them
    (the new path is recorded). When the file at this path held other content before
    (an article record or the annotations' source say so), those annotations are
    re-anchored in the new text and stored under the new fingerprint, in one write; the
    ones that cannot be placed are kept, flagged as orphans. If another remembered path
    still holds the old content, the originals stay with that file and the re-anchored
    ones are copies with new ids.
    """
    path = str(article.path)
    stale: dict[str, Annotation] = {}
    for record in store.articles():
        if record.fingerprint != article.fingerprint and path in record.paths:
            stale.update((a.id, a) for a in store.annotations(record.fingerprint))
            store.forget_path(record.fingerprint, path)
    for ann in store.annotations_with_source(path):
        if ann.fingerprint != article.fingerprint:
            stale.setdefault(ann.id, ann)
    if stale:
        olds = list(stale.values())
        holders = {fp: _other_holder(store, fp, path) for fp in {a.fingerprint for a in olds}}
        placed = reanchor(
            article.text, olds, fingerprint=article.fingerprint, source=path, title=article.title
        )
        changes: list[Annotation] = []
        for old, new in zip(olds, placed, strict=True):
            holder = holders[old.fingerprint]
            if holder is None:
                changes.append(new)
            else:
                changes.append(replace(new, id=new_id()))
                changes.append(replace(old, source=holder))
        store.update_many(changes)
    store.remember_article(article)
    return store.annotations(article.fingerprint)
