"""The store's documents besides annotations: what it remembers about each article.

Plain values (no ``Article``): the store must not depend on how articles are loaded, so
callers hand it a fingerprint, a path and a title.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.store.fileformat import Doc

__all__ = ["ArticleRecord"]


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
