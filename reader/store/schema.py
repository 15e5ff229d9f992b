"""The database's layout and its history: schema version, checks, and the upgrade chain.

Schema history (``migrate`` upgrades step by step; the store keeps the original file as
``<db>.v<N>.bak`` before the first upgrade writes over it):

* v0, the prototype: plain TinyDB ``JSONStorage`` with annotations in the ``_default``
  table under integer ids, ``quote`` for the exact text, tags as one comma-separated
  string, no articles table and no schema record.
* v1: tables ``meta`` (the schema record, keyed ``"schema"``), ``articles`` (keyed by
  content fingerprint) and ``annotations`` (keyed by annotation id).

Checks refuse, with a one-line ``StoreError`` naming the file, anything this version did
not write, so a stray JSON file is never "upgraded" into a reader database.
"""

from __future__ import annotations

from collections.abc import Callable

from reader.notes.annotations import Annotation, new_id, parse_tags
from reader.store.errors import StoreError
from reader.store.fileformat import Data, Doc
from reader.store.records import ArticleRecord

__all__ = [
    "ANNOTATIONS",
    "ARTICLES",
    "META",
    "MIGRATIONS",
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "check_current",
    "empty_database",
    "migrate",
    "schema_version",
]

SCHEMA_VERSION = 1

META = "meta"
ARTICLES = "articles"
ANNOTATIONS = "annotations"
SCHEMA_ID = "schema"
_TABLES = frozenset({META, ARTICLES, ANNOTATIONS, "_default"})


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


def check_current(data: Data, name: str) -> None:
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


def empty_database() -> Data:
    """What a new file starts as: the current schema record and empty tables."""
    return migrate({META: {}, ARTICLES: {}, ANNOTATIONS: {}}, SCHEMA_VERSION)
