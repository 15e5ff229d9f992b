"""Saved web pages: the article's own text and its metadata, without the page around it.

A news page is mostly navigation, cookie banners, share rows, "most read" lists,
comments and footers. trafilatura is built for this (main-text extraction with
metadata from JSON-LD, OpenGraph and ``<meta>``), so reader hands it the bytes —
it honours the page's declared charset — and keeps the paragraphs it finds, one
per paragraph of the article's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reader.errors import ArticleError

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_SNIFF = 1024


@dataclass(frozen=True, slots=True)
class Page:
    """The article a page holds, with what its metadata says about it."""

    text: str
    title: str | None
    author: str | None
    published: str | None
    """ISO 8601 date, as the page states it."""
    site: str | None


def looks_like_html(data: bytes, suffix: str) -> bool:
    """Named ``.html``, or starting like a page (``<!doctype html``, ``<html``)."""
    if suffix.lower() in HTML_SUFFIXES:
        return True
    head = data[:_SNIFF].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def read_page(data: bytes, source: str) -> Page:
    """The page's main text as paragraphs; ``ArticleError`` when it holds no article."""
    try:
        import trafilatura
    except ImportError as exc:  # a broken install: name what is missing
        raise ArticleError(f"{source}: cannot read web pages ({exc})") from None
    # ``fast`` first: no fallback extractors. On a page without an article they return
    # its menu ("Home About") as if it were one; an honest "no article" is better. A page
    # built of bare <div>s (no <p>) defeats the fast path, though, so when it finds
    # nothing the fallbacks get one try, kept only if what they find reads as prose.
    document = _extract(trafilatura, data, fast=True)
    paragraphs = _paragraphs(document)
    if not paragraphs:
        document = _extract(trafilatura, data, fast=False)
        paragraphs = _paragraphs(document)
        if not any(len(p.split()) >= PROSE_WORDS for p in paragraphs):
            raise ArticleError(f"{source}: no article text found in this page")
    assert document is not None
    return Page(
        text="\n\n".join(paragraphs) + "\n",
        title=_clean(document.title),
        author=_clean(document.author),
        published=_clean(document.date),
        site=_clean(document.sitename),
    )


PROSE_WORDS = 12
"""A paragraph this long is a sentence of an article, not a menu or a banner."""


def _extract(trafilatura: Any, data: bytes, *, fast: bool) -> Any:
    return trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, favor_precision=True, fast=fast
    )


def _paragraphs(document: Any) -> list[str]:
    body = (document.text or "") if document is not None else ""
    paragraphs = [" ".join(line.split()) for line in body.splitlines()]
    return [p for p in paragraphs if p]


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None
