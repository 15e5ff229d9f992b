"""A corpus as the user names it (files, folders, URLs), article by article, analysed.

One generator for every caller that needs many articles with their analyses — the
``quotes`` and ``entities`` commands, the app's library views — so they expand
folders, skip what fails and use the analysis cache alike. A path that names nothing
or a file that does not load is handed to ``on_error`` and the others go on: one bad
file in a thousand must not hide the rest. Plain and blocking, so a worker thread can
run it and stop early by no longer iterating.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from reader.analysis.model import Analysis
from reader.article.loading import find_articles, load_article
from reader.article.model import Article
from reader.corpus.cache import AnalysisCache, cached_analysis
from reader.errors import ArticleError

__all__ = ["Analysed", "OnError", "analysed_articles", "expand_paths"]

OnError = Callable[[str, ArticleError], None]
"""Told the source (as named) and the one-line error (which names it too)."""


class Analysed(NamedTuple):
    """One article of the corpus: how it was named, the article, its analysis."""

    source: str
    article: Article
    analysis: Analysis


def _identity(entry: Path | str) -> str:
    """What says two spellings name one article: the resolved path, or the URL."""
    if isinstance(entry, str):
        return entry
    try:
        return str(entry.resolve())
    except (OSError, RuntimeError):
        return str(entry.absolute())


def _report(on_error: OnError | None, source: str, error: ArticleError) -> None:
    if on_error is None:
        raise error
    on_error(source, error)


def _sources(paths: Sequence[str], recursive: bool, on_error: OnError | None) -> Iterator[str]:
    seen: set[str] = set()
    for raw in paths:
        try:
            found = find_articles([raw], recursive=recursive)
        except ArticleError as error:
            _report(on_error, raw, error)
            continue
        for entry in found:
            key = _identity(entry)
            if key not in seen:
                seen.add(key)
                yield str(entry)


def expand_paths(
    paths: Sequence[str], *, recursive: bool = False, on_error: OnError | None = None
) -> list[str]:
    """The article sources ``paths`` name, in order, each once (folders give their files,
    sorted, as ``find_articles`` does). A path that names nothing goes to ``on_error``
    (raised when there is none) and the others are still expanded."""
    return list(_sources(paths, recursive, on_error))


def analysed_articles(
    paths: Sequence[str],
    *,
    recursive: bool = False,
    refresh: bool = False,
    backend: str = "rules",
    cache: AnalysisCache | None = None,
    on_error: OnError | None = None,
) -> Iterator[Analysed]:
    """Each article ``paths`` name, loaded and analysed (from ``cache``, the user's by
    default, when kept there), in order. Paths and files that fail go to ``on_error``
    (raised when there is none); an analysis error (an unknown backend, a broken model
    file) is not a file's fault and is raised."""
    cache = cache if cache is not None else AnalysisCache()
    for source in _sources(paths, recursive, on_error):  # lazily: errors come in order
        try:
            article = load_article(source, refresh=refresh)
        except ArticleError as error:
            _report(on_error, source, error)
            continue
        yield Analysed(source, article, cached_analysis(article, backend, cache))
