"""Read a W3C Web Annotation JSON file into annotations: all of it, or nothing.

Accepted shapes: an ``AnnotationCollection`` with embedded pages (what ``reader
export --format json`` writes), an ``AnnotationPage``, a JSON list of
annotations, or a single annotation. Every item is validated before anything is
returned, so one bad item means the caller stores none of them and the user gets
one line naming the file, the item and the problem.

Foreign annotations (without our ``reader:`` extras) are completed from the
article file when the target source is a readable local file: its title, and
its fingerprint when the quote is really there, plus whichever selector half
was missing. Otherwise the fingerprint stays ``""`` and the source is kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from reader.article.loading import load_article
from reader.article.model import Article
from reader.errors import ArticleError, ReaderError
from reader.export.w3c import Parsed, W3CError, annotation_from_w3c, has_type
from reader.notes.annotations import CONTEXT_CHARS, Annotation, now_iso

MAX_BYTES = 200 * 1024 * 1024
"""Larger files are refused before reading: no annotation export is that big."""


class ImportFileError(ReaderError):
    """The file cannot be imported; nothing from it was stored."""


def read_annotation_file(path: str | Path, *, now: str | None = None) -> list[Annotation]:
    """Every annotation in the W3C JSON file at ``path``, validated.

    Raises :class:`ImportFileError` (one line: file, item, problem) on the first
    problem, before anything could be stored.
    """
    name = str(path)
    data = _read_json(Path(path).expanduser(), name)
    return parse_annotations(data, name=name, now=now)


def parse_annotations(data: Any, *, name: str, now: str | None = None) -> list[Annotation]:
    """Annotations from already-decoded JSON ``data``; ``name`` is for messages."""
    stamp = now or now_iso()
    items = list(_items(data, name))
    total = len(items)
    parsed: list[Parsed] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items, start=1):
        try:
            one = annotation_from_w3c(item, now=stamp)
        except W3CError as exc:
            raise ImportFileError(f"{name}: annotation {index} of {total}: {exc}") from None
        first = seen.setdefault(one.annotation.id, index)
        if first != index:
            raise ImportFileError(
                f"{name}: annotation {index} of {total}: id {one.annotation.id} "
                f"is also annotation {first}"
            )
        parsed.append(one)
    articles = _ArticleCache()
    result: list[Annotation] = []
    for index, one in enumerate(parsed, start=1):
        try:
            result.append(_complete(one, articles))
        except W3CError as exc:
            raise ImportFileError(f"{name}: annotation {index} of {total}: {exc}") from None
    return result


def _read_json(path: Path, name: str) -> Any:
    try:
        if path.is_dir():
            raise ImportFileError(f"{name}: is a folder, not an annotation file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ImportFileError(f"{name}: too large ({size / 1_048_576:.0f} MB)")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"{name}: no such file") from None
    except OSError as exc:
        raise ImportFileError(f"{name}: cannot read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(f"{name}: not UTF-8 text, so not W3C JSON") from None
    if not text.strip():
        raise ImportFileError(f"{name}: empty file, no annotations")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise ImportFileError(f"{name}: JSON nested too deeply") from None


def _items(data: Any, name: str) -> Iterator[Any]:
    """The annotation objects of any accepted shape, pages followed in order."""
    if isinstance(data, list):
        yield from data
        return
    if not isinstance(data, dict):
        raise ImportFileError(
            f"{name}: expected a W3C annotation, a list of them or an AnnotationCollection"
        )
    if has_type(data, "Annotation"):
        yield data
        return
    if has_type(data, "AnnotationPage"):
        yield from _page_items(data, name)
        return
    if not has_type(data, "AnnotationCollection"):
        raise ImportFileError(
            f"{name}: expected a W3C annotation, a list of them or an AnnotationCollection "
            f"(type is {data.get('type')!r})"
        )
    first = data.get("first")
    found = 0
    if first is not None:
        for item in _page_items(first, name):
            found += 1
            yield item
    total = data.get("total")
    if total is not None and (isinstance(total, bool) or not isinstance(total, int)):
        raise ImportFileError(f"{name}: collection 'total' must be a whole number")
    if total is not None and total != found:
        raise ImportFileError(
            f"{name}: the collection says it holds {total} annotations but {found} are "
            "embedded (pages by reference are not fetched)"
        )


def _page_items(page: Any, name: str) -> Iterator[Any]:
    seen: set[int] = set()
    while page is not None:
        if isinstance(page, str):
            raise ImportFileError(f"{name}: page {page} is a reference; only embedded pages")
        if not isinstance(page, dict) or id(page) in seen:
            raise ImportFileError(f"{name}: a collection page must be an object")
        seen.add(id(page))
        items = page.get("items")
        if not isinstance(items, list):
            raise ImportFileError(f"{name}: a collection page has no 'items' list")
        yield from items
        page = page.get("next")


class _ArticleCache:
    """Article files loaded at most once per import; ``None`` when unreadable."""

    def __init__(self) -> None:
        self._loaded: dict[str, Article | None] = {}

    def get(self, source: str) -> Article | None:
        if not source or "://" in source:
            return None
        if source not in self._loaded:
            try:
                self._loaded[source] = load_article(source)
            except (ArticleError, OSError, ValueError):
                self._loaded[source] = None
        return self._loaded[source]


def _complete(one: Parsed, articles: _ArticleCache) -> Annotation:
    """Fill in what a foreign annotation lacks from its article file, if readable."""
    ann = one.annotation
    if one.ours and one.has_quote and one.has_position:
        return ann
    article = articles.get(ann.source)
    text = article.text if article else ""
    if not one.has_quote:
        if not article or ann.end > len(text):
            raise W3CError(
                "a TextPositionSelector alone needs the article file to know the text, "
                f"and {ann.source or 'its source'} cannot be read or is too short"
            )
        ann = _with_context(ann, text, ann.start, ann.end)
    elif not one.has_position:
        found = _locate(text, ann) if article else None
        ann = _with_context(ann, text, *found) if found else replace(ann, orphaned=True)
    if article is None or one.ours:
        return ann
    if text[ann.start : ann.end] == ann.exact:
        # The quote is really there: this is that article, and its context is known.
        ann = replace(_with_context(ann, text, ann.start, ann.end), fingerprint=article.fingerprint)
    return replace(ann, title=ann.title or article.title, source=str(article.path))


def _with_context(ann: Annotation, text: str, start: int, end: int) -> Annotation:
    return replace(
        ann,
        start=start,
        end=end,
        exact=text[start:end],
        prefix=ann.prefix or text[max(0, start - CONTEXT_CHARS) : start],
        suffix=ann.suffix or text[end : end + CONTEXT_CHARS],
    )


def _locate(text: str, ann: Annotation) -> tuple[int, int] | None:
    """Where the quote is: first found with its prefix and suffix, else alone."""
    for before, after in ((ann.prefix, ann.suffix), ("", "")):
        needle = before + ann.exact + after
        at = text.find(needle)
        if at >= 0:
            start = at + len(before)
            return start, start + len(ann.exact)
    return None
