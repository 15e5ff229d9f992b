"""Follow an article's notes when its file moved, was renamed, copied, or its text changed.

The store keys annotations by content fingerprint and knows nothing of loading files;
this module is the workflow between the two: it looks at what the store remembers for a
path, loads the other files it names to see whether they still hold their old content,
re-anchors notes in the new text, and writes the outcome back in one step.

Every note belongs to one file: its ``source``, the path it was last anchored in. Two
files with the same content (a copy) show each other's notes, since they are the same
text, but a note is never duplicated: when a file's content changes, the notes made in
that file follow it (same ids, re-anchored) and the notes of an unchanged copy stay
with the copy. A note whose file is gone, or no longer holds its content, is claimed by
the file opened with that content (a move), so exports show where the article is now.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from reader.article.loading import ArticleError, load_article
from reader.article.model import Article
from reader.notes.anchoring import reanchor
from reader.notes.annotations import Annotation
from reader.store.interface import AnnotationStore
from reader.store.records import ArticleMetadata

__all__ = ["annotations_for_article", "follow_moves", "remember_article"]


def remember_article(store: AnnotationStore, article: Article) -> None:
    """Record in ``store`` that ``article`` was opened (path, title, time).

    A read-only store remembers nothing (the notes can still be read)."""
    if store.read_only:
        return
    store.remember_article(
        fingerprint=article.fingerprint,
        path=str(article.path),
        title=article.title,
        metadata=article_metadata(article),
    )


def article_metadata(article: Article) -> ArticleMetadata:
    """What the article says about itself, as the store keeps it for exports."""
    return ArticleMetadata(
        author=article.author, published=article.published, site=article.site, url=article.url
    )


class _Holders:
    """Whether a file still holds some content, each file loaded at most once per call."""

    def __init__(self, known: Iterable[Article] = ()) -> None:
        self._fingerprints: dict[str, str | None] = {str(a.path): a.fingerprint for a in known}

    def holds(self, path: str, fingerprint: str) -> bool:
        if not path:
            return False
        if path not in self._fingerprints:
            try:
                found: str | None = load_article(path).fingerprint
            except (ArticleError, OSError):
                found = None
            self._fingerprints[path] = found
        return self._fingerprints[path] == fingerprint


def _moved_here(
    anns: Iterable[Annotation], article: Article, holders: _Holders
) -> list[Annotation]:
    """Notes on this content whose file no longer holds it, now sourced at ``article``."""
    path = str(article.path)
    return [
        replace(a, source=path, title=article.title or a.title)
        for a in anns
        if a.fingerprint == article.fingerprint
        and a.source != path
        and not holders.holds(a.source, a.fingerprint)
    ]


def follow_moves(anns: Iterable[Annotation], articles: Sequence[Article]) -> list[Annotation]:
    """``anns`` with the source of moved notes set to where their content is now.

    For exports that name the files (``--article``): nothing is written."""
    items = list(anns)
    holders = _Holders(articles)
    by_id: dict[str, Annotation] = {}
    for article in articles:
        for moved in _moved_here(items, article, holders):
            by_id.setdefault(moved.id, moved)
    return [by_id.get(a.id, a) for a in items]


def annotations_for_article(store: AnnotationStore, article: Article) -> list[Annotation]:
    """This article's annotations, following the file when it moved or its content changed.

    * Same content, other path (moved, renamed): notes whose file no longer holds this
      content get this path as their source; a copy whose original is still there
      leaves the original's notes alone.
    * Other content at this path (edited): the notes made in this file are re-anchored
      in the new text and stored under the new fingerprint with their ids; those that
      cannot be placed are kept, flagged as orphans. Notes of that old content that
      belong to another file still holding it stay there (never copied).

    One write for all of it; a read-only store computes the same result and saves
    nothing.
    """
    path = str(article.path)
    holders = _Holders([article])
    changes = _moved_here(store.annotations(article.fingerprint), article, holders)
    stale: dict[str, Annotation] = {}
    forgotten: list[str] = []
    for record in store.articles():
        if record.fingerprint == article.fingerprint or path not in record.paths:
            continue
        forgotten.append(record.fingerprint)
        others = [p for p in record.paths if p != path]
        holder = next((p for p in others if holders.holds(p, record.fingerprint)), None)
        for ann in store.annotations(record.fingerprint):
            if ann.source != path and holders.holds(ann.source, ann.fingerprint):
                continue  # made in a copy that still holds that content: it stays there
            if ann.source != path and holder is not None:
                changes.append(replace(ann, source=holder))  # its file moved to the copy
            else:
                stale[ann.id] = ann
    for ann in store.annotations_with_source(path):
        if ann.fingerprint != article.fingerprint:
            stale.setdefault(ann.id, ann)
    if stale:
        changes.extend(
            reanchor(
                article.text,
                list(stale.values()),
                fingerprint=article.fingerprint,
                source=path,
                title=article.title,
            )
        )
    if store.read_only:
        return _as_stored(store.annotations(article.fingerprint), changes, article.fingerprint)
    store.update_many(changes)
    for fingerprint in forgotten:
        store.forget_path(fingerprint, path)
    remember_article(store, article)
    return store.annotations(article.fingerprint)


def _as_stored(
    stored: list[Annotation], changes: list[Annotation], fingerprint: str
) -> list[Annotation]:
    """What ``store.annotations`` would return had ``changes`` been written."""
    by_id = {a.id: a for a in stored}
    by_id.update((a.id, a) for a in changes)
    kept = [a for a in by_id.values() if a.fingerprint == fingerprint]
    return sorted(kept, key=lambda a: (a.start, a.end, a.created, a.id))
