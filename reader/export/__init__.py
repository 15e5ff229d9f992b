"""Export annotations as Markdown, W3C JSON-LD or CSV; import W3C JSON.

Everything here works on plain ``list[Annotation]``: the command line
(``reader.cli.export_import``) and the app fetch annotations from the store, then
hand the list over. That keeps the formats testable without a database and lets
the app format and write from a worker thread with a snapshot of the
annotations, never touching the store off the main thread.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from reader.errors import ReaderError
from reader.export.csv_format import to_csv
from reader.export.markdown import article_key, article_title, group_by_article, to_markdown
from reader.export.w3c import to_collection
from reader.notes.annotations import Annotation, normalize_tags, now_iso
from reader.store import atomic
from reader.store.records import ArticleRecord

FORMATS = ("markdown", "json", "csv")
"""Export formats, as ``reader export --format`` names them."""

SUFFIXES = {"markdown": ".md", "json": ".json", "csv": ".csv"}
"""The usual file suffix of each format, for suggesting file names."""

FORMAT_BY_SUFFIX = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".jsonld": "json",
    ".csv": "csv",
}
"""The format a file name asks for (``-o notes.json`` means JSON), by lower-case suffix."""

__all__ = [
    "FORMATS",
    "FORMAT_BY_SUFFIX",
    "SUFFIXES",
    "export_annotations",
    "export_to_file",
    "filter_by_tags",
    "format_for_path",
    "order_for_export",
    "write_atomic",
]


def order_for_export(anns: Iterable[Annotation]) -> list[Annotation]:
    """Articles by title (then path), each article's annotations in text order.

    Every format uses this order, so exports are stable and diffable.
    """
    items = list(anns)
    titles = {article_key(g[0]): article_title(g) for g in group_by_article(items)}

    def key(a: Annotation) -> tuple[str, str, int, int, str, str]:
        group = article_key(a)
        return (titles[group].casefold(), group, a.start, a.end, a.created, a.id)

    return sorted(items, key=key)


def format_for_path(path: str | Path) -> str | None:
    """The export format ``path``'s extension names (case ignored), or None."""
    return FORMAT_BY_SUFFIX.get(Path(path).suffix.lower())


def filter_by_tags(anns: Iterable[Annotation], tags: Sequence[str]) -> list[Annotation]:
    """Annotations having ANY of ``tags`` (ignoring case); all of them if none given."""
    wanted = {t.casefold() for t in normalize_tags(tags)}
    if not wanted:
        return list(anns)
    return [a for a in anns if wanted.intersection(t.casefold() for t in a.tags)]


def export_annotations(
    anns: Iterable[Annotation],
    fmt: str,
    *,
    now: str | None = None,
    articles: Mapping[str, ArticleRecord] | None = None,
) -> str:
    """``anns`` as a document in ``fmt`` (one of :data:`FORMATS`).

    ``now`` is the export time written into the document (UTC ISO 8601), fixed
    by tests; it defaults to the current time. ``articles`` are the store's records
    by fingerprint: what each article says about itself (URL, author, date, site).
    """
    ordered = order_for_export(anns)
    stamp = now or now_iso()
    records = articles or {}
    if fmt == "markdown":
        return to_markdown(ordered, now=stamp, articles=records)
    if fmt == "json":
        urls = {fp: r.url for fp, r in records.items() if r.url}
        collection = to_collection(ordered, now=stamp, urls=urls)
        return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return to_csv(ordered, records)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` so readers see the old file or the new one.

    The store's atomic replace (temp file, fsync, rename, fsync of the folder; an
    existing file keeps its permissions); a failure leaves ``path`` untouched. Raises
    ``ReaderError`` naming the file when it cannot be written.
    """
    try:
        atomic.write_atomic(Path(path).expanduser(), text.encode("utf-8"))
    except OSError as exc:
        raise ReaderError(f"{path}: cannot write ({exc.strerror or exc})") from None


def export_to_file(
    anns: Iterable[Annotation],
    fmt: str,
    path: str | Path,
    *,
    now: str | None = None,
    articles: Mapping[str, ArticleRecord] | None = None,
) -> int:
    """Export ``anns`` to ``path`` atomically; return how many were written.

    Safe to call from a worker thread: it reads only the list it is given (take
    it from the store on the app's thread first) and the file it writes.
    """
    items = list(anns)
    write_atomic(path, export_annotations(items, fmt, now=now, articles=articles))
    return len(items)
