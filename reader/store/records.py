"""The store's documents besides annotations: what it remembers about each article.

Plain values (no ``Article``): the store must not depend on how articles are loaded, so
callers hand it a fingerprint, a path and a title.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reader.store.fileformat import Doc

__all__ = ["ArticleMetadata", "ArticleRecord"]


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
    author: str | None = None
    """The article's byline (a page's or a book's metadata), for exports."""
    published: str | None = None
    """When it was published (ISO 8601, as the page gives it)."""
    site: str | None = None
    url: str | None = None
    """Where a web article was fetched from: what exports cite instead of the cached copy."""

    def to_dict(self) -> Doc:
        return {
            "fingerprint": self.fingerprint,
            "path": self.path,
            "title": self.title,
            "paths": list(self.paths),
            "position": self.position,
            "last_opened": self.last_opened,
            "author": self.author,
            "published": self.published,
            "site": self.site,
            "url": self.url,
        }

    def with_metadata(self, metadata: ArticleMetadata) -> ArticleRecord:
        """This record with the article's metadata as it now is."""
        return replace(self, **metadata.fields())

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
            author=_text(data.get("author")),
            published=_text(data.get("published")),
            site=_text(data.get("site")),
            url=_text(data.get("url")),
        )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


@dataclass(frozen=True, slots=True)
class ArticleMetadata:
    """What an article says about itself, handed to ``remember_article`` (plain values:
    the store does not load articles)."""

    author: str | None = None
    published: str | None = None
    site: str | None = None
    url: str | None = None

    def fields(self) -> dict[str, str | None]:
        return {
            "author": self.author,
            "published": self.published,
            "site": self.site,
            "url": self.url,
        }
