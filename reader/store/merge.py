"""Per-field edits of an annotation that another process may have changed meanwhile.

Two reader windows on one database each hold an in-memory copy of an article's notes.
Writing a whole annotation back from such a copy would undo whatever the other window
saved since the copy was read (a note written there, lost by a tag added here). So an
edit is saved as the fields this user changed, applied to the store's *current* version
under the write lock; fields the user did not touch keep the other writer's value. When
both changed the same field, the last writer wins and the result says so (``Conflict``),
so the user is told rather than silently losing the other text.

Pure functions over ``Annotation`` values: tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reader.notes.annotations import Annotation, normalize_tags

__all__ = ["PATCH_FIELDS", "Conflict", "Patched", "merge_patch"]

PATCH_FIELDS = ("tags", "note", "corrected_speaker")
"""The fields a user edits on an existing annotation."""

MISSING = "missing"
"""``Conflict.field`` when the annotation was no longer stored (deleted elsewhere)."""


def _short(value: object, limit: int = 40) -> str:
    if isinstance(value, tuple):
        text = ", ".join(f"#{tag}" for tag in value) or "no tags"
    else:
        text = " ".join(str(value).split()) or "empty"
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class Conflict:
    """Another writer changed ``field`` too; ours replaced ``theirs``."""

    annotation_id: str
    field: str
    theirs: Any
    ours: Any

    def message(self) -> str:
        """One line for the user."""
        if self.field == MISSING:
            return "This note had been deleted in another window: it is saved again"
        what = {"note": "note", "corrected_speaker": "speaker"}.get(self.field, "tags")
        return (
            f"The {what} of this note changed in another window too: kept yours "
            f"({_short(self.ours)}) over theirs ({_short(self.theirs)})"
        )


@dataclass(frozen=True, slots=True)
class Patched:
    """What ``Store.patch`` stored: the annotation as saved and any conflicts."""

    annotation: Annotation
    conflicts: tuple[Conflict, ...] = ()
    written: bool = True
    """False when nothing differed from the stored version (no write was needed)."""


def _clean(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(PATCH_FIELDS)
    if unknown:
        fields = ", ".join(PATCH_FIELDS)
        raise ValueError(f"cannot patch {', '.join(sorted(unknown))}: only {fields}")
    clean = {k: v for k, v in changes.items() if v is not None}
    if "tags" in clean:
        clean["tags"] = normalize_tags(tuple(clean["tags"]))
    if "note" in clean:
        clean["note"] = str(clean["note"])
    if "corrected_speaker" in clean:
        clean["corrected_speaker"] = str(clean["corrected_speaker"]).strip()
    return clean


def merge_patch(
    current: Annotation | None,
    changes: dict[str, Any],
    *,
    base: Annotation | None,
) -> Patched:
    """Apply ``changes`` (tags and/or note; None means untouched) to ``current``.

    ``base`` is the version the user's edit started from: a field whose stored value
    differs from ``base`` and from the new value was changed by someone else too, which
    is reported. With ``current`` None (deleted elsewhere) the annotation is rebuilt
    from ``base`` with the changes, and that is reported too.
    """
    clean = _clean(changes)
    if current is None:
        if base is None:
            raise KeyError("annotation is not stored and no base version was given")
        rebuilt = base.with_changes(**clean)
        return Patched(rebuilt, (Conflict(base.id, MISSING, None, None),))
    conflicts: list[Conflict] = []
    for name, ours in clean.items():
        theirs = getattr(current, name)
        if base is not None and theirs != getattr(base, name) and theirs != ours:
            conflicts.append(Conflict(current.id, name, theirs, ours))
    if all(getattr(current, name) == value for name, value in clean.items()):
        return Patched(current, tuple(conflicts), written=False)
    return Patched(current.with_changes(**clean), tuple(conflicts))
