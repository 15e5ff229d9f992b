"""Follow an article's notes when its file moved, was renamed, or its text changed.

The store keys annotations by content fingerprint and knows nothing of loading files;
this module is the workflow between the two: it looks at what the store remembers for a
path, loads the other files it names to see whether they still hold their old content,
re-anchors notes in the new text, and writes the outcome back in one step.
"""

from __future__ import annotations

from dataclasses import replace

from reader.article.loading import ArticleError, load_article
from reader.article.model import Article
from reader.notes.anchoring import reanchor
from reader.notes.annotations import Annotation, new_id
from reader.store.database import Store

__all__ = ["annotations_for_article", "remember_article"]


def remember_article(store: Store, article: Article) -> None:
    """Record in ``store`` that ``article`` was opened (path, title, time)."""
    store.remember_article(fingerprint=article.fingerprint, path=article.path, title=article.title)


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
    remember_article(store, article)
    return store.annotations(article.fingerprint)
