"""The annotations database: a TinyDB store persisted as a snapshot plus a journal.

One module per job: ``database`` (the ``Store``), ``journal`` (snapshot and journal files,
locking), ``fileformat`` (their bytes), ``atomic`` (replacing a file whole), ``schema``
(version and upgrades), ``records`` (article records), ``paths`` (where the file is),
``writer`` (saving off the UI thread), ``errors`` (``StoreError``).

The names in ``__all__`` are the public API, loaded on first use so that importing one
light module (``reader.store.atomic`` for exports, ``reader.store.paths`` for the command
line) does not load TinyDB and the whole store.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.store.database import Store
    from reader.store.errors import StoreError
    from reader.store.paths import DB_ENV, default_db_path, resolve_db_path
    from reader.store.records import ArticleRecord
    from reader.store.schema import SCHEMA_VERSION, migrate
    from reader.store.writer import BackgroundWriter

_EXPORTS = {
    "DB_ENV": "reader.store.paths",
    "SCHEMA_VERSION": "reader.store.schema",
    "ArticleRecord": "reader.store.records",
    "BackgroundWriter": "reader.store.writer",
    "Store": "reader.store.database",
    "StoreError": "reader.store.errors",
    "default_db_path": "reader.store.paths",
    "migrate": "reader.store.schema",
    "resolve_db_path": "reader.store.paths",
}

__all__ = [
    "DB_ENV",
    "SCHEMA_VERSION",
    "ArticleRecord",
    "BackgroundWriter",
    "Store",
    "StoreError",
    "default_db_path",
    "migrate",
    "resolve_db_path",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'reader.store' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
