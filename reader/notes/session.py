"""The annotations of the article being read, as the user edits them.

The UI changes this in-memory model at once (so the screen never waits for the
disk) and hands the matching ``StoreOp`` to a single background writer, which
applies them to the store in order. Pure Python: tested without Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.article.loading import Article
from reader.notes.annotations import Annotation, make_annotation, normalize_tags
from reader.store.merge import PATCH_FIELDS
from reader.view.spans import Span

if TYPE_CHECKING:
    from reader.store.interface import AnnotationStore

StoreOp = Callable[["AnnotationStore"], object]
"""One write to apply to the store, off the UI thread."""


def describe(annotation: Annotation) -> str:
    """How the Notes list names an annotation: its note, else its text."""
    text = annotation.note or annotation.exact
    return " ".join(text.split())


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace at the ends of a selection ("v w w" ends on a space)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else (start, start + 1)


NOTE_KIND = "annotation"
ORPHAN_KIND = "orphan"
"""A note whose text is no longer in the article: listed (with its tags), not drawn."""


def tag_line(annotation: Annotation, user: str = "") -> str:
    """The Notes list's second column: the speaker the user set, then the tags.

    A note someone else made (its author is known and is not ``user``) starts with
    ``by AUTHOR`` so a team sees whose it is; one's own notes, and old notes without
    an author, are shown as before.
    """
    tags = " ".join(f"#{tag}" for tag in annotation.tags)
    line = tags
    if annotation.corrected_speaker:
        line = f"✓ {annotation.corrected_speaker} {tags}".rstrip()
    author = " ".join(annotation.author.split())
    if not author or author == user:
        return line
    return f"by {author} · {line}" if line else f"by {author}"


def _writing_whole(annotation: Annotation) -> StoreOp:
    """A write of the whole note; returns it, so the caller learns what is stored."""

    def write(store: AnnotationStore) -> Annotation:
        store.update(annotation)
        return annotation

    return write


def _deleting(annotation_id: str) -> StoreOp:
    def delete(store: AnnotationStore) -> None:
        store.delete(annotation_id)

    return delete


@dataclass
class AnnotationSession:
    """Annotations of one article, the undo stack of deletions, and the current one."""

    article: Article
    annotations: dict[str, Annotation] = field(default_factory=dict)
    deleted: list[Annotation] = field(default_factory=list)
    current_id: str | None = None
    deleted_ids: set[str] = field(default_factory=set)
    """Every id deleted in this session, so notes loaded late do not bring them back."""
    user: str = ""
    """Who is annotating: the author of notes created here ("" = unknown)."""
    stored: dict[str, Annotation] = field(default_factory=dict)
    """Each note as last read from or written to the store: the base a retried save
    patches from, so a colleague's edit made meanwhile is kept or reported, not undone."""

    @classmethod
    def start(
        cls, article: Article, annotations: Iterable[Annotation], *, user: str = ""
    ) -> AnnotationSession:
        notes = {a.id: a for a in annotations}
        return cls(article, notes, user=user, stored=dict(notes))

    def saved(self, annotation: Annotation) -> None:
        """The store now holds ``annotation`` (a save succeeded with it)."""
        self.stored[annotation.id] = annotation

    def merge_loaded(self, loaded: Iterable[Annotation]) -> int:
        """Add notes read from the store, keeping edits made while they were loading.

        A note the user created, changed or deleted meanwhile is already known here
        (or in ``deleted_ids``): the in-memory version wins. Returns how many were added.
        """
        added = 0
        for annotation in loaded:
            self.stored.setdefault(annotation.id, annotation)
            if annotation.id in self.annotations or annotation.id in self.deleted_ids:
                continue
            self.annotations[annotation.id] = annotation
            added += 1
        return added

    def apply_external(
        self, changed: Iterable[Annotation], removed: Iterable[str], keep: set[str]
    ) -> bool:
        """Take in what other windows or processes saved; ``keep`` are ids with unsaved edits here.

        Returns whether anything shown changed.
        """
        touched = False
        for annotation in changed:
            self.stored[annotation.id] = annotation
            if annotation.id in keep or annotation.id in self.deleted_ids:
                continue
            if self.annotations.get(annotation.id) != annotation:
                self.annotations[annotation.id] = annotation
                touched = True
        for annotation_id in removed:
            self.stored.pop(annotation_id, None)
            if annotation_id not in keep and self.annotations.pop(annotation_id, None) is not None:
                touched = True
                if self.current_id == annotation_id:
                    self.current_id = None
        return touched

    def resave_op(self, annotation_id: str) -> StoreOp:
        """A write that puts the note's present state in the store (to retry a failed save).

        A note the store had is patched from the version it last had here (``stored``):
        only the fields that differ are written, on the stored row as it is now, so what
        another writer changed meanwhile survives, or is reported when they changed
        the same field. A note the store never had is written whole.
        """
        annotation = self.annotations.get(annotation_id)
        if annotation is None:
            return _deleting(annotation_id)
        base = self.stored.get(annotation_id)
        if base is None:
            return _writing_whole(annotation)
        changes = {
            name: getattr(annotation, name)
            for name in PATCH_FIELDS
            if getattr(annotation, name) != getattr(base, name)
        }
        return lambda store: store.patch(annotation_id, base=base, **changes)

    # ------------------------------------------------------------- queries
    def sorted(self) -> list[Annotation]:
        return sorted(self.annotations.values(), key=lambda a: (a.orphaned, a.start, a.end))

    def at(self, offset: int) -> Annotation | None:
        """The smallest placed annotation covering ``offset``."""
        covering = [
            a for a in self.annotations.values() if not a.orphaned and a.start <= offset < a.end
        ]
        return min(covering, key=lambda a: a.end - a.start) if covering else None

    @property
    def current(self) -> Annotation | None:
        return self.annotations.get(self.current_id) if self.current_id else None

    def spans(self) -> list[Span]:
        """Notes for the side pane and highlights for the text (orphans included)."""
        return [
            Span(
                a.start,
                a.end,
                ORPHAN_KIND if a.orphaned else NOTE_KIND,
                key=a.id,
                label=describe(a),
                detail=tag_line(a, self.user),
            )
            for a in self.sorted()
        ]

    # ------------------------------------------------------------- changes
    def create(
        self,
        start: int,
        end: int,
        *,
        tags: Iterable[str] = (),
        note: str = "",
        speaker: str | None = None,
        corrected_speaker: str = "",
    ) -> tuple[Annotation, StoreOp]:
        article = self.article
        start, end = trim_span(article.text, start, end)
        annotation = make_annotation(
            article.text,
            start,
            end,
            fingerprint=article.fingerprint,
            source=str(article.path),
            title=article.title,
            tags=tuple(tags),
            note=note,
            speaker=speaker,
            corrected_speaker=corrected_speaker,
            author=self.user,
        )
        self.annotations[annotation.id] = annotation
        self.current_id = annotation.id

        def add(store: AnnotationStore) -> Annotation:
            store.add(annotation)
            return annotation

        return annotation, add

    def update(
        self,
        annotation_id: str,
        *,
        tags: Iterable[str] | None = None,
        note: str | None = None,
        corrected_speaker: str | None = None,
        base: Annotation | None = None,
    ) -> tuple[Annotation, StoreOp]:
        """Change fields; ``base`` is the version the user saw when they started editing
        (a dialog opened before another window changed or deleted the note)."""
        old = base if base is not None else self.annotations[annotation_id]
        current = self.annotations.get(annotation_id, old)
        new_tags = None if tags is None else normalize_tags(tuple(tags))
        changes: dict[str, object] = {}
        if new_tags is not None:
            changes["tags"] = new_tags
        if note is not None:
            changes["note"] = note
        if corrected_speaker is not None:
            corrected_speaker = corrected_speaker.strip()
            changes["corrected_speaker"] = corrected_speaker
        annotation = current.with_changes(**changes)
        self.annotations[annotation_id] = annotation
        self.deleted_ids.discard(annotation_id)
        self.current_id = annotation_id

        def save(store: AnnotationStore) -> object:
            # Only the fields changed here, applied to the stored version, so another
            # window's edit of the other field survives. Returns ``Patched``, whose
            # ``conflicts`` say when both changed the same field (ours won).
            return store.patch(
                annotation_id,
                tags=new_tags,
                note=note,
                corrected_speaker=corrected_speaker,
                base=old,
            )

        return annotation, save

    def delete(self, annotation_id: str) -> tuple[Annotation, StoreOp]:
        annotation = self.annotations.pop(annotation_id)
        self.deleted.append(annotation)
        self.deleted_ids.add(annotation_id)
        if self.current_id == annotation_id:
            self.current_id = None
        return annotation, _deleting(annotation_id)

    def undo_delete(self) -> tuple[Annotation, StoreOp] | None:
        """Bring back the most recently deleted annotation, as it was."""
        if not self.deleted:
            return None
        annotation = self.deleted.pop()
        self.deleted_ids.discard(annotation.id)
        self.annotations[annotation.id] = annotation
        self.current_id = annotation.id
        return annotation, _writing_whole(annotation)
