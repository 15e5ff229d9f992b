"""Load article files into an immutable ``Article`` whose offsets are the contract.

Every other module (analysis, annotations, export) addresses the article by Python
``str`` offsets into ``Article.text``. That text is the file's content with only
``\\r\\n`` (and lone ``\\r``) turned into ``\\n`` (and a byte-order mark dropped);
nothing else is changed, so offsets stay meaningful to other tools reading the file.
Decoding lives in ``decoding``, display safety in ``display``, the value in ``model``.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

from reader.article.decoding import decode, normalize_newlines
from reader.article.display import visible_text
from reader.article.fetching import BOOK_TYPES, fetch, is_url
from reader.article.model import Article, extract_title, fingerprint_text
from reader.article.webpage import looks_like_html, read_page
from reader.errors import ArticleError

__all__ = [
    "MAX_BYTES",
    "Article",
    "ArticleError",
    "find_articles",
    "fingerprint_text",
    "load_article",
    "normalize_newlines",
    "visible_text",
]
"""``Article`` and ``ArticleError`` are re-exported because whoever loads a file
handles both; the three helpers because code written before the split imports
them from here (new code imports them from ``model``, ``decoding``, ``display``)."""

STDIN = "-"
"""The path that means standard input (``reader analyze -``)."""
MAX_BYTES = 50 * 1024 * 1024
"""Larger files are refused: they are not articles, and reading them would stall."""

ARTICLE_SUFFIXES = frozenset(
    {".txt", ".md", ".markdown", ".text", ".epub", ".html", ".htm", ".xhtml"}
)
EPUB_SUFFIX = ".epub"
_EPUB_MAGIC = b"PK\x03\x04"
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})


def load_article(path: str | Path, *, refresh: bool = False) -> Article:
    """Read one article file (or URL) or raise ``ArticleError`` with a one-line reason.

    A URL is read from the cache where it was kept when first fetched; ``refresh``
    fetches it again.
    """
    source = str(path)
    if is_url(source):
        return _url_article(source, refresh=refresh)
    if source == STDIN:
        return _stdin_article()
    p = Path(path).expanduser()
    if not p.exists():
        raise ArticleError(f"{source}: no such file")
    if p.is_dir():
        raise ArticleError(f"{source}: is a folder, not an article file")
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ArticleError(f"{source}: cannot read ({exc.strerror or exc})") from None
    if size > MAX_BYTES:
        raise ArticleError(
            f"{source}: too large ({size / 1_048_576:.1f} MB; the limit is "
            f"{MAX_BYTES // 1_048_576} MB)"
        )
    try:
        # Read at most one byte past the limit: a pipe or device has no size to
        # check first (``reader <(pandoc …)`` works; /dev/zero is refused as binary).
        with p.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ArticleError(f"{source}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise ArticleError(f"{source}: too large (the limit is {MAX_BYTES // 1_048_576} MB)")
    return _from_bytes(data, source, p.resolve(), suffix=p.suffix, fallback=p.name, kind="file")


def _from_bytes(
    data: bytes, source: str, path: Path, *, suffix: str, fallback: str, kind: str
) -> Article:
    """An article from a file's, a pipe's or a fetched page's bytes: book, page or text.

    ``suffix`` names the format when known (".epub", ".html", ".md"); the content is
    sniffed otherwise. ``fallback`` titles a text with no first line; ``kind`` names
    the input in the "empty" error.
    """
    if suffix.lower() == EPUB_SUFFIX or _is_epub(data):
        return _epub_article(data, source, path)
    if looks_like_html(data, suffix):
        return _page_article(data, source, path, fallback)
    decoded = decode(data, source)
    text = normalize_newlines(decoded.text)
    if not text.strip():
        raise ArticleError(f"{source}: empty {kind}, nothing to read")
    markdown = suffix.lower() in MARKDOWN_SUFFIXES
    return Article(
        text=text,
        title=extract_title(text, markdown=markdown, fallback=fallback),
        source=source,
        path=path,
        fingerprint=fingerprint_text(text),
        encoding=decoded.encoding,
        notice=decoded.notice,
        is_markdown=markdown,
        size=len(data),
    )


def _is_epub(data: bytes) -> bool:
    """A zip whose first entry says it is an EPUB (the format requires that order)."""
    return data.startswith(_EPUB_MAGIC) and b"application/epub+zip" in data[:100]


def _epub_article(data: bytes, source: str, path: Path) -> Article:
    from reader.article.epub import read_epub

    book = read_epub(data, source)
    text = book.text
    return Article(
        text=text,
        title=book.title or extract_title(text, markdown=True, fallback=path.name),
        source=source,
        path=path,
        fingerprint=fingerprint_text(text),
        encoding="epub",
        is_markdown=True,  # chapter headings are written as "# …" lines
        size=len(data),
        author=book.author,
    )


def _stdin_article() -> Article:
    """Text (or a page) piped in: read up to the limit, like a file with no name."""
    source = "<stdin>"
    try:
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise ArticleError(f"{source}: cannot read ({exc})") from None
    if len(data) > MAX_BYTES:
        raise ArticleError(f"{source}: too large (the limit is {MAX_BYTES // 1_048_576} MB)")
    return _from_bytes(
        data, source, Path.cwd() / "stdin", suffix="", fallback="stdin", kind="input"
    )


def _url_article(url: str, *, refresh: bool) -> Article:
    fetched = fetch(url, refresh=refresh)
    data = fetched.path.read_bytes()
    if fetched.content_type in BOOK_TYPES:
        suffix = EPUB_SUFFIX
    elif fetched.content_type in ("text/plain", "text/markdown"):
        suffix = ""  # still sniffed: servers call saved pages text/plain
    else:
        suffix = ".html"
    article = _from_bytes(data, url, fetched.path, suffix=suffix, fallback=url, kind="page")
    return replace(article, url=fetched.url)


def _page_article(data: bytes, source: str, path: Path, fallback: str) -> Article:
    page = read_page(data, source)
    return Article(
        text=page.text,
        title=page.title or extract_title(page.text, markdown=False, fallback=fallback),
        source=source,
        path=path,
        fingerprint=fingerprint_text(page.text),
        encoding="html",
        size=len(data),
        author=page.author,
        published=page.published,
        site=page.site,
    )


def find_articles(paths: list[str], *, recursive: bool = False) -> list[Path | str]:
    """Expand folders into the article files they hold (sorted), keep files and URLs
    as given (a URL stays a string: the library fetches it when it reads the row).

    A folder gives its own files only, or with ``recursive`` those of every
    sub-folder too (hidden files and folders are skipped). The same file reached
    twice (``DIR DIR/``, ``a.txt ./a.txt``, a symlink) is listed once, as first
    spelled: the library has one row per file. Raises ``ArticleError`` for a
    missing path or a folder without articles.
    """
    found: dict[Path | str, Path | str] = {}
    for raw in paths:
        if is_url(raw):
            found.setdefault(raw, raw)
            continue
        p = Path(raw).expanduser()
        if not p.exists():
            raise ArticleError(f"{raw}: no such file or folder")
        if p.is_dir():
            files = _folder_articles(p, recursive=recursive)
            if not files:
                raise ArticleError(f"{raw}: folder holds no articles{_hint(p, recursive)}")
        else:
            files = [p]
        for file in files:
            found.setdefault(_identity(file), file)
    return list(found.values())


def _is_article_file(path: Path) -> bool:
    return (
        path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.startswith(".") and path.is_file()
    )


def _folder_articles(folder: Path, *, recursive: bool) -> list[Path]:
    if not recursive:
        return sorted(f for f in folder.iterdir() if _is_article_file(f))
    files: list[Path] = []
    for root, dirs, names in os.walk(folder):  # symlinked folders are not followed
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        base = Path(root)
        files.extend(base / n for n in names if _is_article_file(base / n))
    return sorted(files, key=lambda f: f.relative_to(folder).parts)


def _hint(folder: Path, recursive: bool) -> str:
    """What to do about an empty folder: name the files read, point at ``-r``."""
    kinds = " (.txt, .md or .epub files)"
    if recursive:
        return kinds
    try:
        has_subfolders = any(d.is_dir() and not d.name.startswith(".") for d in folder.iterdir())
    except OSError:
        has_subfolders = False
    return kinds + ("; use --recursive to read its sub-folders" if has_subfolders else "")


def _identity(path: Path) -> Path:
    """The resolved path that says two spellings are one file."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()
