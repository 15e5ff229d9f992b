"""The store interface the app, the command line and exports use, whatever the backend.

Two backends implement it: ``reader.store.database.Store`` (a TinyDB file, the embedded
default) and ``reader.store.postgres.store.PostgresStore`` (a server a team shares).
Callers type against this protocol so nothing above the store knows which one it has;
the contract tests (``tests/test_store_contract.py``) run the same checks on both.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import TracebackType
from typing import Protocol, Self

from reader.notes.annotations import Annotation
from reader.store.changes import Changes
from reader.store.merge import Patched
from reader.store.records import ArticleMetadata, ArticleRecord

__all__ = ["AnnotationStore"]


class AnnotationStore(Protocol):
    """Annotations keyed by id and article records keyed by content fingerprint."""

    @property
    def name(self) -> str:
        """How messages name the database: a path, or a URL without its password."""
        ...

    @property
    def read_only(self) -> bool: ...

    @property
    def read_only_reason(self) -> str | None: ...

    # annotations
    def add(self, ann: Annotation) -> None: ...
    def update(self, ann: Annotation) -> None: ...
    def patch(
        self,
        ann_id: str,
        *,
        tags: Iterable[str] | None = None,
        note: str | None = None,
        corrected_speaker: str | None = None,
        base: Annotation | None = None,
    ) -> Patched: ...
    def update_many(self, anns: Iterable[Annotation]) -> None: ...
    def add_many(self, anns: Iterable[Annotation]) -> int: ...
    def delete(self, ann_id: str) -> Annotation | None: ...
    def get(self, ann_id: str) -> Annotation | None: ...
    def annotations(self, fingerprint: str | None = None) -> list[Annotation]: ...
    def annotations_with_source(self, source: str) -> list[Annotation]: ...
    def tags(self) -> list[str]: ...
    def change_token(self) -> int: ...
    def changed_since(self, token: int, fingerprint: str | None = None) -> Changes: ...
    def __len__(self) -> int: ...

    # articles
    def remember_article(
        self,
        *,
        fingerprint: str,
        path: str,
        title: str = "",
        metadata: ArticleMetadata | None = None,
    ) -> None: ...
    def articles(self) -> list[ArticleRecord]: ...
    def article_record(self, fingerprint: str) -> ArticleRecord | None: ...
    def set_position(self, fingerprint: str, offset: int) -> None: ...
    def position(self, fingerprint: str) -> int | None: ...
    def forget_path(self, fingerprint: str, path: str) -> None: ...

    # whole stores
    def copy_in(
        self, records: Iterable[ArticleRecord], anns: Iterable[Annotation]
    ) -> tuple[int, int]:
        """Add the article records and annotations not stored yet, all or nothing;
        returns how many of each were added (``reader migrate``)."""
        ...

    def compact(self) -> None: ...
    def close(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
